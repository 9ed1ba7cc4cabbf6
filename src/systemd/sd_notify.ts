/**
 * The `sd_notify(3)` protocol: telling systemd (`Type=notify`) that the daemon
 * is ready, reloading, stopping, or alive (watchdog). Deciding and formatting
 * are pure; the sending is behind {@link Notifier}. When `NOTIFY_SOCKET` is
 * unset every call is a no-op and libc is never loaded.
 *
 * The helpers never throw: they return a {@link NotifyError} (or `null`), which
 * the daemon logs and otherwise ignores.
 */

import { libcTransport, NotifyError, type NotifyTransport } from "./sd_notify_socket.ts";

export { NotifyError, type NotifyTransport } from "./sd_notify_socket.ts";

/** Sends messages to the service manager. */
export interface Notifier {
  /** The `NOTIFY_SOCKET` value, or `null` for the no-op notifier. */
  readonly address: string | null;
  /** Sends one message (`KEY=value` lines); throws `NotifyError`. */
  send(message: string): void;
  /** `CLOCK_MONOTONIC` now, in µs, as `MONOTONIC_USEC=` wants it; throws `NotifyError`. */
  monotonicUsec(): bigint;
}

/** The fields of one message, in the order they are sent. */
export type NotifyFields = Readonly<Record<string, string | number | bigint>>;

/**
 * Formats fields as an `sd_notify` message: `KEY=value` lines joined by `\n`.
 * Newlines inside a value become spaces (one field cannot forge another);
 * a key that is not `[A-Z][A-Z0-9_]*` is a programming error (`RangeError`).
 *
 * @example
 * ```ts
 * formatNotifyMessage({ READY: 1, MAINPID: 123, STATUS: "up" });
 * // "READY=1\nMAINPID=123\nSTATUS=up"
 * ```
 */
export function formatNotifyMessage(fields: NotifyFields): string {
  return Object.entries(fields).map(([key, value]) => {
    if (!/^[A-Z][A-Z0-9_]*$/.test(key)) throw new RangeError(`invalid sd_notify field ${key}`);
    return `${key}=${String(value).replace(/\r\n|[\r\n]/g, " ")}`;
  }).join("\n");
}

/** The notifier used when there is no `NOTIFY_SOCKET`: it does nothing. */
export const NOOP_NOTIFIER: Notifier = {
  address: null,
  send() {},
  monotonicUsec: () => 0n,
};

/**
 * The notifier `env` asks for: a socket notifier when `NOTIFY_SOCKET` is set
 * (libc is loaded on the first message), else {@link NOOP_NOTIFIER}.
 *
 * @example
 * ```ts
 * const notifier = notifierFromEnv(Deno.env.toObject());
 * ready(notifier, Deno.pid, "serving")?.message; // undefined, or why it failed
 * ```
 */
export function notifierFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  transport: NotifyTransport = libcTransport(Deno.build.os),
): Notifier {
  const address = env.NOTIFY_SOCKET;
  if (address === undefined || address === "") return NOOP_NOTIFIER;
  return {
    address,
    send: (message) => transport.send(address, message),
    monotonicUsec: () => transport.monotonicUsec(address),
  };
}

/**
 * Sends `fields`; returns the error instead of throwing it.
 *
 * @example
 * ```ts
 * notify(notifierFromEnv(Deno.env.toObject()), { STATUS: "compacting" }); // null when sent
 * ```
 */
export function notify(notifier: Notifier, fields: NotifyFields): NotifyError | null {
  if (notifier.address === null) return null;
  try {
    notifier.send(formatNotifyMessage(fields));
    return null;
  } catch (e) {
    return asNotifyError(notifier.address, e);
  }
}

/**
 * Start-up is complete: `READY=1`, `MAINPID=<pid>` (and `STATUS=`).
 *
 * @example
 * ```ts
 * ready(notifierFromEnv(Deno.env.toObject()), Deno.pid, "serving");
 * ```
 */
export function ready(notifier: Notifier, pid: number, status?: string): NotifyError | null {
  return notify(notifier, { READY: 1, MAINPID: pid, ...statusField(status) });
}

/**
 * A reload (SIGHUP) has begun: `RELOADING=1`, `MONOTONIC_USEC=<CLOCK_MONOTONIC
 * now>` (and `STATUS=`); follow it with {@link readyAgain} when it is done.
 *
 * @example
 * ```ts
 * reloading(notifierFromEnv(Deno.env.toObject()), "reloading configuration");
 * ```
 */
export function reloading(notifier: Notifier, status?: string): NotifyError | null {
  if (notifier.address === null) return null;
  try {
    const now = notifier.monotonicUsec();
    return notify(notifier, { RELOADING: 1, MONOTONIC_USEC: now, ...statusField(status) });
  } catch (e) {
    return asNotifyError(notifier.address, e);
  }
}

/**
 * A reload is done: `READY=1` (and `STATUS=`).
 *
 * @example
 * ```ts
 * readyAgain(notifierFromEnv(Deno.env.toObject()), "serving");
 * ```
 */
export function readyAgain(notifier: Notifier, status?: string): NotifyError | null {
  return notify(notifier, { READY: 1, ...statusField(status) });
}

/**
 * Shutdown has begun: `STOPPING=1` (and `STATUS=`).
 *
 * @example
 * ```ts
 * stopping(notifierFromEnv(Deno.env.toObject()));
 * ```
 */
export function stopping(notifier: Notifier, status?: string): NotifyError | null {
  return notify(notifier, { STOPPING: 1, ...statusField(status) });
}

/**
 * How often to send `WATCHDOG=1`, in ms: half of `WATCHDOG_USEC`, when it is
 * set and `WATCHDOG_PID` is unset or `pid`; else `null` (no watchdog).
 *
 * @example
 * ```ts
 * watchdogInterval({ WATCHDOG_USEC: "30000000" }, 42); // 15000
 * ```
 */
export function watchdogInterval(
  env: Readonly<Record<string, string | undefined>>,
  pid: number,
): number | null {
  const usec = env.WATCHDOG_USEC ?? "";
  const owner = env.WATCHDOG_PID ?? "";
  if (!/^[0-9]+$/.test(usec) || Number(usec) === 0) return null;
  if (owner !== "" && (!/^[0-9]+$/.test(owner) || Number(owner) !== pid)) return null;
  return Math.min(Math.max(1, Math.floor(Number(usec) / 2000)), MAX_TIMEOUT_MS);
}

const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** A running watchdog; `stop()` it at shutdown. */
export interface Watchdog {
  /** Stops the pings (idempotent). */
  stop(): void;
}

/**
 * Sends `WATCHDOG=1` now and then every `intervalMs` (an unref'd timer: it
 * never keeps the process alive) until stopped. A `null` interval or the no-op
 * notifier starts nothing. Failures go to `onError`; the pings go on.
 *
 * @example
 * ```ts
 * const notifier = notifierFromEnv(Deno.env.toObject());
 * const watchdog = startWatchdog(notifier, watchdogInterval(Deno.env.toObject(), Deno.pid));
 * watchdog.stop();
 * ```
 */
export function startWatchdog(
  notifier: Notifier,
  intervalMs: number | null,
  onError: (error: NotifyError) => void = () => {},
): Watchdog {
  if (notifier.address === null || intervalMs === null) return { stop() {} };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const ping = (): void => {
    const error = notify(notifier, { WATCHDOG: 1 });
    if (error !== null) onError(error);
    if (stopped) return;
    const next = setTimeout(ping, intervalMs);
    Deno.unrefTimer(next);
    timer = next;
  };
  ping();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

function statusField(status: string | undefined): { STATUS?: string } {
  return status === undefined ? {} : { STATUS: status };
}

function asNotifyError(address: string, e: unknown): NotifyError {
  return e instanceof NotifyError ? e : new NotifyError(address, String(e));
}
