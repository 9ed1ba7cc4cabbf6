import { errnoReason } from "../errors/errno_names.ts";
import { DaemonError } from "../errors/errors.ts";
import { type Libc, libc } from "../os/libc.ts";
import { RawFile, type RawStat } from "./raw_file.ts";

/**
 * Resolves a path one component at a time, from `/`, on directory
 * descriptors (O_PATH|O_NOFOLLOW), so that no directory can be swapped for a
 * symlink between a check and a use. A symbolic link is followed only by the
 * rule of `fs.protected_symlinks`, enforced here whatever that sysctl says: not
 * when it sits in a sticky or world-writable directory and belongs to another
 * user than us or root (who could otherwise point root's daemon anywhere).
 */

/** A resolved path: the directory that holds it (open) and the name in it. */
export interface PathAt {
  /** O_PATH descriptor of the containing directory; owned by the caller. */
  readonly dirfd: number;
  /** The last component, not yet opened. */
  readonly name: string;
  /** Closes `dirfd`. */
  close(): void;
}

/** The path (or a directory on it) does not exist: callers branch on this type. */
export class FileNotFoundError extends DaemonError {
  /** `what` names the file for the message ("log file"). */
  constructor(what: string, path: string) {
    super("open", `${what} ${path}`, "no such file or directory");
    this.name = "FileNotFoundError";
  }
}

const MAX_LINKS = 40; // as the kernel's own limit (ELOOP)

/** Why a link in a directory with `dir`'s stat must not be followed by `me`; null if it may. */
export function linkRefusal(link: RawStat, dir: RawStat, me: number | null): string | null {
  const shared = (dir.perm & 0o1000) !== 0 || (dir.perm & 0o002) !== 0;
  if (!shared || me === null || link.uid === me || link.uid === 0) return null;
  const where = (dir.perm & 0o1000) !== 0 ? "a sticky directory" : "a world-writable directory";
  return `is a symbolic link owned by uid ${link.uid} in ${where}; refusing to follow it`;
}

function components(p: string): string[] {
  return p.split("/").filter((s) => s !== "" && s !== ".");
}

/**
 * Walks to the directory holding `path`'s last component. With `followLast`
 * a symlink there is followed by the same rule (config files); without, the
 * caller opens the name itself with O_NOFOLLOW.
 */
export function walkPath(path: string, what: string, followLast = false, c: Libc = libc()): PathAt {
  const f = c.platform.flags;
  const fail = (reason: string) => new DaemonError("open", `${what} ${path}`, reason);
  if (!path.startsWith("/")) throw fail("not an absolute path");
  const openDir = (dirfd: number | null, name: string) => {
    const flags = f.path | f.directory | f.cloexec;
    return dirfd === null ? c.open("/", flags, 0) : c.openat(dirfd, name, flags, 0);
  };
  const pending = components(path);
  const shown: string[] = [];
  let dir = directParent(c, pending, shown) ?? new RawFile(openDir(null, "/"), c);
  let links = 0;
  try {
    while (pending.length > 0) {
      const name = pending.shift()!;
      const last = pending.length === 0;
      if (name === ".." && !last) {
        dir = step(dir, openDir(dir.fd, ".."), fail, c);
        continue;
      }
      if (last && !followLast) return at(dir, name);
      const fd = c.openat(dir.fd, name, f.path | f.nofollow | f.cloexec, 0);
      if (fd < 0) {
        if (last) return at(dir, name);
        throw -fd === c.platform.errno.ENOENT
          ? new FileNotFoundError(what, path)
          : fail(`/${[...shown, name].join("/")}: ${errnoReason(-fd)}`);
      }
      const node = new RawFile(fd, c);
      const st = node.stat();
      shown.push(name);
      if (st.isSymlink) {
        node.close();
        const refusal = linkRefusal(st, dir.stat(), Deno.uid());
        if (refusal) throw fail(`/${shown.join("/")} ${refusal}`);
        if (++links > MAX_LINKS) throw fail(errnoReason(c.platform.errno.ELOOP));
        const target = linkTarget(c, dir.fd, name, fail);
        pending.unshift(...components(target));
        if (target.startsWith("/")) dir = step(dir, openDir(null, "/"), fail, c);
        continue;
      }
      if (last) {
        node.close();
        return at(dir, name);
      }
      if (!st.isDirectory) {
        node.close();
        throw fail(`/${shown.join("/")}: ${errnoReason(c.platform.errno.ENOTDIR)}`);
      }
      dir = step(dir, node.fd, fail, c);
    }
    throw fail("is a directory");
  } catch (err) {
    dir.close();
    throw err;
  }
}

/**
 * The directory holding the last of `parts`, opened in one openat2(2) that
 * refuses any symbolic link on the way (Linux 5.6+), which the walk would
 * check component by component at two system calls each. On success the
 * directories are moved from `parts` to `shown`; null (nothing moved) when
 * the kernel cannot, a link or `..` is on the way, or anything fails: the
 * walk then decides, with its own rule for links and its own messages.
 */
function directParent(c: Libc, parts: string[], shown: string[]): RawFile | null {
  if (parts.length < 2 || parts.includes("..")) return null;
  const dirs = parts.slice(0, -1);
  const f = c.platform.flags;
  const fd = c.openNoLinks(`/${dirs.join("/")}`, f.path | f.directory | f.cloexec);
  if (fd < 0) return null;
  parts.splice(0, dirs.length);
  shown.push(...dirs);
  return new RawFile(fd, c);
}

/** Moves to the next directory; `old` is closed either way. */
function step(old: RawFile, fd: number, fail: (r: string) => Error, c: Libc): RawFile {
  old.close();
  if (fd < 0) throw fail(errnoReason(-fd));
  return new RawFile(fd, c);
}

function at(dir: RawFile, name: string): PathAt {
  return { dirfd: dir.fd, name, close: () => dir.close() };
}

function linkTarget(c: Libc, dirfd: number, name: string, fail: (r: string) => Error): string {
  const bytes = c.readlinkat(dirfd, name);
  if (typeof bytes === "number") throw fail(`${name}: ${errnoReason(-bytes)}`);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw fail(`${name} is a symbolic link to a name that is not UTF-8; refusing to follow it`);
  }
}
