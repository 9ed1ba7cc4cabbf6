/**
 * `deno task build`: bundles src/main.ts into dist/mydaemon.js with esbuild,
 * compiles that bundle with `deno compile` for each release target into
 * dist/mydaemon-<target>, and writes dist/SHA256SUMS. Run with `--help`.
 */

import { basename, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { RUNTIME_PERMISSIONS } from "../src/detach/permissions.ts";
import { VERSION } from "../src/cli/version.ts";
import { BUILD_USAGE, parseBuildArgs, selectTargets } from "./build_args.ts";
import { buildBinary } from "./build_binary.ts";
import { BuildFailure, say } from "./build_failure.ts";
import { eagerTopLevel } from "./eager_compile.ts";
import { bundle, foreignImports } from "./bundle.ts";
import { entryAliases } from "./import_map.ts";
import { type Digest, formatSha256sums } from "./sha256sums.ts";
import { binaryName, type Target, TARGETS } from "./targets.ts";

const ENTRY = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const DEFAULT_OUT_DIR = fileURLToPath(new URL("../dist", import.meta.url));

async function main(args: readonly string[]): Promise<number> {
  const parsed = parseBuildArgs(args);
  if (!parsed.ok) {
    say(`cannot parse arguments: ${parsed.reason} (see --help)`);
    return 2;
  }
  if (parsed.value.help) {
    console.log(BUILD_USAGE);
    return 0;
  }
  const targets = selectTargets(parsed.value.target, Deno.build.target);
  if (!targets.ok) {
    say(`cannot select targets: ${targets.reason}`);
    return 2;
  }
  const out_dir = resolve(parsed.value.out_dir ?? DEFAULT_OUT_DIR);
  const entry = parsed.value.entry === undefined ? ENTRY : resolve(parsed.value.entry);
  const name = parsed.value.entry === undefined ? "mydaemon" : basename(dirname(entry));
  try {
    await build({ entry, name }, out_dir, parsed.value.bundle_only ? [] : targets.value);
    return 0;
  } catch (error) {
    if (!(error instanceof BuildFailure)) throw error;
    say(error.message);
    return 1;
  }
}

/** The program being built, and the name its outputs carry. */
interface Program {
  readonly entry: string;
  readonly name: string;
}

async function build(p: Program, out_dir: string, targets: readonly Target[]): Promise<void> {
  await Deno.mkdir(out_dir, { recursive: true });
  await removeStaleOutputs(out_dir, p.name);
  const bundle_path = `${out_dir}/${p.name}.js`;
  await buildBundle(p.entry, bundle_path);
  const job = {
    bundle_path,
    out_dir,
    name: p.name,
    permissions: RUNTIME_PERMISSIONS,
    version: VERSION,
  };
  const digests: Digest[] = [];
  for (const target of targets) {
    digests.push(await buildBinary(target, job));
    say(`wrote ${out_dir}/${binaryName(target, p.name)}`);
  }
  if (digests.length === 0) return;
  await Deno.writeTextFile(`${out_dir}/SHA256SUMS`, formatSha256sums(digests));
  say(`wrote ${out_dir}/SHA256SUMS`);
}

/** A previous build's binaries must not ship next to this build's SHA256SUMS. */
async function removeStaleOutputs(out_dir: string, program: string): Promise<void> {
  for (const name of ["SHA256SUMS", ...TARGETS.map((t) => binaryName(t, program))]) {
    await Deno.remove(`${out_dir}/${name}`).catch((error) => {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    });
  }
}

async function buildBundle(entry: string, bundle_path: string): Promise<void> {
  let imports: readonly string[];
  try {
    const aliases = await entryAliases(entry, new URL("../deno.json", import.meta.url));
    ({ imports } = await bundle(entry, bundle_path, aliases));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BuildFailure(`cannot bundle ${entry}: ${reason}`);
  }
  const foreign = foreignImports(imports);
  if (foreign.length > 0) {
    throw new BuildFailure(`cannot bundle ${entry}: it still imports ${foreign.join(", ")}`);
  }
  await Deno.writeTextFile(bundle_path, eagerTopLevel(await Deno.readTextFile(bundle_path)));
  say(`wrote ${bundle_path}`);
}

if (import.meta.main) Deno.exit(await main(Deno.args));
