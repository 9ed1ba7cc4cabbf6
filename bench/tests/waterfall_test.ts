import assert from "node:assert/strict";
import { collect, durations, parseTrace, sections, waterfallMarkdown } from "../waterfall_core.ts";
import { RELOAD_PHASES, START_PHASES } from "../waterfall_phases.ts";

const TRACE = [
  "child.reload.state 1.000", // before any opener: dropped
  "harness.spawn 1000.000",
  "launcher.origin 1010.500",
  "launcher.main 1013.000",
  "not a mark",
  "launcher.main 1099.000", // a second time: the first one counts
  "harness.hup 2000.000",
  "child.reload.begin 2000.250",
  "child.reload.config 2000.750",
  "harness.hup 3000.000",
  "child.reload.begin 3000.500",
].join("\n");

Deno.test("parseTrace keeps only '<label> <number>' lines", () => {
  const marks = parseTrace(TRACE);
  assert.equal(marks.length, 10);
  assert.deepEqual(marks[1], { label: "harness.spawn", at: 1000 });
});

Deno.test("sections cut at each harness opener and keep each label's first time", () => {
  const s = sections(parseTrace(TRACE));
  assert.deepEqual(s.map((x) => x.kind), ["start", "reload", "reload"]);
  assert.equal(s[0]!.marks.get("launcher.main"), 1013);
  assert.equal(s[0]!.marks.has("child.reload.state"), false);
});

Deno.test("durations: phase by phase, NaN where a mark is missing", () => {
  const [start] = sections(parseTrace(TRACE));
  const d = durations(start!, START_PHASES);
  assert.equal(d[0], 10.5);
  assert.equal(d[1], 2.5);
  assert.ok(Number.isNaN(d[2]!));
});

Deno.test("collect gathers every section of a kind, leaving out missing marks", () => {
  const got = collect(sections(parseTrace(TRACE)), "reload", RELOAD_PHASES);
  assert.deepEqual(got[0], [0.25, 0.5]);
  assert.deepEqual(got[1], [0.5]);
  assert.deepEqual(got[2], []);
});

Deno.test("waterfallMarkdown: one row per phase, medians, a dash for none, the sum", () => {
  const md = waterfallMarkdown("Reload", RELOAD_PHASES.slice(0, 2), [[0.25, 0.75, 0.5], []]);
  const rows = md.trim().split("\n");
  assert.equal(rows[0], "**Reload**");
  assert.match(rows[4]!, /^\| signal → listener → loop \| .* \| 0\.50 \| 0\.75 \| 3 \|$/);
  assert.match(rows[5]!, /\| – \| – \| 0 \|$/);
  assert.match(rows[6]!, /\*\*0\.50\*\*/);
});

Deno.test("waterfallMarkdown says whose each phase is, and splits the sum by it", () => {
  const phases = [
    { name: "runtime", from: "a", to: "b", whose: "Deno" as const },
    { name: "work", from: "b", to: "c", whose: "ours" as const },
    { name: "load", from: "c", to: "d", whose: "both" as const },
    { name: "more work", from: "d", to: "e", whose: "ours" as const },
  ];
  const md = waterfallMarkdown("Start", phases, [[10], [2], [3], [1.5]]);
  assert.match(md, /^\| runtime \| Deno \| a → b \| 10\.00 \|/m);
  assert.match(md, /\*\*16\.50\*\*/);
  assert.match(md, /Deno's own 10\.00 ms, mydaemon's 3\.50 ms, both .* 3\.00 ms\./);
});
