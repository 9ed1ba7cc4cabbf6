import { DaemonError, describeOsError } from "../errors/errors.ts";
import type { ExitCode } from "../errors/exit_codes.ts";
import { libc } from "../os/libc.ts";
import { guardSignals, ignoreAcrossExec } from "../lifecycle/signal_guard.ts";
import { type ReadyMessage, readyPipe } from "./ready_channel.ts";
import type { CommandLine } from "./relaunch.ts";
import { later } from "./later.ts";
import { mark } from "./trace.ts";

/** How to launch the daemon child. */
export interface LaunchOptions {
  /** The program to spawn, usually from {@link relaunchCommand}. */
  readonly command: CommandLine;
  /** The variable naming the readiness descriptor (`<NAME>_READY_FD`). */
  readonly readyEnv: string;
  /** Milliseconds to wait for the readiness report before killing the child. */
  readonly readyTimeoutMs: number;
  /** Extra environment for the child. */
  readonly env?: Readonly<Record<string, string>>;
  /** Run the child as this uid/gid (privilege drop by the root launcher). */
  readonly uid?: number;
  /** Run the child with this gid (with `uid`, for a privilege drop). */
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

/**
 * Starts the daemon detached (new session, stdio on /dev/null, nothing
 * inherited) and waits for its readiness report. Resolves with its pid;
 * throws the daemon's own reason when it could not start, and kills it when
 * it misses the deadline, so no half-started daemon is left behind.
 */
export async function launchDetached(opts: LaunchOptions): Promise<number> {
  closeInheritedOnExec();
  mark("spawn.cloexec");
  // Inherited across exec: a SIGHUP before the child's listener exists is
  // then ignored instead of killing it. It cannot be a lost reload: the child
  // reads its configuration only after the listener is installed. SIGUSR1/2
  // are ignored for good (and the launcher itself opens no debugger either).
  ignoreAcrossExec();
  const stopGuard = guardSignals();
  mark("spawn.signals");
  const ready = readyPipe();
  mark("spawn.pipe");
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(opts.command.cmd, {
      args: [...opts.command.args],
      detached: true,
      stdin: "null",
      stdout: "null",
      // Until ready, so that a child that dies first can say why; see ready_child.ts.
      stderr: "piped",
      env: { ...opts.env, [opts.readyEnv]: String(ready.childFd), DENO_NO_UPDATE_CHECK: "1" },
      ...(opts.uid !== undefined ? { uid: opts.uid } : {}),
      ...(opts.gid !== undefined ? { gid: opts.gid } : {}),
    }).spawn();
  } catch (err) {
    ready.close();
    throw new DaemonError("start", `daemon ${opts.command.cmd}`, describeOsError(err));
  }
  mark("spawn");
  ready.closeChildEnd();
  const stderr = collectTail(child.stderr);
  try {
    return await awaitReady(child, ready.receive(), opts.readyTimeoutMs, stderr);
  } finally {
    stopGuard();
    ready.close();
    await stderr.cancel();
  }
}

/** The child's stderr as it was written before it was ready: its last bytes, for a failure. */
interface StderrTail {
  /** Waits for end of file (the child died), and gives its last line(s). */
  text(): Promise<string>;
  /** Stops reading: the child is ready, its stderr no longer ours. */
  cancel(): Promise<void>;
}

const STDERR_TAIL_BYTES = 2048;

function collectTail(stream: ReadableStream<Uint8Array>): StderrTail {
  const reader = stream.getReader();
  let tail = new Uint8Array(0);
  const done = (async () => {
    for (;;) {
      const r = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (r.done) return;
      const all = new Uint8Array(tail.length + r.value.length);
      all.set(tail);
      all.set(r.value, tail.length);
      tail = all.subarray(Math.max(0, all.length - STDERR_TAIL_BYTES));
    }
  })();
  return {
    async text() {
      await done;
      return oneLine(new TextDecoder().decode(tail));
    },
    async cancel() {
      await reader.cancel().catch(() => {});
      await done;
    },
  };
}

/** Deno's error report on one line: colours off, control characters out. */
function oneLine(text: string): string {
  // deno-lint-ignore no-control-regex
  const plain = text.replace(/\x1b\[[0-9;]*m/g, "").replace(/[\x00-\x1f\x7f]+/g, " ");
  return plain.trim().replace(/\s{2,}at .*$/, "").slice(-400);
}

async function awaitReady(
  child: Deno.ChildProcess,
  received: Promise<ReadyMessage | null>,
  timeoutMs: number,
  stderr: StderrTail,
): Promise<number> {
  let cancel = () => {};
  const deadline = new Promise<"timeout">((r) => cancel = later(timeoutMs, () => r("timeout")));
  const msg = await Promise.race([received, deadline]);
  cancel();
  if (msg === "timeout") {
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
    await child.status;
    throw new DaemonError("start", "daemon", `not ready within ${timeoutMs / 1000}s; killed it`);
  }
  if (msg?.ok) {
    child.unref();
    return msg.pid;
  }
  // A failure report, or end of file: the child has exited or is exiting.
  const status = await child.status;
  if (msg) throw DaemonError.raw(msg.reason, msg.code as ExitCode);
  const how = status.signal ? `was killed by ${status.signal}` : `exited with code ${status.code}`;
  const said = await stderr.text();
  const why = said === "" ? " (see its log)" : `: ${said}`;
  throw new DaemonError("start", "daemon", `it ${how} before it was ready${why}`);
}
