/**
 * The Markdown report: provenance, the README's performance block, targets,
 * then one table per figure. Pure: everything it prints is passed in.
 */
import { fmtMs } from "./format.ts";
import type { Machine } from "./machine.ts";
import type { FloorResult } from "./measure_floor.ts";
import type { MemoryResult } from "./measure_memory.ts";
import type { Plan } from "./plan.ts";
import type { PythonTiming } from "./python_choice.ts";
import { wrapBlock } from "./readme_sync.ts";
import { machineLines, planLine, subjectsTable } from "./report_intro.ts";
import { floorTable, readyTable, reloadTable, stopTable } from "./report_latency.ts";
import { rssMappingTable } from "./report_memory.ts";
import { idleTable, stormTable, wakeupTable } from "./report_state.ts";
import {
  floorSummary,
  memoryTable,
  pythonTable,
  ratioSummary,
  summaryTable,
  targetsTable,
} from "./report_summary.ts";
import type { SubjectResult } from "./results.ts";
import { median } from "./stats.ts";
import type { Subject } from "./subject.ts";
import { renderTable, type Table } from "./table.ts";
import type { TargetRow } from "./targets.ts";

/** Everything the report shows. */
export interface ReportInput {
  readonly command: string;
  readonly plan: Plan;
  readonly machine: Machine;
  readonly pythons: readonly PythonTiming[];
  readonly python: string | null;
  readonly subjects: readonly Subject[];
  readonly results: readonly SubjectResult[];
  readonly floors: readonly FloorResult[];
  readonly memory: readonly MemoryResult[];
  readonly targets: readonly TargetRow[];
  /** Markdown of the start-up waterfall (bench/waterfall.ts), or null. */
  readonly waterfall: string | null;
  readonly durationS: number;
}

function section(title: string, note: string, table: Table): string[] {
  const body = table.rows.length > 0 ? renderTable(table) : "_Nothing measured._";
  return [`## ${title}`, "", note, "", body, ""];
}

/** The block README.md quotes verbatim (see readme_sync.ts). */
export function performanceBlock(input: ReportInput): string {
  const sha = input.machine.commit;
  const quick = input.plan.name === "quick"
    ? ["**From a `--quick` run: few samples, indicative only; the full run replaces it.**", ""]
    : [];
  return wrapBlock([
    ...quick,
    `Commit \`${sha}\`, ${input.machine.date.slice(0, 10)}, plan \`${input.plan.name}\`, ` +
    `${input.machine.cores} × ${input.machine.cpu}; medians unless stated.`,
    "",
    renderTable(summaryTable(input.results)),
    "",
    "The same figures of mydaemon as ratios to each anchor (`×1.00` is the anchor itself):",
    "",
    renderTable(ratioSummary(input.results)),
    "",
    floorSummary(input.floors),
    "",
    "Memory of a Deno process that imports and sets up (median RSS):",
    "",
    renderTable(memoryTable(input.memory)),
  ].join("\n"));
}

function waterfall(md: string | null): string[] {
  return md === null ? [] : ["## Start-up waterfall", "", md.trim(), ""];
}

function figures(input: ReportInput): string[] {
  const { results } = input;
  return [
    ...section(
      "Time to ready",
      "From fork+exec of the start command until the launcher has exited **and** the start-up line is in the log (ms; launcher exit and log line alone are the two parts).",
      readyTable(results),
    ),
    ...section(
      "SIGHUP → reload line",
      "One SIGHUP at a time, the next only after the reload line of the previous is in the log (µs).",
      reloadTable(results),
    ),
    ...section(
      "SIGHUP storm",
      'Signals sent back to back; standard signals coalesce while one is pending, so "reloads applied" below the number sent is expected.',
      stormTable(results),
    ),
    ...section(
      "Idle cost",
      "RSS and threads right after start (and at the end); anon / file is the kernel's split of that RSS (RssAnon, RssFile): file pages are mostly the runtime binary's code, shared by every process running it, and grow with the runtime features a program touches. Context switches per second in each idle window, timed from when the daemon was found ready.",
      idleTable(results),
    ),
    ...section(
      "Idle RSS by mapping",
      "The same first RSS, by where it lives (/proc/PID/smaps): the executable's pages (for Deno, the runtime's own code and data; the more of the runtime a program uses, the more is paged in, shared by every process running it), anonymous memory (malloc's and V8's heaps: objects and compiled code), other files (shared libraries), stacks and the rest. mydaemon's cells add the difference to the minimal Deno daemon, which runs the same binary.",
      rssMappingTable(results),
    ),
    ...section(
      "Idle wake-ups by thread",
      "Threads that were scheduled at all during each idle window (busiest first).",
      wakeupTable(results),
    ),
    ...section(
      "Stop",
      "From SIGTERM (or from running `mydaemon stop`) until the process is gone and, if the daemon removes it, its pid file is gone (ms). Ratios are to the anchors' SIGTERM stop.",
      stopTable(results),
    ),
    ...section(
      "Runtime floors",
      "Spawn-to-exit of trivial commands (ms), interleaved with the start/stop rounds.",
      floorTable(input.floors),
    ),
  ];
}

/** The whole report as Markdown. */
export function renderReport(input: ReportInput): string {
  const chosen = input.pythons.find((p) => p.path === input.python);
  return [
    "# mydaemon bench results",
    "",
    `Produced by \`${input.command}\` in ${input.durationS.toFixed(0)} s. ` +
    "What each figure means and how it is measured: [README.md](README.md).",
    "",
    ...machineLines(input.machine, `${fmtMs(median(chosen?.samples_ns ?? []))} ms`),
    "",
    planLine(input.plan),
    "",
    "## Summary (quoted by the repository README)",
    "",
    performanceBlock(input),
    "",
    "![time to ready and SIGHUP latency per subject](chart.svg)",
    "",
    ...section(
      "Targets",
      "The bundle (and the compiled binary, when built) against bounds set by the anchors and floors of this same run.",
      targetsTable(input.targets),
    ),
    ...waterfall(input.waterfall),
    ...section(
      "Subjects",
      "Anchors are built by the bench itself.",
      subjectsTable(input.subjects, input.results),
    ),
    ...section(
      "Python interpreters",
      "Every python3 on the machine, bare start-up (`-c pass`) interleaved; the fastest runs the seed.",
      pythonTable(input.pythons, input.python),
    ),
    ...figures(input),
  ].join("\n");
}
