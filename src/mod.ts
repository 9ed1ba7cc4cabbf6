/**
 * mydaemon as a library: your own Unix daemon for Deno in twenty lines.
 * {@link defineDaemon} gives your program the whole CLI — start (detached,
 * with a readiness handshake), run, stop, restart, reload, status, logs,
 * service, help, version — under its own name.
 *
 * The building blocks that stand on their own are sub-path exports:
 * `@mydaemon/mydaemon/files` (lock-based pid files and the no-follow,
 * symlink-safe open), `/ready` (the detached start and its readiness pipe),
 * `/sd-notify` (systemd's notify protocol and unit files) and `/log` (the
 * logger and its line format).
 *
 * @example Your own daemon (main.ts, run with `deno run -A main.ts start`)
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineDaemon } from "./mod.ts";
 *
 * const daemon = defineDaemon({
 *   name: "acme",
 *   version: "1.2.3",
 *   start(ctx) { ctx.log.info("work begins"); },
 *   reload(ctx) { ctx.log.info("reloaded my tables"); },
 *   stop(ctx) { ctx.log.info("bye"); },
 * });
 * assert.equal(await daemon.main(["--version"]), 0); // prints "acme 1.2.3"
 * if (import.meta.main) Deno.exit(await daemon.main(Deno.args));
 * ```
 * @module
 */
export { defineDaemon } from "./cli/define_daemon.ts";
export type { ConfigSpec, Daemon, DaemonContext, DaemonSpec } from "./cli/define_daemon.ts";
export type { ControlOptions, DaemonControl, DaemonStatus, ReloadResult } from "./cli/control.ts";
export type { StopOutcome } from "./cli/commands/stop.ts";
export { DaemonError } from "./errors/errors.ts";
export { ExitCode } from "./errors/exit_codes.ts";
export type { Logger } from "./log/logger.ts";
export type { Fields, FieldValue } from "./log/log_line.ts";
export type { Settings } from "./config/settings.ts";
export type { Program } from "./config/program.ts";
export type { DaemonState } from "./lifecycle/state_file.ts";
export type { Level, LogFormat } from "./log/log_line.ts";
