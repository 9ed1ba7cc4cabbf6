import assert from "node:assert/strict";
import { priorityPrefix, stderrIsJournal } from "../src/log/journal.ts";

Deno.test("stderrIsJournal: JOURNAL_STREAM must name fd 2 exactly", () => {
  const fd2 = { dev: 64769, ino: 123456 };
  const rows: [string | undefined, typeof fd2 | null, boolean][] = [
    ["64769:123456", fd2, true],
    [undefined, fd2, false],
    ["", fd2, false],
    ["64769:123457", fd2, false], // stderr redirected elsewhere on the same device
    ["64770:123456", fd2, false],
    ["64769:123456", null, false], // fd 2 closed
    ["64769:123456\n", fd2, false],
    [" 64769:123456", fd2, false],
    ["64769:", fd2, false],
    ["0x1:2", { dev: 1, ino: 2 }, false],
    ["18446744073709551615:1", { dev: 1, ino: 1 }, false],
  ];
  for (const [journalStream, stderr, want] of rows) {
    assert.equal(stderrIsJournal({ journalStream, stderr }), want, `${journalStream}`);
  }
});

Deno.test("priorityPrefix: syslog priorities of sd-daemon(3)", () => {
  assert.deepEqual(
    (["debug", "info", "warn", "error"] as const).map(priorityPrefix),
    ["<7>", "<6>", "<4>", "<3>"],
  );
});
