/**
 * Runtime floors: spawn-to-exit of trivial commands (`true`, `python3 -c
 * pass`, `deno run` of an empty file, and `mydaemon --version` when it runs),
 * to show how much of a daemon's time to ready is just its runtime starting.
 */
import type { Context } from "./context.ts";
import { probeReady } from "./probe.ts";
import { BENCH_DIR } from "./paths.ts";

/** One trivial command to time. */
export interface FloorCommand {
  readonly label: string;
  readonly cmd: readonly string[];
}

/** Its spawn-to-exit samples, nanoseconds. */
export interface FloorResult {
  readonly label: string;
  readonly samples_ns: number[];
  readonly failures: number;
}

/** The default commands; `extra` (e.g. mydaemon --version) is appended. */
export function floorCommands(python: string, extra: readonly FloorCommand[]): FloorCommand[] {
  const deno = Deno.execPath();
  return [
    { label: "`true` (fork+exec floor)", cmd: ["true"] },
    { label: "`python3 -c pass`", cmd: [python, "-c", "pass"] },
    { label: "`deno run` empty file", cmd: [deno, "run", `${BENCH_DIR}fixtures/empty.ts`] },
    ...extra,
  ];
}

/** Time each command `ctx.plan.floor_runs` times (after one untimed run). */
export async function measureFloor(
  ctx: Context,
  commands: readonly FloorCommand[],
  dir: string,
): Promise<FloorResult[]> {
  await Deno.mkdir(dir, { recursive: true });
  const results: FloorResult[] = [];
  for (const { label, cmd } of commands) {
    const samples_ns: number[] = [];
    let failures = 0;
    for (let i = 0; i <= ctx.plan.floor_runs; i++) {
      const run = await probeReady(ctx.probe, `${dir}/none`, "", "/dev/null", 30_000, cmd);
      if (run.status !== 0) failures++;
      else if (i > 0) samples_ns.push(run.exit_ns);
    }
    results.push({ label, samples_ns, failures });
  }
  return results;
}
