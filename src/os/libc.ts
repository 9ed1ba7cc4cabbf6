/**
 * The few libc calls Deno does not offer: `open` with `O_NOFOLLOW`, `flock`
 * and friends on the descriptor we vetted, `fcntl` to mark inherited
 * descriptors close-on-exec, `signal` to ignore SIGHUP across the relaunch,
 * and the privilege drop. Loaded lazily, once: `--help` never loads it.
 */

import { type Platform, platformFor } from "./libc_platform.ts";

export type { Errnos, OpenFlags, Platform, StatLayout } from "./libc_platform.ts";
export { platformFor } from "./libc_platform.ts";

const SYMBOLS = {
  open: { parameters: ["buffer", "i32", "u32"], result: "i32" },
  close: { parameters: ["i32"], result: "i32" },
  read: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  write: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  flock: { parameters: ["i32", "i32"], result: "i32" },
  ftruncate: { parameters: ["i32", "i64"], result: "i32" },
  fsync: { parameters: ["i32"], result: "i32" },
  lseek: { parameters: ["i32", "i64", "i32"], result: "i64" },
  fchmod: { parameters: ["i32", "u32"], result: "i32" },
  fchown: { parameters: ["i32", "u32", "u32"], result: "i32" },
  fcntl: { parameters: ["i32", "i32", "i32"], result: "i32" },
  signal: { parameters: ["i32", "pointer"], result: "pointer" },
  pipe: { parameters: ["buffer"], result: "i32" },
  dup2: { parameters: ["i32", "i32"], result: "i32" },
  setgroups: { parameters: ["usize", "pointer"], result: "i32" },
  // Linux 5.9+ / glibc 2.34+; absent elsewhere, where a loop does the same.
  close_range: { parameters: ["u32", "u32", "i32"], result: "i32", optional: true },
  setgid: { parameters: ["u32"], result: "i32" },
  setuid: { parameters: ["u32"], result: "i32" },
  readAsync: {
    name: "read",
    parameters: ["i32", "buffer", "usize"],
    result: "isize",
    nonblocking: true,
  },
} as const;

/** The raw calls; each returns its result, or `-errno` on failure. */
export interface Libc {
  readonly platform: Platform;
  open(path: string, flags: number, mode: number): number;
  close(fd: number): number;
  read(fd: number, buf: Uint8Array): number;
  write(fd: number, buf: Uint8Array): number;
  flock(fd: number, op: number): number;
  ftruncate(fd: number, size: number): number;
  fsync(fd: number): number;
  /** Moves the offset to `offset` from the start (SEEK_SET). */
  seek(fd: number, offset: number): number;
  fchmod(fd: number, mode: number): number;
  fchown(fd: number, uid: number, gid: number): number;
  /** Fills `buf` (platform.stat.size bytes) with `struct stat`. */
  fstat(fd: number, buf: Uint8Array): number;
  /**
   * Reads on a helper thread, so waiting does not block the event loop.
   * A failure returns -1 (not -errno: errno belongs to that other thread).
   */
  readAsync(fd: number, buf: Uint8Array): Promise<number>;
  /** Makes `to` a copy of `from` (the detached child's stderr onto /dev/null). */
  dup2(from: number, to: number): number;
  /** A pipe: [read end (close-on-exec), write end (inheritable)]. */
  pipe(): [number, number];
  /** setgroups(0), setgid, setuid: in that order, or root's groups would stay. */
  becomeUser(uid: number, gid: number): number;
  /** Marks every descriptor from 3 up close-on-exec. */
  cloexecFrom3(): void;
  /** Sets the disposition of `signo` to SIG_IGN. */
  ignoreSignal(signo: number): void;
}

let loaded: Libc | undefined;

/** Loads libc once; throws a plain Error on an unsupported platform. */
export function libc(): Libc {
  if (loaded) return loaded;
  const platform = platformFor(Deno.build.os, Deno.build.arch);
  if (!platform) throw new Error(`unsupported platform ${Deno.build.os}/${Deno.build.arch}`);
  const lib = Deno.dlopen(
    platform.library,
    {
      ...SYMBOLS,
      errno: { name: platform.errnoSymbol, parameters: [], result: "pointer" },
      fstat: { name: platform.stat.symbol, parameters: ["i32", "buffer"], result: "i32" },
    } as const,
  );
  const f = lib.symbols;
  // errno lives at a fixed per-thread address; read it through one view made
  // now, at once after each call, so no allocation can run in between.
  const errnoView = new Deno.UnsafePointerView(f.errno()!);
  const errno = () => errnoView.getInt32();
  const ret = (r: number | bigint) => Number(r) >= 0 ? Number(r) : -errno();
  const enc = new TextEncoder();
  loaded = {
    platform,
    open: (path, flags, mode) => ret(f.open(enc.encode(path + "\0"), flags, mode)),
    close: (fd) => ret(f.close(fd)),
    read: (fd, buf) => ret(f.read(fd, buf, BigInt(buf.length))),
    write: (fd, buf) => ret(f.write(fd, buf, BigInt(buf.length))),
    flock: (fd, op) => ret(f.flock(fd, op)),
    ftruncate: (fd, size) => ret(f.ftruncate(fd, BigInt(size))),
    fsync: (fd) => ret(f.fsync(fd)),
    seek: (fd, offset) => ret(f.lseek(fd, BigInt(offset), 0 /* SEEK_SET */)),
    fchmod: (fd, mode) => ret(f.fchmod(fd, mode)),
    fchown: (fd, uid, gid) => ret(f.fchown(fd, uid, gid)),
    fstat: (fd, buf) => ret(f.fstat(fd, buf)),
    dup2: (from, to) => ret(f.dup2(from, to)),
    readAsync: async (fd, buf) =>
      Math.max(-1, Number(await f.readAsync(fd, buf, BigInt(buf.length)))),
    pipe() {
      const fds = new Int32Array(2);
      if (f.pipe(new Uint8Array(fds.buffer)) < 0) throw new Error(`pipe failed (errno ${errno()})`);
      f.fcntl(fds[0]!, 2, /* F_SETFD */ 1 /* FD_CLOEXEC */);
      return [fds[0]!, fds[1]!];
    },
    becomeUser(uid, gid) {
      const steps = [() => f.setgroups(0n, null), () => f.setgid(gid), () => f.setuid(uid)];
      for (const step of steps) if (step() < 0) return -errno();
      return 0;
    },
    cloexecFrom3() {
      const CLOSE_RANGE_CLOEXEC = 4;
      if (f.close_range && f.close_range(3, 0xffffffff, CLOSE_RANGE_CLOEXEC) === 0) return;
      // F_GETFD on a closed fd fails harmlessly; 4096 covers any sane limit.
      for (let fd = 3; fd < 4096; fd++) {
        if (f.fcntl(fd, 1, /* F_GETFD */ 0) >= 0) f.fcntl(fd, 2, /* F_SETFD */ 1 /* FD_CLOEXEC */);
      }
    },
    ignoreSignal: (signo) => void f.signal(signo, Deno.UnsafePointer.create(1n)),
  };
  return loaded;
}
