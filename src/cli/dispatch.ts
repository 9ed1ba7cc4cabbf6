import type { CommandName } from "./argv.ts";
import { logs } from "./commands/logs.ts";
import { reload } from "./commands/reload.ts";
import { service } from "./commands/service.ts";
import { restart, run, start } from "./commands/start.ts";
import { status } from "./commands/status.ts";
import { doctor } from "./commands/doctor.ts";
import { stop } from "./commands/stop.ts";
import type { CommandContext } from "./commands/context.ts";
import { DaemonError, UsageError } from "../errors/errors.ts";
import { ExitCode } from "../errors/exit_codes.ts";
import { helpText } from "./help.ts";

type Command = (c: CommandContext) => ExitCode | Promise<ExitCode>;

/** Every command by name: the whole CLI. */
const COMMAND_TABLE: Readonly<Record<CommandName, Command>> = {
  start,
  run,
  stop,
  restart,
  reload,
  status,
  doctor,
  logs,
  service,
  help: (c) => (c.io.stdout(helpText(c.ctx.program)), ExitCode.Ok),
  version: (c) => (c.io.stdout(`${c.ctx.program.name} ${c.ctx.program.version}\n`), ExitCode.Ok),
};

/** Runs the command `c.args` names; `--help`/`--version` win over any command. */
export async function dispatch(c: CommandContext): Promise<ExitCode> {
  const name = c.args.help ? "help" : c.args.version ? "version" : c.args.command;
  return await COMMAND_TABLE[name](c);
}

/**
 * Turns what a command threw into its exit code and one stderr line,
 * `<name>: cannot …`; anything else is an internal error, with its stack.
 */
export function reportError(err: unknown, name: string, stderr: (t: string) => void): ExitCode {
  if (err instanceof DaemonError) {
    const hint = err instanceof UsageError ? ` (try '${name} --help')` : "";
    stderr(`${name}: ${err.message}${hint}\n`);
    return err.code;
  }
  stderr(`${name}: internal error: ${err instanceof Error ? err.stack : err}\n`);
  return ExitCode.Failure;
}
