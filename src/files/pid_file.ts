import { DaemonError } from "../errors/errors.ts";
import { ExitCode } from "../errors/exit_codes.ts";
import type { RawFile } from "./raw_file.ts";
import { removeNoFollow, statNoFollow } from "./path_ops.ts";
import { FileNotFoundError, openNoFollow } from "./safe_open.ts";

/**
 * What a pid file says about the daemon. "Running" means somebody holds the
 * file's lock: a pid alone proves nothing (pids are reused, zombies answer
 * `kill(pid, 0)`), while a lock dies with its holder.
 */
export type PidFileState =
  | { readonly kind: "absent" }
  | { readonly kind: "running"; readonly pid: number | null }
  | { readonly kind: "stale"; readonly pid: number | null }
  | { readonly kind: "unreadable"; readonly reason: string };

/** Parses a pid file's text: one positive decimal integer, optional newline. */
export function parsePid(text: string): number | null {
  const m = /^\s*([1-9][0-9]{0,9})\s*$/.exec(text);
  if (!m) return null;
  const pid = Number(m[1]);
  return pid <= 0x3fffffff ? pid : null;
}

function readAll(file: RawFile): string {
  return file.readText(64);
}

function openToRead(path: string, trusted: readonly number[]): RawFile {
  // Root's pid file may be read by anyone; but the pid we signal must not
  // come from a file a third user planted.
  return openNoFollow(path, {
    what: "pid file",
    mode: "read",
    create: false,
    alsoOwnedBy: [0, ...trusted],
  });
}

/** True when nobody holds a conflicting lock: a brief shared lock succeeds (and is let go). */
function unlocked(file: RawFile): boolean {
  if (!file.tryLock(false)) return false;
  file.unlock();
  return true;
}

/** Looks at the pid file without changing it. */
export function probePidFile(path: string, trusted: readonly number[] = []): PidFileState {
  let file: RawFile;
  try {
    file = openToRead(path, trusted);
  } catch (err) {
    if (err instanceof FileNotFoundError) return { kind: "absent" };
    return { kind: "unreadable", reason: err instanceof Error ? err.message : String(err) };
  }
  try {
    const pid = parsePid(readAll(file));
    return unlocked(file) ? { kind: "stale", pid } : { kind: "running", pid };
  } finally {
    file.close();
  }
}

/** A held pid file: the lock lives as long as `file` stays open. */
export interface PidFileLock {
  /** The pid file's path. */
  readonly path: string;
  /** The pid a stale file named when we took it over (its daemon died), else null. */
  readonly stalePid: number | null;
  /**
   * Unlinks, then unlocks: nobody can lock a file we are about to delete.
   * Returns a warning when the file could only be emptied, not removed.
   */
  release(): string | null;
}

const ATTEMPTS = 20;

/**
 * Creates or takes over the pid file: open (no symlinks), non-blocking lock,
 * truncate, write our pid, fsync. A stale file (its owner died) is simply
 * taken over; a live one fails with "already running (pid N)".
 */
export async function acquirePidFile(path: string, pid: number): Promise<PidFileLock> {
  let holder: number | null = null;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const file = openNoFollow(path, { what: "pid file", mode: "readwrite", create: true });
    if (!file.tryLock(true)) {
      holder = parsePid(readAll(file));
      file.close();
      if (holder !== null && attempt >= 2) break;
      // A probe (`status`) holds a shared lock for microseconds, and a new
      // owner writes its pid just after locking: look again briefly.
      await new Promise((r) => setTimeout(r, 5 + attempt * 2));
      continue;
    }
    if (!sameFile(path, file)) {
      // The previous owner unlinked it between our open and our lock.
      file.close();
      continue;
    }
    const stalePid = parsePid(readAll(file));
    file.rewind();
    file.truncate(0);
    file.write(new TextEncoder().encode(`${pid}\n`));
    file.sync();
    return { path, stalePid, release: () => releasePidFile(path, file) };
  }
  const who = holder === null ? "" : ` (pid ${holder})`;
  throw new DaemonError("start", "daemon", `already running${who}`, ExitCode.AlreadyRunning);
}

function sameFile(path: string, file: RawFile): boolean {
  try {
    const a = statNoFollow(path, "pid file");
    const b = file.stat();
    return a !== null && a.ino === b.ino && a.dev === b.dev;
  } catch {
    return false;
  }
}

function releasePidFile(path: string, file: RawFile): string | null {
  let warning: string | null = null;
  try {
    removeNoFollow(path, "pid file");
  } catch (err) {
    if (!(err instanceof FileNotFoundError)) {
      // E.g. a dropped-privilege daemon in a root-owned directory: an empty
      // file then reads as "not running" rather than naming a dead pid.
      file.truncate(0);
      warning = `${(err as Error).message}; emptied it`;
    }
  } finally {
    file.unlock();
    file.close();
  }
  return warning;
}

/** An open handle on a live daemon's pid file, to learn when its lock goes. */
export interface PidFileWatch {
  /** The pid written in the file, or null when it is not a valid pid. */
  readonly pid: number | null;
  /** True once nobody holds the lock any more (the daemon released it or died). */
  released(): boolean;
  /** Closes the handle; call it whether or not the lock was released. */
  close(): void;
}

/** Opens the pid file if a live daemon holds it; null when absent or stale. */
export function watchPidFile(path: string, trusted: readonly number[] = []): PidFileWatch | null {
  let file: RawFile;
  try {
    file = openToRead(path, trusted);
  } catch (err) {
    if (err instanceof FileNotFoundError) return null;
    throw err;
  }
  const pid = parsePid(readAll(file));
  if (unlocked(file)) {
    file.close();
    return null;
  }
  return { pid, released: () => unlocked(file), close: () => file.close() };
}

/**
 * Removes a pid file nobody holds: lock it first, check it is still the file
 * at `path`, then unlink, so a daemon starting right now is never robbed.
 * Returns false if somebody holds it after all.
 */
export function removeStalePidFile(path: string, trusted: readonly number[] = []): boolean {
  let file: RawFile;
  try {
    file = openNoFollow(path, {
      what: "pid file",
      mode: "readwrite",
      create: false,
      alsoOwnedBy: trusted,
    });
  } catch (err) {
    if (err instanceof FileNotFoundError) return true;
    throw err;
  }
  try {
    if (!file.tryLock(true)) return false;
    if (sameFile(path, file)) removeNoFollow(path, "pid file");
    file.unlock();
    return true;
  } finally {
    file.close();
  }
}
