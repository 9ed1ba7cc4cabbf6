/**
 * The file and descriptor calls as bare Linux system calls, all through
 * libc's one `syscall` symbol. Deno compiles a call stub for every FFI symbol
 * on first use (~1 ms for the first, 0.15-0.6 ms for each after it), and a
 * start touches some fifteen of them in the launcher and as many again in the
 * daemon: through one symbol they cost one stub. Only calls that glibc itself
 * passes straight to the kernel are routed here; `setuid` and friends stay
 * libc's, whose wrappers apply them to every thread of the process.
 * @module
 */

/** The system calls used, by their kernel names. */
export type SyscallName =
  | "read"
  | "write"
  | "close"
  | "fstat"
  | "newfstatat"
  | "lseek"
  | "fcntl"
  | "flock"
  | "fsync"
  | "ftruncate"
  | "fchmod"
  | "fchown"
  | "openat"
  | "openat2"
  | "unlinkat"
  | "renameat"
  | "renameat2"
  | "readlinkat"
  | "dup3"
  | "pipe2"
  | "close_range"
  | "pidfd_open"
  | "pidfd_send_signal"
  | "ppoll";

/** A system call's number on one architecture. */
export type SyscallNumbers = Readonly<Record<SyscallName, number>>;

/**
 * x86_64: arch/x86/entry/syscalls/syscall_64.tbl; aarch64: the generic table
 * (include/uapi/asm-generic/unistd.h), which has no `open`, `pipe` or `dup2`:
 * hence `openat`, `pipe2` and `dup3` on both.
 */
export const SYSCALL_NUMBERS: Readonly<Record<string, SyscallNumbers>> = {
  x86_64: {
    read: 0,
    write: 1,
    close: 3,
    fstat: 5,
    newfstatat: 262,
    lseek: 8,
    fcntl: 72,
    flock: 73,
    fsync: 74,
    ftruncate: 77,
    fchmod: 91,
    fchown: 93,
    openat: 257,
    openat2: 437,
    unlinkat: 263,
    renameat: 264,
    renameat2: 316,
    readlinkat: 267,
    dup3: 292,
    pipe2: 293,
    close_range: 436,
    pidfd_open: 434,
    pidfd_send_signal: 424,
    ppoll: 271,
  },
  aarch64: {
    read: 63,
    write: 64,
    close: 57,
    fstat: 80,
    newfstatat: 79,
    lseek: 62,
    fcntl: 25,
    flock: 32,
    fsync: 82,
    ftruncate: 46,
    fchmod: 52,
    fchown: 55,
    openat: 56,
    openat2: 437,
    unlinkat: 35,
    renameat: 38,
    renameat2: 276,
    readlinkat: 78,
    dup3: 24,
    pipe2: 59,
    close_range: 436,
    pidfd_open: 434,
    pidfd_send_signal: 424,
    ppoll: 73,
  },
};

/** libc's `syscall(number, a, b, c, d, e)`: the result, or -1 with errno set. */
export type SyscallFn = (
  nr: bigint,
  a: bigint,
  b: bigint,
  c: bigint,
  d: bigint,
  e: bigint,
) => bigint;

/** An argument: an integer, or a buffer passed by address (null: NULL). */
export type Arg = number | bigint | Uint8Array | null;

function word(a: Arg): bigint {
  if (typeof a === "bigint") return a;
  if (typeof a === "number") return BigInt(a);
  if (a === null) return 0n;
  return BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(a)));
}

/**
 * A caller of the named system calls through `sys` (bound lazily by the
 * caller: the first call pays for the one stub). A buffer argument must stay
 * referenced until the call returns, as the caller's own variable does.
 */
export function syscaller(
  sys: () => SyscallFn,
  numbers: SyscallNumbers,
): (name: SyscallName, ...args: Arg[]) => number {
  return (name, ...args) => {
    const [a = 0, b = 0, c = 0, d = 0, e = 0] = args;
    return Number(sys()(BigInt(numbers[name]), word(a), word(b), word(c), word(d), word(e)));
  };
}
