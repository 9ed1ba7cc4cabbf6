import { QUICK } from "../plan.ts";
import { extractBlock } from "../readme_sync.ts";
import { renderReport, type ReportInput } from "../report.ts";
import { ratioSummary, summaryTable } from "../report_summary.ts";
import { evaluateTargets } from "../targets.ts";
import { fakeFloors, fakeResult } from "./fake.ts";

function assert(ok: boolean, what: string): void {
  if (!ok) throw new Error(what);
}

const base = { hup_us: 100, rss_kib: 1024, wakeups: 0, stop_ms: 1 };
const results = [
  fakeResult("bundle", { ...base, ready_ms: 40 }),
  fakeResult("c_daemon", { ...base, ready_ms: 1 }),
  fakeResult("py_seed", { ...base, ready_ms: 20, wakeups: 5 }),
  fakeResult("mini_daemon", { ...base, ready_ms: 30 }),
];

Deno.test("summary: anchors first, then mydaemon; wake-ups per second", () => {
  const t = summaryTable(results);
  assert(
    t.headers.join() === ",label c_daemon,label py_seed,label mini_daemon,label bundle",
    "order",
  );
  assert(
    t.rows[0]?.[4] === "40.0 ms" && t.rows[4]?.[2] === "0.500/s" && t.rows[4]?.[1] === "0/s",
    "cells",
  );
});

Deno.test("ratio summary: every mydaemon figure against every anchor", () => {
  const t = ratioSummary(results);
  assert(t.rows.length === 5 && t.rows.every((r) => r[0] === "label bundle"), "bundle rows only");
  assert(t.rows[0]?.slice(2).join() === "×40.0,×2.00,×1.33", `ready ratios: ${t.rows[0]}`);
});

function input(waterfall: string | null, plan = QUICK): ReportInput {
  const machine = {
    commit: "abc123-dirty",
    cpu: "cpu",
    cores: 2,
    memory: "1 GiB",
    kernel: "linux",
    deno: "deno 2 (/usr/bin/deno)",
    python: "Python 3 (/usr/bin/python3)",
    cc: "cc",
    daemonize: "not installed",
    date: "2026-12-03T00:00:00.000Z",
  };
  const floors = fakeFloors(12, 25);
  return {
    command: "deno task bench",
    plan,
    machine,
    pythons: [{ path: "/usr/bin/python3", samples_ns: [9e6] }],
    python: "/usr/bin/python3",
    subjects: results.map((r) => r.subject),
    results,
    floors,
    memory: [],
    targets: evaluateTargets(results, floors),
    waterfall,
    durationS: 1,
  };
}

Deno.test("report: provenance, a README block marked as quick, targets, optional waterfall", () => {
  const text = renderReport(input(null));
  assert(
    text.includes("Commit: `abc123-dirty`") && text.includes("(/usr/bin/python3)"),
    "provenance",
  );
  assert(text.includes("bare start 9.00 ms"), "python bare start");
  assert(extractBlock(text)?.includes("`--quick` run") === true, "quick marked in the block");
  assert(text.includes("## Targets") && text.includes("**missed**"), "targets");
  assert(!text.includes("## Start-up waterfall"), "no waterfall without the module");
  assert(renderReport(input("| phase |")).includes("## Start-up waterfall\n\n| phase |"), "hook");
  const full = renderReport(input(null, { ...QUICK, name: "full" }));
  assert(!extractBlock(full)?.includes("`--quick`"), "full run not marked");
});
