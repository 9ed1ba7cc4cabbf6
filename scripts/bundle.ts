/** Bundles the daemon into one self-contained ES module with esbuild. */

import * as esbuild from "esbuild";

/** What the bundle step produced. */
export interface BundleOutcome {
  /** The bundle's remaining imports (all `node:*` when self-contained). */
  readonly imports: readonly string[];
}

/** Specifiers the bundle cannot contain: they would need the network or node_modules. */
const REMOTE = /^(npm|jsr|https?):/;

const reject_remote: esbuild.Plugin = {
  name: "reject-remote",
  setup(build) {
    build.onResolve({ filter: REMOTE }, (args) => ({
      errors: [{ text: `${args.path} is remote; the bundle takes only local and node: modules` }],
    }));
  },
};

/**
 * esbuild options for bundling `entry` into `outfile`; `alias` maps bare
 * specifiers to local files, as the import map in deno.json does.
 */
export function bundleOptions(
  entry: string,
  outfile: string,
  alias: Readonly<Record<string, string>> = {},
): esbuild.BuildOptions {
  return {
    alias: { ...alias },
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "esnext",
    external: ["node:*"],
    loader: { ".json": "json" },
    charset: "utf8",
    legalComments: "inline",
    metafile: true,
    write: true,
    logLevel: "silent",
    plugins: [reject_remote],
  };
}

/** The imports the bundle still makes that are not `node:` built-ins. */
export function foreignImports(imports: readonly string[]): string[] {
  return imports.filter((path) => !path.startsWith("node:"));
}

/** Bundles `entry` into `outfile`; throws the esbuild messages joined on one line. */
export async function bundle(
  entry: string,
  outfile: string,
  alias: Readonly<Record<string, string>> = {},
): Promise<BundleOutcome> {
  try {
    const result = await esbuild.build(bundleOptions(entry, outfile, alias));
    const outputs = Object.values(result.metafile?.outputs ?? {});
    return { imports: outputs.flatMap((o) => o.imports.map((i) => i.path)) };
  } catch (error) {
    const errors = (error as { errors?: esbuild.Message[] }).errors;
    if (!errors?.length) throw error;
    throw new Error(errors.map(formatMessage).join("; "));
  } finally {
    await esbuild.stop();
  }
}

function formatMessage(message: esbuild.Message): string {
  const where = message.location
    ? `${message.location.file}:${message.location.line}:${message.location.column}: `
    : "";
  return `${where}${message.text}`;
}
