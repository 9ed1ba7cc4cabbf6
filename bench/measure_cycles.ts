/**
 * Time to ready and stop latency, from repeated start + stop cycles, each in
 * a fresh directory. Subjects with a stop command alternate between SIGTERM
 * and the command, so both are sampled under the same conditions.
 */
import type { Context } from "./context.ts";
import { type Instance, startInstance, stopInstance } from "./instance.ts";
import type { CycleResult, StopMethod } from "./results.ts";
import type { Subject } from "./subject.ts";

const MAX_FAILURES = 3;

function stopMethod(subject: Subject, cycle: number): StopMethod {
  return subject.stop !== null && cycle % 2 === 1 ? "stop command" : "SIGTERM";
}

async function oneCycle(ctx: Context, instance: Instance, method: StopMethod, out: CycleResult) {
  const stop = await stopInstance(ctx, instance, method === "stop command");
  if (stop.stop_ns < 0) throw new Error(`${method}: not gone after 10 s`);
  if (stop.status !== 0) throw new Error(`${method}: stop command exited ${stop.status}`);
  out.ready_ns.push(instance.ready.ready_ns);
  out.exit_ns.push(instance.ready.exit_ns);
  out.line_ns.push(instance.ready.line_ns);
  const samples = out.stop_ns.get(method) ?? [];
  samples.push(stop.stop_ns);
  out.stop_ns.set(method, samples);
}

/** Run warm-up cycles (discarded) then the timed ones. */
export async function measureCycles(ctx: Context, subject: Subject, dir: string) {
  const out: CycleResult = {
    ready_ns: [],
    exit_ns: [],
    line_ns: [],
    stop_ns: new Map(),
    failures: [],
  };
  const discard: CycleResult = {
    ...out,
    ready_ns: [],
    exit_ns: [],
    line_ns: [],
    stop_ns: new Map(),
  };
  const total = ctx.plan.warmup_cycles + ctx.plan.cycles;
  for (let i = 0; i < total && out.failures.length < MAX_FAILURES; i++) {
    const timed = i >= ctx.plan.warmup_cycles;
    const method = stopMethod(subject, i);
    try {
      const instance = await startInstance(ctx, subject, `${dir}/cycle-${i}`);
      await oneCycle(ctx, instance, method, timed ? out : discard);
    } catch (err) {
      out.failures.push(err instanceof Error ? err.message : String(err));
      await ctx.reaper.kill_tracked();
    }
  }
  return out;
}
