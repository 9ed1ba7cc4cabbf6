import { absoluteFlags } from "../../config/config.ts";
import type { ExitCode } from "../../errors/exit_codes.ts";
import { selfCommand } from "../../detach/relaunch.ts";
import { serviceCommand } from "../../systemd/service_command.ts";
import type { ManagerFacts } from "../../systemd/service_manager.ts";
import type { CommandContext } from "./context.ts";

/**
 * `service print|install|uninstall|logrotate [--manager M] [--user|--system] [--dry-run]`:
 * the unit runs this very program (`deno run …` from source, or the binary),
 * with the paths given on the command line made absolute.
 */
export async function service(c: CommandContext): Promise<ExitCode> {
  return await serviceCommand({
    ...unitOptionsFrom(c),
    action: c.args.rest[0],
    mode: c.args.scope,
    dryRun: c.args.dryRun,
    manager: c.args.service.manager,
    systemdVersion: c.args.service.systemdVersion,
  }, {
    fs: Deno,
    env: c.ctx.env,
    facts: observeManager,
    systemctlVersion,
    stdout: c.io.stdout,
    stderr: c.io.stderr,
  });
}

/**
 * What a unit says of this program, as `service` and `doctor` both need it:
 * who runs, which program (this very one), and the paths made absolute.
 */
export function unitOptionsFrom(c: CommandContext) {
  const f = absoluteFlags(c.args.flags, c.ctx.cwd);
  const self = selfCommand(c.self);
  // --exec-path: a wrapper (or packaged binary) that is this program by itself.
  const execPath = c.args.service.execPath;
  return {
    program: c.ctx.program,
    execPath: execPath ?? self.cmd,
    execArgs: execPath === undefined && self.args.length > 0 ? self.args : undefined,
    user: f.user,
    group: f.group,
    logFile: f.logFile,
    pidFile: f.pidFile,
    config: f.config,
  };
}

/** The facts `detectManager` decides by. */
async function observeManager(): Promise<ManagerFacts> {
  const exists = (path: string) => Deno.lstat(path).then(() => true, () => false);
  return {
    os: Deno.build.os,
    systemdBooted: await exists("/run/systemd/system"),
    openrcRun: await exists("/sbin/openrc-run"),
  };
}

/** `systemctl --version`'s output, or null when it cannot run. */
async function systemctlVersion(): Promise<string | null> {
  try {
    const out = await new Deno.Command("systemctl", {
      args: ["--version"],
      stdin: "null",
      stdout: "piped",
      stderr: "null",
    }).output();
    return out.success ? new TextDecoder().decode(out.stdout) : null;
  } catch {
    return null;
  }
}
