/**
 * mydaemon as a library: the pieces of a correct Unix daemon for Deno.
 *
 * - {@link runDaemon}: the lifecycle (signals first, pid file, log, readiness,
 *   one loop that acts on SIGHUP/SIGTERM/SIGINT).
 * - {@link launchDetached} + {@link relaunchCommand}: detach by relaunching
 *   (V8 cannot fork) with a readiness handshake.
 * - {@link acquirePidFile} / {@link probePidFile}: lock-based pid files.
 * - {@link openNoFollow}: open files in hostile directories such as /tmp.
 * - {@link SinkLogger}, {@link formatLine}: one-line, never-torn log records.
 *
 * @example A daemon of your own, in the foreground, reloading on SIGHUP
 * ```ts ignore
 * import { resolveSettings, runDaemon } from "@mydaemon/mydaemon";
 *
 * const ctx = { cwd: Deno.cwd(), uid: Deno.uid(), env: Deno.env.toObject() };
 * const code = await runDaemon({
 *   loadSettings: () => resolveSettings({ logFile: "/tmp/my.log", pidFile: "/tmp/my.pid" }, ctx, null),
 *   detached: false,
 *   report: async (m) => { if (!m.ok) console.error(m.reason); },
 *   hooks: { onReload: (log) => log.info("tables re-read") },
 * });
 * Deno.exit(code);
 * ```
 * @module
 */
export { COMMANDS, parseArgv } from "./argv.ts";
export type { CommandName, ParsedArgs } from "./argv.ts";
export {
  absoluteFlags,
  absolutePath,
  absoluteValue,
  configLayer,
  defaultPidFile,
  envLayer,
  loadConfigFile,
  resolveSettings,
} from "./config.ts";
export type { ConfigFile, Context, RawLayer } from "./config.ts";
export { runDaemon } from "./daemon.ts";
export { launchDetached } from "./detach.ts";
export type { LaunchOptions } from "./detach.ts";
export { DaemonError, UsageError } from "./errors.ts";
export { EXIT_CODE_TABLE, ExitCode } from "./exit_codes.ts";
export type { DaemonHooks, DaemonOptions, LifecycleNotifier, Running } from "./lifecycle_types.ts";
export { enabled, formatLine, LEVELS } from "./log_line.ts";
export type { Fields, FieldValue, Level, LogFormat, LogRecord } from "./log_line.ts";
export { fileSink, openSink, SinkLogger, stderrSink, writeAllSync } from "./logger.ts";
export type { Logger, LoggerSettings, Sink } from "./logger.ts";
export {
  acquirePidFile,
  parsePid,
  probePidFile,
  removeStalePidFile,
  watchPidFile,
} from "./pid_file.ts";
export type { PidFileLock, PidFileState, PidFileWatch } from "./pid_file.ts";
export type { RawFile, RawStat } from "./raw_file.ts";
export { RUNTIME_PERMISSIONS } from "./permissions.ts";
export { formatReady, parseReady, READY_FD_ENV, readyPipe, sendReady } from "./ready_channel.ts";
export type { ReadyMessage, ReadyPipe } from "./ready_channel.ts";
export { relaunchCommand } from "./relaunch.ts";
export type { CommandLine, Self } from "./relaunch.ts";
export { FILE_MODE, FileNotFoundError, openNoFollow } from "./safe_open.ts";
export type { OpenMode, SafeOpenOptions } from "./safe_open.ts";
export { DEFAULT_LOG_FILE, SERVICE_PID_DIR, SETTINGS, SYSTEM_PID_FILE } from "./settings.ts";
export type { Parser, SettingKey, Settings, SettingSpec } from "./settings.ts";
export { EventQueue, listenSignals, SIGNAL_EVENTS } from "./signals.ts";
export type { DaemonEvent } from "./signals.ts";
export { decideStart, runsInForeground } from "./start_decision.ts";
export type { StartPlan } from "./start_decision.ts";
export type { DaemonState } from "./state_file.ts";
export { VERSION } from "./version.ts";
export {
  formatNotifyMessage,
  NOOP_NOTIFIER,
  notifierFromEnv,
  notify,
  NotifyError,
  ready,
  readyAgain,
  reloading,
  startWatchdog,
  stopping,
  watchdogInterval,
} from "./sd_notify.ts";
export type { Notifier, NotifyFields, NotifyTransport, Watchdog } from "./sd_notify.ts";
export { encodeSockaddrUn, libcTransport } from "./sd_notify_socket.ts";
export type { SockaddrResult, SockaddrUn } from "./sd_notify_socket.ts";
export { systemdNotifier } from "./systemd_notifier.ts";
export {
  servicePaths,
  systemdUnit,
  TIMEOUT_STOP_SEC,
  unitInstallPath,
  UnitOptionsError,
  validateUnitOptions,
} from "./service_unit.ts";
export type { ServiceMode, UnitOptions } from "./service_unit.ts";
export { systemdQuote } from "./systemd_quote.ts";
export { LOGROTATE_PATH, logrotateSnippet, shellQuote } from "./logrotate.ts";
export type { LogrotateOptions } from "./logrotate.ts";
export { SERVICE_FILE_MODE, serviceCommand, servicePlan } from "./service_command.ts";
export type { FileOp, ServiceFs, ServiceIo, ServiceRequest } from "./service_command.ts";
export { lookupIdentity, parseIdDatabase, resolveIdentity, userName } from "./identity.ts";
export type { Identity, IdRow } from "./identity.ts";
export { becomeUser, prepareFilesFor } from "./privilege_drop.ts";
export { selfCommand } from "./relaunch.ts";
