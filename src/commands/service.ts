import { absolutePath } from "../config.ts";
import type { ExitCode } from "../exit_codes.ts";
import { selfCommand } from "../relaunch.ts";
import { serviceCommand } from "../service_command.ts";
import type { CommandContext } from "./context.ts";

/**
 * `service print|install|uninstall|logrotate [--user|--system] [--dry-run]`:
 * the unit runs this very program (`deno run …` from source, or the binary),
 * with the paths given on the command line made absolute.
 */
export async function service(c: CommandContext): Promise<ExitCode> {
  const f = c.args.flags;
  const abs = (p: string | undefined) =>
    p === undefined || p === "-" ? p : absolutePath(c.ctx.cwd, p);
  const self = selfCommand(c.self);
  return await serviceCommand({
    action: c.args.rest[0],
    mode: c.args.scope,
    dryRun: c.args.dryRun,
    execPath: self.cmd,
    execArgs: self.args.length > 0 ? self.args : undefined,
    user: f.user,
    group: f.group,
    logFile: abs(f.logFile),
    pidFile: abs(f.pidFile),
    config: abs(f.config),
  }, { fs: Deno, env: c.ctx.env, stdout: c.io.stdout, stderr: c.io.stderr });
}
