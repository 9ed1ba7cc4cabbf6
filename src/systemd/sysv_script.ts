/**
 * The LSB init script for the program (pure): each action is the daemon's own
 * command (`start` detaches and waits until ready, `stop` waits until gone,
 * `reload` waits for the daemon's confirmation), its exit code mapped to LSB's.
 */

import { shellQuote } from "./logrotate.ts";
import { controlArgs, runArgs } from "./service_args.ts";
import type { UnitOptions } from "./service_unit.ts";

/** `/etc/init.d/<name>`. */
export function sysvPath(name: string): string {
  return `/etc/init.d/${name}`;
}

/**
 * The script's text. mydaemon's exit codes already are LSB's where they
 * meet (0 ok, 1 failure, 2 usage, 3 not running, 4 unknown); `start` when
 * running (5) and `stop` when stopped (3) are success to LSB.
 *
 * @example
 * ```ts
 * const program = { name: "mydaemon", logFile: "/tmp/daemon.log" };
 * sysvScript({ program, execPath: "/usr/local/bin/mydaemon", mode: "system" }).includes("### BEGIN INIT INFO"); // true
 * ```
 */
export function sysvScript(opts: UnitOptions): string {
  const name = opts.program.name;
  const sh = (args: string[]) => [opts.execPath, ...args].map(shellQuote).join(" ");
  const start = runArgs(opts, "start");
  const account = [
    ...(opts.user === undefined ? [] : [`--user=${opts.user}`]),
    ...(opts.group === undefined ? [] : [`--group=${opts.group}`]),
  ];
  const facilities = opts.needNet === true ? "$remote_fs $syslog $network" : "$remote_fs $syslog";
  return [
    "#!/bin/sh",
    "### BEGIN INIT INFO",
    `# Provides:          ${name}`,
    `# Required-Start:    ${facilities}`,
    `# Required-Stop:     ${facilities}`,
    "# Default-Start:     2 3 4 5",
    "# Default-Stop:      0 1 6",
    `# Short-Description: ${name}`,
    `# Description:       ${name}, started, stopped and reloaded by its own commands.`,
    "### END INIT INFO",
    `# Written by \`${name} service\`.`,
    "",
    `do_start() { ${
      sh([...start, ...account])
    }; rc=$?; [ "$rc" -eq 5 ] && return 0; return "$rc"; }`,
    `do_stop() { ${
      sh(controlArgs(opts, "stop"))
    }; rc=$?; [ "$rc" -eq 3 ] && return 0; return "$rc"; }`,
    `do_reload() { ${
      sh(controlArgs(opts, "reload"))
    }; rc=$?; [ "$rc" -eq 3 ] && return 7; return "$rc"; }`,
    `do_status() { ${sh(controlArgs(opts, "status"))}; }`,
    "",
    'case "${1:-}" in',
    "start) do_start ;;",
    "stop) do_stop ;;",
    "restart | force-reload) do_stop && do_start ;;",
    "reload) do_reload ;;",
    "status) do_status ;;",
    `*) echo "usage: $0 start|stop|restart|force-reload|reload|status" >&2; exit 2 ;;`,
    "esac",
    "",
  ].join("\n");
}
