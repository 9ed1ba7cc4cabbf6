import { DaemonError, describeOsError } from "../errors/errors.ts";
import { removeNoFollow, statNoFollow } from "./path_ops.ts";
import type { RawFile, RawStat } from "./raw_file.ts";
import { FileNotFoundError } from "./safe_open.ts";

/** Whether `path` still names the file we hold open (same device and inode). */
export function sameFile(path: string, file: RawFile): boolean {
  try {
    return isFile(statNoFollow(path, "pid file"), file);
  } catch {
    return false;
  }
}

function isFile(a: RawStat | null, file: RawFile): boolean {
  const b = file.stat();
  return a !== null && a.ino === b.ino && a.dev === b.dev;
}

/** Unlinks `path` only while it still names `file`: never a successor's pid file. */
export function unlinkIfOurs(path: string, file: RawFile): void {
  // No unlink-by-descriptor exists; the window between check and unlink is
  // one syscall, against a successor that must first find the path gone.
  // A walk that refuses (a planted link) throws: the caller reports it.
  if (isFile(statNoFollow(path, "pid file"), file)) removeNoFollow(path, "pid file");
}

/**
 * Writes our pid into the locked file. A failed write (a full disk) leaves
 * nothing behind: the half-written file is removed, then unlocked.
 */
export function writeOurPid(path: string, file: RawFile, pid: number): void {
  try {
    file.rewind();
    file.truncate(0);
    file.write(new TextEncoder().encode(`${pid}\n`));
    file.sync();
  } catch (err) {
    try {
      unlinkIfOurs(path, file);
    } catch { /* the write error is the one to report */ }
    file.close();
    throw new DaemonError("write", `pid file ${path}`, describeOsError(err));
  }
}

/**
 * Unlinks (if the path is still ours), then unlocks: nobody can lock a file
 * we are about to delete. Returns a warning when it could only be emptied.
 */
export function releasePidFile(path: string, file: RawFile): string | null {
  let warning: string | null = null;
  try {
    unlinkIfOurs(path, file);
  } catch (err) {
    if (!(err instanceof FileNotFoundError)) {
      // E.g. a dropped-privilege daemon in a root-owned directory: an empty
      // file reads as "not running" rather than naming a dead pid.
      file.truncate(0);
      const why = err instanceof DaemonError
        ? err.message
        : `cannot remove pid file ${path}: ${describeOsError(err)}`;
      warning = `${why}; emptied it`;
    }
  } finally {
    file.unlock();
    file.close();
  }
  return warning;
}
