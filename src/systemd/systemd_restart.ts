/**
 * How the unit reloads and restarts, by systemd version (pure): reloads need
 * nothing outside the daemon (no /bin/kill, which minimal images lack), and a
 * crash loop slows down, then stops with `start-limit-hit`.
 */

/** The version `print` assumes without `--systemd-version`: Debian 12's, the oldest in wide use. */
export const DEFAULT_SYSTEMD_VERSION = 252;
/** `Type=notify-reload`: systemd sends SIGHUP and waits for `RELOADING=1` … `READY=1`. */
export const NOTIFY_RELOAD_SINCE = 253;
/** `RestartSteps=` and `RestartMaxDelaySec=`: delays that grow between restarts. */
export const RESTART_STEPS_SINCE = 254;
/** At most this many starts … */
export const START_LIMIT_BURST = 5;
/** … within this window; then the unit fails with `start-limit-hit`. */
export const START_LIMIT_INTERVAL = "10min";

/** `[Unit]` lines: the start limit that ends a crash loop. */
export function startLimitLines(): string[] {
  return [
    `StartLimitIntervalSec=${START_LIMIT_INTERVAL}`,
    `StartLimitBurst=${START_LIMIT_BURST}`,
  ];
}

/**
 * `Type=` and the reload: notify-reload where systemd has it, else notify with
 * the daemon's own confirming `reload` command (`reloadCommand`, quoted).
 *
 * @example
 * ```ts
 * reloadLines(253, "/usr/local/bin/mydaemon reload"); // ["Type=notify-reload", "NotifyAccess=main"]
 * ```
 */
export function reloadLines(version: number, reloadCommand: string): string[] {
  if (version >= NOTIFY_RELOAD_SINCE) return ["Type=notify-reload", "NotifyAccess=main"];
  return [
    "Type=notify",
    "NotifyAccess=main",
    "# The daemon's own reload: SIGHUP, then waits until the daemon confirms it.",
    `ExecReload=${reloadCommand}`,
  ];
}

/** `[Service]` lines: restart on failure only, with growing delays where supported. */
export function restartLines(version: number): string[] {
  if (version >= RESTART_STEPS_SINCE) {
    return ["Restart=on-failure", "RestartSec=1s", "RestartSteps=5", "RestartMaxDelaySec=60s"];
  }
  return ["Restart=on-failure", "RestartSec=5s"];
}

/**
 * The version an installed unit was written for (its first line), so that a
 * comparison with what `install` writes uses the same one; null if none.
 *
 * @example
 * ```ts
 * writtenForSystemd("# Written by `mydaemon service` for systemd 254. Local …\n"); // 254
 * ```
 */
export function writtenForSystemd(unit: string): number | null {
  const m = /^# Written by `[^`\n]*` for systemd ([0-9]{1,4})\./.exec(unit);
  return m === null ? null : Number(m[1]);
}
