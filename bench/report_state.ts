/**
 * The state tables: the SIGHUP storm, idle cost, and idle wake-ups per
 * thread. Pure: results in, tables out.
 */
import { find_anchors, ratio_cells, RATIO_HEADERS } from "./anchors.ts";
import { fmt_bool, fmt_int, fmt_mib, fmt_ms, fmt_num } from "./format.ts";
import { log_intact } from "./log_check.ts";
import type { IdleResult, SubjectResult } from "./results.ts";
import { per_second } from "./stats.ts";
import type { Table } from "./table.ts";

/** The storm: survival, log integrity, reloads applied. */
export function storm_table(results: readonly SubjectResult[]): Table {
  const rows = results.flatMap((r) => {
    const s = r.storm;
    if (s === null) return [];
    const intact = log_intact(s.verdict);
    const lines = `${fmt_bool(intact)} (${fmt_int(s.verdict.lines)} lines, ` +
      `${fmt_int(s.verdict.malformed)} malformed)`;
    return [[
      r.subject.label,
      fmt_int(s.sent),
      fmt_ms(s.elapsed_ns),
      fmt_bool(s.survived),
      lines,
      fmt_int(s.applied),
      fmt_bool(s.responds),
    ]];
  });
  const headers = ["subject", "SIGHUPs sent", "send ms", "survived", "log intact"];
  return { headers: [...headers, "reloads applied", "answers next SIGHUP"], rows };
}

function rate(idle: IdleResult | null, count: (i: IdleResult) => number): string {
  return idle === null ? "–" : fmt_num(per_second(count(idle), idle.window_s));
}

/** Idle cost: memory, threads, wake-ups (context switches per second). */
export function idle_table(results: readonly SubjectResult[]): Table {
  const anchors = find_anchors(results);
  const rss = (r: SubjectResult) => r.idle?.rss_kib ?? NaN;
  const rows = results.filter((r) => r.idle !== null).map((r) => [
    r.subject.label,
    fmt_mib(rss(r)),
    ...ratio_cells(anchors, r, rss),
    fmt_mib(r.idle?.rss_end_kib ?? NaN),
    fmt_int(r.idle?.threads ?? NaN),
    rate(r.idle, (i) => i.total_switches),
    rate(r.idle, (i) => i.main_switches),
    fmt_int(r.idle?.exited_threads ?? NaN),
  ]);
  const headers = ["subject", "RSS MiB", ...RATIO_HEADERS, "RSS end MiB", "threads"];
  return {
    headers: [...headers, "ctx sw/s all threads", "ctx sw/s main thread", "threads exited"],
    rows,
  };
}

/** Which threads switched while idle (the busiest few per subject). */
export function wakeup_table(results: readonly SubjectResult[], per_subject = 6): Table {
  const rows = results.flatMap((r) => {
    const idle = r.idle;
    if (idle === null) return [];
    const busy = idle.per_thread.filter((t) => t.switches > 0).slice(0, per_subject);
    if (busy.length === 0) return [[r.subject.label, "(none)", "0", "0"]];
    return busy.map((t) => [
      r.subject.label,
      `${t.comm} (${t.tid}${t.tid === idle.pid ? ", main" : ""})`,
      fmt_int(t.switches),
      fmt_num(per_second(t.switches, idle.window_s)),
    ]);
  });
  return { headers: ["subject", "thread (tid)", "ctx switches", "per s"], rows };
}
