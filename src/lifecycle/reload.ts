import { ExitCode } from "../errors/exit_codes.ts";
import type { DaemonOptions, Running } from "./lifecycle_types.ts";
import { openSink, type SinkLogger } from "../log/logger.ts";
import type { Settings } from "../config/settings.ts";
import { removeState, writeState } from "./state_file.ts";

/** Logs a failed service-manager notification; the daemon carries on. */
export function warnNotify(log: SinkLogger, error: Error | null | undefined): void {
  if (error) log.warn("cannot notify the service manager", { error: error.message });
}

/** Records the daemon's state for `status` and `reload`; a failure is only logged. */
export function saveState(r: Running): void {
  try {
    writeState(r.settings.pidFile, r.state);
  } catch (err) {
    r.log.warn("cannot write state file", { error: (err as Error).message });
  }
}

/** Settings a reload cannot change in a running process, with the reason. */
export function restartOnlyChanges(old: Settings, next: Settings): string[] {
  const keys = ["pidFile", "user", "group"] as const;
  return keys.filter((k) => old[k] !== next[k]);
}

/**
 * SIGHUP: re-read the configuration, reopen the log (so rotation by rename
 * loses nothing), and log `reloaded`. A bad new configuration is logged and
 * the old one stays in force: the daemon does not die of a typo.
 */
export async function applyReload(r: Running, opts: DaemonOptions): Promise<void> {
  warnNotify(r.log, opts.notifier?.reloading?.());
  const attempts = r.state.reloadAttempts + 1;
  try {
    const next = opts.loadSettings();
    const sink = (opts.openSink ?? openSink)(next.logFile);
    for (const key of restartOnlyChanges(r.settings, next)) {
      r.log.warn("setting needs a restart; keeping the running value", { setting: key });
    }
    const { pidFile, user, group } = r.settings;
    r.settings = { ...next, pidFile, user, group };
    Deno.umask(r.settings.umask);
    r.log.replace(sink, { format: r.settings.logFormat, level: r.settings.logLevel });
    await opts.hooks?.onReload?.(r.log, r.settings);
    const reloads = r.state.reloads + 1;
    const logFile = r.settings.logFile;
    r.state = { ...r.state, reloads, reloadAttempts: attempts, lastReloadError: null, logFile };
    r.log.info("reloaded", { count: reloads, config: r.settings.config });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    r.state = { ...r.state, reloadAttempts: attempts, lastReloadError: reason };
    r.log.error("reload failed; keeping the previous configuration", { error: reason });
  }
  saveState(r);
  const status = r.state.lastReloadError === null
    ? `running, pid ${Deno.pid}, reloads ${r.state.reloads}`
    : `running, pid ${Deno.pid}; last reload refused: ${r.state.lastReloadError}`;
  warnNotify(r.log, opts.notifier?.reloaded?.(status));
}

/**
 * SIGTERM/SIGINT: run the stop hook within the deadline, then remove the pid
 * file (unlink before unlock) and the state file, and log `stopped`.
 */
export async function shutDown(
  r: Running,
  opts: DaemonOptions,
  signal: Deno.Signal,
): Promise<ExitCode> {
  r.log.info("stopping", { signal });
  r.stopWatchdog();
  warnNotify(r.log, opts.notifier?.stopping?.());
  let code: ExitCode = ExitCode.Ok;
  if (opts.hooks?.onStop) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<"late">((res) =>
      timer = setTimeout(res, r.settings.timeout * 1000, "late")
    );
    const done = Promise.resolve(opts.hooks.onStop(r.log)).then(() => "done" as const);
    if (await Promise.race([done, late]) === "late") {
      r.log.error("stop hook overran its deadline", { timeout: r.settings.timeout });
      code = ExitCode.Failure;
    }
    clearTimeout(timer);
  }
  try {
    // A successor started after our pid file was removed owns the state now.
    if (r.pidLock.ours()) removeState(r.settings.pidFile);
  } catch (err) {
    r.log.warn("cannot remove state file", { error: (err as Error).message });
  }
  const warning = r.pidLock.release();
  if (warning) r.log.warn(warning);
  r.log.info("stopped", { signal });
  r.log.close();
  return code;
}
