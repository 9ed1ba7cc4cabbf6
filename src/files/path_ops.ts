import { errnoReason } from "../errors/errno_names.ts";
import { DaemonError } from "../errors/errors.ts";
import { libc } from "../os/libc.ts";
import { FileNotFoundError, type PathAt, walkPath } from "./path_walk.ts";
import type { RawStat } from "./raw_file.ts";
import { statAt } from "./safe_open.ts";

/**
 * Unlink, rename and lstat by the same symlink-safe walk as every open: a
 * pid or state file is never removed or replaced through a directory link
 * that another user planted.
 */

/** Removes `path` (never what a link there points to); throws {@link FileNotFoundError} if absent. */
export function removeNoFollow(path: string, what: string): void {
  const c = libc();
  const where = walkPath(path, what, false, c);
  try {
    const r = c.unlinkat(where.dirfd, where.name);
    if (r === -c.platform.errno.ENOENT) throw new FileNotFoundError(what, path);
    if (r < 0) throw new DaemonError("remove", `${what} ${path}`, errnoReason(-r));
  } finally {
    where.close();
  }
}

/** `act` on `from` and `to`, both walked safely (their directories held open meanwhile). */
function walkBoth<T>(
  from: string,
  to: string,
  what: string,
  act: (src: PathAt, dst: PathAt) => T,
): T {
  const c = libc();
  const src = walkPath(from, what, false, c);
  try {
    const dst = walkPath(to, what, false, c);
    try {
      return act(src, dst);
    } finally {
      dst.close();
    }
  } finally {
    src.close();
  }
}

/** Renames `from` to `to` (both walked safely): an atomic replace, as rename(2). */
export function renameNoFollow(from: string, to: string, what: string): void {
  const c = libc();
  const r = walkBoth(from, to, what, (s, d) => c.renameat(s.dirfd, s.name, d.dirfd, d.name));
  if (r < 0) throw new DaemonError("rename", `${what} ${from} to ${to}`, errnoReason(-r));
}

/**
 * Swaps `from` and `to` atomically (both walked safely), if what `to` names
 * passes `accept`, looked at through the same directory descriptor just
 * before the swap. False, with nothing changed, when `to` is absent or
 * refused, or the kernel or filesystem cannot swap.
 */
export function exchangeNoFollow(
  from: string,
  to: string,
  what: string,
  accept: (st: RawStat) => boolean,
): boolean {
  const c = libc();
  const r = walkBoth(from, to, what, (s, d) => {
    const st = statAt(c, d);
    return st !== null && accept(st) ? c.renameat(s.dirfd, s.name, d.dirfd, d.name, true) : null;
  });
  if (r === null) return false;
  if (r >= 0) return true;
  const { ENOENT, EINVAL, ENOSYS } = c.platform.errno;
  if (r === -ENOENT || r === -EINVAL || r === -ENOSYS) return false;
  throw new DaemonError("swap", `${what} ${from} with ${to}`, errnoReason(-r));
}

/** What is at `path` itself (a link is not followed); null when absent. */
export function statNoFollow(path: string, what: string): RawStat | null {
  const c = libc();
  let where;
  try {
    where = walkPath(path, what, false, c);
  } catch (err) {
    if (err instanceof FileNotFoundError) return null;
    throw err;
  }
  try {
    return statAt(c, where);
  } finally {
    where.close();
  }
}
