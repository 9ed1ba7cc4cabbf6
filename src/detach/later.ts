/**
 * Timers for the start-up path that do not touch Deno's global `setTimeout`:
 * in Deno 2.9 that global is node's, loaded on first use together with some
 * twenty node modules (denoland/deno#35373), 6-10 ms of every process's
 * start-up. `AbortSignal.timeout` runs on the web timers already in the
 * snapshot. A pending call keeps the event loop alive (as a `setTimeout`
 * does); once cancelled, or fired, it keeps nothing alive.
 * @module
 */

/** Calls `fn` once after `ms` milliseconds; the function returned cancels it. */
export function later(ms: number, fn: () => void): () => void {
  const signal = AbortSignal.timeout(ms);
  const fire = () => {
    signal.removeEventListener("abort", fire);
    fn();
  };
  signal.addEventListener("abort", fire);
  return () => signal.removeEventListener("abort", fire);
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => later(ms, resolve));
}
