import { later } from "../detach/later.ts";
import { libc } from "../os/libc.ts";
import { type InspectorClosed, watchInspector } from "./inspector_watch.ts";
import { IGNORED_SIGNALS } from "./signals.ts";

/** Signals set to SIG_IGN by number: the few we need, per OS (Deno has no table of its own). */
const SIGNAL_NUMBERS: Readonly<Record<string, Readonly<Record<GuardedSignal, number>>>> = {
  linux: { SIGHUP: 1, SIGUSR1: 10, SIGUSR2: 12 },
  darwin: { SIGHUP: 1, SIGUSR1: 30, SIGUSR2: 31 },
};

/** The signals whose disposition we set ourselves. */
export type GuardedSignal = "SIGHUP" | (typeof IGNORED_SIGNALS)[number];

function numbers(signals: readonly GuardedSignal[]): number[] {
  const table = SIGNAL_NUMBERS[Deno.build.os];
  return table ? signals.map((s) => table[s]) : [];
}

/**
 * The launcher's part: a disposition of SIG_IGN survives exec, so the child
 * is immune to these from its first instruction, before it can run any code.
 * SIGHUP is handled (by a listener) once the daemon is up; the others stay ignored.
 */
export function ignoreAcrossExec(): void {
  const c = libc();
  for (const n of numbers(["SIGHUP", ...IGNORED_SIGNALS])) c.ignoreSignal(n);
}

/** How long to keep taking SIGUSR1 back from the runtime; its grace period is 500 ms. */
export const GUARD_MS = 5000;

/**
 * Before this (ms since the process's time origin) nobody re-checks: the
 * runtime's handler comes 500 ms after start (measured 505-575 ms, never
 * earlier), and a check every millisecond until then only steals CPU from
 * the start-up it would guard (~5 ms of timer work in a launcher that is
 * gone in 80). 200 ms of margin covers a clock whose origin lags the runtime's.
 */
export const GUARD_QUIET_MS = 300;

/**
 * The daemon's part: SIGUSR1 and SIGUSR2 are ignored now, and again the
 * moment the runtime installs a handler of its own. `deno run` (Deno ≥ 2.9.2)
 * installs one 500 ms after start that opens an unauthenticated inspector on
 * 127.0.0.1:9229 on SIGUSR1, whatever our listeners do; a denort binary has
 * none, so there the default action (death) is what ignoring prevents. Each
 * check is one `signal(2)` call: one now, then every millisecond from
 * {@link GUARD_QUIET_MS} until the runtime's handler has been replaced or
 * {@link GUARD_MS} has passed (see detach/later.ts: no node timers).
 * A SIGUSR1 that slipped into the last millisecond before the replacement
 * may still open the inspector: it is then closed at once, and `onClosed`
 * told (see inspector_watch.ts).
 */
export function guardSignals(c = libc(), onClosed: InspectorClosed = () => {}): () => void {
  const nums = numbers([...IGNORED_SIGNALS]);
  const until = performance.now() + GUARD_MS;
  let cancel = () => {};
  let stopWatch = () => {};
  const check = () => {
    // true: somebody had installed a handler since our last call.
    const replaced = nums.map((n) => c.ignoreSignal(n)).includes(true);
    if (replaced) stopWatch = watchInspector(onClosed);
    if (replaced || performance.now() > until) return;
    cancel = later(Math.max(1, GUARD_QUIET_MS - performance.now()), check);
  };
  check();
  return () => {
    cancel();
    stopWatch();
  };
}
