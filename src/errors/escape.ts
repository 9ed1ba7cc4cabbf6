// C0 and C1 controls, DEL, and the Unicode line and paragraph separators:
// anything a terminal or a line-based reader could take for a line break.
// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const SHORT: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * Escapes control characters visibly (`\n`, `\u001b`), so that an echoed
 * value can never break "one line per message", nor fake a second one.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { escapeControl } from "./escape.ts";
 * assert.ok(escapeControl("a\nmydaemon: x\u001b[2J") === "a\\nmydaemon: x\\u001b[2J");
 * ```
 */
export function escapeControl(s: string): string {
  return s.replace(
    CONTROL,
    (c) => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
