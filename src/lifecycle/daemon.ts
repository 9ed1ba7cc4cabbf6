import { DaemonError } from "../errors/errors.ts";
import { ExitCode } from "../errors/exit_codes.ts";
import { lookupIdentity, userName } from "../os/identity.ts";
import type { DaemonOptions, HookContext, Running } from "./lifecycle_types.ts";
import type { Fields } from "../log/log_line.ts";
import { openSink, SinkLogger } from "../log/logger.ts";
import { acquirePidFile, type PidFileLock } from "../files/pid_file.ts";
import { becomeUser } from "../os/privilege_drop.ts";
import { applyReload, hookContext, saveState, warnNotify } from "./reload.ts";
import { shutDown } from "./shutdown.ts";
import type { Settings } from "../config/settings.ts";
import { guardSignals } from "./signal_guard.ts";
import { type DaemonEvent, EventQueue, listenSignals } from "./signals.ts";
import type { DaemonState } from "./state_file.ts";
import { mark } from "../detach/trace.ts";

/**
 * Runs a daemon's whole life: signal listeners first (so no signal is lost
 * and SIGHUP cannot kill it while starting), then pid file, log, the startup
 * line, readiness, and one loop that acts on events until a stop. Resolves
 * with the exit code; never calls `Deno.exit`.
 *
 * `defineDaemon` is the public way in; this is its engine.
 */
export async function runDaemon(opts: DaemonOptions): Promise<ExitCode> {
  const queue = new EventQueue();
  const stopGuard = guardSignals(undefined, (url) => queue.push({ kind: "inspector_closed", url }));
  const unlisten = listenSignals(queue);
  try {
    const running = await startUp(opts);
    if (typeof running === "number") return running;
    return await loop(queue, running, opts);
  } finally {
    stopGuard();
    unlisten();
  }
}

async function startUp(opts: DaemonOptions): Promise<Running | ExitCode> {
  let pidLock: PidFileLock | null = null;
  let log: SinkLogger | null = null;
  const abort = new AbortController();
  try {
    const { settings, config } = opts.load();
    mark("settings");
    const id = settings.user === null ? null : lookupIdentity(settings.user, settings.group);
    if (opts.detached) Deno.chdir("/");
    Deno.umask(settings.umask);
    if (opts.createPidDir?.(settings)) {
      const dir = settings.pidFile.slice(0, settings.pidFile.lastIndexOf("/"));
      Deno.mkdirSync(dir, { recursive: true, mode: 0o700 });
    }
    if (id) becomeUser(settings, id, opts.servicePidDir ?? null);
    pidLock = await acquirePidFile(settings.pidFile, Deno.pid);
    mark("pidfile");
    log = new SinkLogger((opts.openSink ?? openSink)(settings.logFile), settingsOf(settings));
    log.info("started", startFields(settings, opts));
    mark("started");
    logUncaught(log);
    if (pidLock.stalePid !== null) {
      log.warn("took over a stale pid file", { stale_pid: pidLock.stalePid });
    }
    const user = id?.user ?? userName(Deno.uid());
    await runStartHook(opts, hookContext(log, settings, config, abort));
    const started = log;
    const stopWatchdog = opts.notifier?.startWatchdog?.((e) => warnNotify(started, e)) ??
      (() => {});
    const state = initialState(settings, user, opts.version);
    const running: Running = { settings, config, abort, log, pidLock, state, stopWatchdog };
    log.onDropsChanged = () => saveState(running);
    saveState(running);
    mark("state");
    warnNotify(log, opts.notifier?.ready?.(`running, pid ${Deno.pid}`));
    await opts.report({ ok: true, pid: Deno.pid });
    mark("reported");
    return running;
  } catch (err) {
    const code = err instanceof DaemonError ? err.code : ExitCode.Failure;
    const reason = err instanceof Error ? err.message : String(err);
    abort.abort();
    log?.error("start-up failed", { error: reason });
    log?.close();
    pidLock?.release();
    await opts.report({ ok: false, code, reason });
    return code;
  }
}

/** The start hook; what it throws fails the start as `cannot start daemon: start hook: …`. */
async function runStartHook(opts: DaemonOptions, ctx: HookContext): Promise<void> {
  try {
    await opts.hooks?.onStart?.(ctx);
  } catch (err) {
    const reason = `start hook: ${err instanceof Error ? err.message : String(err)}`;
    throw new DaemonError("start", "daemon", reason);
  }
}

/**
 * A detached daemon's stderr is /dev/null: write the reason for an uncaught
 * error to the log before Deno ends the process (it still does; the stale pid
 * file is taken over by the next start).
 */
function logUncaught(log: SinkLogger): void {
  const describe = (e: unknown) => e instanceof Error ? (e.stack ?? e.message) : String(e);
  globalThis.addEventListener("error", (e) => {
    log.error("uncaught exception; exiting", { error: describe(e.error) });
  });
  globalThis.addEventListener("unhandledrejection", (e) => {
    log.error("unhandled promise rejection; exiting", { error: describe(e.reason) });
  });
}

function settingsOf(s: Settings) {
  return { format: s.logFormat, level: s.logLevel };
}

function startFields(s: Settings, opts: DaemonOptions): Fields {
  return {
    version: opts.version,
    mode: opts.detached ? "detached" : "foreground",
    log_file: s.logFile,
    pid_file: s.pidFile,
    config: s.config,
    umask: s.umask.toString(8).padStart(3, "0"),
    log_format: s.logFormat,
    log_level: s.logLevel,
  };
}

function initialState(s: Settings, user: string, version: string): DaemonState {
  return {
    pid: Deno.pid,
    version,
    startedAt: Date.now(),
    reloads: 0,
    reloadAttempts: 0,
    lastReloadError: null,
    logFile: s.logFile,
    user,
  };
}

async function loop(queue: EventQueue, r: Running, opts: DaemonOptions): Promise<ExitCode> {
  for (;;) {
    const event: DaemonEvent = await queue.next();
    if (event.kind === "reload") await applyReload(r, opts);
    else if (event.kind === "inspector_closed") warnInspector(r, event.url);
    else return await shutDown(r, opts, event.signal);
  }
}

function warnInspector(r: Running, url: string): void {
  r.log.warn("closed the runtime's debugger, opened by a SIGUSR1 while starting", { url });
}
