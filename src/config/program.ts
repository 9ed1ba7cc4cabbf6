/**
 * The program's identity: its name, version and the defaults that follow
 * from the name. Every message, `<NAME>_*` variable, default path, help text,
 * unit and logrotate snippet is derived from here, so a daemon built on the
 * library is never called "mydaemon" by accident.
 */

import type { Context } from "./config.ts";

/** Who the daemon is. */
export interface Program {
  /** Lower-case name: messages (`<name>: cannot …`), paths, the unit, `<NAME>_*`. */
  readonly name: string;
  /** Shown by `version`, logged as `started version=…`, kept in the state file. */
  readonly version: string;
  /** One line for `--help`. */
  readonly description: string;
  /** The log file unless told otherwise. */
  readonly logFile: string;
  /** Keys of the program's own config file section (besides the daemon settings). */
  readonly configKeys: readonly string[];
  /** Permission flags for `deno run` when the command line cannot be reproduced. */
  readonly permissions: readonly string[];
  /** The unit's `Documentation=` URL, if any. */
  readonly docs?: string;
}

/** A name that is safe in paths, unit names and environment variables. */
export const PROGRAM_NAME = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;

/** `acme-web` → `ACME_WEB_`: the prefix of the program's environment variables. */
export function envPrefix(p: Pick<Program, "name">): string {
  return p.name.toUpperCase().replaceAll("-", "_") + "_";
}

/** The variable that tells a relaunched child where to report readiness. */
export function readyFdEnv(p: Pick<Program, "name">): string {
  return `${envPrefix(p)}READY_FD`;
}

/** The pid file's directory when root runs the daemon, or systemd does (`RuntimeDirectory=`). */
export function servicePidDir(p: Pick<Program, "name">): string {
  return `/run/${p.name}`;
}

/** Root's pid file, the same for `start` as root and for the system unit. */
export function systemPidFile(p: Pick<Program, "name">): string {
  return `${servicePidDir(p)}/${p.name}.pid`;
}

/** The default log file of a program that names none: `/tmp/<name>.log`. */
export function defaultLogFile(name: string): string {
  return `/tmp/${name}.log`;
}

/** Per-user pid file default: never in shared /tmp when a private place exists. */
export function defaultPidFile(ctx: Context): string {
  const n = ctx.program.name;
  if (ctx.uid === 0) return systemPidFile(ctx.program);
  const { XDG_RUNTIME_DIR: run, XDG_STATE_HOME: state, HOME: home } = ctx.env;
  if (run?.startsWith("/")) return `${run}/${n}.pid`;
  if (state?.startsWith("/")) return `${state}/${n}/${n}.pid`;
  if (home?.startsWith("/")) return `${home}/.local/state/${n}/${n}.pid`;
  return `/tmp/${n}-${ctx.uid ?? "user"}.pid`;
}

/** `--help`'s description of {@link defaultPidFile}. */
export function defaultPidFileText(p: Pick<Program, "name">): string {
  const n = p.name;
  return `${systemPidFile(p)} (root), $XDG_RUNTIME_DIR/${n}.pid, or ~/.local/state/${n}/${n}.pid`;
}
