/**
 * Where `deno compile` gets its `denort` runtime from, decided without I/O.
 *
 * `deno compile` embeds the program into a copy of `denort`, which it reads
 * from `DENORT_BIN` if set, else from its cache at
 * `$DENO_DIR/dl/release/v<deno version>/denort-<target>.zip`, else downloads
 * it from dl.deno.land into that cache. `DENORT_BIN` is one binary for one
 * platform, so it is only used for the host target.
 */

import type { Target } from "./targets.ts";

/** Where the runtime for one target comes from. */
export type RuntimeSource =
  | { kind: "denort_bin"; path: string }
  | { kind: "cached"; path: string }
  | { kind: "download"; cache_path: string | undefined }
  | { kind: "missing_denort_bin"; path: string };

/** The environment variables the runtime lookup reads. */
export interface RuntimeEnv {
  readonly DENORT_BIN?: string | undefined;
  readonly DENO_DIR?: string | undefined;
  readonly XDG_CACHE_HOME?: string | undefined;
  readonly HOME?: string | undefined;
}

/** deno's cache directory, as deno itself picks it on `os` (`Deno.build.os`). */
export function denoDir(env: RuntimeEnv, os: string): string | undefined {
  if (env.DENO_DIR) return env.DENO_DIR;
  if (os === "linux" && env.XDG_CACHE_HOME) return `${env.XDG_CACHE_HOME}/deno`;
  if (!env.HOME) return undefined;
  if (os === "linux") return `${env.HOME}/.cache/deno`;
  if (os === "darwin") return `${env.HOME}/Library/Caches/deno`;
  return undefined;
}

/** The path `deno compile` caches the runtime zip for `target` at. */
export function denortCachePath(dir: string, deno_version: string, target: Target): string {
  return `${dir}/dl/release/v${deno_version}/denort-${target}.zip`;
}

/** What is known about the machine when picking the runtime for one target. */
export interface RuntimeFacts {
  readonly target: Target;
  readonly host: Target | undefined;
  readonly denort_bin: string | undefined;
  readonly denort_bin_exists: boolean;
  readonly cache_path: string | undefined;
  readonly cache_exists: boolean;
}

/** Picks the runtime source for one target. */
export function chooseRuntime(facts: RuntimeFacts): RuntimeSource {
  if (facts.denort_bin && facts.target === facts.host) {
    return facts.denort_bin_exists
      ? { kind: "denort_bin", path: facts.denort_bin }
      : { kind: "missing_denort_bin", path: facts.denort_bin };
  }
  if (facts.cache_path !== undefined && facts.cache_exists) {
    return { kind: "cached", path: facts.cache_path };
  }
  return { kind: "download", cache_path: facts.cache_path };
}

/** The environment for `deno compile`: `DENORT_BIN` only when it is the source. */
export function compileEnv(
  env: Readonly<Record<string, string>>,
  source: RuntimeSource,
): Record<string, string> {
  const out: Record<string, string> = { ...env };
  delete out["DENORT_BIN"];
  if (source.kind === "denort_bin") out["DENORT_BIN"] = source.path;
  out["RUST_BACKTRACE"] = "0";
  out["DENO_NO_UPDATE_CHECK"] = "1";
  return out;
}

/** Whether `deno compile`'s stderr says it failed to get the runtime. */
export function isRuntimeFailure(stderr: string): boolean {
  return /denort|dl\.deno\.land|Setting up base binary|Failed to unpack archive/.test(stderr);
}

/** The reason (after `cannot compile <file>: `) when the runtime cannot be had. */
export function runtimeMissingReason(facts: RuntimeFacts, source: RuntimeSource): string {
  const target = facts.target;
  if (source.kind === "missing_denort_bin") {
    return `DENORT_BIN=${source.path} does not exist (set it to a denort binary for ${target})`;
  }
  const cache = facts.cache_path ?? `$DENO_DIR/dl/release/v<deno version>/denort-${target}.zip`;
  const fix = `${denortBinFix(facts)}, or put denort-${target}.zip at ${cache}`;
  return `${runtimeProblem(target, source)}; fix: ${fix}`;
}

function runtimeProblem(target: Target, source: RuntimeSource): string {
  const what = `the denort runtime for ${target}`;
  if (source.kind === "denort_bin") return `${what} from DENORT_BIN=${source.path} did not work`;
  if (source.kind === "cached") return `${what} cached at ${source.path} did not work`;
  return `${what} could not be downloaded and is not cached`;
}

function denortBinFix(facts: RuntimeFacts): string {
  if (facts.target === facts.host) return "set DENORT_BIN=/path/to/denort";
  const host = facts.host ?? "none";
  return `DENORT_BIN is used only for the host target (${host}); build ${facts.target} on ` +
    `such a machine with DENORT_BIN=/path/to/denort deno task build --target host`;
}
