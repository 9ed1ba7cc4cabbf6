import assert from "node:assert/strict";
import { errnoReason } from "../src/errors/errno_names.ts";
import { escapeControl } from "../src/errors/escape.ts";

Deno.test("errnos are named per OS; control characters are escaped, text is not", () => {
  const rows: [number, string, string][] = [
    [28, "linux", "no space left on device"],
    [30, "linux", "read-only file system"],
    [24, "linux", "too many open files"],
    [36, "linux", "file name too long"],
    [63, "darwin", "file name too long"],
    [36, "darwin", "errno 36"],
  ];
  for (const [n, os, want] of rows) assert.equal(errnoReason(n, os), want, `${os} ${n}`);
  const escapes: [string, string][] = [
    ["plain /tmp/ä ü", "plain /tmp/ä ü"],
    ["a\nb\rc\td", "a\\nb\\rc\\td"],
    ["\u0000\u001b\u007f\u0085\u2028", "\\u0000\\u001b\\u007f\\u0085\\u2028"],
  ];
  for (const [raw, want] of escapes) assert.equal(escapeControl(raw), want);
});
