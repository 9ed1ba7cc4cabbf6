/**
 * Where a process's resident memory lives, from /proc/PID/smaps: its own
 * executable's pages (for a Deno program, the runtime's code and data: the
 * more of the runtime a program uses, the more of it is paged in), other
 * files (shared libraries), anonymous memory (malloc's heap and V8's: the
 * program's objects and compiled code), and the rest (stacks, vdso). Pure.
 */

/** Resident KiB by kind of mapping. */
export interface RssByMapping {
  readonly exe_kib: number;
  readonly files_kib: number;
  readonly anon_kib: number;
  readonly other_kib: number;
}

const HEADER = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \d+\s*(.*)$/;
const RSS = /^Rss:\s+(\d+) kB$/;

// A replaced binary keeps running from its old inode, named "PATH (deleted)".
const undeleted = (name: string) => name.replace(/ \(deleted\)$/, "");

function kindOf(name: string, exe: string): keyof RssByMapping {
  if (name === exe) return "exe_kib";
  if (name === "" || name === "[heap]" || name.startsWith("[anon")) return "anon_kib";
  return name.startsWith("[") ? "other_kib" : "files_kib";
}

/** Sums each mapping's `Rss:` into its kind; `exe` is /proc/PID/exe's target. */
export function rssByMapping(smaps: string, exe: string): RssByMapping {
  const sums = { exe_kib: 0, files_kib: 0, anon_kib: 0, other_kib: 0 };
  const target = undeleted(exe);
  let kind: keyof RssByMapping = "other_kib";
  for (const line of smaps.split("\n")) {
    const header = HEADER.exec(line);
    if (header !== null) {
      kind = kindOf(undeleted(header[1]!), target);
      continue;
    }
    const rss = RSS.exec(line);
    if (rss !== null) sums[kind] += Number(rss[1]);
  }
  return sums;
}
