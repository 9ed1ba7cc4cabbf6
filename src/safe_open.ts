import { DaemonError } from "./errors.ts";
import { type Libc, libc } from "./libc.ts";
import { RawFile } from "./raw_file.ts";

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

/** The reason that ends "no such file or directory" errors, for callers that branch on it. */
export const NOT_FOUND = "no such file or directory";

/**
 * Opens `path` without following a symbolic link in its last component, and
 * refuses files that are not regular or not owned by us: the default log lives
 * in world-writable /tmp, where anyone may plant a link or a file. Acts first,
 * then classifies the error: no check-then-act race.
 */
export function openNoFollow(path: string, opts: SafeOpenOptions): RawFile {
  const c = libc();
  const { fd, created } = openRaw(c, path, opts);
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

function openRaw(c: Libc, path: string, opts: SafeOpenOptions): { fd: number; created: boolean } {
  const f = c.platform.flags;
  const access = opts.mode === "read" ? 0 : opts.mode === "append" ? f.wronly | f.append : f.rdwr;
  // O_NONBLOCK: opening a planted FIFO must not hang us.
  const base = access | f.nofollow | f.cloexec | f.noctty | f.nonblock;
  for (let attempt = 0; attempt < 8; attempt++) {
    if (opts.create) {
      const fd = c.open(path, base | f.creat | f.excl, FILE_MODE);
      if (fd >= 0) return { fd, created: true };
      if (-fd !== c.platform.errno.EEXIST) throw openError(c, path, opts, -fd);
    }
    const fd = c.open(path, base, 0);
    if (fd >= 0) return { fd, created: false };
    // Removed between our two opens: try creating again.
    if (opts.create && -fd === c.platform.errno.ENOENT) continue;
    throw openError(c, path, opts, -fd);
  }
  throw new DaemonError("open", `${opts.what} ${path}`, "it keeps disappearing");
}

function openError(c: Libc, path: string, opts: SafeOpenOptions, errno: number): DaemonError {
  const e = c.platform.errno;
  const reasons: Record<number, string> = {
    [e.ELOOP]: "is a symbolic link (refusing to follow it)",
    [e.ENOENT]: NOT_FOUND,
    [e.EACCES]: "permission denied",
    [e.EISDIR]: "is a directory",
    [e.ENOTDIR]: "a path component is not a directory",
    [e.ENXIO]: "is not a regular file",
  };
  return new DaemonError("open", `${opts.what} ${path}`, reasons[errno] ?? `errno ${errno}`);
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
