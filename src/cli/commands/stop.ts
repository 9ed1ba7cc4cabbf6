import { DaemonError } from "../../errors/errors.ts";
import { ExitCode } from "../../errors/exit_codes.ts";
import {
  type PidFileWatch,
  probePidFile,
  removeStalePidFile,
  watchPidFile,
} from "../../files/pid_file.ts";
import type { Self } from "../../detach/relaunch.ts";
import { pollUntil } from "../poll.ts";
import { processGone } from "../../os/process_state.ts";
import { removeState } from "../../lifecycle/state_file.ts";
import { provenProcess } from "../../lifecycle/holder_check.ts";
import { type ProcessHandle, type SentSignal, SignalError } from "../../os/pidfd.ts";
import { errnoReason } from "../../errors/errno_names.ts";
import { type CommandContext, loadSettings, pidOwners } from "./context.ts";
import { mark } from "../../detach/trace.ts";

/** How a stop went. */
export type StopOutcome =
  | { readonly kind: "not-running"; readonly staleRemoved: boolean }
  | { readonly kind: "stopped"; readonly pid: number }
  | { readonly kind: "killed"; readonly pid: number };

const KILL_GRACE_MS = 5000;

/**
 * How long a stop first blocks on the daemon's pidfd: woken the instant it
 * exits, where the 2 ms poll after it notices 1 ms late on average. Most
 * daemons are gone within a few milliseconds of SIGTERM; the bound keeps
 * `control().stop()` from stalling its caller's event loop any longer.
 */
const EXIT_WAIT_MS = 25;

/**
 * SIGTERM, wait for the daemon to release its pid file and exit, SIGKILL
 * after `timeoutMs`. Success when it was not running. Before each signal the
 * lock holder must be proven to be our daemon; otherwise nobody is signalled.
 */
export async function stopDaemon(
  pidFile: string,
  timeoutMs: number,
  trusted: readonly number[],
  self: Self,
): Promise<StopOutcome> {
  const watch = watchPidFile(pidFile, trusted);
  if (!watch) return notRunning(pidFile, trusted);
  let daemon: ProcessHandle | null = null;
  try {
    daemon = await ourDaemon(watch, pidFile, trusted, self);
    if (daemon === null) return notRunning(pidFile, trusted);
    const pid = daemon.pid;
    signal(daemon, "SIGTERM");
    if (await gone(watch, daemon, timeoutMs)) {
      // A daemon without rights in its pid directory could only empty the file.
      if (probePidFile(pidFile, trusted).kind === "stale") removeStalePidFile(pidFile, trusted);
      return { kind: "stopped", pid };
    }
    // Still locked: it must still be our daemon, proven again, before a SIGKILL.
    if (!watch.released()) {
      const again = await ourDaemon(watch, pidFile, trusted, self);
      again?.close();
      if (again?.pid !== pid) {
        throw new DaemonError("stop", `daemon (pid ${pid})`, "its pid file changed hands");
      }
    }
    // Through the handle held since the first proof: never a reused pid.
    signal(daemon, "SIGKILL");
    if (!await gone(watch, daemon, KILL_GRACE_MS)) {
      throw new DaemonError("stop", `daemon (pid ${pid})`, "it survived SIGKILL");
    }
    removeStalePidFile(pidFile, trusted);
    removeState(pidFile, trusted);
    return { kind: "killed", pid };
  } finally {
    daemon?.close();
    watch.close();
  }
}

function notRunning(pidFile: string, trusted: readonly number[]): StopOutcome {
  const probe = probePidFile(pidFile, trusted);
  if (probe.kind === "unreadable") throw DaemonError.raw(probe.reason, ExitCode.Failure);
  const stale = probe.kind === "stale";
  if (stale && removeStalePidFile(pidFile, trusted)) removeState(pidFile, trusted);
  return { kind: "not-running", staleRemoved: stale };
}

/** Our daemon behind `watch`, held; null once it let go; throws if not ours. */
async function ourDaemon(
  watch: PidFileWatch,
  pidFile: string,
  trusted: readonly number[],
  self: Self,
): Promise<ProcessHandle | null> {
  const pid = watch.pid ?? await waitForPid(pidFile, trusted);
  return provenProcess("stop", pidFile, { file: watch.file, pid }, self);
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

function signal(daemon: ProcessHandle, sig: SentSignal): void {
  mark(`kill.${sig}`);
  try {
    daemon.signal(sig); // false: it has just exited, which the wait below sees
  } catch (err) {
    const reason = err instanceof SignalError ? errnoReason(err.errno) : (err as Error).message;
    throw new DaemonError("stop", `daemon (pid ${daemon.pid})`, reason);
  }
}

async function gone(watch: PidFileWatch, daemon: ProcessHandle, ms: number): Promise<boolean> {
  daemon.exited(Math.min(ms, EXIT_WAIT_MS));
  const check = () => watch.released() && processGone(daemon.pid) || undefined;
  const done = await pollUntil(check, ms, 2);
  return done === true;
}

/** `stop`: prints what happened on stderr; stdout stays empty. */
export async function stop(c: CommandContext): Promise<ExitCode> {
  const settings = loadSettings(c);
  mark("settings");
  const timeoutMs = settings.timeout * 1000;
  const outcome = await stopDaemon(settings.pidFile, timeoutMs, pidOwners(settings), c.self);
  c.io.stderr(`${c.ctx.program.name}: ${describeStop(outcome, settings.timeout)}\n`);
  return outcome.kind === "killed" ? ExitCode.Failure : ExitCode.Ok;
}

/** The one line `stop` prints; a SIGKILL is a failure (a timeout), said as one. */
export function describeStop(outcome: StopOutcome, timeout: number): string {
  switch (outcome.kind) {
    case "not-running":
      return outcome.staleRemoved ? "not running (removed its stale pid file)" : "not running";
    case "stopped":
      return `stopped (pid ${outcome.pid})`;
    case "killed":
      return `cannot stop daemon (pid ${outcome.pid}) gracefully: ` +
        `it did not exit within ${timeout}s of SIGTERM; killed it with SIGKILL`;
  }
}
