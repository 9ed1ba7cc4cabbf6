/**
 * The log line format: one line per record, RFC 3339 UTC time with
 * milliseconds, level, pid, message, then `key=value` fields (`text`), or
 * JSON Lines (`json`); written with one `write(2)` each, so never torn.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatLine } from "./mod.ts";
 *
 * const rec = { time: new Date(0), level: "info" as const, pid: 42, msg: "started", fields: { version: "1.2.3" } };
 * assert.equal(formatLine(rec, "text"), "1970-01-01T00:00:00.000Z INFO 42 started version=1.2.3\n");
 * assert.equal(JSON.parse(formatLine(rec, "json")).msg, "started");
 * ```
 * @module
 */
export {
  enabled,
  type Fields,
  type FieldValue,
  formatLine,
  type Level,
  LEVELS,
  type LogFormat,
  type LogRecord,
} from "./log_line.ts";
export {
  fileSink,
  type Logger,
  type LoggerSettings,
  openSink,
  type Sink,
  SinkLogger,
  stderrFacts,
  stderrSink,
  writeAllSync,
} from "./logger.ts";
export { JOURNAL_PRIORITY, priorityPrefix, type StderrFacts, stderrIsJournal } from "./journal.ts";
