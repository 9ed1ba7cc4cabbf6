/**
 * Time to ready, stop latency and the runtime floors, interleaved: each
 * round runs one start + stop cycle of every subject and one run of every
 * floor command, in an order rotated every round, so a machine that gets
 * busier or quieter during the run moves every row alike. Subjects with a
 * stop command alternate between SIGTERM and the command.
 */
import type { Context } from "./context.ts";
import { type Instance, startInstance, stopInstance } from "./instance.ts";
import type { FloorCommand, FloorResult } from "./measure_floor.ts";
import { probeReady } from "./probe.ts";
import type { CycleResult, StopMethod } from "./results.ts";
import type { Subject } from "./subject.ts";

const MAX_FAILURES = 3;

function stopMethod(subject: Subject, cycle: number): StopMethod {
  return subject.stop !== null && cycle % 2 === 1 ? "stop command" : "SIGTERM";
}

function emptyCycles(): CycleResult {
  return { ready_ns: [], exit_ns: [], line_ns: [], stop_ns: new Map(), failures: [] };
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

async function subjectCycle(ctx: Context, s: Subject, i: number, dir: string, out: CycleResult) {
  if (out.failures.length >= MAX_FAILURES) return;
  const timed = i >= ctx.plan.warmup_cycles;
  try {
    const instance = await startInstance(ctx, s, `${dir}/${s.id}/cycle-${i}`);
    await oneCycle(ctx, instance, stopMethod(s, i), timed ? out : emptyCycles());
  } catch (err) {
    out.failures.push(err instanceof Error ? err.message : String(err));
    await ctx.reaper.kill_tracked();
  }
}

async function floorRun(ctx: Context, f: FloorCommand, i: number, dir: string, out: FloorResult) {
  const run = await probeReady(ctx.probe, `${dir}/none`, "", "/dev/null", 30_000, f.cmd);
  if (run.status !== 0) out.failures++;
  else if (i >= ctx.plan.warmup_cycles) out.samples_ns.push(run.exit_ns);
}

/** The order of round `i`: `n` items rotated by `i` (pure, tested). */
export function rotation(n: number, i: number): number[] {
  return Array.from({ length: n }, (_, k) => (k + i) % n);
}

/** Warm-up rounds (discarded), then `ctx.plan.cycles` timed rounds. */
export async function measureCycles(
  ctx: Context,
  subjects: readonly Subject[],
  floors: readonly FloorCommand[],
  dir: string,
) {
  await Deno.mkdir(dir, { recursive: true });
  const cycles = new Map(subjects.map((s) => [s.id, emptyCycles()]));
  const floor_out: FloorResult[] = floors.map((f) => ({
    id: f.id,
    label: f.label,
    samples_ns: [],
    failures: 0,
  }));
  const jobs = [
    ...subjects.map((s) => (i: number) => subjectCycle(ctx, s, i, dir, cycles.get(s.id)!)),
    ...floors.map((f, k) => (i: number) => floorRun(ctx, f, i, dir, floor_out[k]!)),
  ];
  const total = ctx.plan.warmup_cycles + ctx.plan.cycles;
  for (let i = 0; i < total; i++) {
    if (i % 10 === 0) ctx.say(`  round ${i + 1}/${total}`);
    for (const k of rotation(jobs.length, i)) await jobs[k]!(i);
  }
  return { cycles, floors: floor_out };
}
