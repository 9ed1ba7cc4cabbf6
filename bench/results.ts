/**
 * The raw figures gathered for each subject, before any statistics.
 */
import type { RssByMapping } from "./smaps.ts";
import type { LogVerdict } from "./log_check.ts";
import type { Subject } from "./subject.ts";

/** How a daemon was stopped. */
export type StopMethod = "SIGTERM" | "stop command";

/** Timed start + stop cycles. Times in nanoseconds. */
export interface CycleResult {
  readonly ready_ns: number[];
  /** Launcher exit alone, and start-up line alone (parts of ready). */
  readonly exit_ns: number[];
  readonly line_ns: number[];
  readonly stop_ns: Map<StopMethod, number[]>;
  readonly failures: string[];
}

/** One-at-a-time SIGHUP → reload line latencies. */
export interface ReloadResult {
  readonly samples_ns: number[];
  readonly timeouts: number;
}

/** The 10,000-SIGHUP storm. */
export interface StormResult {
  readonly sent: number;
  readonly failed: number;
  readonly elapsed_ns: number;
  readonly survived: boolean;
  readonly verdict: LogVerdict;
  /** Reload lines written because of the storm. */
  readonly applied: number;
  /** Still answers one SIGHUP with a reload line afterwards (null: not asked). */
  readonly responds: boolean | null;
}

/** Context switches of one thread over the idle window. */
export interface ThreadDelta {
  readonly tid: number;
  readonly comm: string;
  readonly switches: number;
}

/** One idle window. */
export interface IdleWindow {
  /** Seconds since the daemon was ready, at the start and end of the window. */
  readonly from_s: number;
  readonly to_s: number;
  /** Summed over /proc/PID/task/* (threads alive at the end of the window). */
  readonly total_switches: number;
  /** /proc/PID/status alone (the main thread). */
  readonly main_switches: number;
  /** Threads seen at the start but gone at the end (their switches are lost). */
  readonly exited_threads: number;
  readonly per_thread: ThreadDelta[];
}

/** Idle cost: memory and threads after start, then consecutive idle windows. */
export interface IdleResult {
  readonly pid: number;
  readonly rss_kib: number;
  /**
   * RSS split as the kernel counts it (RssAnon, RssFile): anonymous pages are
   * the process's own (heap, compiled code); file pages are mostly the runtime
   * binary's code, shared by every process running that binary.
   */
  readonly rss_anon_kib: number;
  readonly rss_file_kib: number;
  /** The same RSS by kind of mapping, from smaps (null if unreadable). */
  readonly rss_by_mapping: RssByMapping | null;
  readonly rss_end_kib: number;
  readonly threads: number;
  readonly threads_end: number;
  readonly windows: IdleWindow[];
}

/** Everything measured for one subject; a null figure was not measured. */
export interface SubjectResult {
  readonly subject: Subject;
  cycles: CycleResult | null;
  idle: IdleResult | null;
  reload: ReloadResult | null;
  storm: StormResult | null;
  readonly errors: string[];
}
