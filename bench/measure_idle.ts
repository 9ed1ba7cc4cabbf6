/**
 * Idle cost of a started daemon: RSS and threads after start, then context
 * switches over consecutive idle windows, summed over all threads and for the
 * main thread alone, with a per-thread breakdown (who wakes up). The first
 * window catches start-up housekeeping; later ones show the steady state.
 */
import type { Context } from "./context.ts";
import type { Instance } from "./instance.ts";
import { readRssByMapping, readStatus, taskSwitches } from "./proc.ts";
import { statusNumber, statusSwitches } from "./proc_status.ts";
import { snapshotDelta } from "./idle_delta.ts";
import type { IdleResult, IdleWindow } from "./results.ts";

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function snapshot(pid: number) {
  const status = await readStatus(pid);
  if (status === null) throw new Error("daemon died while idle");
  return { status, tasks: await taskSwitches(pid), at_ms: performance.now() };
}

async function oneWindow(ctx: Context, instance: Instance, before: Snapshot) {
  await sleep(ctx.plan.idle_s * 1000);
  const after = await snapshot(instance.pid);
  const delta = snapshotDelta(before.tasks, after.tasks);
  const window: IdleWindow = {
    from_s: (before.at_ms - instance.ready_at_ms) / 1000,
    to_s: (after.at_ms - instance.ready_at_ms) / 1000,
    total_switches: delta.total,
    main_switches: statusSwitches(after.status) - statusSwitches(before.status),
    exited_threads: delta.exited,
    per_thread: delta.per_thread,
  };
  return { window, after };
}

type Snapshot = Awaited<ReturnType<typeof snapshot>>;

/** Measure the idle windows; throws if the daemon dies during them. */
export async function measureIdle(ctx: Context, instance: Instance): Promise<IdleResult> {
  await sleep(ctx.plan.settle_ms);
  const first = await snapshot(instance.pid);
  const rss_by_mapping = await readRssByMapping(instance.pid);
  let last = first;
  const windows: IdleWindow[] = [];
  for (let i = 0; i < ctx.plan.idle_windows; i++) {
    const { window, after } = await oneWindow(ctx, instance, last);
    windows.push(window);
    last = after;
  }
  return {
    pid: instance.pid,
    rss_kib: statusNumber(first.status, "VmRSS"),
    rss_anon_kib: statusNumber(first.status, "RssAnon"),
    rss_file_kib: statusNumber(first.status, "RssFile"),
    rss_by_mapping,
    rss_end_kib: statusNumber(last.status, "VmRSS"),
    threads: statusNumber(first.status, "Threads"),
    threads_end: statusNumber(last.status, "Threads"),
    windows,
  };
}
