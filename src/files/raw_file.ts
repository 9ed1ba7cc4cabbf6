import { errnoReason } from "../errors/errno_names.ts";
import { type Libc, libc, type StatLayout } from "../os/libc.ts";

/** What we need to know of an open file. */
export interface RawStat {
  /** Device the file lives on; with `ino`, identifies the file. */
  readonly dev: number;
  /** Inode number. */
  readonly ino: number;
  /** Owner's uid. */
  readonly uid: number;
  /** A regular file (not a directory, FIFO, device or socket). */
  readonly isFile: boolean;
  /** A directory. */
  readonly isDirectory: boolean;
  /** A symbolic link (seen through an O_PATH|O_NOFOLLOW descriptor). */
  readonly isSymlink: boolean;
  /** Permission bits, with setuid, setgid and sticky (mode & 07777). */
  readonly perm: number;
  /** Size in bytes. */
  readonly size: number;
}

/** An OS error from a raw call, with its errno (and, for a write, the bytes it got out first). */
export class OsError extends Error {
  constructor(readonly op: string, readonly errno: number, readonly written = 0) {
    super(`${op} failed: ${errnoReason(errno)}`);
    this.name = "OsError";
  }
}

const LOCK_SH = 1, LOCK_EX = 2, LOCK_NB = 4, LOCK_UN = 8;
const S_IFMT = 0o170000, S_IFREG = 0o100000, S_IFDIR = 0o040000, S_IFLNK = 0o120000;

/**
 * A file held by its raw descriptor. Deno can neither open with O_NOFOLLOW
 * nor adopt a descriptor (and refuses `/proc/self/fd` without --allow-all),
 * so the files we vet stay on the descriptor we vetted them through.
 */
export class RawFile {
  #c: Libc;
  #fd: number;

  /** Takes ownership of `fd`; `c` is the libc binding to call. */
  constructor(fd: number, c: Libc = libc()) {
    this.#fd = fd;
    this.#c = c;
  }

  /** The descriptor; -1 once closed. */
  get fd(): number {
    return this.#fd;
  }

  #check(op: string, r: number, written = 0): number {
    if (r < 0) throw new OsError(op, -r, written);
    return r;
  }

  /** Writes all of `bytes`: for an O_APPEND file, one call is one atomic append. */
  write(bytes: Uint8Array): void {
    let off = 0;
    let interrupted = 0;
    while (off < bytes.length) {
      const r = this.#c.write(this.#fd, bytes.subarray(off));
      // Bounded: a misread errno must not turn a real failure into a spin.
      if (r === -this.#c.platform.errno.EINTR && ++interrupted < 8) continue;
      off += this.#check("write", r, off);
    }
  }

  /** Reads up to `max` bytes from the current offset (one read). */
  readText(max = 4096): string {
    const buf = new Uint8Array(max);
    const n = this.#check("read", this.#c.read(this.#fd, buf));
    return new TextDecoder().decode(buf.subarray(0, n));
  }

  /** Reads to end of file, but never more than `max` bytes (returns at most max + 1). */
  readAll(max: number): Uint8Array {
    const buf = new Uint8Array(max + 1);
    let off = 0;
    while (off < buf.length) {
      const n = this.#check("read", this.#c.read(this.#fd, buf.subarray(off)));
      if (n === 0) break;
      off += n;
    }
    return buf.subarray(0, off);
  }

  /** Moves the file offset back to the start (ftruncate does not). */
  rewind(): void {
    this.#check("lseek", this.#c.seek(this.#fd, 0));
  }

  /**
   * Non-blocking flock: false when somebody else holds a conflicting lock
   * (EWOULDBLOCK); any other failure (ENOLCK on NFS, …) throws, as it is not
   * "held". A signal is retried.
   */
  tryLock(exclusive: boolean): boolean {
    const op = (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB;
    const e = this.#c.platform.errno;
    for (let attempt = 0; attempt < 3; attempt++) {
      const r = this.#c.flock(this.#fd, op);
      if (r >= 0) return true;
      if (r === -e.EWOULDBLOCK) return false;
      if (r !== -e.EINTR) throw new OsError("flock", -r);
    }
    return false;
  }

  /** Releases our flock. */
  unlock(): void {
    this.#check("flock", this.#c.flock(this.#fd, LOCK_UN));
  }

  /** Cuts the file to `size` bytes (ftruncate). */
  truncate(size = 0): void {
    this.#check("ftruncate", this.#c.ftruncate(this.#fd, size));
  }

  /** Flushes the file to disk (fsync). */
  sync(): void {
    this.#check("fsync", this.#c.fsync(this.#fd));
  }

  /** Sets the mode bits on the open file, so no path can be swapped in (fchmod). */
  chmod(mode: number): void {
    this.#check("fchmod", this.#c.fchmod(this.#fd, mode));
  }

  /** Gives the file to `uid`/`gid` (fchown: no path, so no symlink to follow). */
  chown(uid: number, gid: number): void {
    this.#check("fchown", this.#c.fchown(this.#fd, uid, gid));
  }

  /** Stats the open file itself (fstat), not whatever the path names now. */
  stat(): RawStat {
    const buf = new Uint8Array(this.#c.platform.stat.size);
    this.#check("fstat", this.#c.fstat(this.#fd, buf));
    return parseStat(buf, this.#c.platform.stat);
  }

  /** Closes the descriptor; further calls do nothing. */
  close(): void {
    if (this.#fd < 0) return;
    this.#c.close(this.#fd);
    this.#fd = -1;
  }
}

/** What a `struct stat` that fstat filled says, read with the platform's offsets. */
export function parseStat(buf: Uint8Array, l: StatLayout): RawStat {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const dev = l.dev[1] === 8 ? Number(v.getBigUint64(l.dev[0], true)) : v.getUint32(l.dev[0], true);
  const mode = l.mode[1] === 4 ? v.getUint32(l.mode[0], true) : v.getUint16(l.mode[0], true);
  return {
    dev,
    ino: Number(v.getBigUint64(l.ino, true)),
    uid: v.getUint32(l.uid, true),
    isFile: (mode & S_IFMT) === S_IFREG,
    isDirectory: (mode & S_IFMT) === S_IFDIR,
    isSymlink: (mode & S_IFMT) === S_IFLNK,
    perm: mode & 0o7777,
    size: Number(v.getBigInt64(l.sizeOffset, true)),
  };
}
