import { readSmallFile } from "../files/safe_open.ts";

/**
 * Whether a process has exited. A zombie counts as gone: it runs no code
 * and holds no files, though `kill(pid, 0)` still succeeds until its parent
 * (init, for a daemon) reaps it.
 */
export function processGone(pid: number): boolean {
  // Deno refuses /proc without --allow-all; libc does not. No /proc (macOS):
  // the released pid-file lock is then our only evidence.
  const stat = readSmallFile(`/proc/${pid}/stat`);
  return stat === null || zombieOrDead(stat);
}

/** Reads the state letter of a `/proc/PID/stat` line (after the `(comm)` field). */
export function zombieOrDead(stat: string): boolean {
  const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
  return state === "Z" || state === "X" || state === "x";
}
