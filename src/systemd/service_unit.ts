/**
 * The systemd unit for the program, as text (pure). `Type=notify`: the daemon
 * runs in the foreground (`run`) and reports readiness through sd_notify.
 */

import { type Program, systemPidFile } from "../config/program.ts";
import { systemHardening, userHardening } from "./service_hardening.ts";
import { controlArgs, runArgs } from "./service_args.ts";
import { hasControl, quoteExecPath, systemdQuote } from "./systemd_quote.ts";
import {
  DEFAULT_SYSTEMD_VERSION,
  reloadLines,
  restartLines,
  startLimitLines,
} from "./systemd_restart.ts";

/** Which service manager: the system one, or the per-user one. */
export type ServiceMode = "user" | "system";

/** The parts of the program's identity a unit is named and defaulted by. */
export type UnitProgram = Pick<Program, "name" | "logFile" | "docs">;

/** What the unit runs and where the daemon keeps its files. */
export interface UnitOptions {
  /** Whose unit: its name names the unit, its runtime and log directories. */
  readonly program: UnitProgram;
  /** The absolute path of the program, e.g. `/usr/local/bin/mydaemon`. */
  readonly execPath: string;
  /** Arguments before the command (`run`, `reload`), e.g. for `deno run … main.ts`. */
  readonly execArgs?: readonly string[] | undefined;
  /** The system manager (`/etc/systemd/system`) or the user's (`~/.config/systemd/user`). */
  readonly mode: ServiceMode;
  /** `User=` (system mode only). */
  readonly user?: string | undefined;
  /** `Group=` (system mode only). */
  readonly group?: string | undefined;
  /** Absolute, or `-` for stderr (the journal). Default: the program's log file. */
  readonly logFile?: string | undefined;
  /** Absolute. Default: `/run/<name>/<name>.pid` (system), the daemon's own (user). */
  readonly pidFile?: string | undefined;
  /** Absolute path of the config file. */
  readonly config?: string | undefined;
  /** More options for `run`, e.g. `["--log-format=json"]`. */
  readonly runArgs?: readonly string[] | undefined;
  /** systemd only: the version the unit is for (default 252). */
  readonly systemdVersion?: number | undefined;
  /** Start after the network is up (OpenRC `need net`, LSB `$network`); default no. */
  readonly needNet?: boolean | undefined;
}

/** Invalid {@link UnitOptions}: a usage error (exit code 2) for the caller. */
export class UnitOptionsError extends RangeError {
  /**
   * An error whose message says what to fix.
   *
   * @example
   * ```ts
   * new UnitOptionsError("--log-file must be an absolute path").name; // "UnitOptionsError"
   * ```
   */
  constructor(message: string) {
    super(message);
    this.name = "UnitOptionsError";
  }
}

/** How long systemd waits after SIGTERM (the daemon's own stop timeout is 10 s by default). */
export const TIMEOUT_STOP_SEC = 30;

/**
 * The log and pid files the unit passes to the daemon (`null`: the daemon's default).
 *
 * @example
 * ```ts
 * const program = { name: "mydaemon", logFile: "/tmp/daemon.log" };
 * servicePaths({ program, execPath: "/usr/local/bin/mydaemon", mode: "system" });
 * // { logFile: "/tmp/daemon.log", pidFile: "/run/mydaemon/mydaemon.pid" }
 * ```
 */
export function servicePaths(
  opts: UnitOptions,
): { readonly logFile: string; readonly pidFile: string | null } {
  const system = opts.mode === "system";
  return {
    logFile: opts.logFile ?? opts.program.logFile,
    pidFile: opts.pidFile ?? (system ? systemPidFile(opts.program) : null),
  };
}

/**
 * The unit file's text. Throws {@link UnitOptionsError} for unusable options.
 *
 * @example
 * ```ts
 * const program = { name: "mydaemon", logFile: "/tmp/daemon.log" };
 * const text = systemdUnit({ program, execPath: "/usr/local/bin/mydaemon", mode: "system" });
 * text.includes("ExecStart=/usr/local/bin/mydaemon run --log-file /tmp/daemon.log"); // true
 * ```
 */
export function systemdUnit(opts: UnitOptions): string {
  validateUnitOptions(opts);
  const system = opts.mode === "system";
  const { logFile, pidFile } = servicePaths(opts);
  const version = opts.systemdVersion ?? DEFAULT_SYSTEMD_VERSION;
  const exec = (args: string[]) =>
    [quoteExecPath(opts.execPath), ...args.map((a) => systemdQuote(a))].join(" ");
  const account = [
    ...(opts.user === undefined ? [] : [`User=${opts.user}`]),
    ...(opts.group === undefined ? [] : [`Group=${opts.group}`]),
  ];
  const { name, docs } = opts.program;
  return [
    `# Written by \`${name} service\` for systemd ${version}. Local changes: \`systemctl edit ${name}\`.`,
    "[Unit]",
    `Description=${name}`,
    ...(docs === undefined ? [] : [`Documentation=${docs}`]),
    ...(system ? ["After=network.target"] : []),
    ...startLimitLines(),
    "",
    "[Service]",
    ...reloadLines(version, exec(controlArgs(opts, "reload"))),
    `ExecStart=${exec(runArgs(opts))}`,
    ...restartLines(version),
    `TimeoutStopSec=${TIMEOUT_STOP_SEC}s`,
    "# WatchdogSec=30s would have the daemon ping every 15 s (WATCHDOG_USEC).",
    ...account,
    ...(system ? systemHardening(opts.program, logFile, pidFile, opts.config) : userHardening()),
    "",
    "[Install]",
    `WantedBy=${system ? "multi-user.target" : "default.target"}`,
    "",
  ].join("\n");
}

/**
 * Throws {@link UnitOptionsError} when `opts` cannot make a working unit.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { UnitOptionsError, validateUnitOptions } from "./service_unit.ts";
 * const program = { name: "mydaemon", logFile: "/tmp/daemon.log" };
 * validateUnitOptions({ program, execPath: "/usr/local/bin/mydaemon", mode: "system" }); // fine
 * try {
 *   validateUnitOptions({ program, execPath: "mydaemon", mode: "system" });
 *   throw new Error("unreachable");
 * } catch (e) {
 *   assert.ok(e instanceof UnitOptionsError); // the path is not absolute
 * }
 * ```
 */
export function validateUnitOptions(opts: UnitOptions): void {
  const fail = (message: string): never => {
    throw new UnitOptionsError(message);
  };
  // systemd refuses quotes, backslashes and control characters in the program path.
  const execPath = opts.execPath;
  if (!execPath.startsWith("/") || /["'\\$]|\/$/.test(execPath) || hasControl(execPath)) {
    fail(`the program path must be absolute, without quotes, \\, $: ${opts.execPath}`);
  }
  const paths = { "--log-file": opts.logFile, "--pid-file": opts.pidFile, "--config": opts.config };
  for (const [flag, path] of Object.entries(paths)) {
    if (path === undefined || (flag === "--log-file" && path === "-")) continue;
    if (!path.startsWith("/") || hasControl(path)) {
      fail(`${flag} must be an absolute path: ${path}`);
    }
  }
  for (const [what, name] of [["user", opts.user], ["group", opts.group]] as const) {
    if (name === undefined) continue;
    if (opts.mode === "user") fail(`a --user unit cannot set its ${what}; it runs as you`);
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}$/.test(name)) fail(`invalid ${what} name: ${name}`);
  }
}

/**
 * Where the unit file goes: `/etc/systemd/system/mydaemon.service`, or
 * `$XDG_CONFIG_HOME` (else `~/.config`) `/systemd/user/mydaemon.service`.
 *
 * @example
 * ```ts
 * unitInstallPath("mydaemon", "user", { HOME: "/home/ann" }); // "/home/ann/.config/systemd/user/mydaemon.service"
 * ```
 */
export function unitInstallPath(
  name: string,
  mode: ServiceMode,
  env: Readonly<Record<string, string | undefined>>,
): string {
  if (mode === "system") return `/etc/systemd/system/${name}.service`;
  const config = env.XDG_CONFIG_HOME?.startsWith("/")
    ? env.XDG_CONFIG_HOME
    : env.HOME?.startsWith("/")
    ? `${env.HOME}/.config`
    : null;
  if (config === null) {
    throw new UnitOptionsError("cannot find the user unit directory: HOME is not set");
  }
  return `${config}/systemd/user/${name}.service`;
}
