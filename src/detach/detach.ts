import { DaemonError } from "../errors/errors.ts";
import { errnoReason } from "../errors/errno_names.ts";
import { signalName } from "../errors/signal_names.ts";
import type { ExitCode } from "../errors/exit_codes.ts";
import { type Libc, libc } from "../os/libc.ts";
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
}

/**
 * Starts the daemon detached (new session, stdio on /dev/null, nothing
 * inherited) and waits for its readiness report. Resolves with its pid;
 * throws the daemon's own reason when it could not start, and kills it when
 * it misses the deadline, so no half-started daemon is left behind.
 *
 * The child is spawned through libc (os/libc_spawn.ts) and not reaped once
 * ready: the launcher exits next, and init adopts it.
 */
export async function launchDetached(opts: LaunchOptions): Promise<number> {
  const c = libc();
  // Our own inherited descriptors (a caller's pipe, an ssh channel) would
  // otherwise pass into the daemon: a spawn hands on every descriptor not
  // marked close-on-exec. Deno's own are all close-on-exec already.
  c.cloexecFrom3();
  mark("spawn.cloexec");
  // Inherited across exec: a SIGHUP before the child's listener exists is
  // then ignored instead of killing it. It cannot be a lost reload: the child
  // reads its configuration only after the listener is installed. SIGUSR1/2
  // are ignored for good (and the launcher itself opens no debugger either).
  ignoreAcrossExec();
  const stopGuard = guardSignals();
  mark("spawn.signals");
  const ready = readyPipe();
  const stderr = stderrPipe(c);
  mark("spawn.pipe");
  try {
    const pid = spawnChild(c, opts, ready.childFd, stderr.writeFd);
    mark("spawn");
    ready.closeChildEnd();
    stderr.closeChildEnd();
    return await awaitReady(c, pid, ready.receive(), opts.readyTimeoutMs, stderr);
  } finally {
    stopGuard();
    ready.close();
    stderr.close();
  }
}

function spawnChild(c: Libc, opts: LaunchOptions, readyFd: number, stderrFd: number): number {
  const devNull = c.open("/dev/null", c.platform.flags.rdwr | c.platform.flags.cloexec, 0);
  if (devNull < 0) throw new DaemonError("open", "/dev/null", errnoReason(-devNull));
  try {
    const pid = c.spawn({
      cmd: opts.command.cmd,
      args: opts.command.args,
      env: { ...opts.env, [opts.readyEnv]: String(readyFd), DENO_NO_UPDATE_CHECK: "1" },
      // stderr until ready, so that a child that dies first can say why; see ready_child.ts.
      stdio: [devNull, devNull, stderrFd],
    });
    if (pid < 0) throw new DaemonError("start", `daemon ${opts.command.cmd}`, errnoReason(-pid));
    return pid;
  } finally {
    c.close(devNull);
  }
}

/** The child's stderr until it is ready: what it wrote before dying, for a failure. */
interface StderrPipe {
  /** The end the child gets as its stderr. */
  readonly writeFd: number;
  /** Call after spawning: only the child may hold the write end. */
  closeChildEnd(): void;
  /** Its last line(s), once the child has exited. */
  tail(): string;
  close(): void;
}

const STDERR_TAIL_BYTES = 2048;

/**
 * A pipe the launcher reads only after the child died, without waiting (the
 * read end is non-blocking), so nothing of it outlives the start. A child
 * that writes more than the pipe holds (64 KiB) before it is ready blocks
 * until the deadline kills it.
 */
function stderrPipe(c: Libc): StderrPipe {
  const [readFd, writeFd] = c.pipe();
  c.cloexec(writeFd); // the child's copy is its fd 2; this one stays ours
  c.nonblocking(readFd);
  const open = new Set([readFd, writeFd]);
  const closeFd = (fd: number) => open.delete(fd) && c.close(fd);
  return {
    writeFd,
    closeChildEnd: () => closeFd(writeFd),
    tail() {
      let tail = new Uint8Array(0);
      const buf = new Uint8Array(16384);
      for (let n; (n = c.read(readFd, buf)) > 0;) {
        const all = new Uint8Array(tail.length + n);
        all.set(tail);
        all.set(buf.subarray(0, n), tail.length);
        tail = all.subarray(Math.max(0, all.length - STDERR_TAIL_BYTES));
      }
      return oneLine(new TextDecoder().decode(tail));
    },
    close: () => open.forEach(closeFd),
  };
}

/** Deno's error report on one line: colours off, control characters out. */
function oneLine(text: string): string {
  // deno-lint-ignore no-control-regex
  const plain = text.replace(/\x1b\[[0-9;]*m/g, "").replace(/[\x00-\x1f\x7f]+/g, " ");
  return plain.trim().replace(/\s{2,}at .*$/, "").slice(-400);
}

/** `WIFSIGNALED`/`WTERMSIG`/`WEXITSTATUS` of a wait status, as words. */
export function describeExit(status: number): string {
  const sig = status & 0x7f;
  if (status < 0) return "ended (its status is unknown)";
  if (sig === 0) return `exited with code ${(status >> 8) & 0xff}`;
  return `was killed by ${signalName(sig)}`;
}

async function awaitReady(
  c: Libc,
  pid: number,
  received: Promise<ReadyMessage | null>,
  timeoutMs: number,
  stderr: StderrPipe,
): Promise<number> {
  let cancel = () => {};
  const deadline = new Promise<"timeout">((r) => cancel = later(timeoutMs, () => r("timeout")));
  const msg = await Promise.race([received, deadline]);
  cancel();
  if (msg === "timeout") {
    // Our unreaped child: its pid cannot have been reused.
    Deno.kill(pid, "SIGKILL");
    await c.waitExit(pid);
    throw new DaemonError("start", "daemon", `not ready within ${timeoutMs / 1000}s; killed it`);
  }
  if (msg?.ok) return msg.pid;
  // A failure report, or end of file: the child has exited or is exiting.
  const status = await c.waitExit(pid);
  if (msg) throw DaemonError.raw(msg.reason, msg.code as ExitCode);
  const said = stderr.tail();
  const why = said === "" ? " (see its log)" : `: ${said}`;
  throw new DaemonError("start", "daemon", `it ${describeExit(status)} before it was ready${why}`);
}
