import type { LifecycleNotifier } from "../lifecycle/lifecycle_types.ts";
import {
  notifierFromEnv,
  ready,
  readyAgain,
  reloading,
  startWatchdog,
  stopping,
  watchdogInterval,
} from "./sd_notify.ts";

/**
 * The lifecycle's notifier for systemd `Type=notify`, or undefined when
 * `NOTIFY_SOCKET` is not set (then nothing of it is loaded or sent).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { systemdNotifier } from "./systemd_notifier.ts";
 * const notifier = systemdNotifier({}, Deno.pid);
 * assert.ok(notifier === undefined);
 * ```
 */
export function systemdNotifier(
  env: Readonly<Record<string, string | undefined>>,
  pid: number,
): LifecycleNotifier | undefined {
  if (!env.NOTIFY_SOCKET) return undefined;
  const n = notifierFromEnv(env);
  return {
    ready: (status) => ready(n, pid, status),
    reloading: () => reloading(n),
    reloaded: (status) => readyAgain(n, status),
    stopping: () => stopping(n),
    startWatchdog(onError) {
      const w = startWatchdog(n, watchdogInterval(env, pid), onError);
      return () => w.stop();
    },
  };
}
