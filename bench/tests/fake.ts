// Synthetic results for the pure report tests.
import type { FloorResult } from "../measure_floor.ts";
import type { SubjectResult } from "../results.ts";
import type { Subject } from "../subject.ts";

/** A subject with this id; nothing in it is run by the tests. */
export function fakeSubject(id: string): Subject {
  return {
    id,
    label: `label ${id}`,
    role: "anchor",
    skip: null,
    detail: null,
    start: () => [],
    stop: null,
    version: null,
    start_needle: "",
    reload_needle: "",
    line_ok: /./,
    removes_pid_file: true,
  };
}

/** Results with ready/stop in ms, HUP in µs, RSS in KiB, wake-ups per 10 s. */
export function fakeResult(
  id: string,
  f: { ready_ms: number; hup_us: number; rss_kib: number; wakeups: number; stop_ms: number },
): SubjectResult {
  return {
    subject: fakeSubject(id),
    cycles: {
      ready_ns: [f.ready_ms * 1e6],
      exit_ns: [f.ready_ms * 1e6],
      line_ns: [f.ready_ms * 1e6],
      stop_ns: new Map([["SIGTERM", [f.stop_ms * 1e6]], ["stop command", [f.stop_ms * 1e6]]]),
      failures: [],
    },
    idle: {
      pid: 1,
      rss_kib: f.rss_kib,
      rss_anon_kib: f.rss_kib,
      rss_file_kib: 0,
      rss_by_mapping: { exe_kib: 0, files_kib: 0, anon_kib: f.rss_kib, other_kib: 0 },
      rss_end_kib: f.rss_kib,
      threads: 1,
      threads_end: 1,
      windows: [{
        from_s: 0,
        to_s: 10,
        total_switches: f.wakeups,
        main_switches: f.wakeups,
        exited_threads: 0,
        per_thread: [],
      }],
    },
    reload: { samples_ns: [f.hup_us * 1e3], timeouts: 0 },
    storm: null,
    errors: [],
  };
}

/** Floors: one bare start and two starts, ms. */
export function fakeFloors(bare_ms: number, two_ms: number): FloorResult[] {
  return [
    { id: "deno_bare", label: "bare", samples_ns: [bare_ms * 1e6], failures: 0 },
    { id: "deno_two", label: "two", samples_ns: [two_ms * 1e6], failures: 0 },
  ];
}
