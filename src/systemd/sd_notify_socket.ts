/**
 * The libc side of `sd_notify`: one datagram to `$NOTIFY_SOCKET`, and the
 * `CLOCK_MONOTONIC` time, through FFI (`--allow-ffi`; no `--allow-net`, no
 * unstable flags). libc is opened on first use only, so a daemon that is not
 * run by systemd never loads it.
 */

/** A notification that could not be delivered; the daemon logs it and goes on. */
export class NotifyError extends Error {
  /** The `NOTIFY_SOCKET` value the message was for. */
  readonly address: string;
  /** Why it failed, e.g. `sendto: No such file or directory (errno 2)`. */
  readonly reason: string;
  /** The libc `errno`, when a libc call failed. */
  readonly errno: number | null;

  /**
   * An error for `address`, with the message `cannot notify systemd at <address>: <reason>`.
   *
   * @example
   * ```ts
   * const e = new NotifyError("/run/x.sock", "sendto: Connection refused (errno 111)", 111);
   * e.message; // "cannot notify systemd at /run/x.sock: sendto: Connection refused (errno 111)"
   * ```
   */
  constructor(address: string, reason: string, errno: number | null = null) {
    super(`cannot notify systemd at ${address}: ${reason}`);
    this.name = "NotifyError";
    this.address = address;
    this.reason = reason;
    this.errno = errno;
  }
}

/** A `struct sockaddr_un` ready for `sendto`: the bytes and the `addrlen` to pass. */
export interface SockaddrUn {
  /** The whole structure (the unused tail is zero). */
  readonly bytes: Uint8Array;
  /** How many of those bytes are the address (`socklen_t addrlen`). */
  readonly length: number;
}

/** An encoded address, or the reason there is none. */
export type SockaddrResult = { ok: true; value: SockaddrUn } | { ok: false; reason: string };

const PATH_BYTES = { linux: 108, darwin: 104 } as const;

/**
 * Encodes a `NOTIFY_SOCKET` value as a `sockaddr_un`. Linux: u16 family and a
 * 108-byte path; `@name` is an abstract address (leading NUL, no trailing NUL,
 * `addrlen` = 2 + 1 + name bytes). macOS: u8 length, u8 family, 104-byte path.
 *
 * @example
 * ```ts
 * const r = encodeSockaddrUn("@sd", "linux");
 * if (r.ok) r.value.length; // 5: family (2) + NUL + "sd"
 * ```
 */
export function encodeSockaddrUn(address: string, os: string): SockaddrResult {
  if (os !== "linux" && os !== "darwin") return { ok: false, reason: `unsupported OS ${os}` };
  const abstract = address.startsWith("@");
  if (!abstract && !address.startsWith("/")) {
    return { ok: false, reason: "not an absolute path or @abstract name" };
  }
  if (abstract && os !== "linux") {
    return { ok: false, reason: "abstract socket addresses exist only on Linux" };
  }
  const name = new TextEncoder().encode(abstract ? address.slice(1) : address);
  if (name.includes(0)) return { ok: false, reason: "the address contains a NUL byte" };
  // The path needs room for its NUL terminator; an abstract name for its leading NUL.
  if (name.length + 1 > PATH_BYTES[os]) {
    return { ok: false, reason: `the address is longer than ${PATH_BYTES[os] - 1} bytes` };
  }
  const bytes = new Uint8Array(2 + PATH_BYTES[os]);
  const length = 2 + name.length + 1;
  if (os === "linux") new DataView(bytes.buffer).setUint16(0, AF_UNIX, true);
  else bytes.set([length, AF_UNIX]);
  bytes.set(name, abstract ? 3 : 2);
  return { ok: true, value: { bytes, length } };
}

const AF_UNIX = 1;

/** Per-OS libc names and constants. */
interface OsConstants {
  readonly library: string;
  readonly errno: string;
  readonly socketType: number;
  readonly sendFlags: number;
  readonly clockMonotonic: number;
}

const OS: Readonly<Record<"linux" | "darwin", OsConstants>> = {
  linux: {
    library: "libc.so.6",
    errno: "__errno_location",
    socketType: 2 | 0x80000, // SOCK_DGRAM | SOCK_CLOEXEC
    sendFlags: 0x4000, // MSG_NOSIGNAL
    clockMonotonic: 1,
  },
  // No SOCK_CLOEXEC on macOS; the descriptor lives only for one synchronous call.
  darwin: {
    library: "libSystem.B.dylib",
    errno: "__error",
    socketType: 2,
    sendFlags: 0,
    clockMonotonic: 6,
  },
};

function symbols(errnoSymbol: string) {
  return {
    socket: { parameters: ["i32", "i32", "i32"], result: "i32" },
    sendto: { parameters: ["i32", "buffer", "usize", "i32", "buffer", "u32"], result: "isize" },
    close: { parameters: ["i32"], result: "i32" },
    clock_gettime: { parameters: ["i32", "buffer"], result: "i32" },
    strerror: { parameters: ["i32"], result: "pointer" },
    errnoLocation: { name: errnoSymbol, parameters: [], result: "pointer" },
  } as const;
}

type Libc = Deno.DynamicLibrary<ReturnType<typeof symbols>>["symbols"];

/** The effects of `sd_notify`, so that they can be replaced in tests. */
export interface NotifyTransport {
  /** Sends `message` as one datagram to `address`; throws `NotifyError`. */
  send(address: string, message: string): void;
  /** `CLOCK_MONOTONIC` now, in microseconds; throws `NotifyError` (for `address`). */
  monotonicUsec(address: string): bigint;
}

/**
 * The libc transport for `os` (`Deno.build.os`). Nothing is loaded until the
 * first call.
 *
 * @example Under systemd (needs its socket, so not run as a doc test)
 * ```ts ignore
 * const transport = libcTransport(Deno.build.os);
 * transport.send("/run/systemd/notify", "READY=1");
 * ```
 */
export function libcTransport(os: string): NotifyTransport {
  const target = os === "linux" || os === "darwin" ? OS[os] : null;
  let libc: Libc | null = null;
  const load = (address: string): [Libc, OsConstants] => {
    if (target === null) throw new NotifyError(address, `unsupported OS ${os}`);
    try {
      libc ??= Deno.dlopen(target.library, symbols(target.errno)).symbols;
    } catch (e) {
      throw new NotifyError(address, `cannot load ${target.library}: ${(e as Error).message}`);
    }
    return [libc, target];
  };
  return {
    send(address, message) {
      const sockaddr = encodeSockaddrUn(address, os);
      if (!sockaddr.ok) throw new NotifyError(address, sockaddr.reason);
      sendDatagram(...load(address), address, sockaddr.value, message);
    },
    monotonicUsec(address) {
      const [c, consts] = load(address);
      const timespec = new BigInt64Array(2); // struct timespec: i64 tv_sec, i64 tv_nsec
      if (c.clock_gettime(consts.clockMonotonic, timespec) !== 0) {
        throw libcError(c, address, "clock_gettime");
      }
      return timespec[0]! * 1_000_000n + timespec[1]! / 1_000n;
    },
  };
}

function sendDatagram(
  c: Libc,
  os: OsConstants,
  address: string,
  sockaddr: SockaddrUn,
  message: string,
): void {
  const fd = c.socket(AF_UNIX, os.socketType, 0);
  if (fd < 0) throw libcError(c, address, "socket");
  try {
    const data = new TextEncoder().encode(message);
    const sent = Number(
      c.sendto(fd, data, BigInt(data.length), os.sendFlags, sockaddr.bytes, sockaddr.length),
    );
    if (sent < 0) throw libcError(c, address, "sendto");
    if (sent !== data.length) {
      throw new NotifyError(address, `sendto: sent ${sent} of ${data.length} bytes`);
    }
  } finally {
    c.close(fd);
  }
}

function libcError(c: Libc, address: string, call: string): NotifyError {
  const location = c.errnoLocation();
  const errno = location === null ? 0 : new Deno.UnsafePointerView(location).getInt32();
  const text = c.strerror(errno);
  const description = text === null ? "unknown error" : Deno.UnsafePointerView.getCString(text);
  return new NotifyError(address, `${call}: ${description} (errno ${errno})`, errno);
}
