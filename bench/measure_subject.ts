/**
 * Every figure for one subject: start/stop cycles first, then one long-lived
 * instance for idle cost (first, so nothing else has touched it yet), the
 * one-at-a-time SIGHUP latency, and the storm. Errors are recorded, not
 * thrown, so one broken subject does not sink the run.
 */
import type { Context } from "./context.ts";
import { type Instance, startInstance, stopInstance, waitForHandler } from "./instance.ts";
import { measureCycles } from "./measure_cycles.ts";
import { measureIdle } from "./measure_idle.ts";
import { measureReload } from "./measure_reload.ts";
import { measureStorm } from "./measure_storm.ts";
import type { SubjectResult } from "./results.ts";
import type { Subject } from "./subject.ts";

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function step<T>(result: SubjectResult, what: string, run: () => Promise<T>) {
  try {
    return await run();
  } catch (err) {
    result.errors.push(`${what}: ${message(err)}`);
    return null;
  }
}

async function longLived(ctx: Context, result: SubjectResult, instance: Instance) {
  ctx.say(`  idle ${ctx.plan.idle_s} s`);
  result.idle = await step(result, "idle", () => measureIdle(ctx, instance));
  if (!(await waitForHandler(instance.pid))) {
    result.errors.push("SIGHUP handler never installed (SigCgt); reload and storm skipped");
    return;
  }
  ctx.say(`  ${ctx.plan.hups} SIGHUPs one at a time`);
  result.reload = await step(result, "reload", () => measureReload(ctx, instance));
  ctx.say(`  storm of ${ctx.plan.storm} SIGHUPs`);
  result.storm = await step(result, "storm", () => measureStorm(ctx, instance));
}

/** Measure one (not skipped) subject with its files under `dir`. */
export async function measureSubject(ctx: Context, subject: Subject, dir: string) {
  const result: SubjectResult = {
    subject,
    cycles: null,
    idle: null,
    reload: null,
    storm: null,
    errors: [],
  };
  ctx.say(`${subject.label}: ${ctx.plan.cycles} start/stop cycles`);
  result.cycles = await step(result, "cycles", () => measureCycles(ctx, subject, `${dir}/cycles`));
  const instance = await step(result, "start", () => startInstance(ctx, subject, `${dir}/long`));
  if (instance !== null) {
    await longLived(ctx, result, instance);
    await step(result, "stop", () => stopInstance(ctx, instance, false));
  }
  await ctx.reaper.kill_tracked();
  return result;
}
