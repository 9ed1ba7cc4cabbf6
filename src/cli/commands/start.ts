import { defaultPidFile } from "../../config/config.ts";
import { runDaemon } from "../../lifecycle/daemon.ts";
import { launchDetached } from "../../detach/detach.ts";
import { UsageError } from "../../errors/errors.ts";
import { ExitCode } from "../../errors/exit_codes.ts";
import { probePidFile } from "../../files/pid_file.ts";
import { READY_FD_ENV, type ReadyMessage, sendReady } from "../../detach/ready_channel.ts";
import { relaunchCommand } from "../../detach/relaunch.ts";
import type { Settings } from "../../config/settings.ts";
import { decideStart, runsInForeground } from "../../lifecycle/start_decision.ts";
import { systemdNotifier } from "../../systemd/systemd_notifier.ts";
import { type CommandContext, loadSettings, pidOwners } from "./context.ts";
import { stopDaemon } from "./stop.ts";

/** `start` (and bare `mydaemon`): detach, wait for readiness, print the pid. */
export async function start(c: CommandContext): Promise<ExitCode> {
  if (runsInForeground(c.args, c.ctx.env)) return await run(c);
  const settings = loadSettings(c);
  if (settings.logFile === "-") {
    throw new UsageError("--log-file - (stderr) needs the foreground: use 'mydaemon run'");
  }
  const plan = decideStart(probePidFile(settings.pidFile, pidOwners(settings)));
  if (plan.action === "refuse") throw plan.error;
  const pid = await launchDetached({
    command: relaunchCommand(c.self, c.args.flags, c.ctx.cwd),
    readyTimeoutMs: settings.readyTimeout * 1000,
  });
  c.io.stdout(`${pid}\n`);
  return ExitCode.Ok;
}

/** `restart`: stop (fine if not running), then start. */
export async function restart(c: CommandContext): Promise<ExitCode> {
  const settings = loadSettings(c);
  await stopDaemon(settings.pidFile, settings.timeout * 1000, pidOwners(settings), c.self);
  return await start(c);
}

/**
 * `run`, and the relaunched child of `start`: the daemon itself. In the child
 * the readiness report goes to the launcher's socket; in the foreground,
 * failures go to stderr.
 */
export async function run(c: CommandContext): Promise<ExitCode> {
  const notifier = systemdNotifier(c.ctx.env, Deno.pid);
  const readyFd = parseReadyFd(c.ctx.env[READY_FD_ENV]);
  // Not for whatever the daemon itself may start later.
  if (readyFd !== null) Deno.env.delete(READY_FD_ENV);
  const report = readyFd !== null
    ? (msg: ReadyMessage) => {
      try {
        sendReady(readyFd, msg);
      } catch { /* the launcher is gone (interrupted); nobody is waiting */ }
      return Promise.resolve();
    }
    : (msg: ReadyMessage) => {
      if (!msg.ok) c.io.stderr(`mydaemon: ${msg.reason}\n`);
      return Promise.resolve();
    };
  return await runDaemon({
    loadSettings: () => loadSettings(c),
    detached: readyFd !== null,
    createPidDir: (s: Settings) => s.pidFile === defaultPidFile(c.ctx),
    report,
    ...(notifier ? { notifier } : {}),
  });
}

function parseReadyFd(raw: string | undefined): number | null {
  return raw !== undefined && /^[0-9]{1,5}$/.test(raw) && Number(raw) > 2 ? Number(raw) : null;
}
