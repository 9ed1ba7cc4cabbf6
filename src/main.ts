/**
 * The mydaemon command. The only place that calls `Deno.exit`.
 * @module
 */
import { parseArgv } from "./cli/argv.ts";
import { logs } from "./cli/commands/logs.ts";
import { reload } from "./cli/commands/reload.ts";
import { service } from "./cli/commands/service.ts";
import { restart, run, start } from "./cli/commands/start.ts";
import { status } from "./cli/commands/status.ts";
import { stop } from "./cli/commands/stop.ts";
import type { CommandContext, Io } from "./cli/commands/context.ts";
import { DaemonError, UsageError } from "./errors/errors.ts";
import { ExitCode } from "./errors/exit_codes.ts";
import { helpText } from "./cli/help.ts";
import { writeAllSync } from "./log/logger.ts";
import { RUNTIME_PERMISSIONS } from "./detach/permissions.ts";
import { VERSION } from "./cli/version.ts";

const enc = new TextEncoder();
const io: Io = {
  stdout: (t) => writeAllSync(Deno.stdout, enc.encode(t)),
  stderr: (t) => writeAllSync(Deno.stderr, enc.encode(t)),
};

async function dispatch(c: CommandContext): Promise<ExitCode> {
  const { args } = c;
  if (args.help || args.command === "help") {
    io.stdout(helpText());
    return ExitCode.Ok;
  }
  if (args.version || args.command === "version") {
    io.stdout(`mydaemon ${VERSION}\n`);
    return ExitCode.Ok;
  }
  switch (args.command) {
    case "start":
      return await start(c);
    case "run":
      return await run(c);
    case "stop":
      return await stop(c);
    case "restart":
      return await restart(c);
    case "reload":
      return await reload(c);
    case "status":
      return status(c);
    case "logs":
      return await logs(c);
    case "service":
      return await service(c);
  }
}

async function main(argv: readonly string[]): Promise<ExitCode> {
  try {
    const c: CommandContext = {
      args: parseArgv(argv),
      ctx: { cwd: Deno.cwd(), uid: Deno.uid(), env: Deno.env.toObject() },
      self: {
        standalone: Deno.build.standalone,
        execPath: Deno.execPath(),
        mainModule: Deno.mainModule,
        permissions: RUNTIME_PERMISSIONS,
      },
      io,
    };
    return await dispatch(c);
  } catch (err) {
    if (err instanceof DaemonError) {
      const hint = err instanceof UsageError ? " (try 'mydaemon --help')" : "";
      io.stderr(`mydaemon: ${err.message}${hint}\n`);
      return err.code;
    }
    io.stderr(`mydaemon: internal error: ${err instanceof Error ? err.stack : err}\n`);
    return ExitCode.Failure;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
