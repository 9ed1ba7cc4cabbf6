/**
 * The state tables: the SIGHUP storm, idle cost, and idle wake-ups per
 * thread. Pure: results in, tables out.
 */
import { findAnchors, RATIO_HEADERS, ratioCells } from "./anchors.ts";
import { fmtBool, fmtInt, fmtMib, fmtMs, fmtNum } from "./format.ts";
import { logIntact } from "./log_check.ts";
import type { IdleResult, SubjectResult } from "./results.ts";
import { perSecond } from "./stats.ts";
import type { Table } from "./table.ts";

/** The storm: survival, log integrity, reloads applied. */
export function stormTable(results: readonly SubjectResult[]): Table {
  const rows = results.flatMap((r) => {
    const s = r.storm;
    if (s === null) return [];
    const intact = logIntact(s.verdict);
    const lines = `${fmtBool(intact)} (${fmtInt(s.verdict.lines)} lines, ` +
      `${fmtInt(s.verdict.malformed)} malformed)`;
    return [[
      r.subject.label,
      fmtInt(s.sent),
      fmtMs(s.elapsed_ns),
      fmtBool(s.survived),
      lines,
      fmtInt(s.applied),
      fmtBool(s.responds),
    ]];
  });
  const headers = ["subject", "SIGHUPs sent", "send ms", "survived", "log intact"];
  return { headers: [...headers, "reloads applied", "answers next SIGHUP"], rows };
}

function windowLabel(r: readonly SubjectResult[], i: number): string {
  const w = r.find((x) => x.idle?.windows[i] !== undefined)?.idle?.windows[i];
  return w === undefined ? `window ${i + 1}` : `${w.from_s.toFixed(0)}–${w.to_s.toFixed(0)} s`;
}

function windowCells(idle: IdleResult, i: number): string[] {
  const w = idle.windows[i];
  if (w === undefined) return ["–", "–"];
  const seconds = w.to_s - w.from_s;
  return [
    fmtNum(perSecond(w.total_switches, seconds)),
    fmtNum(perSecond(w.main_switches, seconds)),
  ];
}

/** Idle cost: memory, threads, wake-ups (context switches per second) per window. */
export function idleTable(results: readonly SubjectResult[]): Table {
  const anchors = findAnchors(results);
  const rss = (r: SubjectResult) => r.idle?.rss_kib ?? NaN;
  const measured = results.flatMap((r) => (r.idle === null ? [] : [{ r, idle: r.idle }]));
  const count = Math.max(0, ...measured.map(({ idle }) => idle.windows.length));
  const rows = measured.map(({ r, idle }) => [
    r.subject.label,
    fmtMib(rss(r)),
    ...ratioCells(anchors, r, rss),
    `${fmtMib(idle.rss_anon_kib)} / ${fmtMib(idle.rss_file_kib)}`,
    fmtMib(idle.rss_end_kib),
    `${fmtInt(idle.threads)} → ${fmtInt(idle.threads_end)}`,
    ...Array.from({ length: count }, (_, i) => windowCells(idle, i)).flat(),
  ]);
  const window_headers = Array.from({ length: count }, (_, i) => {
    const at = windowLabel(results, i);
    return [`ctx sw/s all threads ${at}`, `ctx sw/s main thread ${at}`];
  }).flat();
  const headers = [
    "subject",
    "RSS MiB",
    ...RATIO_HEADERS,
    "anon / file MiB",
    "RSS end MiB",
    "threads start → end",
  ];
  return { headers: [...headers, ...window_headers], rows };
}

/** Which threads switched while idle, per window (the busiest few per subject). */
export function wakeupTable(results: readonly SubjectResult[], per_subject = 6): Table {
  const rows = results.flatMap((r) => {
    const idle = r.idle;
    if (idle === null) return [];
    return idle.windows.flatMap((w, i) => {
      const at = `${i + 1}: ${w.from_s.toFixed(0)}–${w.to_s.toFixed(0)} s`;
      const busy = w.per_thread.filter((t) => t.switches > 0).slice(0, per_subject);
      const seconds = w.to_s - w.from_s;
      const gone = w.exited_threads > 0 ? ` (+${w.exited_threads} exited)` : "";
      if (busy.length === 0) return [[r.subject.label, at, `(none)${gone}`, "0", "0"]];
      return busy.map((t, j) => [
        r.subject.label,
        at,
        `${t.comm} (${t.tid}${t.tid === idle.pid ? ", main" : ""})${j === 0 ? gone : ""}`,
        fmtInt(t.switches),
        fmtNum(perSecond(t.switches, seconds)),
      ]);
    });
  });
  return {
    headers: ["subject", "window", "thread (tid)", "ctx switches", "per s"],
    rows,
    right: [3, 4],
  };
}
