import { type Libc, libc } from "./libc.ts";
import { parseStat } from "../files/raw_file.ts";
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
  /**
   * Where `pid` has the file open: the flock lines of that descriptor's
   * fdinfo, in /proc/locks' format ("" for none); false when it does not
   * have it open; null when we may not look (another user's process).
   */
  openLocks(pid: number, file: FileId): string | false | null;
}

const MAX_FD = 4096;

/**
 * How many descriptors `pid` can have: its descriptor table's size (`FDSize:`
 * in /proc/<pid>/status, 64 for a small daemon), so that the search below
 * opens tens of paths, not {@link MAX_FD}. Unreadable: {@link MAX_FD}.
 */
export function fdTableSize(status: string | null): number {
  const size = Number(/^FDSize:\s*(\d+)$/m.exec(status ?? "")?.[1] ?? NaN);
  return Number.isInteger(size) && size > 0 ? Math.min(size, MAX_FD) : MAX_FD;
}

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

function openLocks(c: Libc, pid: number, file: FileId): string | false | null {
  const status = readWhole(c, `/proc/${pid}/status`);
  const size = fdTableSize(status === null ? null : new TextDecoder().decode(status));
  const buf = new Uint8Array(c.platform.stat.size);
  for (let n = 0; n < size; n++) {
    // stat(2) follows the magic link to the open file: one system call, no
    // descriptor, and neither a FIFO nor a device is opened.
    const r = c.stat(`/proc/${pid}/fd/${n}`, buf);
    if (r < 0) {
      if (-r === c.platform.errno.EACCES) return null;
      continue; // not open (or closed meanwhile)
    }
    const st = parseStat(buf, c.platform.stat);
    if (st.dev === file.dev && st.ino === file.ino) return fdLocks(c, pid, n);
  }
  return false;
}

/** The `lock:` lines of /proc/<pid>/fdinfo/<fd> (Linux 3.14+), as /proc/locks writes them. */
function fdLocks(c: Libc, pid: number, fd: number): string {
  const info = readWhole(c, `/proc/${pid}/fdinfo/${fd}`);
  if (info === null) return "";
  return new TextDecoder().decode(info).split("\n")
    .filter((l) => l.startsWith("lock:")).map((l) => l.slice(5).trim()).join("\n");
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
    openLocks: (pid, file) => openLocks(c, pid, file),
  };
}
