/** Compiles the bundle for one target and checks the host binary runs. */

import { BuildFailure, say } from "./build_failure.ts";
import { compileArgs, runCompile, summarizeDenoError } from "./compile.ts";
import {
  chooseRuntime,
  compileEnv,
  denoDir,
  denortCachePath,
  isRuntimeFailure,
  type RuntimeFacts,
  runtimeMissingReason,
  type RuntimeSource,
} from "./denort.ts";
import { type Digest, sha256Hex } from "./sha256sums.ts";
import { binaryName, hostTarget, type Target } from "./targets.ts";

/** What compiling needs besides the target. */
export interface CompileJob {
  readonly bundle_path: string;
  readonly out_dir: string;
  /** The program's name: binaries are `<name>-<target>`. */
  readonly name: string;
  readonly permissions: readonly string[];
  readonly version: string;
}

/** Compiles `job.bundle_path` for `target`; returns the binary's digest. */
export async function buildBinary(target: Target, job: CompileJob): Promise<Digest> {
  const name = binaryName(target, job.name);
  const output = `${job.out_dir}/${name}`;
  const facts = await runtimeFacts(target);
  const source = chooseRuntime(facts);
  if (source.kind === "missing_denort_bin") {
    throw new BuildFailure(`cannot compile ${name}: ${runtimeMissingReason(facts, source)}`);
  }
  say(`compiling ${name} (denort runtime: ${describe(source)})`);
  const args = compileArgs(target, job.permissions, job.bundle_path, output);
  const outcome = await runCompile(args, compileEnv(Deno.env.toObject(), source));
  if (!outcome.success) {
    await Deno.remove(output).catch(() => {});
    const reason = isRuntimeFailure(outcome.stderr)
      ? runtimeMissingReason(facts, source)
      : `deno compile failed: ${summarizeDenoError(outcome.stderr)}`;
    throw new BuildFailure(`cannot compile ${name}: ${reason}`);
  }
  if (target === facts.host) await verifyHostBinary(output, name, job.version);
  return { name, hex: await sha256Hex(await Deno.readFile(output)) };
}

async function runtimeFacts(target: Target): Promise<RuntimeFacts> {
  const denort_bin = Deno.env.get("DENORT_BIN") || undefined;
  const dir = denoDir(Deno.env.toObject(), Deno.build.os);
  const cache_path = dir === undefined
    ? undefined
    : denortCachePath(dir, Deno.version.deno, target);
  return {
    target,
    host: hostTarget(Deno.build.target),
    denort_bin,
    denort_bin_exists: denort_bin !== undefined && await isFile(denort_bin),
    cache_path,
    cache_exists: cache_path !== undefined && await isFile(cache_path),
  };
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}

function describe(source: RuntimeSource): string {
  if (source.kind === "denort_bin") return `DENORT_BIN=${source.path}`;
  if (source.kind === "cached") return `cached ${source.path}`;
  return "download from dl.deno.land";
}

/** A `DENORT_BIN` that is plain `deno` compiles fine but yields a `deno` CLI. */
async function verifyHostBinary(path: string, name: string, version: string): Promise<void> {
  const expected = `mydaemon ${version}`;
  let printed = "";
  try {
    const command = new Deno.Command(path, {
      args: ["--version"],
      stdin: "null",
      stdout: "piped",
      stderr: "null",
      signal: AbortSignal.timeout(30_000),
    });
    printed = new TextDecoder().decode((await command.output()).stdout).split("\n")[0] ?? "";
  } catch (error) {
    printed = `(failed: ${error instanceof Error ? error.message : String(error)})`;
  }
  if (printed.trim() === expected) return;
  await Deno.remove(path).catch(() => {});
  throw new BuildFailure(
    `cannot verify ${name}: --version printed "${printed.trim()}", expected "${expected}" ` +
      `(is DENORT_BIN a denort runtime rather than deno?)`,
  );
}
