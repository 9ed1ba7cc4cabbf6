/**
 * Pure arithmetic of the idle window: per-thread context-switch deltas
 * between two snapshots of /proc/PID/task/*.
 */
import type { TaskSwitches } from "./proc.ts";
import type { ThreadDelta } from "./results.ts";

/** What changed between two task snapshots. */
export interface SnapshotDelta {
  /** Threads alive at the end; new ones count from zero. */
  readonly per_thread: ThreadDelta[];
  readonly total: number;
  /** Threads present at the start and gone at the end. */
  readonly exited: number;
}

/** Deltas per thread, busiest first. */
export function snapshotDelta(
  before: readonly TaskSwitches[],
  after: readonly TaskSwitches[],
): SnapshotDelta {
  const start = new Map(before.map((t) => [t.tid, t.switches]));
  const per_thread = after.map((t) => ({
    tid: t.tid,
    comm: t.comm,
    switches: t.switches - (start.get(t.tid) ?? 0),
  }));
  const alive = new Set(after.map((t) => t.tid));
  const exited = before.filter((t) => !alive.has(t.tid)).length;
  const total = per_thread.reduce((sum, t) => sum + t.switches, 0);
  per_thread.sort((a, b) => b.switches - a.switches || a.tid - b.tid);
  return { per_thread, total, exited };
}
