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

/** One row: a phase is the time from one mark to the next. */
export interface Phase {
  readonly name: string;
  readonly from: string;
  readonly to: string;
}

const OPENERS: Readonly<Record<string, Section["kind"]>> = {
  "harness.spawn": "start",
  "harness.hup": "reload",
  "harness.stop": "stop",
};

/** Start-up, in the order the time is spent. */
export const START_PHASES: readonly Phase[] = [
  { name: "launcher runtime start (exec → JS)", from: "harness.spawn", to: "launcher.origin" },
  { name: "launcher module load", from: "launcher.origin", to: "launcher.main" },
  { name: "launcher settings (argv, env, config)", from: "launcher.main", to: "launcher.settings" },
  {
    name: "launcher pid-file probe (loads libc: FFI)",
    from: "launcher.settings",
    to: "launcher.probe",
  },
  { name: "close-on-exec (close_range)", from: "launcher.probe", to: "launcher.spawn.cloexec" },
  {
    name: "signal dispositions, SIGUSR guard",
    from: "launcher.spawn.cloexec",
    to: "launcher.spawn.signals",
  },
  { name: "ready pipe", from: "launcher.spawn.signals", to: "launcher.spawn.pipe" },
  { name: "posix_spawn (binds it; vfork+exec)", from: "launcher.spawn.pipe", to: "launcher.spawn" },
  { name: "child runtime start", from: "launcher.spawn", to: "child.origin" },
  { name: "child module load", from: "child.origin", to: "child.main" },
  { name: "child settings (signals, env, config)", from: "child.main", to: "child.settings" },
  { name: "child pid file (lock, write)", from: "child.settings", to: "child.pidfile" },
  { name: "child log open, startup line", from: "child.pidfile", to: "child.started" },
  { name: "child start hook, state file", from: "child.started", to: "child.state" },
  { name: "child readiness report", from: "child.state", to: "child.reported" },
  { name: "handshake (launcher wakes)", from: "child.reported", to: "launcher.ready" },
  { name: "launcher exit", from: "launcher.ready", to: "harness.exit" },
];

/** SIGHUP to the state file. */
export const RELOAD_PHASES: readonly Phase[] = [
  { name: "signal → listener → loop", from: "harness.hup", to: "child.reload.begin" },
  {
    name: "config re-read (nothing without a file)",
    from: "child.reload.begin",
    to: "child.reload.config",
  },
  { name: "log kept or reopened, hook", from: "child.reload.config", to: "child.reload.settings" },
  { name: "`reloaded` log line", from: "child.reload.settings", to: "child.reload.line" },
  { name: "state file", from: "child.reload.line", to: "child.reload.state" },
];

/** `stop`: the command until the daemon is gone and the command has exited. */
export const STOP_PHASES: readonly Phase[] = [
  { name: "launcher runtime start", from: "harness.stop", to: "launcher.origin" },
  { name: "launcher module load", from: "launcher.origin", to: "launcher.main" },
  { name: "launcher settings (argv, env, config)", from: "launcher.main", to: "launcher.settings" },
  {
    name: "pid file, holder proven (fdinfo lock, cmdline), pidfd",
    from: "launcher.settings",
    to: "launcher.kill.SIGTERM",
  },
  { name: "SIGTERM → daemon's loop", from: "launcher.kill.SIGTERM", to: "child.stopping" },
  {
    name: "stopping line, hook, state file, pid file",
    from: "child.stopping",
    to: "child.released",
  },
  { name: "daemon's last line, exit", from: "child.released", to: "child.exit" },
  {
    name: "teardown (exit_mmap), noticed (2 ms poll), exit",
    from: "child.exit",
    to: "harness.stopped",
  },
];

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

/** A Markdown table: phase, median and p99 ms, and n; the total is the sum of medians. */
export function waterfallMarkdown(
  title: string,
  phases: readonly Phase[],
  samples: readonly (readonly number[])[],
): string {
  const lines = [
    `**${title}**`,
    "",
    "| phase | from → to | median ms | p99 ms | n |",
    "| --- | --- | ---: | ---: | ---: |",
  ];
  let total = 0;
  phases.forEach((p, i) => {
    const s = samples[i] ?? [];
    const m = median(s);
    if (!Number.isNaN(m)) total += m;
    lines.push(
      `| ${p.name} | ${p.from} → ${p.to} | ${ms(m)} | ${ms(percentile(s, 99))} | ${s.length} |`,
    );
  });
  lines.push(`| **sum of medians** | | **${ms(total)}** | | |`);
  return lines.join("\n") + "\n";
}
