import { DaemonError } from "../errors/errors.ts";
import { ExitCode } from "../errors/exit_codes.ts";
import type { FileId } from "../os/lock_table.ts";
import type { RawFile } from "./raw_file.ts";
import { lock, lockOrDiscard, unlocked } from "./pid_file_lock.ts";
import { releasePidFile, sameFile, writeOurPid } from "./pid_file_write.ts";
import { removeNoFollow } from "./path_ops.ts";
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

/** Longer than any pid file of ours, so a longer read means some other file. */
const PID_TEXT_MAX = 64;

function readAll(file: RawFile): string {
  return file.readText(PID_TEXT_MAX + 1);
}

/**
 * What a pid file holds: a pid, nothing (a daemon killed between lock and
 * write, or one that could only empty its file), or something else: a file
 * that is not ours to overwrite or delete.
 */
export function pidText(text: string): "pid" | "empty" | "other" {
  if (text.length > PID_TEXT_MAX) return "other";
  if (text.trim() === "") return "empty";
  return parsePid(text) === null ? "other" : "pid";
}

function notAPidFile(path: string): DaemonError {
  const reason = "it holds something other than a pid; refusing to overwrite or remove it";
  return new DaemonError("use", `pid file ${path}`, reason);
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
    const text = readAll(file);
    if (!unlocked(file, path)) return { kind: "running", pid: parsePid(text) };
    if (pidText(text) === "other") return { kind: "unreadable", reason: notAPidFile(path).message };
    return { kind: "stale", pid: parsePid(text) };
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
  /** Whether the path still names the file we locked (not a successor's). */
  ours(): boolean;
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
    if (!lockOrDiscard(file, path)) {
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
    const text = readAll(file);
    if (pidText(text) === "other") {
      file.close();
      throw notAPidFile(path);
    }
    writeOurPid(path, file, pid);
    return {
      path,
      stalePid: parsePid(text),
      ours: () => sameFile(path, file),
      release: () => releasePidFile(path, file),
    };
  }
  const who = holder === null ? "" : ` (pid ${holder})`;
  throw new DaemonError("start", "daemon", `already running${who}`, ExitCode.AlreadyRunning);
}

/** An open handle on a live daemon's pid file, to learn when its lock goes. */
export interface PidFileWatch {
  /** The pid written in the file, or null when it is not a valid pid. */
  readonly pid: number | null;
  /** The file we opened, to find its lock in the kernel's table. */
  readonly file: FileId;
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
  if (unlocked(file, path)) {
    file.close();
    return null;
  }
  const { dev, ino } = file.stat();
  return {
    pid,
    file: { dev, ino },
    released: () => unlocked(file, path),
    close: () => file.close(),
  };
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
    if (!lock(file, true, path)) return false;
    if (pidText(readAll(file)) !== "other" && sameFile(path, file)) {
      removeNoFollow(path, "pid file");
    }
    file.unlock();
    return true;
  } finally {
    file.close();
  }
}
