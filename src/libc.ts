/**
 * The few libc calls Deno does not offer: `open` with `O_NOFOLLOW`, `fcntl`
 * to mark inherited descriptors close-on-exec, and `signal` to ignore SIGHUP
 * across the relaunch. Loaded lazily, once, so commands that never need it
 * (`--help`, `status`) pay nothing.
 */

/** open(2) flag values; they differ between kernels and even CPU families. */
export interface OpenFlags {
  readonly wronly: number;
  readonly rdwr: number;
  readonly creat: number;
  readonly excl: number;
  readonly append: number;
  readonly nonblock: number;
  readonly noctty: number;
  readonly nofollow: number;
  readonly cloexec: number;
}

/** Errno values we classify. */
export interface Errnos {
  readonly ENOENT: number;
  readonly EACCES: number;
  readonly EEXIST: number;
  readonly ELOOP: number;
  readonly EISDIR: number;
  readonly ENOTDIR: number;
  readonly ENXIO: number;
  readonly EWOULDBLOCK: number;
  readonly EINTR: number;
}

/** Where `struct stat` keeps what we read, and the symbol that fills it. */
export interface StatLayout {
  readonly symbol: string;
  readonly size: number;
  readonly dev: readonly [offset: number, bytes: 4 | 8];
  readonly ino: number;
  readonly mode: readonly [offset: number, bytes: 2 | 4];
  readonly uid: number;
}

export interface Platform {
  readonly library: string;
  readonly errnoSymbol: "__errno_location" | "__error";
  readonly flags: OpenFlags;
  readonly errno: Errnos;
  readonly stat: StatLayout;
}

const LINUX_ERRNO: Errnos = {
  ENOENT: 2,
  EACCES: 13,
  EEXIST: 17,
  ELOOP: 40,
  EISDIR: 21,
  ENOTDIR: 20,
  ENXIO: 6,
  EWOULDBLOCK: 11,
  EINTR: 4,
};
const LINUX_FLAGS = {
  wronly: 0o1,
  rdwr: 0o2,
  creat: 0o100,
  excl: 0o200,
  noctty: 0o400,
  append: 0o2000,
  nonblock: 0o4000,
  cloexec: 0o2000000,
};

/** Per OS and CPU: an explicit table, and unknown platforms are refused. */
export function platformFor(os: string, arch: string): Platform | undefined {
  if (os === "linux" && (arch === "x86_64" || arch === "aarch64")) {
    const x86 = arch === "x86_64";
    return {
      library: "libc.so.6",
      errnoSymbol: "__errno_location",
      flags: { ...LINUX_FLAGS, nofollow: x86 ? 0o400000 : 0o100000 },
      errno: LINUX_ERRNO,
      // x86_64 keeps a 64-bit st_nlink before st_mode; the generic ABI does not.
      stat: x86
        ? { symbol: "fstat", size: 144, dev: [0, 8], ino: 8, mode: [24, 4], uid: 28 }
        : { symbol: "fstat", size: 128, dev: [0, 8], ino: 8, mode: [16, 4], uid: 24 },
    };
  }
  if (os === "darwin" && (arch === "x86_64" || arch === "aarch64")) {
    return {
      library: "libSystem.B.dylib",
      errnoSymbol: "__error",
      flags: {
        wronly: 0x1,
        rdwr: 0x2,
        nonblock: 0x4,
        append: 0x8,
        nofollow: 0x100,
        creat: 0x200,
        excl: 0x800,
        noctty: 0x20000,
        cloexec: 0x1000000,
      },
      errno: { ...LINUX_ERRNO, ELOOP: 62, EWOULDBLOCK: 35 },
      stat: {
        symbol: arch === "x86_64" ? "fstat$INODE64" : "fstat",
        size: 144,
        dev: [0, 4],
        ino: 8,
        mode: [4, 2],
        uid: 16,
      },
    };
  }
  return undefined;
}

const SYMBOLS = {
  open: { parameters: ["buffer", "i32", "u32"], result: "i32" },
  close: { parameters: ["i32"], result: "i32" },
  read: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  write: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  flock: { parameters: ["i32", "i32"], result: "i32" },
  ftruncate: { parameters: ["i32", "i64"], result: "i32" },
  fsync: { parameters: ["i32"], result: "i32" },
  fchmod: { parameters: ["i32", "u32"], result: "i32" },
  fchown: { parameters: ["i32", "u32", "u32"], result: "i32" },
  fcntl: { parameters: ["i32", "i32", "i32"], result: "i32" },
  signal: { parameters: ["i32", "pointer"], result: "pointer" },
  pipe: { parameters: ["buffer"], result: "i32" },
  setgroups: { parameters: ["usize", "pointer"], result: "i32" },
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
  fchmod(fd: number, mode: number): number;
  fchown(fd: number, uid: number, gid: number): number;
  /** Fills `buf` (platform.stat.size bytes) with `struct stat`. */
  fstat(fd: number, buf: Uint8Array): number;
  /** Reads on a helper thread, so waiting does not block the event loop. */
  readAsync(fd: number, buf: Uint8Array): Promise<number>;
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
  const errno = () => new Deno.UnsafePointerView(f.errno()!).getInt32();
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
    fchmod: (fd, mode) => ret(f.fchmod(fd, mode)),
    fchown: (fd, uid, gid) => ret(f.fchown(fd, uid, gid)),
    fstat: (fd, buf) => ret(f.fstat(fd, buf)),
    readAsync: async (fd, buf) => ret(await f.readAsync(fd, buf, BigInt(buf.length))),
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
      // F_GETFD on a closed fd fails harmlessly; 4096 covers any sane limit.
      for (let fd = 3; fd < 4096; fd++) {
        if (f.fcntl(fd, 1, /* F_GETFD */ 0) >= 0) f.fcntl(fd, 2, /* F_SETFD */ 1 /* FD_CLOEXEC */);
      }
    },
    ignoreSignal: (signo) => void f.signal(signo, Deno.UnsafePointer.create(1n)),
  };
  return loaded;
}
