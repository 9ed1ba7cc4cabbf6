/**
 * Idle cost of a started daemon: RSS and threads after start, then context
 * switches over an idle window, summed over all threads and for the main
 * thread alone, with a per-thread breakdown (who wakes up).
 */
import type { Context } from "./context.ts";
import type { Instance } from "./instance.ts";
import { read_status, task_switches } from "./proc.ts";
import { status_number, status_switches } from "./proc_status.ts";
import { snapshot_delta } from "./idle_delta.ts";
import type { IdleResult } from "./results.ts";

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Measure the idle window; throws if the daemon dies during it. */
export async function measure_idle(ctx: Context, instance: Instance): Promise<IdleResult> {
  const pid = instance.pid;
  await sleep(ctx.plan.settle_ms);
  const status_a = await read_status(pid);
  const tasks_a = await task_switches(pid);
  const t0 = performance.now();
  await sleep(ctx.plan.idle_s * 1000);
  const status_b = await read_status(pid);
  const tasks_b = await task_switches(pid);
  const window_s = (performance.now() - t0) / 1000;
  if (status_a === null || status_b === null) throw new Error("daemon died while idle");
  const delta = snapshot_delta(tasks_a, tasks_b);
  return {
    pid,
    rss_kib: status_number(status_a, "VmRSS"),
    rss_end_kib: status_number(status_b, "VmRSS"),
    threads: status_number(status_a, "Threads"),
    window_s,
    total_switches: delta.total,
    main_switches: status_switches(status_b) - status_switches(status_a),
    exited_threads: delta.exited,
    per_thread: delta.per_thread,
  };
}
