/**
 * Idle cost of a started daemon: RSS and threads after start, then context
 * switches over consecutive idle windows, summed over all threads and for the
 * main thread alone, with a per-thread breakdown (who wakes up). The first
 * window catches start-up housekeeping; later ones show the steady state.
 */
import type { Context } from "./context.ts";
import type { Instance } from "./instance.ts";
import { read_status, task_switches } from "./proc.ts";
import { status_number, status_switches } from "./proc_status.ts";
import { snapshot_delta } from "./idle_delta.ts";
import type { IdleResult, IdleWindow } from "./results.ts";

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function snapshot(pid: number) {
  const status = await read_status(pid);
  if (status === null) throw new Error("daemon died while idle");
  return { status, tasks: await task_switches(pid), at_ms: performance.now() };
}

async function one_window(ctx: Context, instance: Instance, before: Snapshot) {
  await sleep(ctx.plan.idle_s * 1000);
  const after = await snapshot(instance.pid);
  const delta = snapshot_delta(before.tasks, after.tasks);
  const window: IdleWindow = {
    from_s: (before.at_ms - instance.ready_at_ms) / 1000,
    to_s: (after.at_ms - instance.ready_at_ms) / 1000,
    total_switches: delta.total,
    main_switches: status_switches(after.status) - status_switches(before.status),
    exited_threads: delta.exited,
    per_thread: delta.per_thread,
  };
  return { window, after };
}

type Snapshot = Awaited<ReturnType<typeof snapshot>>;

/** Measure the idle windows; throws if the daemon dies during them. */
export async function measure_idle(ctx: Context, instance: Instance): Promise<IdleResult> {
  await sleep(ctx.plan.settle_ms);
  const first = await snapshot(instance.pid);
  let last = first;
  const windows: IdleWindow[] = [];
  for (let i = 0; i < ctx.plan.idle_windows; i++) {
    const { window, after } = await one_window(ctx, instance, last);
    windows.push(window);
    last = after;
  }
  return {
    pid: instance.pid,
    rss_kib: status_number(first.status, "VmRSS"),
    rss_end_kib: status_number(last.status, "VmRSS"),
    threads: status_number(first.status, "Threads"),
    threads_end: status_number(last.status, "Threads"),
    windows,
  };
}
