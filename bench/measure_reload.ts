/**
 * SIGHUP → reload line latency, one signal at a time: the probe sends a
 * SIGHUP, blocks on inotify until the reload line is in the log, pauses
 * briefly, and sends the next.
 */
import type { Context } from "./context.ts";
import type { Instance } from "./instance.ts";
import { probeHup } from "./probe.ts";
import type { ReloadResult } from "./results.ts";

/** Measure; a timed-out signal ends the series (the probe stops there). */
export async function measureReload(
  ctx: Context,
  instance: Instance,
  count: number = ctx.plan.hups,
): Promise<ReloadResult> {
  const { pid, log, subject } = instance;
  const all = await probeHup(
    ctx.probe,
    pid,
    log,
    subject.reload_needle,
    count,
    ctx.plan.hup_gap_us,
  );
  const samples_ns = all.filter((ns) => ns >= 0);
  return { samples_ns, timeouts: all.length - samples_ns.length };
}
