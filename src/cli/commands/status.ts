import { ExitCode } from "../../errors/exit_codes.ts";
import { probePidFile, watchPidFile } from "../../files/pid_file.ts";
import { checkHolder, type HolderVerdict } from "../../lifecycle/holder_check.ts";
import { readState } from "../../lifecycle/state_file.ts";
import { type CommandContext, loadSettings, pidOwners } from "./context.ts";
import { type StatusFacts, statusJson } from "./status_json.ts";

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

/** The LSB exit code of each state, the same for text and `--json`. */
export function statusCode(kind: StatusFacts["kind"]): ExitCode {
  const codes = {
    running: ExitCode.Ok,
    dead: ExitCode.Failure,
    not_running: ExitCode.NotRunning,
    unknown: ExitCode.Unknown,
  } as const;
  return codes[kind];
}

/** Looks at the pid file, its lock holder and the state file: the facts `status` reports. */
export function statusFacts(c: CommandContext, pidFile: string, trusted: number[]): StatusFacts {
  const probe = probePidFile(pidFile, trusted);
  const holder = probe.kind === "running" ? verify(c, pidFile, trusted) : null;
  if (holder?.kind === "unproven") return { kind: "unknown", reason: holder.reason };
  // An empty unlocked file: a daemon stopped cleanly but could only empty it.
  const empty = probe.kind === "stale" && probe.pid === null;
  if (holder?.kind === "released" || empty || probe.kind === "absent") {
    return { kind: "not_running" };
  }
  if (probe.kind === "stale") return { kind: "dead", pid: probe.pid };
  if (probe.kind === "unreadable") return { kind: "unknown", reason: probe.reason };
  const state = readState(pidFile);
  return { kind: "running", pid: holder?.kind === "ours" ? holder.pid : state?.pid ?? null, state };
}

/** `status [--json]`: LSB codes: 0 running, 1 dead with pid file, 3 not running, 4 unknown. */
export function status(c: CommandContext): ExitCode {
  const settings = loadSettings(c);
  const name = c.ctx.program.name;
  const facts = statusFacts(c, settings.pidFile, pidOwners(settings));
  if (facts.kind === "unknown") c.io.stderr(`${name}: ${facts.reason}\n`);
  if (c.args.json) {
    const json = statusJson(name, settings.pidFile, facts, Date.now());
    c.io.stdout(JSON.stringify(json) + "\n");
  } else if (facts.kind !== "unknown") {
    c.io.stdout(statusText(name, settings.pidFile, facts));
  }
  return statusCode(facts.kind);
}

/** The human-readable `status` (pure). */
export function statusText(name: string, pidFile: string, f: StatusFacts): string {
  if (f.kind === "not_running") return `${name} is not running\n`;
  if (f.kind === "dead") {
    return `${name} is not running, but its pid file remains: ${pidFile}` +
      (f.pid === null ? "\n" : ` (pid ${f.pid})\n`);
  }
  if (f.kind === "unknown") return "";
  const state = f.state;
  const rows: [string, string][] = [["pid", String(f.pid ?? "unknown")]];
  if (state) {
    rows.push(["uptime", formatUptime((Date.now() - state.startedAt) / 1000)]);
    rows.push(["reloads", String(state.reloads)]);
    rows.push(["log file", state.logFile]);
    if (state.droppedLines) rows.push(["dropped", `${state.droppedLines} log lines (disk full?)`]);
    rows.push(["user", state.user]);
    rows.push(["version", state.version]);
  }
  rows.push(["pid file", pidFile]);
  const lines = rows.map(([k, v]) => `  ${(k + ":").padEnd(10)}${v}\n`).join("");
  return `${name} is running\n${lines}`;
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
