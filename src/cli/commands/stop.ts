import { DaemonError } from "../../errors/errors.ts";
import { ExitCode } from "../../errors/exit_codes.ts";
import {
  type PidFileWatch,
  probePidFile,
  removeStalePidFile,
  watchPidFile,
} from "../../files/pid_file.ts";
import { pollUntil } from "../poll.ts";
import { processGone } from "../../os/process_state.ts";
import { removeState } from "../../lifecycle/state_file.ts";
import { type CommandContext, loadSettings, pidOwners } from "./context.ts";

/** How a stop went. */
export type StopOutcome =
  | { readonly kind: "not-running"; readonly staleRemoved: boolean }
  | { readonly kind: "stopped"; readonly pid: number }
  | { readonly kind: "killed"; readonly pid: number };

const KILL_GRACE_MS = 5000;

/**
 * SIGTERM, wait for the daemon to release its pid file and exit, SIGKILL
 * after `timeoutMs`. Success when it was not running.
 */
export async function stopDaemon(
  pidFile: string,
  timeoutMs: number,
  trusted: readonly number[] = [],
): Promise<StopOutcome> {
  const watch = watchPidFile(pidFile, trusted);
  if (!watch) {
    const stale = probePidFile(pidFile, trusted).kind === "stale";
    if (stale && removeStalePidFile(pidFile, trusted)) removeState(pidFile);
    return { kind: "not-running", staleRemoved: stale };
  }
  try {
    const pid = watch.pid ?? await waitForPid(pidFile, trusted);
    signal(pid, "SIGTERM");
    if (await gone(watch, pid, timeoutMs)) return { kind: "stopped", pid };
    signal(pid, "SIGKILL");
    if (!await gone(watch, pid, KILL_GRACE_MS)) {
      throw new DaemonError("stop", `daemon (pid ${pid})`, "it survived SIGKILL");
    }
    removeStalePidFile(pidFile, trusted);
    removeState(pidFile);
    return { kind: "killed", pid };
  } finally {
    watch.close();
  }
}

async function waitForPid(pidFile: string, trusted: readonly number[]): Promise<number> {
  // A daemon that has just locked the file writes its pid right after.
  const pid = await pollUntil(() => {
    const w = watchPidFile(pidFile, trusted);
    w?.close();
    return w?.pid ?? undefined;
  }, 1000);
  if (pid === undefined) throw new DaemonError("stop", "daemon", `no pid in ${pidFile}`);
  return pid;
}

function signal(pid: number, sig: Deno.Signal): void {
  try {
    Deno.kill(pid, sig);
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) {
      throw new DaemonError("stop", `daemon (pid ${pid})`, (err as Error).message);
    }
  }
}

async function gone(watch: PidFileWatch, pid: number, ms: number): Promise<boolean> {
  const done = await pollUntil(() => watch.released() && processGone(pid) || undefined, ms, 2);
  return done === true;
}

/** `stop`: prints what happened on stderr; stdout stays empty. */
export async function stop(c: CommandContext): Promise<ExitCode> {
  const settings = loadSettings(c);
  const outcome = await stopDaemon(settings.pidFile, settings.timeout * 1000, pidOwners(settings));
  c.io.stderr(`${c.ctx.program.name}: ${describeStop(outcome, settings.timeout)}\n`);
  return ExitCode.Ok;
}

function describeStop(outcome: StopOutcome, timeout: number): string {
  switch (outcome.kind) {
    case "not-running":
      return outcome.staleRemoved ? "not running (removed its stale pid file)" : "not running";
    case "stopped":
      return `stopped (pid ${outcome.pid})`;
    case "killed":
      return `killed (pid ${outcome.pid}): it did not stop within ${timeout}s of SIGTERM`;
  }
}
