import { DaemonError } from "../../errors/errors.ts";
import { ExitCode } from "../../errors/exit_codes.ts";
import { probePidFile } from "../../files/pid_file.ts";
import { pollUntil } from "../poll.ts";
import { type DaemonState, readState } from "../../lifecycle/state_file.ts";
import { type CommandContext, loadSettings, pidOwners } from "./context.ts";

/**
 * `reload`: SIGHUP, then wait until the daemon records that it handled it,
 * and report whether the new configuration was applied or refused.
 */
export async function reload(c: CommandContext): Promise<ExitCode> {
  const settings = loadSettings(c);
  const probe = probePidFile(settings.pidFile, pidOwners(settings));
  if (probe.kind === "unreadable") throw DaemonError.raw(probe.reason, ExitCode.Unknown);
  if (probe.kind !== "running" || probe.pid === null) {
    c.io.stderr(`${c.ctx.program.name}: cannot reload daemon: not running\n`);
    return ExitCode.NotRunning;
  }
  const pid = probe.pid;
  const before = readState(settings.pidFile)?.reloadAttempts ?? 0;
  Deno.kill(pid, "SIGHUP");
  const after = await pollUntil<DaemonState>(() => {
    const s = readState(settings.pidFile);
    return s && s.pid === pid && s.reloadAttempts > before ? s : undefined;
  }, settings.readyTimeout * 1000);
  if (!after) {
    throw new DaemonError(
      "reload",
      `daemon (pid ${pid})`,
      `no confirmation within ${settings.readyTimeout}s`,
    );
  }
  if (after.lastReloadError !== null) {
    throw new DaemonError(
      "reload",
      `daemon (pid ${pid})`,
      `${after.lastReloadError}; it keeps its previous configuration`,
    );
  }
  c.io.stderr(`${c.ctx.program.name}: reloaded (pid ${pid}, reloads ${after.reloads})\n`);
  return ExitCode.Ok;
}
