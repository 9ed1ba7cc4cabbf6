/**
 * A description of the machine and toolchain, for the top of the report.
 */
import { exec, firstLine } from "./exec.ts";
import { REPO_DIR } from "./paths.ts";

/** Facts printed above the tables. */
export interface Machine {
  /** The commit measured, `-dirty` when the tree had changes. */
  readonly commit: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memory: string;
  readonly kernel: string;
  readonly deno: string;
  readonly python: string;
  readonly cc: string;
  readonly daemonize: string;
  readonly date: string;
}

async function readText(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch {
    return "";
  }
}

/** `key : value` field of /proc/cpuinfo or /proc/meminfo style text. */
export function procField(text: string, key: string): string | null {
  for (const line of text.split("\n")) {
    const at = line.indexOf(":");
    if (at > 0 && line.slice(0, at).trim() === key) return line.slice(at + 1).trim();
  }
  return null;
}

function countProcessors(cpuinfo: string): number {
  return cpuinfo.split("\n").filter((l) => /^processor\s*:/.test(l)).length;
}

/** `abc1234` or `abc1234-dirty` from `git rev-parse` and `git status --porcelain` output. */
export function commitLabel(rev: string, porcelain: string): string {
  const sha = rev.trim() || "unknown";
  return porcelain.trim() === "" ? sha : `${sha}-dirty`;
}

async function commit(): Promise<string> {
  const rev = await exec(["git", "-C", REPO_DIR, "rev-parse", "--short=12", "HEAD"]);
  const st = await exec(["git", "-C", REPO_DIR, "status", "--porcelain", "--untracked-files=no"]);
  if (rev.code !== 0) return "unknown (not a git checkout)";
  return commitLabel(rev.stdout, st.code === 0 ? st.stdout : "?");
}

/** Gather the machine description; every field degrades to "unknown". */
export async function describeMachine(python: string, cc: string): Promise<Machine> {
  const cpuinfo = await readText("/proc/cpuinfo");
  const meminfo = await readText("/proc/meminfo");
  const kib = Number.parseInt(procField(meminfo, "MemTotal") ?? "", 10);
  const py = await exec([python, "--version"]);
  const dz = await exec(["dpkg-query", "-W", "-f", "${Version}", "daemonize"]);
  return {
    commit: await commit(),
    cpu: procField(cpuinfo, "model name") ?? "unknown",
    cores: countProcessors(cpuinfo) || navigator.hardwareConcurrency,
    memory: Number.isFinite(kib) ? `${(kib / 1024 / 1024).toFixed(1)} GiB` : "unknown",
    kernel: `${Deno.build.os} ${Deno.osRelease()} (${Deno.build.arch})`,
    deno: `deno ${Deno.version.deno} (${Deno.execPath()}), V8 ${Deno.version.v8}`,
    python: `${firstLine(py.stdout || py.stderr)} (${python})`,
    cc,
    daemonize: dz.code === 0 && dz.stdout !== "" ? dz.stdout : "not installed",
    date: new Date().toISOString(),
  };
}
