/**
 * The long-lived figures, for every subject at once: one instance of each is
 * started, their idle windows run concurrently (the same seconds of the same
 * machine), then the one-at-a-time SIGHUPs go round-robin in chunks, then
 * each gets its storm. Errors are recorded, not thrown, so one broken
 * subject does not sink the run.
 */
import type { Context } from "./context.ts";
import { type Instance, startInstance, stopInstance, waitForHandler } from "./instance.ts";
import { measureIdle } from "./measure_idle.ts";
import { measureReload } from "./measure_reload.ts";
import { measureStorm } from "./measure_storm.ts";
import type { ReloadResult, SubjectResult } from "./results.ts";

/** SIGHUP series are split in this many chunks, taken round-robin. */
const HUP_CHUNKS = 10;

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

interface Live {
  readonly result: SubjectResult;
  readonly instance: Instance;
}

async function reloadRounds(ctx: Context, live: readonly Live[]) {
  const per = Math.max(1, Math.ceil(ctx.plan.hups / HUP_CHUNKS));
  const acc = new Map<Live, ReloadResult>(live.map((l) => [l, { samples_ns: [], timeouts: 0 }]));
  for (let done = 0; done < ctx.plan.hups; done += per) {
    for (const l of live) {
      const sum = acc.get(l)!;
      if (sum.timeouts > 0) continue;
      const r = await step(l.result, "reload", () => measureReload(ctx, l.instance, per));
      if (r === null) continue;
      acc.set(l, { samples_ns: [...sum.samples_ns, ...r.samples_ns], timeouts: r.timeouts });
    }
  }
  for (const l of live) l.result.reload = acc.get(l) ?? null;
}

/** Start one instance per result's subject, measure idle, reload, storm; stop them. */
export async function measureLongLived(ctx: Context, results: SubjectResult[], dir: string) {
  const live: Live[] = [];
  for (const result of results) {
    const s = result.subject;
    const instance = await step(result, "start", () => startInstance(ctx, s, `${dir}/${s.id}`));
    if (instance !== null) live.push({ result, instance });
  }
  ctx.say(`idle ${ctx.plan.idle_windows} × ${ctx.plan.idle_s} s, all subjects at once`);
  await Promise.all(live.map(async (l) => {
    l.result.idle = await step(l.result, "idle", () => measureIdle(ctx, l.instance));
  }));
  const handled: Live[] = [];
  for (const l of live) {
    if (await waitForHandler(l.instance.pid)) handled.push(l);
    else l.result.errors.push("SIGHUP handler never installed (SigCgt); reload and storm skipped");
  }
  ctx.say(`${ctx.plan.hups} SIGHUPs one at a time, round-robin in ${HUP_CHUNKS} chunks`);
  await reloadRounds(ctx, handled);
  for (const l of handled) {
    ctx.say(`  storm of ${ctx.plan.storm} SIGHUPs: ${l.result.subject.id}`);
    l.result.storm = await step(l.result, "storm", () => measureStorm(ctx, l.instance));
  }
  for (const l of live) await step(l.result, "stop", () => stopInstance(ctx, l.instance, false));
  await ctx.reaper.kill_tracked();
}
