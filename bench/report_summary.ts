/**
 * The tables the README quotes: the performance summary, the targets, and
 * the memory cost of dependencies; plus the Python candidates. Pure.
 */
import { findAnchors, RATIO_HEADERS, ratioCells } from "./anchors.ts";
import { fmtInt, fmtMib, fmtMs, fmtNum, fmtRatio, fmtUs } from "./format.ts";
import { BARE_START, type FloorResult, TWO_STARTS } from "./measure_floor.ts";
import { MEMORY_FIXTURES, type MemoryResult } from "./measure_memory.ts";
import type { PythonTiming } from "./python_choice.ts";
import type { SubjectResult } from "./results.ts";
import { median, percentile, ratio } from "./stats.ts";
import type { Table } from "./table.ts";
import { steadyWakeups, type TargetRow } from "./targets.ts";

const COLUMNS = ["c_daemon", "py_seed", "mini_daemon", "bundle", "deno_run", "binary"];

type Pick = (r: SubjectResult) => string;

const ready: Pick = (r) => `${fmtMs(median(r.cycles?.ready_ns ?? []))} ms`;
const hup: Pick = (r) =>
  `${fmtUs(percentile(r.reload?.samples_ns ?? [], 50))} / ${
    fmtUs(percentile(r.reload?.samples_ns ?? [], 99))
  } µs`;
const storm: Pick = (r) =>
  r.storm === null ? "–" : r.storm.survived && r.storm.responds ? "survives" : "**dies**";
const rss: Pick = (r) => `${fmtMib(r.idle?.rss_kib ?? NaN)} MiB`;
const wake: Pick = (r) => `${fmtNum(steadyWakeups(r))}/s`;
const stop: Pick = (r) => `${fmtMs(median(r.cycles?.stop_ns.get("SIGTERM") ?? []))} ms`;

/** README's Performance table: one column per measured subject, medians. */
export function summaryTable(results: readonly SubjectResult[]): Table {
  const cols = COLUMNS.flatMap((id) => results.filter((r) => r.subject.id === id));
  const line = (what: string, pick: Pick) => [what, ...cols.map(pick)];
  return {
    headers: ["", ...cols.map((r) => r.subject.label)],
    rows: [
      line("start → ready (launcher exited, start-up line logged)", ready),
      line("SIGHUP → reload line written, p50 / p99", hup),
      line("10 000 SIGHUPs at once", storm),
      line("idle RSS", rss),
      line("idle wake-ups, last idle window", wake),
      line("SIGTERM → gone (pid file removed, if it does)", stop),
    ],
  };
}

/** The two Deno floors, for the README under the summary. */
export function floorSummary(floors: readonly FloorResult[]): string {
  const ms = (id: string) => fmtMs(median(floors.find((f) => f.id === id)?.samples_ns ?? []));
  return `Deno floors in the same run: one bare start ${ms(BARE_START)} ms, ` +
    `two starts in series ${ms(TWO_STARTS)} ms.`;
}

/** Targets: measured value, bound, met or missed. */
export function targetsTable(rows: readonly TargetRow[]): Table {
  const verdict = (m: boolean | null) => (m === null ? "not measured" : m ? "met" : "**missed**");
  return {
    headers: ["subject", "target", "measured", "bound", "verdict"],
    rows: rows.map((t) => [t.subject, t.target, t.measured, t.bound, verdict(t.met)]),
    right: [2],
  };
}

/** Memory fixtures: median RSS, above the bare process, and vs our replacement. */
export function memoryTable(results: readonly MemoryResult[]): Table {
  const med = (id: string | null) => median(results.find((r) => r.id === id)?.samples_kib ?? []);
  const base = med("baseline");
  const rows = results.map((r) => {
    const vs = MEMORY_FIXTURES.find((f) => f.id === r.id)?.vs ?? null;
    const m = median(r.samples_kib);
    const cost = vs === null
      ? ""
      : `+${fmtMib(m - med(vs))} MiB (${fmtRatio(ratio(m - base, med(vs) - base))})`;
    return [
      r.label,
      fmtMib(m),
      r.id === "baseline" ? "" : fmtMib(m - base),
      cost,
      fmtInt(r.samples_kib.length),
      fmtInt(r.failures),
    ];
  });
  const headers = ["process", "RSS MiB", "above bare MiB", "more than ours", "n", "failed"];
  return { headers, rows };
}

/** Every python3 tried, its bare start, and which one ran the seed. */
export function pythonTable(timings: readonly PythonTiming[], chosen: string | null): Table {
  const rows = timings.map((t) => [
    `\`${t.path}\``,
    fmtMs(median(t.samples_ns)),
    fmtInt(t.samples_ns.length),
    t.path === chosen ? "**runs the seed**" : "",
  ]);
  return { headers: ["python3", "`-c pass` median ms", "n", ""], rows, right: [1, 2] };
}

const UNDER_TEST = ["bundle", "binary", "deno_run"];

/** Each mydaemon figure of the summary as a ratio to each anchor of the same run. */
export function ratioSummary(results: readonly SubjectResult[]): Table {
  const anchors = findAnchors(results);
  const figures: [string, (r: SubjectResult) => number][] = [
    ["start → ready", (r) => median(r.cycles?.ready_ns ?? [])],
    ["SIGHUP → reload p50", (r) => percentile(r.reload?.samples_ns ?? [], 50)],
    ["SIGHUP → reload p99", (r) => percentile(r.reload?.samples_ns ?? [], 99)],
    ["idle RSS", (r) => r.idle?.rss_kib ?? NaN],
    ["SIGTERM → gone", (r) => median(r.cycles?.stop_ns.get("SIGTERM") ?? [])],
  ];
  const rows = UNDER_TEST.flatMap((id) => results.filter((r) => r.subject.id === id))
    .flatMap((r) =>
      figures.map(([what, pick]) => [r.subject.label, what, ...ratioCells(anchors, r, pick)])
    );
  return { headers: ["subject", "figure", ...RATIO_HEADERS], rows, right: [2, 3, 4] };
}
