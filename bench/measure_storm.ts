/**
 * A storm of SIGHUPs sent back to back by the probe. Afterwards: did the
 * daemon survive, is every log line still well-formed, how many reloads did
 * it apply (standard signals coalesce, so fewer than sent is expected), and
 * does it still answer one more SIGHUP.
 */
import type { Context } from "./context.ts";
import type { Instance } from "./instance.ts";
import { checkLog, countMatches } from "./log_check.ts";
import { probeHup, probeStorm } from "./probe.ts";
import { isAlive } from "./proc.ts";
import type { StormResult } from "./results.ts";

const QUIET_MS = 1000;
const MAX_SETTLE_MS = 60_000;

async function logSize(path: string): Promise<number> {
  return await Deno.stat(path).then((s) => s.size, () => -1);
}

/** Wait until the log has not grown for QUIET_MS (or the daemon is gone). */
async function settle(pid: number, log: string): Promise<void> {
  const deadline = Date.now() + MAX_SETTLE_MS;
  let size = await logSize(log), quiet_since = Date.now();
  while (Date.now() < deadline && Date.now() - quiet_since < QUIET_MS) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = await logSize(log);
    if (now !== size) [size, quiet_since] = [now, Date.now()];
    if (!(await isAlive(pid))) return;
  }
}

/** Run the storm against a started daemon whose SIGHUP handler is installed. */
export async function measureStorm(ctx: Context, instance: Instance): Promise<StormResult> {
  const { pid, log, subject } = instance;
  const before = countMatches(await Deno.readTextFile(log), subject.reload_needle);
  const send = await probeStorm(ctx.probe, pid, ctx.plan.storm);
  await settle(pid, log);
  const survived = await isAlive(pid);
  const verdict = checkLog(await Deno.readTextFile(log), subject.line_ok, subject.reload_needle);
  let responds: boolean | null = null;
  if (survived) {
    const one = await probeHup(ctx.probe, pid, log, subject.reload_needle, 1, 0);
    responds = one.length === 1 && (one[0] ?? -1) >= 0;
  }
  return {
    ...send,
    survived,
    verdict,
    applied: verdict.matches - before,
    responds,
  };
}
