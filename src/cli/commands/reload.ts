import { DaemonError } from "../../errors/errors.ts";
import { ExitCode } from "../../errors/exit_codes.ts";
import { type PidFileWatch, probePidFile, watchPidFile } from "../../files/pid_file.ts";
import { pollUntil } from "../poll.ts";
import { processGone } from "../../os/process_state.ts";
import { provenProcess } from "../../lifecycle/holder_check.ts";
import type { ProcessHandle } from "../../os/pidfd.ts";
import { type DaemonState, readState, statePath } from "../../lifecycle/state_file.ts";
import { type CommandContext, loadSettings, pidOwners } from "./context.ts";

/**
 * `reload`: SIGHUP, then wait until the daemon records that it handled it,
 * and report whether the new configuration was applied or refused. Stops
 * waiting as soon as the daemon has exited.
 */
export async function reload(c: CommandContext): Promise<ExitCode> {
  const settings = loadSettings(c);
  const trusted = pidOwners(settings);
  const probe = probePidFile(settings.pidFile, trusted);
  if (probe.kind === "unreadable") throw DaemonError.raw(probe.reason, ExitCode.Unknown);
  const watch = probe.kind === "running" ? watchPidFile(settings.pidFile, trusted) : null;
  let daemon: ProcessHandle | null = null;
  try {
    daemon = watch && provenProcess("reload", settings.pidFile, watch, c.self);
    if (!watch || daemon === null) {
      c.io.stderr(`${c.ctx.program.name}: cannot reload daemon: not running\n`);
      return ExitCode.NotRunning;
    }
    const pid = daemon.pid;
    const after = await hangUp(watch, daemon, settings.pidFile, settings.readyTimeout);
    const lost = after.droppedLines ? `; ${after.droppedLines} log lines dropped since start` : "";
    c.io.stderr(`${c.ctx.program.name}: reloaded (pid ${pid}, reloads ${after.reloads})${lost}\n`);
    return ExitCode.Ok;
  } finally {
    daemon?.close();
    watch?.close();
  }
}

async function hangUp(
  watch: PidFileWatch,
  daemon: ProcessHandle,
  pidFile: string,
  timeout: number,
): Promise<DaemonState> {
  const pid = daemon.pid;
  const before = readState(pidFile);
  const object = `daemon (pid ${pid})`;
  if (!daemon.signal("SIGHUP")) throw new DaemonError("reload", object, "it exited");
  const after = await pollUntil<DaemonState | "exited">(() => {
    const s = readState(pidFile);
    if (s && s.pid === pid && s.reloadAttempts > (before?.reloadAttempts ?? 0)) return s;
    return watch.released() && processGone(pid) ? "exited" : undefined;
  }, timeout * 1000);
  if (after === "exited") throw new DaemonError("reload", object, "it exited");
  if (!after) {
    const why = before === null
      ? ` (it keeps no state file ${statePath(pidFile)}; see its log)`
      : "";
    throw new DaemonError("reload", object, `no confirmation within ${timeout}s${why}`);
  }
  if (after.lastReloadError !== null) {
    const reason = `${after.lastReloadError}; it keeps its previous configuration`;
    throw new DaemonError("reload", object, reason);
  }
  return after;
}
