/**
 * Signals that reach only the process we proved. A pid is a name that the
 * kernel may give to another process the moment ours exits; a pidfd is a
 * handle on one process that never changes hands. So the handle is opened
 * first, the pid is proven to be our daemon after, and the signal goes
 * through the handle: if our daemon exited in between, the signal reaches
 * nobody (ESRCH) rather than a newcomer with the same pid.
 */
import { libc } from "./libc.ts";

/** Linux signal numbers (the same on x86_64 and aarch64) for the signals we send. */
const SIGNALS = { SIGHUP: 1, SIGKILL: 9, SIGTERM: 15 } as const;

/** A signal we send to our daemon. */
export type SentSignal = keyof typeof SIGNALS;

/** One process, held from before its proof until we are done with it. */
export interface ProcessHandle {
  readonly pid: number;
  /** True if sent; false if the process has exited (nobody is signalled). Throws on other errors. */
  signal(sig: SentSignal): boolean;
  /**
   * Blocks this thread up to `ms` for the process to exit: true once it has
   * (a zombie counts), false if it still runs or nothing can tell (no pidfd).
   */
  exited(ms: number): boolean;
  close(): void;
}

/** An error from signalling, with its errno (EPERM, say). */
export class SignalError extends Error {
  constructor(readonly errno: number) {
    super(`errno ${errno}`);
    this.name = "SignalError";
  }
}

/**
 * A handle on `pid`: a pidfd where the kernel has them (Linux 5.3+), else
 * plain kill(2) by pid, as before pidfds existed.
 */
export function openProcess(pid: number): ProcessHandle {
  const c = libc();
  const fd = c.pidfdOpen(pid);
  const ESRCH = 3;
  // Gone already: whoever has its pid by the time we signal is not ours.
  if (fd === -ESRCH) return { pid, signal: () => false, exited: () => true, close() {} };
  if (fd < 0) {
    return {
      pid,
      signal(sig) {
        try {
          Deno.kill(pid, sig);
          return true;
        } catch (err) {
          if (err instanceof Deno.errors.NotFound) return false;
          throw err;
        }
      },
      exited: () => false,
      close() {},
    };
  }
  return {
    pid,
    signal(sig) {
      const r = c.pidfdSignal(fd, SIGNALS[sig]);
      if (r === -ESRCH) return false;
      if (r < 0) throw new SignalError(-r);
      return true;
    },
    // A pidfd turns readable when its process exits; EINTR and the rest say "not yet".
    exited: (ms) => c.pollReadable(fd, ms) === 1,
    close: () => void c.close(fd),
  };
}
