/**
 * The waterfall's pure part: a trace file (`<label> <epoch ms>` lines, from
 * `MYDAEMON_TRACE` and the harness's own `harness.*` marks) cut into
 * start-up, reload and stop sections, each turned into phase durations, and
 * the medians rendered as Markdown. No I/O.
 */
import { median, percentile } from "./stats.ts";

/** One trace line. */
export interface Mark {
  readonly label: string;
  readonly at: number;
}

/** A section of one trace: what the harness did, and the first time of each label in it. */
export interface Section {
  readonly kind: "start" | "reload" | "stop";
  readonly marks: ReadonlyMap<string, number>;
}

/**
 * Whose time a phase is: the runtime's own (any Deno program pays it: runtime
 * start, exit, signal delivery), mydaemon's work, or both (Deno's loader or
 * the kernel doing what our code asks: module load, spawn, handshake).
 */
export type Whose = "Deno" | "ours" | "both";

/** One row: a phase is the time from one mark to the next. */
export interface Phase {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly whose: Whose;
}

const OPENERS: Readonly<Record<string, Section["kind"]>> = {
  "harness.spawn": "start",
  "harness.hup": "reload",
  "harness.stop": "stop",
};

/** Parses trace text; lines that are not `<label> <number>` are skipped. */
export function parseTrace(text: string): Mark[] {
  const out: Mark[] = [];
  for (const line of text.split("\n")) {
    const m = /^(\S+) (\d+(?:\.\d+)?)$/.exec(line.trim());
    if (m) out.push({ label: m[1]!, at: Number(m[2]) });
  }
  return out;
}

/** Cuts marks into sections at each `harness.*` opener; marks before the first are dropped. */
export function sections(marks: readonly Mark[]): Section[] {
  const out: { kind: Section["kind"]; marks: Map<string, number> }[] = [];
  for (const m of marks) {
    const kind = OPENERS[m.label];
    if (kind) out.push({ kind, marks: new Map() });
    const cur = out[out.length - 1];
    if (cur && !cur.marks.has(m.label)) cur.marks.set(m.label, m.at);
  }
  return out;
}

/** Each phase's duration in ms for one section; NaN where a mark is missing. */
export function durations(section: Section, phases: readonly Phase[]): number[] {
  return phases.map((p) => (section.marks.get(p.to) ?? NaN) - (section.marks.get(p.from) ?? NaN));
}

/** Per phase, the samples of every section of `kind` (missing marks left out). */
export function collect(all: readonly Section[], kind: Section["kind"], phases: readonly Phase[]) {
  const rows = all.filter((s) => s.kind === kind).map((s) => durations(s, phases));
  return phases.map((_, i) => rows.map((r) => r[i]!).filter((v) => !Number.isNaN(v)));
}

const ms = (v: number) => Number.isNaN(v) ? "–" : v.toFixed(2);

/**
 * A Markdown table: phase, whose time it is, median and p99 ms, and n; then
 * the sum of medians, and that sum split by whose it is.
 */
export function waterfallMarkdown(
  title: string,
  phases: readonly Phase[],
  samples: readonly (readonly number[])[],
): string {
  const lines = [
    `**${title}**`,
    "",
    "| phase | whose | from → to | median ms | p99 ms | n |",
    "| --- | --- | --- | ---: | ---: | ---: |",
  ];
  const by: Record<Whose, number> = { Deno: 0, ours: 0, both: 0 };
  phases.forEach((p, i) => {
    const s = samples[i] ?? [];
    const m = median(s);
    if (!Number.isNaN(m)) by[p.whose] += m;
    const row = [p.name, p.whose, `${p.from} → ${p.to}`, ms(m), ms(percentile(s, 99)), s.length];
    lines.push(`| ${row.join(" | ")} |`);
  });
  const total = by.Deno + by.ours + by.both;
  lines.push(`| **sum of medians** | | | **${ms(total)}** | | |`);
  lines.push(
    "",
    `Of the sum: Deno's own ${ms(by.Deno)} ms, mydaemon's ${ms(by.ours)} ms, ` +
      `both (Deno doing what our code asks) ${ms(by.both)} ms.`,
  );
  return lines.join("\n") + "\n";
}
