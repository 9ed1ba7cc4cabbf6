/**
 * The few libc calls Deno does not offer: `open` with `O_NOFOLLOW`, `flock`
 * and friends on the descriptor we vetted, `fcntl` to mark inherited
 * descriptors close-on-exec, `signal` to ignore SIGHUP across the relaunch,
 * and the privilege drop. Loaded lazily, once: `--help` never loads it.
 *
 * Every symbol here exists in glibc 2.27 (the oldest glibc Deno runs on),
 * except `fstat` (2.33+, else `__fxstat`) and `close_range` (2.34+, else a
 * loop); a missing one is refused with {@link PlatformError}, by name.
 */

import { PlatformError } from "./platform_error.ts";
import { type Platform, platformFor, type StatLayout } from "./libc_platform.ts";
import { spawnDetached, type SpawnRequest, type SpawnSymbols } from "./libc_spawn.ts";

export type { Errnos, OpenFlags, Platform, StatLayout } from "./libc_platform.ts";
export { platformFor } from "./libc_platform.ts";

const SYMBOLS = {
  __errno_location: { parameters: [], result: "pointer" },
  open: { parameters: ["buffer", "i32", "u32"], result: "i32" },
  // The path walk: one component at a time from a directory descriptor.
  openat: { parameters: ["i32", "buffer", "i32", "u32"], result: "i32" },
  readlinkat: { parameters: ["i32", "buffer", "buffer", "usize"], result: "isize" },
  unlinkat: { parameters: ["i32", "buffer", "i32"], result: "i32" },
  renameat: { parameters: ["i32", "buffer", "i32", "buffer"], result: "i32" },
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
  setgid: { parameters: ["u32"], result: "i32" },
  setuid: { parameters: ["u32"], result: "i32" },
  // sd_notify: one datagram to $NOTIFY_SOCKET, and CLOCK_MONOTONIC for it.
  socket: { parameters: ["i32", "i32", "i32"], result: "i32" },
  sendto: { parameters: ["i32", "buffer", "usize", "i32", "buffer", "u32"], result: "isize" },
  clock_gettime: { parameters: ["i32", "buffer"], result: "i32" },
  // pidfd_open/pidfd_send_signal have no glibc wrapper before 2.36. syscall()
  // is variadic in C, but glibc writes it in assembly that only moves integer
  // registers, so a fixed-arity call is exact on x86_64 and aarch64.
  syscall: { parameters: ["i64", "i64", "i64", "i64", "i64"], result: "i64" },
  // The relaunch (libc_spawn.ts): posix_spawn is in every glibc, SETSID from 2.26.
  posix_spawnp: {
    parameters: ["buffer", "buffer", "buffer", "buffer", "buffer", "buffer"],
    result: "i32",
  },
  posix_spawn_file_actions_init: { parameters: ["buffer"], result: "i32" },
  posix_spawn_file_actions_adddup2: { parameters: ["buffer", "i32", "i32"], result: "i32" },
  posix_spawn_file_actions_destroy: { parameters: ["buffer"], result: "i32" },
  environ: { type: "pointer" },
  waitpidAsync: {
    name: "waitpid",
    parameters: ["i32", "buffer", "i32"],
    result: "i32",
    nonblocking: true,
  },
  readAsync: {
    name: "read",
    parameters: ["i32", "buffer", "usize"],
    result: "isize",
    nonblocking: true,
  },
} as const;

/** Symbols that may be missing; each has a fallback. */
const OPTIONAL = {
  // Linux 5.9+ / glibc 2.34+; absent elsewhere, where a loop does the same.
  close_range: { parameters: ["u32", "u32", "i32"], result: "i32", optional: true },
  // glibc 2.33+; before it only __fxstat(_STAT_VER, fd, buf) exists.
  fstat: { parameters: ["i32", "buffer"], result: "i32", optional: true },
  __fxstat: { parameters: ["i32", "i32", "buffer"], result: "i32", optional: true },
} as const;

type Required = Deno.StaticForeignLibraryInterface<typeof SYMBOLS>;
type Optional = Deno.StaticForeignLibraryInterface<typeof OPTIONAL>;

/** The raw calls; each returns its result, or `-errno` on failure. */
export interface Libc {
  readonly platform: Platform;
  open(path: string, flags: number, mode: number): number;
  /** `name` (one component, or a relative path) in the directory `dirfd`. */
  openat(dirfd: number, name: string, flags: number, mode: number): number;
  /** The target of the symlink `name` in `dirfd`, as bytes; or -errno. */
  readlinkat(dirfd: number, name: string): Uint8Array | number;
  unlinkat(dirfd: number, name: string): number;
  renameat(fromDir: number, from: string, toDir: number, to: string): number;
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
  /**
   * Sends `data` as one datagram to the Unix socket `addr` (a `sockaddr_un`
   * of `addrlen` bytes) from a fresh socket: the bytes sent, or -errno.
   */
  sendDatagram(addr: Uint8Array, addrlen: number, data: Uint8Array): number;
  /** A pidfd for `pid` (close-on-exec), or -errno (ENOSYS before Linux 5.3). */
  pidfdOpen(pid: number): number;
  /** Sends `signo` to the process `pidfd` refers to: 0, or -errno (ESRCH once it has exited). */
  pidfdSignal(pidfd: number, signo: number): number;
  /** `CLOCK_MONOTONIC` in µs, or -errno. */
  monotonicUsec(): bigint | number;
  /** Starts `req` in a new session (see libc_spawn.ts): its pid, or -errno. */
  spawn(req: SpawnRequest): number;
  /** Waits, on a helper thread, for our child `pid` to end: its wait status, or -1. */
  waitExit(pid: number): Promise<number>;
  /** Sets close-on-exec on `fd`. */
  cloexec(fd: number): number;
  /** Makes reads on `fd` return at once (EAGAIN) instead of waiting. */
  nonblocking(fd: number): number;
  /** Sets the disposition of `signo` to SIG_IGN; true if a handler was installed before (not SIG_DFL or SIG_IGN). */
  ignoreSignal(signo: number): boolean;
}

/** How `fstat` is called here: `fstat`, else `__fxstat` with the layout's version. */
export function fstatCall(
  f: Pick<Optional, "fstat" | "__fxstat">,
  layout: StatLayout,
): ((fd: number, buf: Uint8Array) => number) | undefined {
  const { fstat, __fxstat } = f;
  if (fstat) return (fd, buf) => fstat(fd, buf);
  if (__fxstat) return (fd, buf) => __fxstat(layout.fxstatVersion, fd, buf);
  return undefined;
}

/** The first required symbol `symbols` lacks, by its C name (all are loaded as optional). */
export function missingSymbol(symbols: Readonly<Record<string, unknown>>): string | undefined {
  for (const [key, def] of Object.entries(SYMBOLS)) {
    if (symbols[key] == null) return "name" in def ? def.name : key;
  }
  return undefined;
}

let loaded: Libc | undefined;

/** Loads libc once; throws {@link PlatformError} on a platform or libc that lacks what we need. */
export function libc(): Libc {
  if (loaded) return loaded;
  const where = `${Deno.build.os}/${Deno.build.arch}`;
  const platform = platformFor(Deno.build.os, Deno.build.arch);
  if (!platform) throw new PlatformError("mydaemon's libc binding", where);
  const [f, fstat] = open(platform, where);
  loaded = bind(platform, f, fstat);
  return loaded;
}

/**
 * Binds each symbol on its first use: Deno compiles a call stub per symbol
 * (~0.2 ms each, whether bound together or apart), and the launcher uses
 * about half of them. A required symbol that is missing fails on its first
 * use, with the same PlatformError.
 */
function open(platform: Platform, where: string): [Required & Optional, Libc["fstat"]] {
  const defs: Record<string, Deno.ForeignFunction | Deno.ForeignStatic> = {
    ...SYMBOLS,
    ...OPTIONAL,
  };
  const bindOne = (key: string): unknown => {
    const def = defs[key]!;
    let sym: unknown;
    try {
      sym = Deno.dlopen(platform.library, { [key]: { ...def, optional: true } }).symbols[key];
    } catch {
      throw new PlatformError(platform.library, where);
    }
    if (sym == null && key in SYMBOLS) {
      throw new PlatformError(`libc function ${"name" in def ? def.name : key}`, where);
    }
    return sym;
  };
  const lazy: Record<string, unknown> = {};
  for (const key of Object.keys(defs)) {
    Object.defineProperty(lazy, key, {
      configurable: true,
      get() {
        const value = bindOne(key);
        Object.defineProperty(lazy, key, { value });
        return value;
      },
    });
  }
  const f = lazy as unknown as Required & Optional;
  const fstat = fstatCall(f, platform.stat);
  if (!fstat) throw new PlatformError("libc function fstat (or __fxstat)", where);
  return [f, fstat];
}

function bind(platform: Platform, f: Required & Optional, fstat: Libc["fstat"]): Libc {
  // errno lives at a fixed per-thread address; read it through one view made
  // now, at once after each call, so no allocation can run in between.
  const errnoView = new Deno.UnsafePointerView(f.__errno_location()!);
  const errno = () => errnoView.getInt32();
  const ret = (r: number | bigint) => Number(r) >= 0 ? Number(r) : -errno();
  const enc = new TextEncoder();
  return {
    platform,
    open: (path, flags, mode) => ret(f.open(enc.encode(path + "\0"), flags, mode)),
    openat: (dirfd, name, flags, mode) =>
      ret(f.openat(dirfd, enc.encode(name + "\0"), flags, mode)),
    readlinkat(dirfd, name) {
      const buf = new Uint8Array(4096);
      const n = ret(f.readlinkat(dirfd, enc.encode(name + "\0"), buf, BigInt(buf.length)));
      return n < 0 ? n : buf.slice(0, n);
    },
    unlinkat: (dirfd, name) => ret(f.unlinkat(dirfd, enc.encode(name + "\0"), 0)),
    renameat: (fromDir, from, toDir, to) =>
      ret(f.renameat(fromDir, enc.encode(from + "\0"), toDir, enc.encode(to + "\0"))),
    close: (fd) => ret(f.close(fd)),
    read: (fd, buf) => ret(f.read(fd, buf, BigInt(buf.length))),
    write: (fd, buf) => ret(f.write(fd, buf, BigInt(buf.length))),
    flock: (fd, op) => ret(f.flock(fd, op)),
    ftruncate: (fd, size) => ret(f.ftruncate(fd, BigInt(size))),
    fsync: (fd) => ret(f.fsync(fd)),
    seek: (fd, offset) => ret(f.lseek(fd, BigInt(offset), 0 /* SEEK_SET */)),
    fchmod: (fd, mode) => ret(f.fchmod(fd, mode)),
    fchown: (fd, uid, gid) => ret(f.fchown(fd, uid, gid)),
    fstat: (fd, buf) => ret(fstat(fd, buf)),
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
    sendDatagram(addr, addrlen, data) {
      const SOCK_DGRAM_CLOEXEC = 2 | 0o2000000, AF_UNIX = 1, MSG_NOSIGNAL = 0x4000;
      const fd = ret(f.socket(AF_UNIX, SOCK_DGRAM_CLOEXEC, 0));
      if (fd < 0) return fd;
      try {
        return ret(f.sendto(fd, data, BigInt(data.length), MSG_NOSIGNAL, addr, addrlen));
      } finally {
        f.close(fd);
      }
    },
    // Both calls have the same number on every Linux architecture (424, 434).
    pidfdOpen: (pid) => ret(f.syscall(434n, BigInt(pid), 0n, 0n, 0n)),
    pidfdSignal: (pidfd, signo) => ret(f.syscall(424n, BigInt(pidfd), BigInt(signo), 0n, 0n)),
    monotonicUsec() {
      const ts = new BigInt64Array(2); // struct timespec: i64 tv_sec, i64 tv_nsec
      const r = ret(f.clock_gettime(1, /* CLOCK_MONOTONIC */ new Uint8Array(ts.buffer)));
      return r < 0 ? r : ts[0]! * 1_000_000n + ts[1]! / 1_000n;
    },
    spawn: (req) => spawnDetached(f as unknown as SpawnSymbols, req),
    async waitExit(pid) {
      const status = new Int32Array(1);
      const r = await f.waitpidAsync(pid, new Uint8Array(status.buffer), 0);
      return r === pid ? status[0]! : -1;
    },
    cloexec: (fd) => ret(f.fcntl(fd, 2, /* F_SETFD */ 1 /* FD_CLOEXEC */)),
    nonblocking(fd) {
      const flags = ret(f.fcntl(fd, 3, /* F_GETFL */ 0));
      return flags < 0 ? flags : ret(f.fcntl(fd, 4, /* F_SETFL */ flags | platform.flags.nonblock));
    },
    ignoreSignal: (signo) =>
      Deno.UnsafePointer.value(f.signal(signo, Deno.UnsafePointer.create(1n))) > 1n,
  };
}
