import type { DaemonOptions, HookContext, Running } from "./lifecycle_types.ts";
import { type Logger, openSink, type SinkLogger } from "../log/logger.ts";
import type { Settings } from "../config/settings.ts";
import { writeState } from "./state_file.ts";
import { mark } from "../detach/trace.ts";

/** What a hook is given. */
export function hookContext(
  log: Logger,
  settings: Settings,
  config: unknown,
  abort: AbortController,
): HookContext {
  return { log, settings, config, signal: abort.signal };
}

/** Logs a failed service-manager notification; the daemon carries on. */
export function warnNotify(log: SinkLogger, error: Error | null | undefined): void {
  if (error) log.warn("cannot notify the service manager", { error: error.message });
}

/** Records the daemon's state for `status` and `reload`; a failure is only logged. */
export function saveState(r: Running): void {
  try {
    writeState(r.settings.pidFile, { ...r.state, droppedLines: r.log.failures });
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
 * SIGHUP: re-read the configuration, let the reload hook accept it, then put
 * it in force: reopen the log (so rotation by rename loses nothing) and log
 * `reloaded`. A bad new configuration, or a hook that throws, is logged and
 * the old one stays in force: the daemon does not die of a typo.
 */
export async function applyReload(r: Running, opts: DaemonOptions): Promise<void> {
  mark("reload.begin");
  warnNotify(r.log, opts.notifier?.reloading?.());
  const attempts = r.state.reloadAttempts + 1;
  const lastReloadAt = Date.now();
  try {
    const next = opts.load();
    mark("reload.config");
    // The log is reopened only if its path names another file now (rotated,
    // or a new --log-file): keeping it spares a SIGHUP most of its system calls.
    const logFile = next.settings.logFile;
    const sink = r.log.writesTo(logFile) ? null : (opts.openSink ?? openSink)(logFile);
    for (const key of restartOnlyChanges(r.settings, next.settings)) {
      r.log.warn("setting needs a restart; keeping the running value", { setting: key });
    }
    const { pidFile, user, group } = r.settings;
    const settings = { ...next.settings, pidFile, user, group };
    await acceptReload(r, opts, settings, next.config, sink);
    r.settings = settings;
    r.config = next.config;
    mark("reload.settings");
    const old = r.log.replace(sink, { format: r.settings.logFormat, level: r.settings.logLevel });
    const reloads = r.state.reloads + 1;
    r.state = {
      ...r.state,
      reloads,
      reloadAttempts: attempts,
      lastReloadError: null,
      lastReloadAt,
      logFile,
    };
    r.log.info("reloaded", { count: reloads, config: r.settings.config });
    // After the line: the fewer system calls between a SIGHUP and it, the sooner
    // it is written (and neither affects the line).
    old?.close();
    Deno.umask(r.settings.umask);
    mark("reload.line");
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    r.state = { ...r.state, reloadAttempts: attempts, lastReloadError: reason, lastReloadAt };
    r.log.error("reload failed; keeping the previous configuration", { error: reason });
  }
  saveState(r);
  mark("reload.state");
  const status = r.state.lastReloadError === null
    ? `running, pid ${Deno.pid}, reloads ${r.state.reloads}`
    : `running, pid ${Deno.pid}; last reload refused: ${r.state.lastReloadError}`;
  warnNotify(r.log, opts.notifier?.reloaded?.(status));
}

/** The reload hook's verdict on the new settings; a throw closes the new log and refuses. */
async function acceptReload(
  r: Running,
  opts: DaemonOptions,
  settings: Settings,
  config: unknown,
  sink: { close(): void } | null,
): Promise<void> {
  try {
    await opts.hooks?.onReload?.(hookContext(r.log, settings, config, r.abort));
  } catch (err) {
    sink?.close();
    throw new Error(`reload hook: ${err instanceof Error ? err.message : String(err)}`);
  }
}
