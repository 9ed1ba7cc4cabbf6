import { escapeControl } from "../errors/escape.ts";

/** Severity, lowest first. */
export type Level = "debug" | "info" | "warn" | "error";
/** `text` for people and grep, `json` (JSON Lines) for log shippers. */
export type LogFormat = "text" | "json";
/** A field value; anything else is stringified by the caller. */
export type FieldValue = string | number | boolean | null;
/** Structured fields that follow the message. */
export type Fields = Readonly<Record<string, FieldValue>>;

/** The levels in order; index comparison decides what is logged. */
export const LEVELS: readonly Level[] = ["debug", "info", "warn", "error"];

/** One log event. */
export interface LogRecord {
  /** When it happened; written as RFC 3339 UTC with milliseconds. */
  readonly time: Date;
  /** Severity of the event. */
  readonly level: Level;
  /** Process that logged it. */
  readonly pid: number;
  /** Human-readable message; control characters are escaped on output. */
  readonly msg: string;
  /** Structured data written after the message. */
  readonly fields?: Fields;
}

/** True when `level` passes the `threshold`. */
export function enabled(level: Level, threshold: Level): boolean {
  return LEVELS.indexOf(level) >= LEVELS.indexOf(threshold);
}

// deno-lint-ignore no-control-regex
const NEEDS_QUOTES = /[\s"=\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

function textValue(v: FieldValue): string {
  const s = v === null ? "null" : String(v);
  // JSON.stringify leaves C1 controls and U+2028/9 as they are.
  return s === "" || NEEDS_QUOTES.test(s) ? escapeControl(JSON.stringify(s)) : s;
}

/**
 * Formats one record as one line, newline included. Text lines read
 * `2026-11-25T00:49:09.123Z INFO 1234 reloaded count=3`: an RFC 3339 UTC
 * timestamp with milliseconds, level, pid, message, then `key=value` fields.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatLine } from "./log_line.ts";
 * const line = formatLine(
 *   { time: new Date(0), level: "info", pid: 7, msg: "reloaded", fields: { count: 1 } },
 *   "text",
 * );
 * assert.ok(line === "1970-01-01T00:00:00.000Z INFO 7 reloaded count=1\n");
 * ```
 */
export function formatLine(rec: LogRecord, format: LogFormat): string {
  const time = rec.time.toISOString();
  const fields = rec.fields ?? {};
  if (format === "json") {
    return JSON.stringify({ time, level: rec.level, pid: rec.pid, msg: rec.msg, ...fields }) +
      "\n";
  }
  let line = `${time} ${rec.level.toUpperCase()} ${rec.pid} ${escapeControl(rec.msg)}`;
  for (const [k, v] of Object.entries(fields)) line += ` ${escapeControl(k)}=${textValue(v)}`;
  return line + "\n";
}
