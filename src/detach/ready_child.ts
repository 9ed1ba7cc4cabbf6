import type { ReadyMessage } from "./ready_channel.ts";
import { sendReady } from "./ready_channel.ts";

/** Where the daemon reports readiness, and whether it is the detached child. */
export interface Readiness {
  /** True in the relaunched child of `start`: it reports to the launcher. */
  readonly detached: boolean;
  /** Sends `READY`/`FAIL` to the launcher, or writes a failure to stderr. */
  report(msg: ReadyMessage): Promise<void>;
}

/** The descriptor a launcher named in `raw`, or null when we were not launched. */
export function parseReadyFd(raw: string | undefined): number | null {
  return raw !== undefined && /^[0-9]{1,5}$/.test(raw) && Number(raw) > 2 ? Number(raw) : null;
}

/**
 * The daemon's side of the readiness handshake: the relaunched child reports
 * to the launcher's pipe (named by `readyEnv`); in the foreground, a failure
 * goes to stderr as `<name>: <reason>`. The variable is removed at once, so
 * nothing the daemon starts later inherits it.
 */
export function readiness(
  env: Readonly<Record<string, string | undefined>>,
  readyEnv: string,
  foregroundFailure: (reason: string) => void,
): Readiness {
  const fd = parseReadyFd(env[readyEnv]);
  if (fd === null) {
    return {
      detached: false,
      report: (msg) => Promise.resolve(msg.ok ? undefined : foregroundFailure(msg.reason)),
    };
  }
  Deno.env.delete(readyEnv);
  return {
    detached: true,
    report(msg) {
      try {
        sendReady(fd, msg);
      } catch { /* the launcher is gone (interrupted); nobody is waiting */ }
      return Promise.resolve();
    },
  };
}
