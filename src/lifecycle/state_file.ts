import { removeNoFollow, renameNoFollow } from "../files/path_ops.ts";
import { FileNotFoundError, openNoFollow } from "../files/safe_open.ts";

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

function writeFile(path: string, text: string): void {
  const file = openNoFollow(path, { what: "state file", mode: "readwrite", create: true });
  try {
    file.truncate(0);
    file.write(new TextEncoder().encode(text));
  } finally {
    file.close();
  }
}

/**
 * Writes the state atomically (temp file + rename): readers never see half.
 * A daemon that dropped privileges in a root-owned directory cannot create
 * the temp file; it rewrites the file root prepared for it in place instead
 * (truncate, then one write: a reader sees nothing, retried, or all).
 */
export function writeState(pidFile: string, state: DaemonState): void {
  const path = statePath(pidFile);
  const tmp = `${path}.tmp`;
  const text = JSON.stringify(state) + "\n";
  try {
    writeFile(tmp, text);
    renameNoFollow(tmp, path, "state file");
  } catch (err) {
    try {
      writeFile(path, text);
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

/** Removes the state file; a missing one is fine. */
export function removeState(pidFile: string): void {
  try {
    removeNoFollow(statePath(pidFile), "state file");
  } catch (err) {
    if (!(err instanceof FileNotFoundError)) throw err;
  }
}
