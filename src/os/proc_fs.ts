import { type Libc, libc } from "./libc.ts";
import { RawFile } from "../files/raw_file.ts";
import type { FileId } from "./lock_table.ts";

/**
 * What we ask `/proc` about a process, as an interface so the decisions built
 * on it can be tested with tables. Deno refuses `/proc` without --allow-all,
 * so the Linux implementation reads it through libc.
 */
export interface ProcFs {
  /** `/proc/locks`; null when there is no /proc (macOS). */
  locks(): string | null;
  /** The process's argv; null when it is gone (or hidden from us). */
  cmdline(pid: number): string[] | null;
  /** Whether `pid` has the file open; null when we may not look (another user's process). */
  holdsOpen(pid: number, file: FileId): boolean | null;
}

// Linux-only, like /proc itself; the same on x86_64 and aarch64. An O_PATH
// open neither blocks on a FIFO nor has a device's side effects.
const O_PATH = 0o10000000;
const MAX_FD = 4096;

function readWhole(c: Libc, path: string): Uint8Array | null {
  const fd = c.open(path, c.platform.flags.cloexec, 0);
  if (fd < 0) return null;
  const chunks: Uint8Array[] = [];
  try {
    for (;;) {
      const buf = new Uint8Array(65536);
      const n = c.read(fd, buf);
      if (n <= 0) break;
      chunks.push(buf.subarray(0, n));
    }
  } finally {
    c.close(fd);
  }
  const out = new Uint8Array(chunks.reduce((s, b) => s + b.length, 0));
  chunks.reduce((off, b) => (out.set(b, off), off + b.length), 0);
  return out;
}

function holdsOpen(c: Libc, pid: number, file: FileId): boolean | null {
  for (let n = 0; n < MAX_FD; n++) {
    const fd = c.open(`/proc/${pid}/fd/${n}`, O_PATH | c.platform.flags.cloexec, 0);
    if (fd < 0) {
      if (-fd === c.platform.errno.EACCES) return null;
      continue;
    }
    const f = new RawFile(fd, c);
    try {
      const st = f.stat();
      if (st.dev === file.dev && st.ino === file.ino) return true;
    } catch {
      /* closed meanwhile */
    } finally {
      f.close();
    }
  }
  return false;
}

/** The real /proc (Linux); on systems without it, `locks()` says so with null. */
export function procFs(): ProcFs {
  const c = libc();
  const text = (path: string) => {
    const bytes = readWhole(c, path);
    return bytes === null ? null : new TextDecoder().decode(bytes);
  };
  return {
    locks: () => Deno.build.os === "linux" ? text("/proc/locks") : null,
    cmdline(pid) {
      const raw = text(`/proc/${pid}/cmdline`);
      if (raw === null || raw === "") return null; // a zombie's argv is empty
      return raw.replace(/\0$/, "").split("\0");
    },
    holdsOpen: (pid, file) => holdsOpen(c, pid, file),
  };
}
