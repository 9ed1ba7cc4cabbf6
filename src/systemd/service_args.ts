/**
 * The command lines every service manager runs (pure): `run` in the
 * foreground with the unit's files, and the daemon's own control commands
 * (`reload`, `stop`, `status`) pointed at the same pid file and config.
 */

import { servicePaths, type UnitOptions } from "./service_unit.ts";

/** `[...execArgs, "run", "--log-file", …]`: what a supervisor keeps running (or `start`s). */
export function runArgs(opts: UnitOptions, command: "run" | "start" = "run"): string[] {
  const { logFile, pidFile } = servicePaths(opts);
  const args = [...(opts.execArgs ?? []), command, "--log-file", logFile];
  if (pidFile !== null) args.push("--pid-file", pidFile);
  if (opts.config !== undefined) args.push("--config", opts.config);
  return [...args, ...(opts.runArgs ?? [])];
}

/** `[...execArgs, command, "--pid-file", …]`: the daemon's own control command. */
export function controlArgs(opts: UnitOptions, command: string): string[] {
  const { pidFile } = servicePaths(opts);
  const args = [...(opts.execArgs ?? []), command];
  if (pidFile !== null) args.push("--pid-file", pidFile);
  if (opts.config !== undefined) args.push("--config", opts.config);
  return args;
}
