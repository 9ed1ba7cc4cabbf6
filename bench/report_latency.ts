/**
 * The latency tables: time to ready, SIGHUP → reload line, stop, and the
 * runtime floors. Pure: results in, tables out.
 */
import { findAnchors, RATIO_HEADERS, ratioCells, ratioHeaders } from "./anchors.ts";
import { fmtInt, fmtMs, fmtRatio, fmtUs } from "./format.ts";
import type { FloorResult } from "./measure_floor.ts";
import type { StopMethod, SubjectResult } from "./results.ts";
import { median, percentile, ratio } from "./stats.ts";
import type { Table } from "./table.ts";

const nan = NaN;

/** Time to ready, ms: launcher exited AND start-up line in the log. */
export function readyTable(results: readonly SubjectResult[]): Table {
  const anchors = findAnchors(results);
  const med = (r: SubjectResult) => median(r.cycles?.ready_ns ?? []);
  const rows = results.filter((r) => (r.cycles?.ready_ns.length ?? 0) > 0).map((r) => {
    const c = r.cycles ?? { ready_ns: [], exit_ns: [], line_ns: [] };
    return [
      r.subject.label,
      fmtMs(med(r)),
      fmtMs(percentile(c.ready_ns, 99)),
      ...ratioCells(anchors, r, med),
      fmtMs(median(c.exit_ns)),
      fmtMs(median(c.line_ns)),
      fmtInt(c.ready_ns.length),
    ];
  });
  const headers = ["subject", "median ms", "p99 ms", ...RATIO_HEADERS];
  return { headers: [...headers, "launcher exit ms", "log line ms", "n"], rows };
}

/** SIGHUP → reload line, µs, one signal at a time. */
export function reloadTable(results: readonly SubjectResult[]): Table {
  const anchors = findAnchors(results);
  const p50 = (r: SubjectResult) => r.reload ? median(r.reload.samples_ns) : nan;
  const p99 = (r: SubjectResult) => r.reload ? percentile(r.reload.samples_ns, 99) : nan;
  const rows = results.filter((r) => r.reload !== null).map((r) => [
    r.subject.label,
    fmtUs(p50(r)),
    fmtUs(p99(r)),
    ...ratioCells(anchors, r, p50),
    ...ratioCells(anchors, r, p99),
    fmtInt(r.reload?.samples_ns.length ?? nan),
    fmtInt(r.reload?.timeouts ?? nan),
  ]);
  const headers = ["subject", "p50 µs", "p99 µs", ...ratioHeaders("p50"), ...ratioHeaders("p99")];
  return { headers: [...headers, "n", "timeouts"], rows };
}

/** Stop latency, ms, per method; ratios are to the anchors' SIGTERM stop. */
export function stopTable(results: readonly SubjectResult[]): Table {
  const anchors = findAnchors(results);
  const sigterm = (r: SubjectResult | null) => median(r?.cycles?.stop_ns.get("SIGTERM") ?? []);
  const rows: string[][] = [];
  for (const method of ["SIGTERM", "stop command"] as StopMethod[]) {
    for (const r of results) {
      const samples = r.cycles?.stop_ns.get(method) ?? [];
      if (samples.length === 0) continue;
      rows.push([
        r.subject.label,
        method === "SIGTERM" ? "SIGTERM" : "`mydaemon stop`",
        fmtMs(median(samples)),
        fmtMs(percentile(samples, 99)),
        ...anchors.map((a) => fmtRatio(ratio(median(samples), sigterm(a)))),
        fmtInt(samples.length),
      ]);
    }
  }
  const headers = ["subject", "how", "median ms", "p99 ms", ...RATIO_HEADERS, "n"];
  return { headers, rows, right: headers.slice(2).map((_, i) => i + 2) };
}

/** Spawn-to-exit of trivial commands, ms. */
export function floorTable(floors: readonly FloorResult[]): Table {
  const rows = floors.map((f) => [
    f.label,
    fmtMs(median(f.samples_ns)),
    fmtMs(percentile(f.samples_ns, 99)),
    fmtInt(f.samples_ns.length),
    fmtInt(f.failures),
  ]);
  return { headers: ["command", "median ms", "p99 ms", "n", "failed"], rows };
}
