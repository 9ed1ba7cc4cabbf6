import { DaemonError, describeOsError } from "./errors.ts";
import type { ExitCode } from "./exit_codes.ts";
import { libc } from "./libc.ts";
import { READY_FD_ENV, type ReadyMessage, readyPipe } from "./ready_channel.ts";
import type { CommandLine } from "./relaunch.ts";

/** How to launch the daemon child. */
export interface LaunchOptions {
  readonly command: CommandLine;
  readonly readyTimeoutMs: number;
  /** Extra environment for the child. */
  readonly env?: Readonly<Record<string, string>>;
  /** Run the child as this uid/gid (privilege drop by the root launcher). */
  readonly uid?: number;
  readonly gid?: number;
}

/**
 * Our own inherited descriptors (a caller's pipe, an ssh channel) would
 * otherwise pass into the daemon: Deno's spawn hands on every descriptor not
 * marked close-on-exec. Deno's own are all close-on-exec already.
 */
function closeInheritedOnExec(): void {
  libc().cloexecFrom3();
}

type Outcome =
  | { kind: "message"; msg: ReadyMessage | null }
  | { kind: "exit"; code: number }
  | { kind: "timeout" };

/**
 * Starts the daemon detached (new session, stdio on /dev/null, nothing
 * inherited) and waits for its readiness report. Resolves with its pid;
 * throws the daemon's own reason when it could not start, and kills it when
 * it misses the deadline, so no half-started daemon is left behind.
 */
export async function launchDetached(opts: LaunchOptions): Promise<number> {
  closeInheritedOnExec();
  // Inherited across exec: a SIGHUP before the child's listener exists is
  // then ignored instead of killing it. It cannot be a lost reload: the child
  // reads its configuration only after the listener is installed.
  libc().ignoreSignal(1);
  const ready = readyPipe();
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(opts.command.cmd, {
      args: [...opts.command.args],
      detached: true,
      stdin: "null",
      stdout: "null",
      stderr: "null",
      env: { ...opts.env, [READY_FD_ENV]: String(ready.childFd), DENO_NO_UPDATE_CHECK: "1" },
      ...(opts.uid !== undefined ? { uid: opts.uid } : {}),
      ...(opts.gid !== undefined ? { gid: opts.gid } : {}),
    }).spawn();
  } catch (err) {
    ready.close();
    throw new DaemonError("start", `daemon ${opts.command.cmd}`, describeOsError(err));
  }
  ready.closeChildEnd();
  try {
    return await awaitReady(child, ready.receive(), opts.readyTimeoutMs);
  } finally {
    ready.close();
  }
}

async function awaitReady(
  child: Deno.ChildProcess,
  received: Promise<ReadyMessage | null>,
  timeoutMs: number,
): Promise<number> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<Outcome>((r) =>
    timer = setTimeout(r, timeoutMs, { kind: "timeout" })
  );
  const message = received.then((msg): Outcome => ({ kind: "message", msg }));
  const exited = child.status.then((s): Outcome => ({ kind: "exit", code: s.code }));
  let outcome = await Promise.race([message, exited, deadline]);
  if (outcome.kind === "exit") {
    // It may have reported just before exiting; give the report a moment.
    const grace = new Promise<Outcome>((r) => setTimeout(r, 200, outcome));
    outcome = await Promise.race([message, grace]);
  }
  clearTimeout(timer);
  return settle(child, outcome, timeoutMs);
}

async function settle(child: Deno.ChildProcess, outcome: Outcome, timeoutMs: number) {
  if (outcome.kind === "message" && outcome.msg?.ok) {
    child.unref();
    return outcome.msg.pid;
  }
  if (outcome.kind === "message" && outcome.msg && !outcome.msg.ok) {
    await child.status;
    throw DaemonError.raw(outcome.msg.reason, outcome.msg.code as ExitCode);
  }
  if (outcome.kind === "exit") {
    throw new DaemonError(
      "start",
      "daemon",
      `it exited with code ${outcome.code} before it was ready (see its log)`,
    );
  }
  try {
    child.kill("SIGKILL");
  } catch { /* already gone */ }
  await child.status;
  const why = outcome.kind === "timeout"
    ? `not ready within ${timeoutMs / 1000}s; stopped it`
    : "it closed the readiness channel without a report; stopped it";
  throw new DaemonError("start", "daemon", why);
}
