/**
 * The top of the report: what was measured (commit), where (machine,
 * runtimes with their paths), with which plan, and the subjects. Pure.
 */
import type { Machine } from "./machine.ts";
import type { Plan } from "./plan.ts";
import type { SubjectResult } from "./results.ts";
import type { Subject } from "./subject.ts";
import type { Table } from "./table.ts";

/** Provenance lines: a reader can tell which code, machine and runtimes made the numbers. */
export function machineLines(m: Machine, python_start: string): string[] {
  return [
    `- Commit: \`${m.commit}\``,
    `- Date: ${m.date}`,
    `- CPU: ${m.cpu}, ${m.cores} cores; memory ${m.memory}`,
    `- Kernel: ${m.kernel}`,
    `- Deno: ${m.deno}`,
    `- Python (runs the seed; the fastest python3 found, bare start ${python_start}): ${m.python}`,
    `- C compiler: ${m.cc}; daemonize(1): ${m.daemonize}`,
  ];
}

/** One sentence with the sample counts. */
export function planLine(p: Plan): string {
  return `Plan \`${p.name}\`: ${p.cycles} interleaved rounds (after ${p.warmup_cycles} warm-up), ` +
    "each one start/stop of every subject and one run of every floor; " +
    `${p.hups} one-at-a-time SIGHUPs per subject (round-robin in chunks), a storm of ${p.storm}, ` +
    `${p.idle_windows} idle window(s) of ${p.idle_s} s for all subjects at once ` +
    `(after ${p.settle_ms} ms settling).`;
}

/** The subjects with their role and status (skip reason or errors). */
export function subjectsTable(
  subjects: readonly Subject[],
  results: readonly SubjectResult[],
): Table {
  const rows = subjects.map((s) => {
    const errors = results.find((r) => r.subject.id === s.id)?.errors ?? [];
    const failures = results.find((r) => r.subject.id === s.id)?.cycles?.failures ?? [];
    const all = [...errors, ...failures];
    const status = s.skip !== null
      ? `skipped: ${s.skip}`
      : all.length > 0
      ? `measured, with errors: ${all.join("; ")}`
      : "measured";
    const detail = s.detail === null ? "" : ` (${s.detail})`;
    return [`\`${s.id}\``, s.label, s.role, status + detail];
  });
  return { headers: ["id", "subject", "role", "status"], rows, right: [] };
}
