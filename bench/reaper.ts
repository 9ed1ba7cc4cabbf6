/**
 * Keeps track of every daemon the bench started, so that none outlives it:
 * tracked pids are killed by pid, and a final sweep kills any process whose
 * command line mentions this run's private temp dir (and only those).
 */
import { isAlive } from "./proc.ts";

/** The set of daemons started by this run. */
export class Reaper {
  readonly #pids = new Set<number>();

  constructor(readonly temp_root: string) {}

  /** Remember a daemon's pid. */
  track(pid: number): void {
    if (Number.isInteger(pid) && pid > 1) this.#pids.add(pid);
  }

  /** SIGKILL every tracked pid still alive. */
  async kill_tracked(): Promise<number> {
    let killed = 0;
    for (const pid of this.#pids) {
      if (await isAlive(pid)) killed += kill(pid) ? 1 : 0;
    }
    this.#pids.clear();
    return killed;
  }

  /** SIGKILL processes whose argv mentions `temp_root`, except this one. */
  async sweep(): Promise<number> {
    let killed = 0;
    for await (const entry of Deno.readDir("/proc")) {
      const pid = Number(entry.name);
      if (!Number.isInteger(pid) || pid === Deno.pid) continue;
      const argv = await Deno.readTextFile(`/proc/${pid}/cmdline`).catch(() => "");
      if (argv.includes(this.temp_root) && await isAlive(pid)) killed += kill(pid) ? 1 : 0;
    }
    return killed;
  }
}

function kill(pid: number): boolean {
  try {
    Deno.kill(pid, "SIGKILL");
    return true;
  } catch {
    return false;
  }
}
