/**
 * The few libc calls Deno does not offer: `open` with `O_NOFOLLOW`, `flock`
 * and friends on the descriptor we vetted, `fcntl` to mark inherited
 * descriptors close-on-exec, `signal` to ignore SIGHUP across the relaunch,
 * the spawn and the privilege drop. Loaded lazily, once: `--help` never loads
 * it. The file and descriptor calls go to the kernel through the one
 * `syscall` symbol (see linux_syscall.ts), which also spares us glibc's
 * versioned entry points (`fstat` is 2.33+).
 *
 * Every symbol here exists in glibc 2.27 (the oldest glibc Deno runs on); a
 * missing one is refused with {@link PlatformError}, by name.
 */

import { PlatformError } from "./platform_error.ts";
import { type Platform, platformFor } from "./libc_platform.ts";
import { spawnDetached, type SpawnRequest, type SpawnSymbols } from "./libc_spawn.ts";
import { type Arg, syscaller, type SyscallFn, type SyscallName } from "./linux_syscall.ts";

export type { Errnos, OpenFlags, Platform, StatLayout } from "./libc_platform.ts";
export { platformFor } from "./libc_platform.ts";

const SYMBOLS = {
  __errno_location: { parameters: [], result: "pointer" },
  signal: { parameters: ["i32", "pointer"], result: "pointer" },
  setgroups: { parameters: ["usize", "pointer"], result: "i32" },
  setgid: { parameters: ["u32"], result: "i32" },
  setuid: { parameters: ["u32"], result: "i32" },
  // sd_notify: one datagram to $NOTIFY_SOCKET, and CLOCK_MONOTONIC for it.
  socket: { parameters: ["i32", "i32", "i32"], result: "i32" },
  sendto: { parameters: ["i32", "buffer", "usize", "i32", "buffer", "u32"], result: "isize" },
  clock_gettime: { parameters: ["i32", "buffer"], result: "i32" },
  // syscall() is variadic in C, but glibc writes it in assembly that only
  // moves integer registers, so a fixed-arity call is exact on x86_64 and aarch64.
  syscall: { parameters: ["i64", "i64", "i64", "i64", "i64", "i64"], result: "i64" },
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

type Symbols = Deno.StaticForeignLibraryInterface<typeof SYMBOLS>;

/** The raw calls; each returns its result, or `-errno` on failure. */
export interface Libc {
  readonly platform: Platform;
  open(path: string, flags: number, mode: number): number;
  /** `name` (one component, or a relative path) in the directory `dirfd`. */
  openat(dirfd: number, name: string, flags: number, mode: number): number;
  /**
   * openat2(2) with `RESOLVE_NO_SYMLINKS` (Linux 5.6+): `path`, failing with
   * ELOOP if any component is a symbolic link; -ENOSYS on older kernels (or
   * under a seccomp filter that does not know it).
   */
  openNoLinks(path: string, flags: number): number;
  /** The target of the symlink `name` in `dirfd`, as bytes; or -errno. */
  readlinkat(dirfd: number, name: string): Uint8Array | number;
  unlinkat(dirfd: number, name: string): number;
  /**
   * Renames `from` over `to`; with `exchange`, swaps the two atomically
   * (RENAME_EXCHANGE, Linux 3.15+: EINVAL where the filesystem cannot, ENOENT
   * when `to` is absent).
   */
  renameat(fromDir: number, from: string, toDir: number, to: string, exchange?: boolean): number;
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
  /** The same for what `path` names, links followed (stat(2)): no descriptor to open and close. */
  stat(path: string, buf: Uint8Array): number;
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
  /**
   * Blocks this thread until `fd` is readable or `timeoutMs` passes (ppoll,
   * which aarch64 has and `poll` it lacks): 1 readable (or not open: POLLNVAL),
   * 0 timed out, or -errno.
   */
  pollReadable(fd: number, timeoutMs: number): number;
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

/** The first symbol `symbols` lacks, by its C name (all are loaded as optional). */
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
  loaded = bind(platform, open(platform, where));
  return loaded;
}

/**
 * Binds each symbol on its first use: Deno compiles a call stub per symbol,
 * whether bound together or apart, and a process uses only some of them. A
 * missing one fails on its first use, with the same PlatformError.
 */
function open(platform: Platform, where: string): Symbols {
  const defs: Record<string, Deno.ForeignFunction | Deno.ForeignStatic> = SYMBOLS;
  const bindOne = (key: string): unknown => {
    const def = defs[key]!;
    let sym: unknown;
    try {
      sym = Deno.dlopen(platform.library, { [key]: { ...def, optional: true } }).symbols[key];
    } catch {
      throw new PlatformError(platform.library, where);
    }
    if (sym == null) {
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
  return lazy as unknown as Symbols;
}

const AT_FDCWD = -100;
const F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, FD_CLOEXEC = 1;

function bind(platform: Platform, f: Symbols): Libc {
  // errno lives at a fixed per-thread address; read it through one view made
  // now, at once after each call, so no allocation can run in between.
  const errnoView = new Deno.UnsafePointerView(f.__errno_location()!);
  const errno = () => errnoView.getInt32();
  const ret = (r: number | bigint) => Number(r) >= 0 ? Number(r) : -errno();
  const call = syscaller(() => f.syscall as unknown as SyscallFn, platform.syscalls);
  const sys = (name: SyscallName, ...args: Arg[]) => ret(call(name, ...args));
  const enc = new TextEncoder();
  const z = (s: string) => enc.encode(s + "\0");
  return {
    platform,
    open: (path, flags, mode) => sys("openat", AT_FDCWD, z(path), flags, mode),
    openat: (dirfd, name, flags, mode) => sys("openat", dirfd, z(name), flags, mode),
    openNoLinks(path, flags) {
      const RESOLVE_NO_SYMLINKS = 0x04;
      const how = new BigUint64Array([BigInt(flags), 0n, BigInt(RESOLVE_NO_SYMLINKS)]);
      return sys("openat2", AT_FDCWD, z(path), new Uint8Array(how.buffer), how.byteLength);
    },
    readlinkat(dirfd, name) {
      const buf = new Uint8Array(4096);
      const n = sys("readlinkat", dirfd, z(name), buf, buf.length);
      return n < 0 ? n : buf.slice(0, n);
    },
    unlinkat: (dirfd, name) => sys("unlinkat", dirfd, z(name), 0),
    renameat: (fromDir, from, toDir, to, exchange = false) =>
      exchange
        ? sys("renameat2", fromDir, z(from), toDir, z(to), 2 /* RENAME_EXCHANGE */)
        : sys("renameat", fromDir, z(from), toDir, z(to)),
    close: (fd) => sys("close", fd),
    read: (fd, buf) => sys("read", fd, buf, buf.length),
    write: (fd, buf) => sys("write", fd, buf, buf.length),
    flock: (fd, op) => sys("flock", fd, op),
    ftruncate: (fd, size) => sys("ftruncate", fd, size),
    fsync: (fd) => sys("fsync", fd),
    seek: (fd, offset) => sys("lseek", fd, offset, 0 /* SEEK_SET */),
    fchmod: (fd, mode) => sys("fchmod", fd, mode),
    fchown: (fd, uid, gid) => sys("fchown", fd, uid, gid),
    fstat: (fd, buf) => sys("fstat", fd, buf),
    stat: (path, buf) => sys("newfstatat", AT_FDCWD, z(path), buf, 0),
    dup2(from, to) {
      if (from !== to) return sys("dup3", from, to, 0); // dup3 refuses from === to
      const r = sys("fcntl", from, F_GETFD, 0);
      return r < 0 ? r : to;
    },
    readAsync: async (fd, buf) =>
      Math.max(-1, Number(await f.readAsync(fd, buf, BigInt(buf.length)))),
    pipe() {
      const fds = new Int32Array(2);
      const r = sys("pipe2", new Uint8Array(fds.buffer), 0);
      if (r < 0) throw new Error(`pipe failed (errno ${-r})`);
      sys("fcntl", fds[0]!, F_SETFD, FD_CLOEXEC);
      return [fds[0]!, fds[1]!];
    },
    becomeUser(uid, gid) {
      const steps = [() => f.setgroups(0n, null), () => f.setgid(gid), () => f.setuid(uid)];
      for (const step of steps) if (step() < 0) return -errno();
      return 0;
    },
    cloexecFrom3() {
      const CLOSE_RANGE_CLOEXEC = 4; // Linux 5.11+; before it, a loop does the same
      if (sys("close_range", 3, 0xffffffff, CLOSE_RANGE_CLOEXEC) === 0) return;
      // F_GETFD on a closed fd fails harmlessly; 4096 covers any sane limit.
      for (let fd = 3; fd < 4096; fd++) {
        if (sys("fcntl", fd, F_GETFD, 0) >= 0) sys("fcntl", fd, F_SETFD, FD_CLOEXEC);
      }
    },
    sendDatagram(addr, addrlen, data) {
      const SOCK_DGRAM_CLOEXEC = 2 | 0o2000000, AF_UNIX = 1, MSG_NOSIGNAL = 0x4000;
      const fd = ret(f.socket(AF_UNIX, SOCK_DGRAM_CLOEXEC, 0));
      if (fd < 0) return fd;
      try {
        return ret(f.sendto(fd, data, BigInt(data.length), MSG_NOSIGNAL, addr, addrlen));
      } finally {
        sys("close", fd);
      }
    },
    pidfdOpen: (pid) => sys("pidfd_open", pid, 0),
    pidfdSignal: (pidfd, signo) => sys("pidfd_send_signal", pidfd, signo, 0, 0),
    pollReadable(fd, timeoutMs) {
      const POLLIN = 1;
      const pollfd = new Uint8Array(8); // struct pollfd { int fd; short events, revents; }
      const view = new DataView(pollfd.buffer);
      view.setInt32(0, fd, true); // x86_64 and aarch64 Linux are little-endian
      view.setInt16(4, POLLIN, true);
      const ms = Math.max(0, Math.floor(timeoutMs));
      const ts = new BigInt64Array([
        BigInt(Math.floor(ms / 1000)),
        BigInt((ms % 1000) * 1_000_000),
      ]);
      return sys("ppoll", pollfd, 1, new Uint8Array(ts.buffer), null, 0);
    },
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
    cloexec: (fd) => sys("fcntl", fd, F_SETFD, FD_CLOEXEC),
    nonblocking(fd) {
      const flags = sys("fcntl", fd, F_GETFL, 0);
      return flags < 0 ? flags : sys("fcntl", fd, F_SETFL, flags | platform.flags.nonblock);
    },
    ignoreSignal: (signo) =>
      Deno.UnsafePointer.value(f.signal(signo, Deno.UnsafePointer.create(1n))) > 1n,
  };
}
