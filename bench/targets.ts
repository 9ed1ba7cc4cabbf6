/**
 * The targets of the bundle (and the compiled binary, when built), each
 * checked against an anchor or floor measured in the same run. Pure:
 * results in, rows out; a target whose inputs are missing is "not measured".
 */
import { fmtMib, fmtMs, fmtNum, fmtUs } from "./format.ts";
import { BARE_START, type FloorResult, TWO_STARTS } from "./measure_floor.ts";
import type { SubjectResult } from "./results.ts";
import { median, percentile, perSecond } from "./stats.ts";

/** Subjects the targets apply to. */
export const TARGET_SUBJECTS: readonly string[] = ["bundle", "binary"];

/** One checked target. */
export interface TargetRow {
  readonly subject: string;
  readonly target: string;
  readonly measured: string;
  readonly bound: string;
  /** null: an input was not measured. */
  readonly met: boolean | null;
}

interface Check {
  readonly target: string;
  readonly value: number;
  readonly limit: number;
  readonly show: (v: number) => string;
  readonly basis: string;
}

function row(subject: string, c: Check): TargetRow {
  const known = Number.isFinite(c.value) && Number.isFinite(c.limit);
  return {
    subject,
    target: c.target,
    measured: c.show(c.value),
    bound: `≤ ${c.show(c.limit)} (${c.basis})`,
    met: known ? c.value <= c.limit : null,
  };
}

const floorMedian = (floors: readonly FloorResult[], id: string) =>
  median(floors.find((f) => f.id === id)?.samples_ns ?? []);

const hup = (r: SubjectResult | null, p: number) =>
  r?.reload ? percentile(r.reload.samples_ns, p) : NaN;

/** Context switches per second in the last idle window, all threads. */
export function steadyWakeups(r: SubjectResult | null): number {
  const w = r?.idle?.windows.at(-1);
  return w === undefined ? NaN : perSecond(w.total_switches, w.to_s - w.from_s);
}

/** What a target compares: the subject, the minimal Deno daemon, and the floors. */
interface Inputs {
  readonly r: SubjectResult;
  readonly mini: SubjectResult | null;
  readonly floors: readonly FloorResult[];
}

const ms = (v: number) => `${fmtMs(v)} ms`;
const us = (v: number) => `${fmtUs(v)} µs`;
const mib = (v: number) => `${fmtMib(v)} MiB`;

/** The targets, each rule in this one place. */
const TARGETS: readonly (Omit<Check, "value" | "limit"> & {
  readonly value: (i: Inputs) => number;
  readonly limit: (i: Inputs) => number;
})[] = [{
  target: "time to ready, median",
  value: (i) => median(i.r.cycles?.ready_ns ?? []),
  limit: (i) => 1.15 * floorMedian(i.floors, TWO_STARTS),
  show: ms,
  basis: "1.15 × two-start floor",
}, {
  target: "SIGHUP → reloaded, p50",
  value: (i) => hup(i.r, 50),
  limit: (i) => 1.2 * hup(i.mini, 50),
  show: us,
  basis: "1.2 × mini Deno p50",
}, {
  target: "SIGHUP → reloaded, p99",
  value: (i) => hup(i.r, 99),
  limit: (i) => 2 * hup(i.mini, 99),
  show: us,
  basis: "2 × mini Deno p99",
}, {
  target: "idle wake-ups/s, steady state",
  value: (i) => steadyWakeups(i.r),
  limit: () => 0,
  show: fmtNum,
  basis: "0 in the last idle window",
}, {
  target: "idle RSS",
  value: (i) => i.r.idle?.rss_kib ?? NaN,
  limit: (i) => (i.mini?.idle?.rss_kib ?? NaN) + 2048,
  show: mib,
  basis: "mini Deno + 2 MiB",
}, {
  target: "stop command → gone, pid file removed",
  value: (i) => median(i.r.cycles?.stop_ns.get("stop command") ?? []),
  limit: (i) => 1.5 * floorMedian(i.floors, BARE_START),
  show: ms,
  basis: "1.5 × one bare start",
}];

function checks(inputs: Inputs): Check[] {
  return TARGETS.map((t) => ({ ...t, value: t.value(inputs), limit: t.limit(inputs) }));
}

/** Every target for every measured target subject. */
export function evaluateTargets(
  results: readonly SubjectResult[],
  floors: readonly FloorResult[],
): TargetRow[] {
  const mini = results.find((r) => r.subject.id === "mini_daemon") ?? null;
  return results
    .filter((r) => TARGET_SUBJECTS.includes(r.subject.id))
    .flatMap((r) => checks({ r, mini, floors }).map((c) => row(r.subject.label, c)));
}
