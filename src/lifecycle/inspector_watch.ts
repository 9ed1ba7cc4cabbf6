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

/** How long a SIGUSR1 noted by the runtime may take to open its inspector. */
export const INSPECTOR_WATCH_MS = 250;

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

/**
 * Polls every millisecond for {@link INSPECTOR_WATCH_MS}, closing the
 * runtime's inspector should it appear (web timers: see detach/later.ts).
 * `node:inspector` is imported only now, so no start-up pays for it.
 */
export function watchInspector(onClosed: InspectorClosed, api?: InspectorApi): () => void {
  const until = performance.now() + INSPECTOR_WATCH_MS;
  let cancel = () => {};
  let stopped = false;
  const poll = (inspector: InspectorApi) => {
    if (stopped) return;
    const url = closeIfOpen(inspector);
    if (url !== null) onClosed(url);
    if (performance.now() > until) return;
    cancel = later(1, () => poll(inspector));
  };
  const load = api ? Promise.resolve(api) : import("node:inspector").then((m) => m.default);
  load.then(poll, () => {/* no inspector module: nothing can open one */});
  return () => {
    stopped = true;
    cancel();
  };
}
