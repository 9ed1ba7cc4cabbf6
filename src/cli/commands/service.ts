import { absoluteFlags } from "../../config/config.ts";
import type { ExitCode } from "../../errors/exit_codes.ts";
import { selfCommand } from "../../detach/relaunch.ts";
import { serviceCommand } from "../../systemd/service_command.ts";
import type { CommandContext } from "./context.ts";

/**
 * `service print|install|uninstall|logrotate [--user|--system] [--dry-run]`:
 * the unit runs this very program (`deno run …` from source, or the binary),
 * with the paths given on the command line made absolute.
 */
export async function service(c: CommandContext): Promise<ExitCode> {
  const f = absoluteFlags(c.args.flags, c.ctx.cwd);
  const self = selfCommand(c.self);
  return await serviceCommand({
    program: c.ctx.program,
    action: c.args.rest[0],
    mode: c.args.scope,
    dryRun: c.args.dryRun,
    execPath: self.cmd,
    execArgs: self.args.length > 0 ? self.args : undefined,
    user: f.user,
    group: f.group,
    logFile: f.logFile,
    pidFile: f.pidFile,
    config: f.config,
  }, { fs: Deno, env: c.ctx.env, stdout: c.io.stdout, stderr: c.io.stderr });
}
