/**
 * The pid file's locks: the exclusive one a start takes, and the brief
 * shared one a probe takes to learn whether anybody holds it.
 */
import { DaemonError, describeOsError } from "../errors/errors.ts";
import { unlinkIfOurs } from "./pid_file_write.ts";
import type { RawFile } from "./raw_file.ts";

/**
 * tryLock, with a failure other than "held" said as itself, naming the file;
 * `onFailure` runs first, while the file is still open.
 */
export function lock(
  file: RawFile,
  exclusive: boolean,
  path: string,
  onFailure: () => void = () => {},
): boolean {
  try {
    return file.tryLock(exclusive);
  } catch (err) {
    try {
      onFailure();
    } catch { /* the lock error is the one to report */ }
    file.close();
    throw new DaemonError("lock", `pid file ${path}`, describeOsError(err));
  }
}

/**
 * The exclusive lock for a start. When locking fails outright (ENOLCK on
 * NFS without a lock daemon), an empty file is the one this start just
 * created: it is removed, so the failed start leaves nothing behind.
 */
export function lockOrDiscard(file: RawFile, path: string): boolean {
  return lock(file, true, path, () => {
    if (file.stat().size === 0) unlinkIfOurs(path, file);
  });
}

/** True when nobody holds a conflicting lock: a brief shared lock succeeds (and is let go). */
export function unlocked(file: RawFile, path: string): boolean {
  if (!lock(file, false, path)) return false;
  file.unlock();
  return true;
}
