/**
 * A start-up and reload waterfall, for bench/waterfall.ts: when
 * `<NAME>_TRACE` (e.g. `MYDAEMON_TRACE`) names a file, the launcher and the
 * daemon child append one `<label> <epoch ms, µs>` line to it at each phase.
 * Off (the variable unset), each mark is one comparison: nothing is read,
 * allocated or written.
 * @module
 */

/** The variable naming the trace file: `<NAME>_TRACE`. */
export function traceEnv(prefix: string): string {
  return `${prefix}TRACE`;
}

let sink: string | null = null;
let role = "";

/** Milliseconds since the epoch, with the microseconds Deno gives. */
function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

function append(label: string, at: number): void {
  try {
    Deno.writeTextFileSync(sink!, `${role}.${label} ${at.toFixed(3)}\n`, { append: true });
  } catch {
    sink = null; // a trace that cannot be written is no reason to fail
  }
}

/**
 * Turns tracing on when `path` is set, for this process as `who`
 * (`launcher` or `child`), and records when its runtime began.
 */
export function startTrace(path: string | undefined, who: string): void {
  if (!path) return;
  sink = path;
  role = who;
  append("origin", performance.timeOrigin);
}

/** Marks the end of phase `label` (no-op when tracing is off). */
export function mark(label: string): void {
  if (sink !== null) append(label, epochMs());
}
