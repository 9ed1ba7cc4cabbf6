/** Compiles the bundle for one target and checks the host binary runs. */

import { BuildFailure, say } from "./build_failure.ts";
import { compile_args, run_compile, summarize_deno_error } from "./compile.ts";
import {
  choose_runtime,
  compile_env,
  deno_dir,
  denort_cache_path,
  is_runtime_failure,
  runtime_missing_reason,
  type RuntimeFacts,
  type RuntimeSource,
} from "./denort.ts";
import { type Digest, sha256_hex } from "./sha256sums.ts";
import { binary_name, host_target, type Target } from "./targets.ts";

/** What compiling needs besides the target. */
export interface CompileJob {
  readonly bundle_path: string;
  readonly out_dir: string;
  readonly permissions: readonly string[];
  readonly version: string;
}

/** Compiles `job.bundle_path` for `target`; returns the binary's digest. */
export async function build_binary(target: Target, job: CompileJob): Promise<Digest> {
  const name = binary_name(target);
  const output = `${job.out_dir}/${name}`;
  const facts = await runtime_facts(target);
  const source = choose_runtime(facts);
  if (source.kind === "missing_denort_bin") {
    throw new BuildFailure(`cannot compile ${name}: ${runtime_missing_reason(facts, source)}`);
  }
  say(`compiling ${name} (denort runtime: ${describe(source)})`);
  const args = compile_args(target, job.permissions, job.bundle_path, output);
  const outcome = await run_compile(args, compile_env(Deno.env.toObject(), source));
  if (!outcome.success) {
    await Deno.remove(output).catch(() => {});
    const reason = is_runtime_failure(outcome.stderr)
      ? runtime_missing_reason(facts, source)
      : `deno compile failed: ${summarize_deno_error(outcome.stderr)}`;
    throw new BuildFailure(`cannot compile ${name}: ${reason}`);
  }
  if (target === facts.host) await verify_host_binary(output, name, job.version);
  return { name, hex: await sha256_hex(await Deno.readFile(output)) };
}

async function runtime_facts(target: Target): Promise<RuntimeFacts> {
  const denort_bin = Deno.env.get("DENORT_BIN") || undefined;
  const dir = deno_dir(Deno.env.toObject(), Deno.build.os);
  const cache_path = dir === undefined
    ? undefined
    : denort_cache_path(dir, Deno.version.deno, target);
  return {
    target,
    host: host_target(Deno.build.target),
    denort_bin,
    denort_bin_exists: denort_bin !== undefined && await is_file(denort_bin),
    cache_path,
    cache_exists: cache_path !== undefined && await is_file(cache_path),
  };
}

async function is_file(path: string): Promise<boolean> {
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
async function verify_host_binary(path: string, name: string, version: string): Promise<void> {
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
