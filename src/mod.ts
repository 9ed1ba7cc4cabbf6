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
export { COMMANDS, parseArgv } from "./cli/argv.ts";
export type { CommandName, ParsedArgs } from "./cli/argv.ts";
export {
  absoluteFlags,
  absolutePath,
  absoluteValue,
  configLayer,
  defaultPidFile,
  envLayer,
  loadConfigFile,
  resolveSettings,
} from "./config/config.ts";
export type { ConfigFile, Context, RawLayer } from "./config/config.ts";
export { runDaemon } from "./lifecycle/daemon.ts";
export { launchDetached } from "./detach/detach.ts";
export type { LaunchOptions } from "./detach/detach.ts";
export { DaemonError, UsageError } from "./errors/errors.ts";
export { EXIT_CODE_TABLE, ExitCode } from "./errors/exit_codes.ts";
export type {
  DaemonHooks,
  DaemonOptions,
  LifecycleNotifier,
  Running,
} from "./lifecycle/lifecycle_types.ts";
export { enabled, formatLine, LEVELS } from "./log/log_line.ts";
export type { Fields, FieldValue, Level, LogFormat, LogRecord } from "./log/log_line.ts";
export { fileSink, openSink, SinkLogger, stderrSink, writeAllSync } from "./log/logger.ts";
export type { Logger, LoggerSettings, Sink } from "./log/logger.ts";
export {
  acquirePidFile,
  parsePid,
  probePidFile,
  removeStalePidFile,
  watchPidFile,
} from "./files/pid_file.ts";
export type { PidFileLock, PidFileState, PidFileWatch } from "./files/pid_file.ts";
export type { FileId } from "./os/lock_table.ts";
export type { RawFile, RawStat } from "./files/raw_file.ts";
export { RUNTIME_PERMISSIONS } from "./detach/permissions.ts";
export {
  formatReady,
  parseReady,
  READY_FD_ENV,
  readyPipe,
  sendReady,
} from "./detach/ready_channel.ts";
export type { ReadyMessage, ReadyPipe } from "./detach/ready_channel.ts";
export { relaunchCommand } from "./detach/relaunch.ts";
export type { CommandLine, Self } from "./detach/relaunch.ts";
export { FILE_MODE, FileNotFoundError, openNoFollow } from "./files/safe_open.ts";
export type { OpenMode, SafeOpenOptions } from "./files/safe_open.ts";
export { DEFAULT_LOG_FILE, SERVICE_PID_DIR, SETTINGS, SYSTEM_PID_FILE } from "./config/settings.ts";
export type { Parser, SettingKey, Settings, SettingSpec } from "./config/settings.ts";
export { EventQueue, listenSignals, SIGNAL_EVENTS } from "./lifecycle/signals.ts";
export type { DaemonEvent } from "./lifecycle/signals.ts";
export { decideStart, runsInForeground } from "./lifecycle/start_decision.ts";
export type { StartPlan } from "./lifecycle/start_decision.ts";
export type { DaemonState } from "./lifecycle/state_file.ts";
export { VERSION } from "./cli/version.ts";
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
} from "./systemd/sd_notify.ts";
export type { Notifier, NotifyFields, NotifyTransport, Watchdog } from "./systemd/sd_notify.ts";
export { encodeSockaddrUn, libcTransport } from "./systemd/sd_notify_socket.ts";
export type { SockaddrResult, SockaddrUn } from "./systemd/sd_notify_socket.ts";
export { systemdNotifier } from "./systemd/systemd_notifier.ts";
export {
  servicePaths,
  systemdUnit,
  TIMEOUT_STOP_SEC,
  unitInstallPath,
  UnitOptionsError,
  validateUnitOptions,
} from "./systemd/service_unit.ts";
export type { ServiceMode, UnitOptions } from "./systemd/service_unit.ts";
export { systemdQuote } from "./systemd/systemd_quote.ts";
export { LOGROTATE_PATH, logrotateSnippet, shellQuote } from "./systemd/logrotate.ts";
export type { LogrotateOptions } from "./systemd/logrotate.ts";
export { SERVICE_FILE_MODE, serviceCommand, servicePlan } from "./systemd/service_command.ts";
export type { FileOp, ServiceFs, ServiceIo, ServiceRequest } from "./systemd/service_command.ts";
export { lookupIdentity, parseIdDatabase, resolveIdentity, userName } from "./os/identity.ts";
export type { Identity, IdRow } from "./os/identity.ts";
export { becomeUser, prepareFilesFor } from "./os/privilege_drop.ts";
export { selfCommand } from "./detach/relaunch.ts";
