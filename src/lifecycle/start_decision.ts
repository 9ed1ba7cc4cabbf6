import type { ParsedArgs } from "../cli/argv.ts";
import { DaemonError } from "../errors/errors.ts";
import { ExitCode } from "../errors/exit_codes.ts";
import type { PidFileState } from "../files/pid_file.ts";

/** What `start` does, given the pid file. */
export type StartPlan =
  | { readonly action: "launch"; readonly recoverStale: boolean }
  | { readonly action: "refuse"; readonly error: DaemonError };

/**
 * Decides `start` from the pid file's state: a live lock holder refuses, a
 * stale file (its daemon was killed) is recovered by the new daemon.
 */
export function decideStart(state: PidFileState): StartPlan {
  switch (state.kind) {
    case "absent":
      return { action: "launch", recoverStale: false };
    case "stale":
      return { action: "launch", recoverStale: true };
    case "running": {
      const who = state.pid === null ? "" : ` (pid ${state.pid})`;
      const error = new DaemonError(
        "start",
        "daemon",
        `already running${who}`,
        ExitCode.AlreadyRunning,
      );
      return { action: "refuse", error };
    }
    case "unreadable":
      return { action: "refuse", error: DaemonError.raw(state.reason, ExitCode.Failure) };
  }
}

/**
 * Whether to stay in the foreground: asked for (`run`, `--foreground`), or
 * under a supervisor that tracks its child itself (systemd sets
 * INVOCATION_ID and, for Type=notify, NOTIFY_SOCKET).
 */
export function runsInForeground(
  args: Pick<ParsedArgs, "command" | "foreground">,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  if (args.command === "run" || args.foreground) return true;
  return Boolean(env.INVOCATION_ID || env.NOTIFY_SOCKET);
}
