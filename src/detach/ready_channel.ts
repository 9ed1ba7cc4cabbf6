import { escapeControl } from "../errors/escape.ts";
import { libc } from "../os/libc.ts";
import { RawFile } from "../files/raw_file.ts";
import { later } from "./later.ts";

/**
 * The readiness handshake between the launcher and the detached daemon, as
 * s6's notification-fd: the launcher makes a pipe, the child inherits only
 * its write end (fd number in `<NAME>_READY_FD`), writes `READY <pid>` or
 * `FAIL <code> <reason>` once, and closes it. End of file without a message
 * means the child died first. Nothing of the launcher's stays in the daemon.
 */

/**
 * Longest message we wait for: a reason may echo a path of PATH_MAX (4096)
 * bytes and more, which is exactly when it matters most (no log can exist).
 */
const MAX_MESSAGE = 64 * 1024;

/** How long the launcher waits, after `READY`, for the child to close its end. */
const EOF_GRACE_MS = 100;

/** What the daemon reports. */
export type ReadyMessage =
  | { readonly ok: true; readonly pid: number }
  | { readonly ok: false; readonly code: number; readonly reason: string };

/** One line on the wire. */
export function formatReady(msg: ReadyMessage): string {
  if (msg.ok) return `READY ${msg.pid}\n`;
  return `FAIL ${msg.code} ${escapeControl(msg.reason)}\n`;
}

/** Parses one line; null when it is not a message. */
export function parseReady(line: string): ReadyMessage | null {
  const ready = /^READY ([1-9][0-9]*)\n$/.exec(line);
  if (ready) return { ok: true, pid: Number(ready[1]) };
  const fail = /^FAIL ([0-9]{1,3}) (.*)\n$/.exec(line);
  if (fail) return { ok: false, code: Number(fail[1]), reason: fail[2]! };
  return null;
}

/** The launcher's end. */
export interface ReadyPipe {
  /** The fd number the child inherits. */
  readonly childFd: number;
  /** Call after spawning: only the child may hold the write end. */
  closeChildEnd(): void;
  /** The message; null on end of file without one (the child died). */
  receive(): Promise<ReadyMessage | null>;
  /** Closes both ends still open. */
  close(): void;
}

/** Makes the pipe; the write end is inheritable, the read end is not. */
export function readyPipe(): ReadyPipe {
  const c = libc();
  const [readFd, writeFd] = c.pipe();
  let writeOpen = true;
  return {
    childFd: writeFd,
    closeChildEnd() {
      if (writeOpen) c.close(writeFd);
      writeOpen = false;
    },
    async receive() {
      let text = "";
      const buf = new Uint8Array(1024);
      const dec = new TextDecoder();
      // The read runs on a helper thread, so errno (ours) says nothing about
      // a failure: a signal (EINTR) there is retried, a real error gives up.
      let failures = 0;
      while (!text.includes("\n") && text.length < MAX_MESSAGE) {
        const n = await c.readAsync(readFd, buf);
        if (n < 0 && ++failures < 100) continue;
        if (n <= 0) break;
        text += dec.decode(buf.subarray(0, n), { stream: true });
      }
      const msg = parseReady(text.slice(0, text.indexOf("\n") + 1));
      // The child closes its end right after writing: wait for that end of
      // file (briefly; a process the daemon started may hold a copy), so that
      // once start returns the daemon holds nothing of ours.
      if (msg?.ok) {
        let cancel = () => {};
        const grace = new Promise<void>((r) => cancel = later(EOF_GRACE_MS, r));
        await Promise.race([c.readAsync(readFd, buf), grace]);
        cancel();
      }
      return msg;
    },
    close() {
      this.closeChildEnd();
      c.close(readFd);
    },
  };
}

/** The daemon's end: writes one message and closes the descriptor. */
export function sendReady(fd: number, msg: ReadyMessage): void {
  const file = new RawFile(fd);
  try {
    file.write(new TextEncoder().encode(formatReady(msg)));
  } finally {
    file.close();
  }
}
