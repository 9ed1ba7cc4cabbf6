/**
 * The libc constants that differ between kernels and CPU families, as an
 * explicit table: a platform not listed is refused rather than guessed.
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
  /** O_PATH: a handle on a path that grants no I/O (the walk's directories, a link itself). */
  readonly path: number;
  readonly directory: number;
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
  /** Offset of the 64-bit st_size. */
  readonly sizeOffset: number;
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
  path: 0o10000000,
};

/** Per OS and CPU: an explicit table, and unknown platforms are refused. */
export function platformFor(os: string, arch: string): Platform | undefined {
  if (os === "linux" && (arch === "x86_64" || arch === "aarch64")) {
    const x86 = arch === "x86_64";
    return {
      library: "libc.so.6",
      errnoSymbol: "__errno_location",
      flags: {
        ...LINUX_FLAGS,
        nofollow: x86 ? 0o400000 : 0o100000,
        directory: x86 ? 0o200000 : 0o40000,
      },
      errno: LINUX_ERRNO,
      // x86_64 keeps a 64-bit st_nlink before st_mode; the generic ABI does not.
      stat: x86
        ? {
          symbol: "fstat",
          size: 144,
          dev: [0, 8],
          ino: 8,
          mode: [24, 4],
          uid: 28,
          sizeOffset: 48,
        }
        : {
          symbol: "fstat",
          size: 128,
          dev: [0, 8],
          ino: 8,
          mode: [16, 4],
          uid: 24,
          sizeOffset: 48,
        },
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
        // No O_PATH: O_SYMLINK opens a link itself (unverified, as the rest of this table).
        path: 0x200000,
        directory: 0x100000,
      },
      errno: { ...LINUX_ERRNO, ELOOP: 62, EWOULDBLOCK: 35 },
      stat: {
        symbol: arch === "x86_64" ? "fstat$INODE64" : "fstat",
        size: 144,
        dev: [0, 4],
        ino: 8,
        mode: [4, 2],
        uid: 16,
        sizeOffset: 96,
      },
    };
  }
  return undefined;
}
