/**
 * Exit codes are API: scripts and supervisors branch on them. `status`
 * follows the LSB init-script convention (0 running, 1 dead with a pid file
 * left behind, 3 not running, 4 unknown).
 *
 * @example A script that branches on `status`
 * ```ts
 * import assert from "node:assert/strict";
 * import { ExitCode } from "../mod.ts";
 *
 * const code: number = 3; // what `acme status` exited with
 * assert.equal(code === ExitCode.NotRunning ? "start it" : "leave it", "start it");
 * assert.equal(ExitCode.AlreadyRunning, 5);
 * ```
 */
export const ExitCode = {
  /** Success; for `status`: the daemon is running. */
  Ok: 0,
  /** The operation failed (cannot start, stop, reload, I/O error, timeout);
   * for `status`: not running but the pid file exists. */
  Failure: 1,
  /** Usage error: unknown command or option, malformed value. */
  Usage: 2,
  /** Not running (`status`, `reload`). */
  NotRunning: 3,
  /** Status unknown: the pid file cannot be read. */
  Unknown: 4,
  /** `start`: the daemon is already running. */
  AlreadyRunning: 5,
  /** The configuration (config file, env file, or option values from them) is invalid. */
  BadConfig: 6,
  /** `stop`, `reload`, `restart`: the pid file's lock holder is not this daemon; nothing signalled. */
  NotOurs: 7,
  /** This OS, CPU or libc lacks something the daemon needs (e.g. a libc function). */
  Unsupported: 8,
} as const;

/** One of the values of {@link ExitCode}. */
export type ExitCode = typeof ExitCode[keyof typeof ExitCode];

/** Rows for `--help` and README: code and meaning. */
export const EXIT_CODE_TABLE: readonly (readonly [number, string])[] = [
  [0, "success (status: running)"],
  [
    1,
    "failure: cannot start/stop/reload, I/O error, timeout, stop needed SIGKILL (status: dead, pid file left; doctor: problems found)",
  ],
  [2, "usage: unknown command or option, malformed value"],
  [3, "not running (status, reload)"],
  [4, "status unknown: pid file unreadable, not a pid file, or locked by another program"],
  [5, "already running (start)"],
  [6, "invalid configuration (environment, env file or config file)"],
  [7, "refused: the pid file's lock holder is not this daemon; nothing signalled"],
  [8, "unsupported platform: this OS, CPU or libc lacks what the daemon needs"],
];
