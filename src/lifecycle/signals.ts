/** What the daemon is asked to do. */
export type DaemonEvent =
  | { readonly kind: "reload"; readonly signal: Deno.Signal }
  | { readonly kind: "stop"; readonly signal: Deno.Signal }
  /** The runtime's SIGUSR1 inspector opened and was closed (signal_guard.ts). */
  | { readonly kind: "inspector_closed"; readonly url: string };

/** Signals are data: this table is the whole signal policy. */
export const SIGNAL_EVENTS: Readonly<Partial<Record<Deno.Signal, DaemonEvent>>> = {
  SIGHUP: { kind: "reload", signal: "SIGHUP" },
  SIGTERM: { kind: "stop", signal: "SIGTERM" },
  SIGINT: { kind: "stop", signal: "SIGINT" },
};

/**
 * Signals with no job in a daemon, ignored from the first instruction to the
 * last: neither a stray `kill -USR1` (a log-reopen habit) nor `SIGUSR2` kills
 * it, and SIGUSR1 never opens Deno's debugger port (see signal_guard.ts).
 */
export const IGNORED_SIGNALS = ["SIGUSR1", "SIGUSR2"] as const;

/**
 * Events waiting for the one loop that acts. Listeners only enqueue. A reload
 * already waiting absorbs a new one (as the kernel merges pending signals),
 * so a storm of SIGHUPs cannot grow the queue; a stop jumps the queue.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { EventQueue } from "./signals.ts";
 * const q = new EventQueue();
 * q.push({ kind: "reload", signal: "SIGHUP" });
 * q.push({ kind: "reload", signal: "SIGHUP" });
 * q.push({ kind: "stop", signal: "SIGTERM" });
 * assert.ok((await q.next()).kind === "stop");
 * assert.ok((await q.next()).kind === "reload");
 * assert.ok(q.size === 0);
 * ```
 */
export class EventQueue {
  #items: DaemonEvent[] = [];
  #waiter: ((e: DaemonEvent) => void) | null = null;

  /** Number of events waiting. */
  get size(): number {
    return this.#items.length;
  }

  /** Hands `event` to a waiting `next()`, or queues it; a second pending reload is dropped. */
  push(event: DaemonEvent): void {
    if (this.#waiter) {
      const w = this.#waiter;
      this.#waiter = null;
      w(event);
      return;
    }
    if (event.kind === "reload" && this.#items.some((e) => e.kind === "reload")) return;
    this.#items.push(event);
  }

  /** The next event, stops first; waits without a timer (no idle wake-ups). */
  next(): Promise<DaemonEvent> {
    const i = this.#items.findIndex((e) => e.kind === "stop");
    const [item] = this.#items.splice(i === -1 ? 0 : i, 1);
    if (item) return Promise.resolve(item);
    return new Promise((resolve) => this.#waiter = resolve);
  }
}

/** Installs a listener per table row; returns a function that removes them. */
export function listenSignals(queue: EventQueue): () => void {
  const removers: (() => void)[] = [];
  for (const [sig, event] of Object.entries(SIGNAL_EVENTS)) {
    const signal = sig as Deno.Signal;
    const handler = () => queue.push(event!);
    Deno.addSignalListener(signal, handler);
    removers.push(() => Deno.removeSignalListener(signal, handler));
  }
  return () => removers.forEach((r) => r());
}
