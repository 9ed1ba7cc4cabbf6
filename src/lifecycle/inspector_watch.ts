/**
 * The second line of defence against `deno run`'s SIGUSR1 inspector. The
 * signal guard takes SIGUSR1 back from the runtime within a millisecond of
 * the runtime installing its handler, but a SIGUSR1 that lands inside that
 * millisecond has already been noted by the runtime, which opens an
 * unauthenticated inspector on 127.0.0.1:9229 a moment later. So, once the
 * handler has been replaced, we watch for that inspector for a while and
 * close it the moment it exists (closing also drops any client).
 */

import { later } from "../detach/later.ts";
import { libc } from "../os/libc.ts";

/** How long a SIGUSR1 noted by the runtime may take to open its inspector. */
export const INSPECTOR_WATCH_MS = 250;

/**
 * How often the thread count is looked at: loading `node:inspector` takes
 * ~15 ms once it moves, so finer polling would close an inspector little sooner.
 */
const WATCH_POLL_MS = 5;

/** What the watch needs of `node:inspector`; the real module fits. */
export interface InspectorApi {
  url(): string | undefined;
  close(): void;
}

/** Called after an inspector was found open and closed, with its address. */
export type InspectorClosed = (url: string) => void;

/**
 * Closes the inspector if it is open; returns its address if it was.
 * Without `--allow-sys` the inspector cannot be queried, and nothing is done.
 */
export function closeIfOpen(api: InspectorApi): string | null {
  let url: string | undefined;
  try {
    url = api.url();
  } catch {
    return null; // no sys permission: the runtime will not let us look
  }
  if (url === undefined) return null;
  api.close();
  return url;
}

/** This process's thread count; null where it cannot be known. */
export type ThreadCount = () => number | null;

const STATUS = new Uint8Array(4096); // /proc/self/status is ~1.5 KiB
const THREADS = new TextEncoder().encode("\nThreads:");

/**
 * `Threads:` of /proc/self/status, read through libc (Deno refuses /proc)
 * into one reused buffer: polled every few milliseconds, it leaves no garbage.
 */
export function ownThreads(): number | null {
  const c = libc();
  const fd = c.open("/proc/self/status", c.platform.flags.cloexec, 0);
  if (fd < 0) return null;
  const n = c.read(fd, STATUS);
  c.close(fd);
  return n > 0 ? threadsIn(STATUS, n) : null;
}

/** The number after `Threads:` in the first `n` bytes of a status file; null if none. */
export function threadsIn(status: Uint8Array, n: number): number | null {
  let at = -1;
  for (let i = 0; at < 0 && i + THREADS.length <= n; i++) {
    let k = 0;
    while (k < THREADS.length && status[i + k] === THREADS[k]) k++;
    if (k === THREADS.length) at = i + k;
  }
  let count = 0, digits = 0;
  for (; at >= 0 && at < n; at++) {
    const b = status[at]!;
    if (b >= 0x30 && b <= 0x39) (count = count * 10 + b - 0x30), digits++;
    else if (digits > 0 || b === 0x0a) break;
  }
  return digits > 0 ? count : null;
}

/** Loads the inspector API; by default `node:inspector`. */
export type InspectorLoader = () => Promise<InspectorApi>;

const nodeInspector: InspectorLoader = () => import("node:inspector").then((m) => m.default);

/**
 * Polls every few milliseconds for {@link INSPECTOR_WATCH_MS}, closing the
 * runtime's inspector should it appear (web timers: see detach/later.ts).
 * `node:inspector` costs 5 MiB of resident memory and ~15 ms, so it is
 * loaded only once the inspector may exist: when the thread count changes
 * (the inspector's server is a thread of its own), or at once where threads
 * cannot be counted. Once loaded, it is asked at least once, even late.
 */
export function watchInspector(
  onClosed: InspectorClosed,
  load: InspectorLoader = nodeInspector,
  threads: ThreadCount = ownThreads,
): () => void {
  const until = performance.now() + INSPECTOR_WATCH_MS;
  const baseline = threads();
  let cancel = () => {};
  let stopped = false;
  let loading = false;
  const poll = (inspector: InspectorApi | null) => {
    if (stopped) return;
    if (inspector) {
      const url = closeIfOpen(inspector);
      if (url !== null) onClosed(url);
    } else if (!loading && (baseline === null || threads() !== baseline)) {
      loading = true;
      load().then(poll, () => {/* no inspector module: nothing can open one */});
      return;
    }
    if (performance.now() > until) return;
    cancel = later(inspector ? 1 : WATCH_POLL_MS, () => poll(inspector));
  };
  poll(null);
  return () => {
    stopped = true;
    cancel();
  };
}
