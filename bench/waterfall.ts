/**
 * Where each millisecond of mydaemon's start-up, reload and stop goes: runs
 * the bundle (dist/mydaemon.js) under `deno run` N times with
 * `MYDAEMON_TRACE` on, and prints the median of each phase as Markdown.
 *
 *   deno run -A bench/waterfall.ts [--runs N] [--hups N] [--bundle PATH]
 */
import { RUNTIME_PERMISSIONS } from "../src/detach/permissions.ts";
import { REPO_DIR } from "./paths.ts";
import {
  collect,
  parseTrace,
  type Section,
  sections,
  waterfallMarkdown,
} from "./waterfall_core.ts";
import { RELOAD_PHASES, START_PHASES, STOP_PHASES } from "./waterfall_phases.ts";

const now = () => performance.timeOrigin + performance.now();

function note(trace: string, label: string): void {
  Deno.writeTextFileSync(trace, `${label} ${now().toFixed(3)}\n`, { append: true });
}

async function runCmd(bundle: string, args: string[], env: Record<string, string>) {
  const cmd = new Deno.Command(Deno.execPath(), {
    args: ["run", ...RUNTIME_PERMISSIONS, bundle, ...args],
    env,
    stdout: "null",
    stderr: "piped",
  });
  const out = await cmd.output();
  if (!out.success) throw new Error(`${args[0]}: ${new TextDecoder().decode(out.stderr)}`);
}

async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

const count = (path: string, needle: string) =>
  Deno.readTextFileSync(path).split(needle).length - 1;

/** One start, `hups` reloads one at a time, one stop; the trace's sections. */
async function oneRun(bundle: string, dir: string, hups: number): Promise<Section[]> {
  const trace = `${dir}/trace`, log = `${dir}/log`, pid = `${dir}/pid`;
  const env = { MYDAEMON_TRACE: trace, DENO_NO_UPDATE_CHECK: "1" };
  note(trace, "harness.spawn");
  await runCmd(bundle, ["start", "--log-file", log, "--pid-file", pid], env);
  note(trace, "harness.exit");
  const daemon = Number(Deno.readTextFileSync(pid).trim());
  try {
    for (let i = 1; i <= hups; i++) {
      await new Promise((r) => setTimeout(r, 2));
      note(trace, "harness.hup");
      Deno.kill(daemon, "SIGHUP");
      await until(() => count(trace, "child.reload.state ") >= i, "a reload");
    }
    note(trace, "harness.stop");
    await runCmd(bundle, ["stop", "--pid-file", pid], env);
  } finally {
    try {
      Deno.kill(daemon, "SIGKILL"); // only if stop failed: it is ours, by pid
    } catch { /* gone, as it should be */ }
  }
  note(trace, "harness.stopped");
  return sections(parseTrace(Deno.readTextFileSync(trace)));
}

function flag(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
}

/** Runs the bundle `runs` times and returns the three tables. */
export async function waterfall(bundle: string, runs: number, hups: number): Promise<string> {
  const base = await Deno.makeTempDir({ prefix: "mydaemon-waterfall-" });
  const all: Section[] = [];
  try {
    for (let r = 0; r <= runs; r++) {
      const dir = `${base}/${r}`;
      await Deno.mkdir(dir);
      const got = await oneRun(bundle, dir, hups);
      if (r > 0) all.push(...got); // run 0 warms the caches
    }
  } finally {
    await Deno.remove(base, { recursive: true });
  }
  const head = `Waterfall: bundle under \`deno run\`, ${runs} runs, ${hups} SIGHUPs each.\n\n`;
  return head + [
    waterfallMarkdown("Start-up", START_PHASES, collect(all, "start", START_PHASES)),
    waterfallMarkdown("SIGHUP → reload", RELOAD_PHASES, collect(all, "reload", RELOAD_PHASES)),
    waterfallMarkdown("stop", STOP_PHASES, collect(all, "stop", STOP_PHASES)),
  ].join("\n");
}

if (import.meta.main) {
  const runs = Number(flag(Deno.args, "--runs", "10"));
  const hups = Number(flag(Deno.args, "--hups", "5"));
  const bundle = flag(Deno.args, "--bundle", `${REPO_DIR}dist/mydaemon.js`);
  console.log(await waterfall(bundle, runs, hups));
}
