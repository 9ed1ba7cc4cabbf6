/**
 * The launchd(8) job for the program, as a property list (pure): a
 * LaunchDaemon (system) or LaunchAgent (user) that runs `<name> run` in the
 * foreground and restarts it only when it did not exit cleanly.
 */

import { runArgs } from "./service_args.ts";
import { type ServiceMode, type UnitOptions, UnitOptionsError } from "./service_unit.ts";

/** Seconds launchd waits before it starts a crashed job again. */
export const LAUNCHD_THROTTLE_SEC = 10;

/** The job's label: the program's name, so that `launchctl print system/<name>` finds it. */
export function launchdLabel(name: string): string {
  return name;
}

/**
 * `/Library/LaunchDaemons/<name>.plist`, or `~/Library/LaunchAgents/<name>.plist`.
 *
 * @example
 * ```ts
 * launchdPath("mydaemon", "user", { HOME: "/Users/ann" }); // "/Users/ann/Library/LaunchAgents/mydaemon.plist"
 * ```
 */
export function launchdPath(
  name: string,
  mode: ServiceMode,
  env: Readonly<Record<string, string | undefined>>,
): string {
  if (mode === "system") return `/Library/LaunchDaemons/${launchdLabel(name)}.plist`;
  return `${home(env)}/Library/LaunchAgents/${launchdLabel(name)}.plist`;
}

/** Where launchd sends the job's stdout and stderr (early errors; the log is the daemon's). */
export function launchdOutPath(
  name: string,
  mode: ServiceMode,
  env: Readonly<Record<string, string | undefined>>,
): string {
  return mode === "system"
    ? `/var/log/${name}.launchd.log`
    : `${home(env)}/Library/Logs/${name}.launchd.log`;
}

/**
 * The plist's text.
 *
 * @example
 * ```ts
 * const program = { name: "mydaemon", logFile: "/tmp/daemon.log" };
 * const text = launchdPlist({ program, execPath: "/usr/local/bin/mydaemon", mode: "system" }, {});
 * text.includes("<key>SuccessfulExit</key>"); // true
 * ```
 */
export function launchdPlist(
  opts: UnitOptions,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const name = opts.program.name;
  const out = launchdOutPath(name, opts.mode, env);
  const str = (s: string) => `<string>${xmlEscape(s)}</string>`;
  const account = [
    ...(opts.user === undefined ? [] : [`  <key>UserName</key>${str(opts.user)}`]),
    ...(opts.group === undefined ? [] : [`  <key>GroupName</key>${str(opts.group)}`]),
  ];
  // macOS has no /run: a system job keeps its pid file in /var/run.
  const pidFile = opts.pidFile ?? (opts.mode === "system" ? `/var/run/${name}.pid` : undefined);
  const args = runArgs({ ...opts, pidFile });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    `<!-- Written by \`${xmlEscape(name)} service\`. -->`,
    '<plist version="1.0">',
    "<dict>",
    `  <key>Label</key>${str(launchdLabel(name))}`,
    "  <key>ProgramArguments</key>",
    "  <array>",
    ...[opts.execPath, ...args].map((a) => `    ${str(a)}`),
    "  </array>",
    "  <key>RunAtLoad</key><true/>",
    "  <!-- Restarted after a crash or a failed exit, not after a clean stop. -->",
    "  <key>KeepAlive</key>",
    "  <dict><key>SuccessfulExit</key><false/></dict>",
    `  <key>ThrottleInterval</key><integer>${LAUNCHD_THROTTLE_SEC}</integer>`,
    `  <key>StandardOutPath</key>${str(out)}`,
    `  <key>StandardErrorPath</key>${str(out)}`,
    ...account,
    "</dict>",
    "</plist>",
    "",
  ].join("\n");
}

function home(env: Readonly<Record<string, string | undefined>>): string {
  if (!env.HOME?.startsWith("/")) {
    throw new UnitOptionsError("cannot find the LaunchAgents directory: HOME is not set");
  }
  return env.HOME;
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
