import { errnoReason } from "../errors/errno_names.ts";
import { DaemonError } from "../errors/errors.ts";
import { type Libc, libc } from "../os/libc.ts";
import { FileNotFoundError, type PathAt, walkPath } from "./path_walk.ts";
import { RawFile, type RawStat } from "./raw_file.ts";

export { FileNotFoundError } from "./path_walk.ts";

/** How to open: `append` for logs, `readwrite` for the pid file, `read` to probe. */
export type OpenMode = "append" | "readwrite" | "read";

/** What {@link openNoFollow} needs to know. */
export interface SafeOpenOptions {
  /** Noun for messages, e.g. "log file". */
  readonly what: string;
  /** Access wanted; decides the open(2) flags. */
  readonly mode: OpenMode;
  /** Create the file (mode 0644) if missing. */
  readonly create: boolean;
  /** Owners accepted besides ourselves (e.g. root for a pid file we only read). */
  readonly alsoOwnedBy?: readonly number[];
}

/** Files we create are never more open than this, whatever the umask. */
export const FILE_MODE = 0o644;

/**
 * Opens `path` without following a symbolic link in its last component (nor
 * one another user planted on the way, see {@link walkPath}), and refuses
 * files that are not regular or not owned by us: the default log lives in
 * world-writable /tmp, where anyone may plant a link or a file. Acts first,
 * then classifies the error: no check-then-act race.
 */
export function openNoFollow(path: string, opts: SafeOpenOptions): RawFile {
  const c = libc();
  const { fd, created } = openDirect(c, path, opts) ?? openWalked(c, path, opts);
  const file = new RawFile(fd, c);
  try {
    const st = file.stat();
    if (!st.isFile) throw new DaemonError("open", `${opts.what} ${path}`, "is not a regular file");
    const me = Deno.uid();
    if (me !== null && st.uid !== me && !opts.alsoOwnedBy?.includes(st.uid)) {
      const reason = `is owned by uid ${st.uid}, not by us (uid ${me}); refusing to use it`;
      throw new DaemonError("open", `${opts.what} ${path}`, reason);
    }
    if (created) file.chmod(FILE_MODE);
    return file;
  } catch (err) {
    file.close();
    throw err;
  }
}

/** A descriptor we opened, and whether we created its file. */
interface Opened {
  readonly fd: number;
  readonly created: boolean;
}

/** The open(2) flags for `mode`, never following a link at the end. */
function openFlags(c: Libc, mode: OpenMode): number {
  const f = c.platform.flags;
  const access = mode === "read" ? 0 : mode === "append" ? f.wronly | f.append : f.rdwr;
  // O_NONBLOCK: opening a planted FIFO must not hang us.
  return access | f.nofollow | f.cloexec | f.noctty | f.nonblock;
}

/**
 * A file that exists on a path with no symbolic link at all, in one
 * openat2(2) (Linux 5.6+) instead of the walk's two system calls a component
 * and the create's two opens: every SIGHUP reopens the log this way. Null
 * when that fails for any reason (absent, a link anywhere, an older kernel):
 * the walk then decides, creates, or says why.
 */
function openDirect(c: Libc, path: string, opts: SafeOpenOptions): Opened | null {
  if (!path.startsWith("/") || path.split("/").includes("..")) return null;
  const fd = c.openNoLinks(path, openFlags(c, opts.mode));
  return fd < 0 ? null : { fd, created: false };
}

function openWalked(c: Libc, path: string, opts: SafeOpenOptions): Opened {
  const where = walkPath(path, opts.what, false, c);
  try {
    return openRaw(c, where, path, opts);
  } finally {
    where.close();
  }
}

function openRaw(c: Libc, where: PathAt, path: string, opts: SafeOpenOptions): Opened {
  const f = c.platform.flags;
  const base = openFlags(c, opts.mode);
  let createErrno = 0;
  for (let attempt = 0; attempt < 8; attempt++) {
    // The exclusive create fails for an existing file (or a planted link);
    // whatever errno says, the plain open below decides.
    if (opts.create) {
      const fd = c.openat(where.dirfd, where.name, base | f.creat | f.excl, FILE_MODE);
      if (fd >= 0) return { fd, created: true };
      createErrno = -fd;
    }
    const fd = c.openat(where.dirfd, where.name, base, 0);
    if (fd >= 0) return { fd, created: false };
    // Absent at the plain open: removed between our two opens (and perhaps
    // created again since), so try again; if it cannot be created at all (no
    // directory, no permission), the create's errno says why in the end.
    // (errno can be misread after an FFI call under load: the file system's
    // answer counts too.)
    if (opts.create && (-fd === c.platform.errno.ENOENT || !statAt(c, where))) continue;
    throw openError(c, where, path, opts, -fd);
  }
  throw openError(c, where, path, opts, createErrno);
}

/** What `name` in `dirfd` is, without following it; null when absent. */
export function statAt(c: Libc, where: PathAt): RawStat | null {
  const f = c.platform.flags;
  const fd = c.openat(where.dirfd, where.name, f.path | f.nofollow | f.cloexec, 0);
  if (fd < 0) return null;
  const file = new RawFile(fd, c);
  try {
    return file.stat();
  } finally {
    file.close();
  }
}

function openError(
  c: Libc,
  where: PathAt,
  path: string,
  opts: SafeOpenOptions,
  errno: number,
): DaemonError {
  const e = c.platform.errno;
  // Check errno's story against the file system where it can be checked.
  const info = statAt(c, where);
  if (info?.isSymlink) errno = e.ELOOP;
  else if (info?.isDirectory) errno = e.EISDIR;
  if (errno === e.ENOENT) return new FileNotFoundError(opts.what, path);
  const reasons: Record<number, string> = {
    [e.ELOOP]: "is a symbolic link (refusing to follow it)",
    [e.EACCES]: "permission denied",
    [e.EISDIR]: "is a directory",
    [e.ENOTDIR]: "a path component is not a directory",
    [e.ENXIO]: "is not a regular file",
  };
  return new DaemonError("open", `${opts.what} ${path}`, reasons[errno] ?? errnoReason(errno));
}

/** Reads a small file (such as `/proc/PID/stat`, which Deno's own API refuses). */
export function readSmallFile(path: string): string | null {
  const c = libc();
  const fd = c.open(path, c.platform.flags.cloexec, 0);
  if (fd < 0) return null;
  const file = new RawFile(fd, c);
  try {
    return file.readText(4096);
  } finally {
    file.close();
  }
}
