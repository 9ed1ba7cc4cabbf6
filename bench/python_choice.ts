/**
 * Which Python runs the seed: every python3 / python3.N on the machine (each PATH entry,
 * /usr/bin, /usr/local/bin, pyenv's versions) is timed starting bare
 * (`-c pass`), interleaved, and the fastest wins, so the seed is not charged
 * for a slow interpreter build that happens to be first in PATH.
 */
import type { Context } from "./context.ts";
import { probeReady } from "./probe.ts";
import { median } from "./stats.ts";

/** One interpreter and its bare start-up samples (ns). */
export interface PythonTiming {
  readonly path: string;
  readonly samples_ns: readonly number[];
}

/** Directories searched besides PATH (pyenv's version dirs are globbed). */
const EXTRA_DIRS = ["/usr/bin", "/usr/local/bin", "/bin"];

/** The fastest interpreter by median bare start-up; ties keep list order; null if none ran. */
export function chooseFastest(timings: readonly PythonTiming[]): PythonTiming | null {
  let best: PythonTiming | null = null;
  for (const t of timings) {
    const m = median(t.samples_ns);
    if (!Number.isFinite(m)) continue;
    if (best === null || m < median(best.samples_ns)) best = t;
  }
  return best;
}

/** Real executables (not scripts such as pyenv shims), deduplicated by real path. */
export function uniqueInterpreters(found: readonly { path: string; real: string }[]): string[] {
  const seen = new Set<string>();
  return found.filter((f) => !seen.has(f.real) && seen.add(f.real)).map((f) => f.real);
}

async function pyenvDirs(): Promise<string[]> {
  const root = `${Deno.env.get("PYENV_ROOT") ?? `${Deno.env.get("HOME") ?? "/root"}/.pyenv`}`;
  const dirs: string[] = [];
  try {
    for await (const e of Deno.readDir(`${root}/versions`)) {
      dirs.push(`${root}/versions/${e.name}/bin`);
    }
  } catch {
    // no pyenv
  }
  return dirs.sort();
}

async function isBinary(path: string): Promise<boolean> {
  try {
    const file = await Deno.open(path);
    const head = new Uint8Array(4);
    await file.read(head).finally(() => file.close());
    return head[0] === 0x7f && head[1] === 0x45; // ELF, not a "#!" shim
  } catch {
    return false;
  }
}

/** Every distinct python3 binary on the machine. */
export async function pythonCandidates(): Promise<string[]> {
  const path_dirs = (Deno.env.get("PATH") ?? "").split(":").filter((d) => d !== "");
  const found: { path: string; real: string }[] = [];
  for (const dir of [...path_dirs, ...EXTRA_DIRS, ...(await pyenvDirs())]) {
    for (const path of await pythonsIn(dir)) {
      const real = await Deno.realPath(path).catch(() => null);
      if (real !== null && (await isBinary(real))) found.push({ path, real });
    }
  }
  return uniqueInterpreters(found);
}

/** Whether a file name is a Python 3 interpreter's (`python3`, `python3.11`; not `-config`). */
export function isPython3Name(name: string): boolean {
  return /^python3(\.\d+)?$/.test(name);
}

async function pythonsIn(dir: string): Promise<string[]> {
  const paths: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) {
      if (isPython3Name(e.name)) paths.push(`${dir}/${e.name}`);
    }
  } catch {
    // not a readable directory
  }
  return paths.sort();
}

/** Time each candidate `runs` times, round-robin (after one untimed run each). */
export async function timePythons(
  ctx: Context,
  candidates: readonly string[],
  runs: number,
  dir: string,
): Promise<PythonTiming[]> {
  await Deno.mkdir(dir, { recursive: true });
  const timings = candidates.map((path) => ({ path, samples_ns: [] as number[] }));
  for (let i = 0; i <= runs; i++) {
    for (const t of timings) {
      const cmd = [t.path, "-c", "pass"];
      const run = await probeReady(ctx.probe, `${dir}/none`, "", "/dev/null", 10_000, cmd);
      if (run.status === 0 && i > 0) t.samples_ns.push(run.exit_ns);
    }
  }
  return timings;
}
