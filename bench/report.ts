/**
 * The Markdown report: machine, command, subjects (with skip reasons), then
 * one table per figure. Pure: everything it prints is passed in.
 */
import type { Machine } from "./machine.ts";
import type { FloorResult } from "./measure_floor.ts";
import type { Plan } from "./plan.ts";
import { floorTable, readyTable, reloadTable, stopTable } from "./report_latency.ts";
import { idleTable, stormTable, wakeupTable } from "./report_state.ts";
import type { SubjectResult } from "./results.ts";
import type { Subject } from "./subject.ts";
import { renderTable, type Table } from "./table.ts";

/** Everything the report shows. */
export interface ReportInput {
  readonly command: string;
  readonly plan: Plan;
  readonly machine: Machine;
  readonly subjects: readonly Subject[];
  readonly results: readonly SubjectResult[];
  readonly floors: readonly FloorResult[];
  readonly durationS: number;
}

function machineLines(m: Machine): string[] {
  return [
    `- CPU: ${m.cpu}, ${m.cores} cores; memory ${m.memory}`,
    `- Kernel: ${m.kernel}`,
    `- Deno: ${m.deno}`,
    `- Python: ${m.python}`,
    `- C compiler: ${m.cc}; ${m.daemonize}`,
    `- Date: ${m.date}`,
  ];
}

function planLine(p: Plan): string {
  return `Plan \`${p.name}\`: ${p.cycles} start/stop cycles (after ${p.warmup_cycles} warm-up), ` +
    `${p.hups} one-at-a-time SIGHUPs, a storm of ${p.storm} SIGHUPs, ` +
    `${p.idle_windows} idle window(s) of ${p.idle_s} s (after ${p.settle_ms} ms settling), ` +
    `${p.floor_runs} runs per runtime floor.`;
}

function subjectsTable(subjects: readonly Subject[], results: readonly SubjectResult[]): Table {
  const rows = subjects.map((s) => {
    const errors = results.find((r) => r.subject.id === s.id)?.errors ?? [];
    const status = s.skip !== null
      ? `skipped: ${s.skip}`
      : errors.length > 0
      ? `measured, with errors: ${errors.join("; ")}`
      : "measured";
    const detail = s.detail === null ? "" : ` (${s.detail})`;
    return [`\`${s.id}\``, s.label, s.role, status + detail];
  });
  return { headers: ["id", "subject", "role", "status"], rows, right: [] };
}

function section(title: string, note: string, table: Table): string[] {
  const body = table.rows.length > 0 ? renderTable(table) : "_Nothing measured._";
  return [`## ${title}`, "", note, "", body, ""];
}

/** The whole report as Markdown. */
export function renderReport(input: ReportInput): string {
  const { results } = input;
  return [
    "# mydaemon bench results",
    "",
    `Produced by \`${input.command}\` in ${input.durationS.toFixed(0)} s. ` +
    "What each figure means and how it is measured: [README.md](README.md).",
    "",
    ...machineLines(input.machine),
    "",
    planLine(input.plan),
    "",
    ...section(
      "Subjects",
      "Anchors are built by the bench itself.",
      subjectsTable(input.subjects, results),
    ),
    ...section(
      "Time to ready",
      "From fork+exec of the start command until the launcher has exited **and** the start-up line is in the log (ms; launcher exit and log line alone are the two parts).",
      readyTable(results),
    ),
    ...section(
      "SIGHUP → reload line",
      "One SIGHUP at a time, the next only after the reload line of the previous is in the log (µs). Includes the scheduler: on 2 cores the probe often runs only once the daemon yields, so work a daemon does right after writing the line counts too.",
      reloadTable(results),
    ),
    ...section(
      "SIGHUP storm",
      'Signals sent back to back; standard signals coalesce while one is pending, so "reloads applied" below the number sent is expected.',
      stormTable(results),
    ),
    ...section(
      "Idle cost",
      "RSS and threads right after start (and at the end); context switches (voluntary + involuntary) per second in each idle window, timed from when the daemon was found ready. Every switch of an idle daemon is a wake-up.",
      idleTable(results),
    ),
    ...section(
      "Idle wake-ups by thread",
      "Threads that were scheduled at all during each idle window (busiest first); threads that exited during a window lose their count.",
      wakeupTable(results),
    ),
    ...section(
      "Stop",
      "From SIGTERM (or from running `mydaemon stop`) until the process is gone and, if the daemon removes it, its pid file is gone (ms). Ratios are to the anchors' SIGTERM stop.",
      stopTable(results),
    ),
    ...section(
      "Runtime floors",
      "Spawn-to-exit of trivial commands (ms): the part of time to ready that is the runtime itself.",
      floorTable(input.floors),
    ),
  ].join("\n");
}
