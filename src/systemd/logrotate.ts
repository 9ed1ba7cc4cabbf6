/**
 * The logrotate(8) configuration for the daemon's log, as text (pure). The daemon
 * reopens its log on SIGHUP, so the file is renamed and a new one created, and
 * `postrotate` asks the daemon to reload; `copytruncate` (which loses lines
 * written between the copy and the truncation) is never used.
 */

import { UnitOptionsError } from "./service_unit.ts";

/** Where the snippet of program `name` goes. */
export function logrotatePath(name: string): string {
  return `/etc/logrotate.d/${name}`;
}

/** What the snippet rotates and how it reaches the daemon. */
export interface LogrotateOptions {
  /** The program's name, for the comment. */
  readonly name: string;
  /** The absolute path of the log file. */
  readonly logFile: string;
  /** The absolute path of the daemon's pid file, for `<name> reload`. */
  readonly pidFile: string;
  /** The absolute path of the program, e.g. `/usr/local/bin/mydaemon`. */
  readonly execPath: string;
  /** Arguments before the command (`reload`), e.g. for `deno run … main.ts`. */
  readonly execArgs?: readonly string[] | undefined;
  /** The account the log belongs to (logrotate's `su`); default root. */
  readonly user?: string | undefined;
  /** Its group; needed with `user`. */
  readonly group?: string | undefined;
}

/**
 * The logrotate snippet. `su` is always set: logrotate refuses to rotate in a
 * world-writable directory such as /tmp (the default log's) without it.
 * Throws {@link UnitOptionsError} for paths logrotate cannot take.
 *
 * @example
 * ```ts
 * logrotateSnippet({
 *   name: "mydaemon",
 *   logFile: "/tmp/daemon.log",
 *   pidFile: "/run/mydaemon/mydaemon.pid",
 *   execPath: "/usr/local/bin/mydaemon",
 * }).startsWith("/tmp/daemon.log {"); // true, after the comment lines
 * ```
 */
export function logrotateSnippet(opts: LogrotateOptions): string {
  const { logFile, pidFile, execPath } = opts;
  if (!logFile.startsWith("/")) {
    throw new UnitOptionsError(`logrotate needs an absolute log file, not ${logFile}`);
  }
  if (/["\\*?[\]{}]/.test(logFile) || [...logFile].some((c) => c < " " || c === "\x7f")) {
    throw new UnitOptionsError(`logrotate cannot take this log file path: ${logFile}`);
  }
  if (opts.user !== undefined && opts.group === undefined) {
    throw new UnitOptionsError("logrotate's su needs the group too: add --group=NAME");
  }
  const reload = [execPath, ...(opts.execArgs ?? []), "reload", "--pid-file", pidFile];
  return [
    `# Written by \`${opts.name} service\`. ${opts.name} reopens its log on SIGHUP: the log`,
    "# is renamed and recreated, never copytruncate'd.",
    `${/\s/.test(logFile) ? `"${logFile}"` : logFile} {`,
    "    weekly",
    "    rotate 4",
    "    compress",
    "    delaycompress",
    "    missingok",
    "    notifempty",
    `    su ${opts.user ?? "root"} ${opts.group ?? "root"}`,
    "    create 0644",
    "    postrotate",
    `        ${reload.map(shellQuote).join(" ")} >/dev/null 2>&1 || true`,
    "    endscript",
    "}",
    "",
  ].join("\n");
}

/**
 * Quotes one word for /bin/sh: bare when safe, else in single quotes.
 *
 * @example
 * ```ts
 * shellQuote("/opt/my daemon/bin"); // "'/opt/my daemon/bin'"
 * shellQuote("it's"); // "'it'\\''s'"
 * ```
 */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}
