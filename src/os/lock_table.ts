/**
 * The kernel's table of file locks (`/proc/locks`), read as data: who holds
 * a lock is the kernel's word, where a pid file's contents are anybody's.
 */

/** Identifies a file: device and inode, as `fstat` reports them. */
export interface FileId {
  /** `st_dev`. */
  readonly dev: number;
  /** `st_ino`. */
  readonly ino: number;
}

/** One active lock: `1: FLOCK  ADVISORY  WRITE 1234 fe:00:2146309 0 EOF`. */
export interface LockEntry {
  /** FLOCK, POSIX, OFDLCK, LEASE, … */
  readonly type: string;
  /** A write (exclusive) lock. */
  readonly exclusive: boolean;
  /** The pid that took it, as seen from our pid namespace (0 or -1: none we can see). */
  readonly pid: number;
  readonly major: number;
  readonly minor: number;
  readonly ino: number;
}

const LINE = /^\d+:\s+(\w+)\s+\S+\s+(READ|WRITE|UNLCK)\s+(-?\d+)\s+([0-9a-f]+):([0-9a-f]+):(\d+)\s/;

/** Parses `/proc/locks`; waiters (`->` lines) and unknown lines are skipped. */
export function parseLockTable(text: string): LockEntry[] {
  const out: LockEntry[] = [];
  for (const line of text.split("\n")) {
    const m = LINE.exec(line + " ");
    if (!m) continue;
    out.push({
      type: m[1]!,
      exclusive: m[2] === "WRITE",
      pid: Number(m[3]),
      major: parseInt(m[4]!, 16),
      minor: parseInt(m[5]!, 16),
      ino: Number(m[6]),
    });
  }
  return out;
}

/** Splits a Linux `st_dev` into major and minor (glibc's `gnu_dev_major`/`minor`). */
export function devNumbers(dev: number): { major: number; minor: number } {
  const low = dev % 2 ** 32, high = Math.floor(dev / 2 ** 32);
  const major = ((low >>> 8) & 0xfff) | ((high & ~0xfff) >>> 0);
  const minor = (low & 0xff) | ((low >>> 12) & ~0xff) >>> 0;
  return { major: major >>> 0, minor: minor >>> 0 };
}

/**
 * Pids holding an exclusive `flock` on the file: a daemon holds exactly one,
 * and a probe's brief shared lock cannot coexist with it.
 */
export function flockHolders(table: readonly LockEntry[], file: FileId): number[] {
  const { major, minor } = devNumbers(file.dev);
  return table.filter((e) =>
    e.type === "FLOCK" && e.exclusive && e.ino === file.ino && e.major === major &&
    e.minor === minor
  ).map((e) => e.pid);
}
