/**
 * systemd integration: the `sd_notify(3)` protocol (`READY=1`, `RELOADING=1`,
 * `STOPPING=1`, `WATCHDOG=1`) without libsystemd, and the unit and logrotate
 * files a daemon's `service` command writes.
 *
 * @example Messages, and a notifier that is off without NOTIFY_SOCKET
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatNotifyMessage, notifierFromEnv, ready } from "./mod.ts";
 *
 * assert.equal(formatNotifyMessage({ READY: 1, STATUS: "serving" }), "READY=1\nSTATUS=serving");
 * const off = notifierFromEnv({});
 * assert.equal(ready(off, Deno.pid), null); // nothing sent, nothing failed
 * ```
 * @module
 */
export {
  formatNotifyMessage,
  NOOP_NOTIFIER,
  type Notifier,
  notifierFromEnv,
  notify,
  NotifyError,
  type NotifyFields,
  type NotifyTransport,
  ready,
  readyAgain,
  reloading,
  startWatchdog,
  stopping,
  type Watchdog,
  watchdogInterval,
} from "./sd_notify.ts";
export {
  type ServiceMode,
  servicePaths,
  systemdUnit,
  type UnitOptions,
  UnitOptionsError,
  type UnitProgram,
} from "./service_unit.ts";
export { type LogrotateOptions, logrotatePath, logrotateSnippet } from "./logrotate.ts";
export {
  serviceCommand,
  type ServiceFs,
  type ServiceIo,
  type ServiceRequest,
} from "./service_command.ts";
export { launchdPlist } from "./launchd_plist.ts";
export { openrcScript } from "./openrc_script.ts";
export { sysvScript } from "./sysv_script.ts";
export {
  detectManager,
  type Manager,
  type ManagerFacts,
  MANAGERS,
  parseSystemdVersion,
} from "./service_manager.ts";
export type { Program } from "../config/program.ts";
