import { parseStat } from "../files/raw_file.ts";
import { readSmallFile } from "../files/safe_open.ts";
import { fdTableSize } from "../os/proc_fs.ts";
import { libc } from "../os/libc.ts";
import type { ReadyMessage } from "./ready_channel.ts";
import { sendReady } from "./ready_channel.ts";

/**
 * Until it is ready, the child's stderr is a pipe to the launcher, which
 * shows it when the child dies before reporting (a module that cannot load,
 * a permission it lacks). Once ready, every descriptor on that pipe — fd 2
 * and Deno's own copy of it — is pointed at /dev/null, so that the daemon
 * holds nothing of the launcher's.
 */
function releaseStderr(): void {
  const c = libc();
  const devNull = c.open("/dev/null", c.platform.flags.wronly | c.platform.flags.cloexec, 0);
  if (devNull < 0) return;
  const fds = sameFile(2);
  for (const fd of fds) c.dup2(devNull, fd);
  c.close(devNull);
}

/**
 * `fd` and the descriptors open on the same file (Deno keeps its own copy of
 * stderr): compared by device and inode, as /proc/self/fd would need
 * --allow-all. Deno's copies sit among the first descriptors it opens.
 */
function sameFile(fd: number): number[] {
  const c = libc();
  const probe = new Uint8Array(c.platform.stat.size);
  // One fstat a descriptor, its answer read in place: most are not open, and
  // an OsError thrown and caught for each was ~5 ms of the readiness report.
  const id = (n: number) => {
    if (c.fstat(n, probe) < 0) return null;
    const st = parseStat(probe, c.platform.stat);
    return `${st.dev}:${st.ino}`;
  };
  const target = id(fd);
  if (target === null) return [fd];
  // Only as far as the descriptor table goes (FDSize, 64 for a small daemon);
  // without /proc, the first 256, where Deno's copies sit.
  const status = readSmallFile("/proc/self/status");
  const size = status === null ? 256 : fdTableSize(status);
  return Array.from({ length: size }, (_, n) => n).filter((n) => id(n) === target);
}

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
        if (msg.ok) releaseStderr();
        sendReady(fd, msg);
      } catch { /* the launcher is gone (interrupted); nobody is waiting */ }
      return Promise.resolve();
    },
  };
}
