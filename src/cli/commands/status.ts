import { ExitCode } from "../../errors/exit_codes.ts";
import { probePidFile, watchPidFile } from "../../files/pid_file.ts";
import { checkHolder, type HolderVerdict } from "../../lifecycle/holder_check.ts";
import { readState } from "../../lifecycle/state_file.ts";
import { type CommandContext, loadSettings, pidOwners } from "./context.ts";

/** Formats a duration in seconds as `1d2h03m04s`, short for short spans. */
export function formatUptime(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600);
  const m = Math.floor(s % 3600 / 60), sec = s % 60;
  const pad = (n: number) => String(n).padStart(2, "0");
  if (d > 0) return `${d}d${h}h${pad(m)}m${pad(sec)}s`;
  if (h > 0) return `${h}h${pad(m)}m${pad(sec)}s`;
  if (m > 0) return `${m}m${pad(sec)}s`;
  return `${sec}s`;
}

/** `status`: LSB codes: 0 running, 1 dead with pid file, 3 not running, 4 unknown. */
export function status(c: CommandContext): ExitCode {
  const settings = loadSettings(c);
  const name = c.ctx.program.name;
  const probe = probePidFile(settings.pidFile, pidOwners(settings));
  const holder = probe.kind === "running" ? verify(c, settings.pidFile, pidOwners(settings)) : null;
  if (holder?.kind === "unproven") {
    c.io.stderr(`${name}: ${holder.reason}\n`);
    return ExitCode.Unknown;
  }
  // An empty unlocked file: a daemon stopped cleanly but could only empty it.
  const empty = probe.kind === "stale" && probe.pid === null;
  switch (holder?.kind === "released" || empty ? "absent" : probe.kind) {
    case "absent":
      c.io.stdout(`${name} is not running\n`);
      return ExitCode.NotRunning;
    case "stale":
      if (probe.kind !== "stale") break;
      c.io.stdout(
        `${name} is not running, but its pid file remains: ${settings.pidFile}` +
          (probe.pid === null ? "\n" : ` (pid ${probe.pid})\n`),
      );
      return ExitCode.Failure;
    case "unreadable":
      if (probe.kind !== "unreadable") break;
      c.io.stderr(`${name}: ${probe.reason}\n`);
      return ExitCode.Unknown;
  }
  const state = readState(settings.pidFile);
  const pid = holder?.kind === "ours" ? holder.pid : state?.pid;
  const rows: [string, string][] = [["pid", String(pid ?? "unknown")]];
  if (state) {
    rows.push(["uptime", formatUptime((Date.now() - state.startedAt) / 1000)]);
    rows.push(["reloads", String(state.reloads)]);
    rows.push(["log file", state.logFile]);
    if (state.droppedLines) rows.push(["dropped", `${state.droppedLines} log lines (disk full?)`]);
    rows.push(["user", state.user]);
    rows.push(["version", state.version]);
  }
  rows.push(["pid file", settings.pidFile]);
  const lines = rows.map(([k, v]) => `  ${(k + ":").padEnd(10)}${v}\n`).join("");
  c.io.stdout(`${name} is running\n${lines}`);
  return ExitCode.Ok;
}

/** Proves (or not) that the pid file's lock holder is this program's daemon. */
export function verify(
  c: Pick<CommandContext, "self">,
  pidFile: string,
  trusted: readonly number[],
): HolderVerdict {
  const watch = watchPidFile(pidFile, trusted);
  if (!watch) return { kind: "released" };
  try {
    return checkHolder(pidFile, watch.file, watch.pid, c.self);
  } finally {
    watch.close();
  }
}
