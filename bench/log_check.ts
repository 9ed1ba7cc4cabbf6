/**
 * Pure checks of a daemon's log text: is every line well-formed (no torn or
 * interleaved writes), and how many lines contain a needle.
 */

/** Verdict on one log. */
export interface LogVerdict {
  /** Complete lines. */
  readonly lines: number;
  /** Lines that do not match the daemon's line format. */
  readonly malformed: number;
  /** The first malformed line (truncated), for the report. */
  readonly first_malformed: string | null;
  /** The text ends with a newline (no half-written last line). */
  readonly ends_with_newline: boolean;
  /** Lines containing the needle. */
  readonly matches: number;
}

/** Check `text` line by line against `line_ok`, counting `needle` lines. */
export function checkLog(text: string, line_ok: RegExp, needle: string): LogVerdict {
  const ends_with_newline = text === "" || text.endsWith("\n");
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  let malformed = 0, matches = 0;
  let first_malformed: string | null = null;
  for (const line of lines) {
    if (!line_ok.test(line)) {
      malformed++;
      first_malformed ??= line.slice(0, 120);
    }
    if (line.includes(needle)) matches++;
  }
  return { lines: lines.length, malformed, first_malformed, ends_with_newline, matches };
}

/** True when nothing in the verdict suggests a torn or garbled log. */
export function logIntact(verdict: LogVerdict): boolean {
  return verdict.malformed === 0 && verdict.ends_with_newline;
}

/** Count of lines containing `needle` (complete lines only). */
export function countMatches(text: string, needle: string): number {
  const complete = text.slice(0, text.lastIndexOf("\n") + 1);
  return complete.split("\n").filter((line) => line.includes(needle)).length;
}
