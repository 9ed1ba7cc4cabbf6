import type { Level } from "./log_line.ts";

/**
 * journald reads a service's stderr as a stream; a line that starts with
 * `<N>` (sd-daemon(3)) is logged at syslog priority N, so `journalctl -p`
 * can filter by level. Only lines that really reach the journal get it: a
 * terminal, a file or a pipe would show the prefix as noise.
 */
export const JOURNAL_PRIORITY: Readonly<Record<Level, number>> = {
  debug: 7, // LOG_DEBUG
  info: 6, // LOG_INFO
  warn: 4, // LOG_WARNING
  error: 3, // LOG_ERR
};

/** What decides whether stderr is the journal's stream. */
export interface StderrFacts {
  /** `JOURNAL_STREAM`: `<st_dev>:<st_ino>` of the stream systemd connected, if any. */
  readonly journalStream: string | undefined;
  /** fstat of descriptor 2, or null when it cannot be stat'ed (closed). */
  readonly stderr: { readonly dev: number; readonly ino: number } | null;
}

/**
 * True when stderr is the very stream journald gave us (systemd.exec(5):
 * compare JOURNAL_STREAM with fstat(2)); a redirected stderr, or a child
 * that inherited the variable, is not.
 */
export function stderrIsJournal(f: StderrFacts): boolean {
  const m = /^([0-9]{1,20}):([0-9]{1,20})$/.exec(f.journalStream ?? "");
  if (!m || !f.stderr) return false;
  return BigInt(m[1]!) === BigInt(f.stderr.dev) && BigInt(m[2]!) === BigInt(f.stderr.ino);
}

/** `<6>` for info, and so on. */
export function priorityPrefix(level: Level): string {
  return `<${JOURNAL_PRIORITY[level]}>`;
}
