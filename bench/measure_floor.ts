/**
 * Runtime floors: spawn-to-exit of trivial commands — `true`, the chosen
 * `python3 -c pass`, one bare Deno start (`deno run` of an empty file), two
 * Deno starts in series (the floor of any Deno self-relaunch), and
 * `mydaemon --version` when it runs — to show how much of a daemon's time to
 * ready is its runtime starting. Timed interleaved with the start/stop
 * cycles (measure_cycles.ts).
 */
import { BENCH_DIR } from "./paths.ts";

/** One trivial command to time. */
export interface FloorCommand {
  readonly id: string;
  readonly label: string;
  readonly cmd: readonly string[];
}

/** Its spawn-to-exit samples, nanoseconds. */
export interface FloorResult {
  readonly id: string;
  readonly label: string;
  readonly samples_ns: number[];
  failures: number;
}

/** Ids of the two Deno floors, used by the targets. */
export const BARE_START = "deno_bare";
export const TWO_STARTS = "deno_two";

/** The default commands; `extra` (e.g. mydaemon --version) is appended. */
export function floorCommands(python: string, extra: readonly FloorCommand[]): FloorCommand[] {
  const deno = Deno.execPath();
  const fixture = (name: string) => `${BENCH_DIR}fixtures/${name}`;
  return [
    { id: "true", label: "`true` (fork+exec floor)", cmd: ["true"] },
    { id: "python", label: `\`${python} -c pass\``, cmd: [python, "-c", "pass"] },
    {
      id: BARE_START,
      label: "`deno run` empty file (one bare start)",
      cmd: [deno, "run", "--no-config", fixture("empty.ts")],
    },
    {
      id: TWO_STARTS,
      label: "two Deno starts in series (relaunch floor)",
      cmd: [deno, "run", "--no-config", "--allow-run", "--allow-read", fixture("two_starts.ts")],
    },
    ...extra,
  ];
}
