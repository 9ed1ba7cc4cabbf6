import assert from "node:assert/strict";
import { rssMappingTable } from "../report_memory.ts";
import { rssByMapping } from "../smaps.ts";
import { fakeResult } from "./fake.ts";

function mapping(range: string, name: string, rss: number): string {
  return `${range} r-xp 00000000 fe:00 1234   ${name}\nSize: 99 kB\nRss: ${rss} kB\nPss: 1 kB\n`;
}

Deno.test("rssByMapping: the executable, anonymous, other files and the rest, each summed", () => {
  const smaps = [
    mapping("5600-5700", "/usr/bin/deno", 100),
    mapping("5700-5800", "/usr/bin/deno", 20),
    mapping("7f00-7f10", "", 7),
    mapping("7f10-7f20", "[heap]", 3),
    mapping("7f20-7f30", "[anon:v8]", 1),
    mapping("7f30-7f40", "/usr/lib/x86_64-linux-gnu/libc.so.6", 50),
    mapping("7f40-7f50", "/usr/bin/deno-old (deleted)", 4),
    mapping("7ffe-7fff", "[stack]", 8),
    mapping("7fff-8000", "[vdso]", 2),
  ].join("");
  assert.deepEqual(rssByMapping(smaps, "/usr/bin/deno"), {
    exe_kib: 120,
    anon_kib: 11,
    files_kib: 54,
    other_kib: 10,
  });
  // A binary replaced while running: /proc/PID/exe and the mapping both say "(deleted)".
  assert.equal(rssByMapping(smaps, "/usr/bin/deno-old (deleted)").exe_kib, 4);
});

Deno.test("rssMappingTable: mydaemon's cells against the mini Deno daemon; anchors plain", () => {
  const base = { ready_ms: 1, hup_us: 1, wakeups: 0, stop_ms: 1 };
  const withSplit = (id: string, exe: number, anon: number) => {
    const r = fakeResult(id, { ...base, rss_kib: exe + anon });
    const split = { exe_kib: exe, anon_kib: anon, files_kib: 1024, other_kib: 0 };
    const role = id === "bundle" ? "under test" as const : "anchor" as const;
    return { ...r, subject: { ...r.subject, role }, idle: { ...r.idle!, rss_by_mapping: split } };
  };
  const t = rssMappingTable([
    withSplit("mini_daemon", 10240, 4096),
    withSplit("bundle", 12288, 3584),
    { ...fakeResult("c_daemon", { ...base, rss_kib: 1 }), idle: null },
  ]);
  assert.equal(t.rows.length, 2, "no row without an idle measurement");
  assert.deepEqual(t.rows[0]!.slice(1), ["10.0", "4.00", "1.00", "0", "15.0"]);
  assert.deepEqual(t.rows[1]!.slice(1), [
    "12.0 (+2.00)",
    "3.50 (−0.50)",
    "1.00 (+0.00)",
    "0 (+0.00)",
    "16.5 (+1.50)",
  ]);
});
