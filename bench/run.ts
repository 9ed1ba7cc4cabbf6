/**
 * `deno task bench [--quick] [--out FILE] [--only IDS] | --readme`: measure
 * mydaemon side by side with the C, Python and minimal Deno anchors and the
 * Deno floors, interleaved in one run, and print (and optionally write) a
 * Markdown report and bench/chart.svg. See bench/README.md.
 */
import { dirname, join } from "node:path";
import { buildTools, type Tools } from "./build_tools.ts";
import { renderChart } from "./chart.ts";
import { chartPanels } from "./chart_data.ts";
import { type BenchOptions, parseArgs, USAGE } from "./cli_args.ts";
import type { Context } from "./context.ts";
import { waterfallSection } from "./hook_waterfall.ts";
import { describeMachine } from "./machine.ts";
import { measureCycles } from "./measure_cycles.ts";
import { type FloorCommand, floorCommands } from "./measure_floor.ts";
import { measureMemory } from "./measure_memory.ts";
import { measureLongLived } from "./measure_subject.ts";
import { BENCH_DIR, OUT_DIR, REPO_DIR } from "./paths.ts";
import { FULL, QUICK } from "./plan.ts";
import { chooseFastest, pythonCandidates, timePythons } from "./python_choice.ts";
import { extractBlock, replaceBlock } from "./readme_sync.ts";
import { Reaper } from "./reaper.ts";
import { renderReport } from "./report.ts";
import type { SubjectResult } from "./results.ts";
import type { Subject } from "./subject.ts";
import { allSubjects } from "./subjects.ts";
import { evaluateTargets } from "./targets.ts";

function say(line: string): void {
  console.error(`[bench] ${line}`);
}

/** `--version` of each available mydaemon form: load the code, start nothing. */
function versionFloors(subjects: readonly Subject[]): FloorCommand[] {
  return subjects.flatMap((s) =>
    s.skip === null && s.version !== null
      ? [{ id: `${s.id}_version`, label: `${s.label} \`--version\``, cmd: s.version }]
      : []
  );
}

async function cleanup(reaper: Reaper): Promise<void> {
  const killed = (await reaper.kill_tracked()) + (await reaper.sweep());
  if (killed > 0) say(`killed ${killed} leftover process(es)`);
  await Deno.remove(reaper.temp_root, { recursive: true }).catch(() => {});
}

async function choosePython(ctx: Context, root: string) {
  const candidates = await pythonCandidates();
  say(`timing ${candidates.length} python3 interpreter(s)`);
  const pythons = await timePythons(ctx, candidates, ctx.plan.python_runs, `${root}/python`);
  return { pythons, python: chooseFastest(pythons)?.path ?? null };
}

async function measureAll(ctx: Context, subjects: readonly Subject[], python: string) {
  const root = ctx.reaper.temp_root;
  const measured = subjects.filter((s) => s.skip === null);
  say(`${ctx.plan.warmup_cycles + ctx.plan.cycles} interleaved start/stop rounds`);
  const floor_cmds = floorCommands(python, versionFloors(subjects));
  const { cycles, floors } = await measureCycles(ctx, measured, floor_cmds, `${root}/cycles`);
  const results: SubjectResult[] = measured.map((subject) => ({
    subject,
    cycles: cycles.get(subject.id) ?? null,
    idle: null,
    reload: null,
    storm: null,
    errors: [],
  }));
  await measureLongLived(ctx, results, `${root}/long`);
  const memory = await measureMemory(ctx, ctx.plan.memory_runs, `${root}/memory`);
  return { results, floors, memory };
}

async function bench(ctx: Context, tools: Tools, options: BenchOptions) {
  const started = performance.now();
  const { pythons, python } = await choosePython(ctx, ctx.reaper.temp_root);
  const subjects = await allSubjects(tools, python, options.only);
  for (const s of subjects.filter((s) => s.skip !== null)) say(`skip ${s.id}: ${s.skip}`);
  const machine = await describeMachine(python ?? "python3", tools.cc_version);
  const { results, floors, memory } = await measureAll(ctx, subjects, python ?? "python3");
  const targets = evaluateTargets(results, floors);
  const report = renderReport({
    command: ["deno task bench", ...Deno.args].join(" "),
    plan: ctx.plan,
    machine,
    pythons,
    python,
    subjects,
    results,
    floors,
    memory,
    targets,
    waterfall: await waterfallSection(targets, ctx.plan),
    durationS: (performance.now() - started) / 1000,
  });
  console.log(report);
  // The chart goes next to the report (README shows bench/chart.svg, next to bench/RESULTS.md).
  const chart = options.out === null
    ? `${OUT_DIR}/chart.svg`
    : join(dirname(options.out), "chart.svg");
  await Deno.mkdir(OUT_DIR, { recursive: true });
  await Deno.writeTextFile(chart, renderChart(chartPanels(results, floors)));
  if (options.out !== null) await Deno.writeTextFile(options.out, report);
  say(`wrote ${chart}${options.out === null ? "" : ` and ${options.out}`}`);
}

/** `--readme`: README.md's performance block becomes RESULTS.md's. */
async function copyToReadme(): Promise<number> {
  const block = extractBlock(await Deno.readTextFile(`${BENCH_DIR}RESULTS.md`));
  if (block === null) throw new Error("bench/RESULTS.md has no performance block");
  const readme = `${REPO_DIR}README.md`;
  await Deno.writeTextFile(readme, replaceBlock(await Deno.readTextFile(readme), block));
  say("README.md performance block updated from bench/RESULTS.md");
  return 0;
}

async function main(): Promise<number> {
  const options = parseArgs(Deno.args);
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  if (options.readme) return await copyToReadme();
  const reaper = new Reaper(await Deno.makeTempDir({ prefix: "mydaemon-bench-" }));
  const onInterrupt = () => cleanup(reaper).finally(() => Deno.exit(130));
  Deno.addSignalListener("SIGINT", onInterrupt);
  const plan = options.quick ? QUICK : FULL;
  try {
    say(`plan ${plan.name}; building anchors and probe with cc`);
    const tools = await buildTools();
    await bench({ probe: tools.probe, plan, reaper, say }, tools, options);
    return 0;
  } finally {
    Deno.removeSignalListener("SIGINT", onInterrupt);
    await cleanup(reaper);
  }
}

if (import.meta.main) Deno.exit(await main());
