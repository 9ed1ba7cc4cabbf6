/**
 * The OpenRC service script for the program (pure): supervise-daemon keeps
 * `<name> run` in the foreground, respawns it with a limit, and `reload`
 * sends it SIGHUP.
 */

import { type Program, servicePidDir } from "../config/program.ts";
import { shellQuote } from "./logrotate.ts";
import { runArgs } from "./service_args.ts";
import { servicePaths, type UnitOptions } from "./service_unit.ts";

/** supervise-daemon respawns at most this many times within {@link RESPAWN_PERIOD_SEC}. */
export const RESPAWN_MAX = 5;
/** The window of {@link RESPAWN_MAX}. */
export const RESPAWN_PERIOD_SEC = 600;
/** Seconds between a crash and the respawn. */
export const RESPAWN_DELAY_SEC = 5;

/** `/etc/init.d/<name>`. */
export function openrcPath(name: string): string {
  return `/etc/init.d/${name}`;
}

/** supervise-daemon's own pid file (the daemon keeps its own, elsewhere). */
export function supervisorPidFile(program: Pick<Program, "name">): string {
  return `/run/${program.name}.supervise.pid`;
}

/**
 * The script's text.
 *
 * @example
 * ```ts
 * const program = { name: "mydaemon", logFile: "/tmp/daemon.log" };
 * openrcScript({ program, execPath: "/usr/local/bin/mydaemon", mode: "system" }).startsWith("#!/sbin/openrc-run"); // true
 * ```
 */
export function openrcScript(opts: UnitOptions): string {
  const name = opts.program.name;
  const { pidFile } = servicePaths(opts);
  const pidDir = pidFile?.startsWith(`${servicePidDir(opts.program)}/`)
    ? [`\tcheckpath --directory --mode 0755 ${shellQuote(servicePidDir(opts.program))}`]
    : [];
  const account = opts.user === undefined ? [] : [
    `command_user=${shellQuote(opts.user + (opts.group === undefined ? "" : `:${opts.group}`))}`,
  ];
  return [
    "#!/sbin/openrc-run",
    `# Written by \`${name} service\`. supervise-daemon runs \`${name} run\` in the foreground.`,
    "",
    `description=${shellQuote(name)}`,
    "supervisor=supervise-daemon",
    `command=${shellQuote(opts.execPath)}`,
    `command_args=${shellQuote(runArgs(opts).map(shellQuote).join(" "))}`,
    ...account,
    `pidfile=${shellQuote(supervisorPidFile(opts.program))}`,
    `respawn_delay=${RESPAWN_DELAY_SEC}`,
    `respawn_max=${RESPAWN_MAX}`,
    `respawn_period=${RESPAWN_PERIOD_SEC}`,
    "extra_started_commands=reload",
    'description_reload="Re-read the configuration and reopen the log (SIGHUP)"',
    "",
    "depend() {",
    ...(opts.needNet === true ? ["\tneed net"] : []),
    "\tuse logger",
    "}",
    "",
    "start_pre() {",
    ...(pidDir.length > 0 ? pidDir : ["\t:"]),
    "}",
    "",
    "reload() {",
    '\tebegin "Reloading ${RC_SVCNAME}"',
    '\tsupervise-daemon "${RC_SVCNAME}" --signal HUP',
    "\teend $?",
    "}",
    "",
  ].join("\n");
}
