import { defaultPidFile, readyFdEnv, servicePidDir } from "../../config/program.ts";
import { runDaemon } from "../../lifecycle/daemon.ts";
import { launchDetached } from "../../detach/detach.ts";
import { UsageError } from "../../errors/errors.ts";
import { ExitCode } from "../../errors/exit_codes.ts";
import { probePidFile } from "../../files/pid_file.ts";
import { readiness } from "../../detach/ready_child.ts";
import { relaunchCommand } from "../../detach/relaunch.ts";
import { mark } from "../../detach/trace.ts";
import type { Settings } from "../../config/settings.ts";
import { decideStart, runsInForeground } from "../../lifecycle/start_decision.ts";
import { systemdNotifier } from "../../systemd/systemd_notifier.ts";
import { type CommandContext, loadAll, loadSettings, pidOwners } from "./context.ts";
import { stopDaemon } from "./stop.ts";

/** `start` (and a bare `<name>`): detach, wait for readiness, print the pid. */
export async function start(c: CommandContext): Promise<ExitCode> {
  if (runsInForeground(c.args, c.ctx.env)) return await run(c);
  const settings = loadSettings(c);
  mark("settings");
  if (settings.logFile === "-") {
    const name = c.ctx.program.name;
    throw new UsageError(`--log-file - (stderr) needs the foreground: use '${name} run'`);
  }
  const plan = decideStart(probePidFile(settings.pidFile, pidOwners(settings)));
  if (plan.action === "refuse") throw plan.error;
  mark("probe");
  const pid = await launchDetached({
    command: relaunchCommand(c.self, c.args.flags, c.ctx.cwd, c.args.envFile),
    readyEnv: readyFdEnv(c.ctx.program),
    readyTimeoutMs: settings.readyTimeout * 1000,
  });
  mark("ready");
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
  const name = c.ctx.program.name;
  const ready = readiness(c.ctx.env, readyFdEnv(c.ctx.program), (reason) => {
    c.io.stderr(`${name}: ${reason}\n`);
  });
  return await runDaemon({
    load: () => loadAll(c),
    version: c.ctx.program.version,
    servicePidDir: servicePidDir(c.ctx.program),
    detached: ready.detached,
    // Root's default directory is made here only when root stays root.
    createPidDir: (s: Settings) => s.pidFile === defaultPidFile(c.ctx) && s.user === null,
    report: ready.report,
    hooks: c.behaviour.hooks,
    ...(notifier ? { notifier } : {}),
  });
}
