/**
 * One running daemon: start it in its own directory, find its pid, wait for
 * its SIGHUP handler, stop it.
 */
import type { Context } from "./context.ts";
import { probeReady, probeStop, type ReadySample, type StopSample } from "./probe.ts";
import { readStatus } from "./proc.ts";
import { maskHas } from "./proc_status.ts";
import type { Subject } from "./subject.ts";

/** A started daemon. */
export interface Instance {
  readonly subject: Subject;
  readonly log: string;
  readonly pid_file: string;
  readonly pid: number;
  readonly ready: ReadySample;
  /** `performance.now()` when it was found ready. */
  readonly ready_at_ms: number;
}

const START_TIMEOUT_MS = 15_000;

async function readPid(path: string): Promise<number> {
  const text = await Deno.readTextFile(path).catch(() => "");
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 1 ? pid : NaN;
}

async function tail(path: string): Promise<string> {
  const text = await Deno.readTextFile(path).catch(() => "");
  return text.trim().split("\n").slice(-3).join(" ⏎ ") || "(empty)";
}

/** Start `subject` with its files in `dir` (created); throws if it never gets ready. */
export async function startInstance(ctx: Context, subject: Subject, dir: string) {
  await Deno.mkdir(dir, { recursive: true });
  const log = `${dir}/daemon.log`, pid_file = `${dir}/daemon.pid`, out = `${dir}/stdout`;
  const cmd = subject.start(log, pid_file);
  const ready = await probeReady(ctx.probe, log, subject.start_needle, out, START_TIMEOUT_MS, cmd);
  const printed = Number.parseInt((await Deno.readTextFile(out).catch(() => "")).trim(), 10);
  const pid = await readPid(pid_file);
  if (Number.isInteger(pid)) ctx.reaper.track(pid);
  if (Number.isInteger(printed)) ctx.reaper.track(printed);
  if (ready.ready_ns < 0 || ready.status !== 0 || !Number.isInteger(pid)) {
    const why = ready.ready_ns < 0 ? "no start-up line in time" : `launcher exited ${ready.status}`;
    throw new Error(`${subject.id} did not start: ${why}; log: ${await tail(log)}`);
  }
  if (subject.stop !== null && printed !== pid) {
    ctx.say(`  warning: ${subject.id} printed pid ${printed} but its pid file says ${pid}`);
  }
  const instance: Instance = { subject, log, pid_file, pid, ready, ready_at_ms: performance.now() };
  return instance;
}

/**
 * Wait until the daemon catches SIGHUP (SigCgt), so a signal cannot kill it;
 * returns false after 5 s. (The Python seed installs its handler only after
 * logging its start-up line.)
 */
export async function waitForHandler(pid: number): Promise<boolean> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const status = await readStatus(pid);
    if (status === null) return false;
    if (maskHas(status.get("SigCgt") ?? "", 1)) return true;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return false;
}

/** Stop by SIGTERM (`use_command` false) or by the subject's stop command. */
export async function stopInstance(
  ctx: Context,
  instance: Instance,
  use_command: boolean,
): Promise<StopSample> {
  const { subject, pid, pid_file } = instance;
  const cmd = use_command && subject.stop !== null ? subject.stop(pid_file) : null;
  return await probeStop(ctx.probe, pid, subject.removes_pid_file ? pid_file : null, cmd);
}
