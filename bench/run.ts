/**
 * `deno task bench [--quick] [--out FILE] [--only IDS]`: measure mydaemon
 * side by side with the C and Python anchors, in one run, and print (and
 * optionally write) a Markdown report. See bench/README.md.
 */
import { buildTools, type Tools } from "./build_tools.ts";
import { type BenchOptions, parseArgs, USAGE } from "./cli_args.ts";
import type { Context } from "./context.ts";
import { describeMachine } from "./machine.ts";
import { type FloorCommand, floorCommands, measureFloor } from "./measure_floor.ts";
import { measureSubject } from "./measure_subject.ts";
import { FULL, QUICK } from "./plan.ts";
import { Reaper } from "./reaper.ts";
import { renderReport } from "./report.ts";
import type { SubjectResult } from "./results.ts";
import type { Subject } from "./subject.ts";
import { allSubjects } from "./subjects.ts";
import { resolvePython } from "./which.ts";

function say(line: string): void {
  console.error(`[bench] ${line}`);
}

/** `--version` of each available mydaemon form: load the code, start nothing. */
function versionFloors(subjects: readonly Subject[]): FloorCommand[] {
  return subjects.flatMap((s) =>
    s.skip === null && s.version !== null
      ? [{ label: `${s.label} \`--version\``, cmd: s.version }]
      : []
  );
}

async function cleanup(reaper: Reaper): Promise<void> {
  const killed = (await reaper.kill_tracked()) + (await reaper.sweep());
  if (killed > 0) say(`killed ${killed} leftover process(es)`);
  await Deno.remove(reaper.temp_root, { recursive: true }).catch(() => {});
}

async function bench(ctx: Context, tools: Tools, options: BenchOptions) {
  const started = performance.now();
  const python = await resolvePython();
  const subjects = await allSubjects(tools, python, options.only);
  for (const s of subjects.filter((s) => s.skip !== null)) say(`skip ${s.id}: ${s.skip}`);
  const machine = await describeMachine(python ?? "python3", tools.cc_version);
  const root = ctx.reaper.temp_root;
  const results: SubjectResult[] = [];
  for (const subject of subjects.filter((s) => s.skip === null)) {
    results.push(await measureSubject(ctx, subject, `${root}/${subject.id}`));
  }
  say("runtime floors");
  const floor_cmds = floorCommands(python ?? "python3", versionFloors(subjects));
  const floors = await measureFloor(ctx, floor_cmds, `${root}/floor`);
  const command = ["deno task bench", ...Deno.args].join(" ");
  const durationS = (performance.now() - started) / 1000;
  const report = renderReport({
    command,
    plan: ctx.plan,
    machine,
    subjects,
    results,
    floors,
    durationS,
  });
  console.log(report);
  if (options.out !== null) {
    await Deno.writeTextFile(options.out, report);
    say(`wrote ${options.out}`);
  }
}

async function main(): Promise<number> {
  const options = parseArgs(Deno.args);
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
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
