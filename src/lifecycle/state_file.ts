import {
  exchangeNoFollow,
  removeNoFollow,
  renameNoFollow,
  statNoFollow,
} from "../files/path_ops.ts";
import { FileNotFoundError, openNoFollow } from "../files/safe_open.ts";
import type { RawStat } from "../files/raw_file.ts";

/**
 * What `status` and `reload` learn from a running daemon, kept beside the pid
 * file (`<pid file>.state`) so the pid file itself holds only the pid.
 */
export interface DaemonState {
  /** The daemon's pid. */
  readonly pid: number;
  /** Version of the running daemon, which may differ from the installed one. */
  readonly version: string;
  /** Milliseconds since the epoch. */
  readonly startedAt: number;
  /** Reloads applied. */
  readonly reloads: number;
  /** Reload requests handled, applied or not. */
  readonly reloadAttempts: number;
  /** Why the last reload was refused, or null. */
  readonly lastReloadError: string | null;
  /** When the last reload request was handled (ms since the epoch); absent: none yet. */
  readonly lastReloadAt?: number;
  /** Where it logs now (a reload may have moved it). */
  readonly logFile: string;
  /** User it runs as. */
  readonly user: string;
  /** Log lines that could not be written (disk full, I/O error) since start; absent: none. */
  readonly droppedLines?: number;
}

/** Where the state of the daemon owning `pidFile` lives. */
export function statePath(pidFile: string): string {
  return `${pidFile}.state`;
}

/** Where the next state is written before it is swapped in; it then holds the previous one. */
function tmpPath(pidFile: string): string {
  return `${statePath(pidFile)}.tmp`;
}

/**
 * Writes `text` from the start of `path`, then cuts the file to its length.
 * Never truncating to zero matters on ext4, which flushes a file truncated to
 * zero when it is closed (auto_da_alloc): 0.1-2 ms on every reload.
 */
function overwrite(path: string, text: string): void {
  const file = openNoFollow(path, { what: "state file", mode: "readwrite", create: true });
  try {
    const bytes = new TextEncoder().encode(text);
    file.write(bytes);
    file.truncate(bytes.length);
  } finally {
    file.close();
  }
}

/**
 * Writes the state atomically: readers never see half. The new state goes
 * into the temp file, which is then swapped with the state file
 * (RENAME_EXCHANGE), so the temp file keeps the previous state until the
 * next write. A rename over the old file would be as atomic, but ext4 flushes
 * the new file's data first (auto_da_alloc again), which a SIGHUP arriving
 * meanwhile waits for; the swap costs ~15 µs. With no state file yet, or a
 * filesystem that cannot swap, it renames. A daemon that dropped privileges
 * in a root-owned directory cannot create the temp file; it rewrites the
 * file root prepared for it in place instead (one write, then cut to length:
 * a reader sees the old state, a malformed mix it treats as none, or the new).
 */
export function writeState(pidFile: string, state: DaemonState): void {
  const path = statePath(pidFile);
  const tmp = tmpPath(pidFile);
  const text = JSON.stringify(state) + "\n";
  try {
    overwrite(tmp, text);
    // Swapped only with our own regular file: anything else there (another
    // user's file or directory in a sticky /tmp) meets the plain rename,
    // which replaces no directory, as before the swap existed.
    if (!exchangeNoFollow(tmp, path, "state file", regularOf([Deno.uid()]))) {
      renameNoFollow(tmp, path, "state file");
    }
  } catch (err) {
    try {
      overwrite(path, text);
    } catch {
      throw err;
    }
  }
}

/** Checks a parsed state file's shape. */
export function parseState(text: string): DaemonState | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof v !== "object" || v === null) return null;
  const s = v as Record<string, unknown>;
  const nums = ["pid", "startedAt", "reloads", "reloadAttempts"];
  const strs = ["version", "logFile", "user"];
  if (nums.some((k) => typeof s[k] !== "number")) return null;
  if (strs.some((k) => typeof s[k] !== "string")) return null;
  if (s.lastReloadError !== null && typeof s.lastReloadError !== "string") return null;
  return s as unknown as DaemonState;
}

/** Reads the state; null when missing or malformed. */
export function readState(pidFile: string): DaemonState | null {
  try {
    return parseState(Deno.readTextFileSync(statePath(pidFile)));
  } catch {
    return null;
  }
}

/** A regular file (not a link) owned by one of `owners`. */
function regularOf(owners: readonly (number | null)[]): (st: RawStat) => boolean {
  return (st) => st.isFile && owners.includes(st.uid);
}

/** Whether `path` is a regular file (not a link) owned by one of `owners`. */
function ours(path: string, owners: readonly (number | null)[]): boolean {
  try {
    const st = statNoFollow(path, "state file");
    return st !== null && regularOf(owners)(st);
  } catch {
    return false;
  }
}

/**
 * Removes the state file, and its temp file if that is a regular file of
 * ours or of `owners` (the `--user` the daemon runs as): something else at
 * that name was planted there, and is not ours to delete. A missing one is fine.
 */
export function removeState(pidFile: string, owners: readonly number[] = []): void {
  const tmp = tmpPath(pidFile);
  const paths = ours(tmp, [Deno.uid(), ...owners])
    ? [statePath(pidFile), tmp]
    : [statePath(pidFile)];
  for (const path of paths) {
    try {
      removeNoFollow(path, "state file");
    } catch (err) {
      if (!(err instanceof FileNotFoundError)) throw err;
    }
  }
}
