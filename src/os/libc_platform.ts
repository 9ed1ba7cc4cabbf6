import { SYSCALL_NUMBERS, type SyscallNumbers } from "./linux_syscall.ts";

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
  readonly EINVAL: number;
  readonly ENOSYS: number;
}

/** Where the kernel's `struct stat` (the fstat system call's) keeps what we read. */
export interface StatLayout {
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
  readonly flags: OpenFlags;
  readonly errno: Errnos;
  readonly stat: StatLayout;
  readonly syscalls: SyscallNumbers;
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
  EINVAL: 22,
  ENOSYS: 38,
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

/**
 * Per OS and CPU: an explicit table, and unknown platforms are refused.
 * Only glibc Linux: on macOS `open` and `fcntl` are variadic, which Apple's
 * arm64 ABI passes on the stack where a fixed-arity FFI call does not, and
 * what `/proc` tells us on Linux would need another path (see README).
 */
export function platformFor(os: string, arch: string): Platform | undefined {
  if (os !== "linux" || (arch !== "x86_64" && arch !== "aarch64")) return undefined;
  const x86 = arch === "x86_64";
  return {
    library: "libc.so.6",
    flags: {
      ...LINUX_FLAGS,
      nofollow: x86 ? 0o400000 : 0o100000,
      directory: x86 ? 0o200000 : 0o40000,
    },
    errno: LINUX_ERRNO,
    // Offsets of the kernel's struct stat, which glibc's is on both (x86_64:
    // arch/x86/include/uapi/asm/stat.h; aarch64: the generic layout). x86_64
    // keeps a 64-bit st_nlink before st_mode; the generic ABI has a 32-bit one after it.
    stat: x86
      ? { size: 144, dev: [0, 8], ino: 8, mode: [24, 4], uid: 28, sizeOffset: 48 }
      : { size: 128, dev: [0, 8], ino: 8, mode: [16, 4], uid: 24, sizeOffset: 48 },
    syscalls: SYSCALL_NUMBERS[arch]!,
  };
}
