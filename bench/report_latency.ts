/**
 * The latency tables: time to ready, SIGHUP → reload line, stop, and the
 * runtime floors. Pure: results in, tables out.
 */
import { find_anchors, ratio_cells, RATIO_HEADERS } from "./anchors.ts";
import { fmt_int, fmt_ms, fmt_ratio, fmt_us } from "./format.ts";
import type { FloorResult } from "./measure_floor.ts";
import type { StopMethod, SubjectResult } from "./results.ts";
import { median, percentile, ratio } from "./stats.ts";
import type { Table } from "./table.ts";

const nan = NaN;

/** Time to ready, ms: launcher exited AND start-up line in the log. */
export function ready_table(results: readonly SubjectResult[]): Table {
  const anchors = find_anchors(results);
  const med = (r: SubjectResult) => median(r.cycles?.ready_ns ?? []);
  const rows = results.filter((r) => (r.cycles?.ready_ns.length ?? 0) > 0).map((r) => {
    const c = r.cycles ?? { ready_ns: [], exit_ns: [], line_ns: [] };
    return [
      r.subject.label,
      fmt_ms(med(r)),
      fmt_ms(percentile(c.ready_ns, 99)),
      ...ratio_cells(anchors, r, med),
      fmt_ms(median(c.exit_ns)),
      fmt_ms(median(c.line_ns)),
      fmt_int(c.ready_ns.length),
    ];
  });
  const headers = ["subject", "median ms", "p99 ms", ...RATIO_HEADERS];
  return { headers: [...headers, "launcher exit ms", "log line ms", "n"], rows };
}

/** SIGHUP → reload line, µs, one signal at a time. */
export function reload_table(results: readonly SubjectResult[]): Table {
  const anchors = find_anchors(results);
  const p50 = (r: SubjectResult) => r.reload ? median(r.reload.samples_ns) : nan;
  const p99 = (r: SubjectResult) => r.reload ? percentile(r.reload.samples_ns, 99) : nan;
  const rows = results.filter((r) => r.reload !== null).map((r) => [
    r.subject.label,
    fmt_us(p50(r)),
    fmt_us(p99(r)),
    ...ratio_cells(anchors, r, p50),
    ...ratio_cells(anchors, r, p99),
    fmt_int(r.reload?.samples_ns.length ?? nan),
    fmt_int(r.reload?.timeouts ?? nan),
  ]);
  const headers = ["subject", "p50 µs", "p99 µs", "p50 × C", "p50 × seed", "p99 × C", "p99 × seed"];
  return { headers: [...headers, "n", "timeouts"], rows };
}

/** Stop latency, ms, per method; ratios are to the anchors' SIGTERM stop. */
export function stop_table(results: readonly SubjectResult[]): Table {
  const anchors = find_anchors(results);
  const sigterm = (r: SubjectResult | null) => median(r?.cycles?.stop_ns.get("SIGTERM") ?? []);
  const rows: string[][] = [];
  for (const method of ["SIGTERM", "stop command"] as StopMethod[]) {
    for (const r of results) {
      const samples = r.cycles?.stop_ns.get(method) ?? [];
      if (samples.length === 0) continue;
      rows.push([
        r.subject.label,
        method === "SIGTERM" ? "SIGTERM" : "`mydaemon stop`",
        fmt_ms(median(samples)),
        fmt_ms(percentile(samples, 99)),
        fmt_ratio(ratio(median(samples), sigterm(anchors.c))),
        fmt_ratio(ratio(median(samples), sigterm(anchors.seed))),
        fmt_int(samples.length),
      ]);
    }
  }
  const headers = ["subject", "how", "median ms", "p99 ms", ...RATIO_HEADERS, "n"];
  return { headers, rows, right: [2, 3, 4, 5, 6] };
}

/** Spawn-to-exit of trivial commands, ms. */
export function floor_table(floors: readonly FloorResult[]): Table {
  const rows = floors.map((f) => [
    f.label,
    fmt_ms(median(f.samples_ns)),
    fmt_ms(percentile(f.samples_ns, 99)),
    fmt_int(f.samples_ns.length),
    fmt_int(f.failures),
  ]);
  return { headers: ["command", "median ms", "p99 ms", "n", "failed"], rows };
}
