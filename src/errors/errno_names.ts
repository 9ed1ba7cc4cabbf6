/**
 * Errno numbers as words, for messages: "read-only file system", never
 * "errno 30". The numbers are Linux's; macOS numbers the few that differ.
 */
const REASONS: Readonly<Record<string, string>> = {
  EPERM: "operation not permitted",
  ENOENT: "no such file or directory",
  ESRCH: "no such process",
  EINTR: "interrupted system call",
  EIO: "input/output error",
  ENXIO: "no such device or address",
  EBADF: "bad file descriptor",
  EAGAIN: "resource temporarily unavailable",
  ENOMEM: "out of memory",
  EACCES: "permission denied",
  EBUSY: "device or resource busy",
  EEXIST: "file exists",
  EXDEV: "invalid cross-device link",
  ENODEV: "no such device",
  ENOTDIR: "a path component is not a directory",
  EISDIR: "is a directory",
  EINVAL: "invalid argument",
  ENFILE: "too many open files in system",
  EMFILE: "too many open files",
  ETXTBSY: "text file busy",
  EFBIG: "file too large",
  ENOSPC: "no space left on device",
  ESPIPE: "illegal seek",
  EROFS: "read-only file system",
  EMLINK: "too many links",
  EPIPE: "broken pipe",
  ENAMETOOLONG: "file name too long",
  ENOLCK: "no locks available",
  ENOSYS: "function not implemented",
  ELOOP: "too many levels of symbolic links",
  EOVERFLOW: "value too large for defined data type",
  EOPNOTSUPP: "operation not supported",
  EDQUOT: "disk quota exceeded",
  ESTALE: "stale file handle",
  ECONNREFUSED: "connection refused",
  EMSGSIZE: "message too long",
  ENOBUFS: "no buffer space available",
};

const LINUX: Readonly<Record<string, number>> = {
  EPERM: 1,
  ENOENT: 2,
  ESRCH: 3,
  EINTR: 4,
  EIO: 5,
  ENXIO: 6,
  EBADF: 9,
  EAGAIN: 11,
  ENOMEM: 12,
  EACCES: 13,
  EBUSY: 16,
  EEXIST: 17,
  EXDEV: 18,
  ENODEV: 19,
  ENOTDIR: 20,
  EISDIR: 21,
  EINVAL: 22,
  ENFILE: 23,
  EMFILE: 24,
  ETXTBSY: 26,
  EFBIG: 27,
  ENOSPC: 28,
  ESPIPE: 29,
  EROFS: 30,
  EMLINK: 31,
  EPIPE: 32,
  ENAMETOOLONG: 36,
  ENOLCK: 37,
  ENOSYS: 38,
  ELOOP: 40,
  EOVERFLOW: 75,
  EOPNOTSUPP: 95,
  EDQUOT: 122,
  ESTALE: 116,
  ECONNREFUSED: 111,
  EMSGSIZE: 90,
  ENOBUFS: 105,
};

/** Where macOS (BSD) numbers differ from Linux. */
const DARWIN: Readonly<Record<string, number>> = {
  ...LINUX,
  EAGAIN: 35,
  ENAMETOOLONG: 63,
  ELOOP: 62,
  ENOLCK: 77,
  ENOSYS: 78,
  EOVERFLOW: 84,
  EOPNOTSUPP: 102,
  EDQUOT: 69,
  ESTALE: 70,
  ECONNREFUSED: 61,
  EMSGSIZE: 40,
  ENOBUFS: 55,
};

function byNumber(table: Readonly<Record<string, number>>): Map<number, string> {
  return new Map(Object.entries(table).map(([name, n]) => [n, REASONS[name]!]));
}

const TABLES = new Map<string, Map<number, string>>();

/**
 * The reason an errno stands for, in words.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { errnoReason } from "./errno_names.ts";
 * assert.ok(errnoReason(30, "linux") === "read-only file system");
 * assert.ok(errnoReason(63, "darwin") === "file name too long");
 * assert.ok(errnoReason(4242, "linux") === "errno 4242");
 * ```
 */
export function errnoReason(errno: number, os: string = Deno.build.os): string {
  let table = TABLES.get(os);
  if (!table) TABLES.set(os, table = byNumber(os === "darwin" ? DARWIN : LINUX));
  return table.get(errno) ?? `errno ${errno}`;
}
