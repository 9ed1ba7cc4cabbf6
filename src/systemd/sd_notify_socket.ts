/**
 * The libc side of `sd_notify`: one datagram to `$NOTIFY_SOCKET`, and the
 * `CLOCK_MONOTONIC` time, through the one libc binding (os/libc.ts, FFI:
 * `--allow-ffi`; no `--allow-net`, no unstable flags). It is opened on first
 * use only, so a daemon that is not run by systemd never loads it.
 */
import { errnoReason } from "../errors/errno_names.ts";
import { libc } from "../os/libc.ts";

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
  const load = (address: string) => {
    try {
      return libc();
    } catch (e) {
      throw new NotifyError(address, (e as Error).message);
    }
  };
  return {
    send(address, message) {
      const sockaddr = encodeSockaddrUn(address, os);
      if (!sockaddr.ok) throw new NotifyError(address, sockaddr.reason);
      const data = new TextEncoder().encode(message);
      const { bytes, length } = sockaddr.value;
      const sent = load(address).sendDatagram(bytes, length, data);
      if (sent < 0) throw libcError(address, "sendto", -sent);
      if (sent !== data.length) {
        throw new NotifyError(address, `sendto: sent ${sent} of ${data.length} bytes`);
      }
    },
    monotonicUsec(address) {
      const usec = load(address).monotonicUsec();
      if (typeof usec === "number") throw libcError(address, "clock_gettime", -usec);
      return usec;
    },
  };
}

function libcError(address: string, call: string, errno: number): NotifyError {
  return new NotifyError(address, `${call}: ${errnoReason(errno)} (errno ${errno})`, errno);
}
