import { ExitCode } from "../../errors/exit_codes.ts";
import { probePidFile } from "../../files/pid_file.ts";
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
  switch (probe.kind) {
    case "absent":
      c.io.stdout(`${name} is not running\n`);
      return ExitCode.NotRunning;
    case "stale":
      c.io.stdout(
        `${name} is not running, but its pid file remains: ${settings.pidFile}` +
          (probe.pid === null ? "\n" : ` (pid ${probe.pid})\n`),
      );
      return ExitCode.Failure;
    case "unreadable":
      c.io.stderr(`${name}: ${probe.reason}\n`);
      return ExitCode.Unknown;
  }
  const state = readState(settings.pidFile);
  const rows: [string, string][] = [["pid", String(probe.pid ?? state?.pid ?? "unknown")]];
  if (state) {
    rows.push(["uptime", formatUptime((Date.now() - state.startedAt) / 1000)]);
    rows.push(["reloads", String(state.reloads)]);
    rows.push(["log file", state.logFile]);
    rows.push(["user", state.user]);
    rows.push(["version", state.version]);
  }
  rows.push(["pid file", settings.pidFile]);
  const lines = rows.map(([k, v]) => `  ${(k + ":").padEnd(10)}${v}\n`).join("");
  c.io.stdout(`${name} is running\n${lines}`);
  return ExitCode.Ok;
}
