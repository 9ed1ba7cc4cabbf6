/**
 * The import map a bundle is built with: the `imports` of the deno.json
 * nearest to the entry (the user's own project, for `--entry`), so that the
 * bundle resolves bare specifiers exactly as `deno run` does there.
 */
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * The entries of `imports` that name local files (`./`, `../`, `/`,
 * `file:`), as absolute paths; `base` is the deno.json's own URL. Others
 * (`npm:`, `jsr:`, URLs) are left to the bundler, which refuses remote ones.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const base = new URL("file:///p/deno.json");
 * assert.deepEqual(localAliases({ "a": "./src/mod.ts", "b": "npm:x@1" }, base), { a: "/p/src/mod.ts" });
 * ```
 */
export function localAliases(
  imports: Readonly<Record<string, unknown>>,
  base: URL,
): Record<string, string> {
  const local: Record<string, string> = {};
  for (const [key, value] of Object.entries(imports)) {
    if (typeof value !== "string" || !/^(\.{1,2}\/|\/|file:)/.test(value)) continue;
    local[key] = fileURLToPath(new URL(value, base));
  }
  return local;
}

/** The nearest deno.json at or above the entry's directory, else `fallback`. */
export async function nearestDenoJson(entry: string, fallback: URL): Promise<URL> {
  for (let dir = dirname(entry);; dir = dirname(dir)) {
    const candidate = join(dir, "deno.json");
    try {
      await Deno.stat(candidate);
      return pathToFileURL(candidate);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
    if (dirname(dir) === dir) return fallback;
  }
}

/** The local aliases of the deno.json nearest to `entry`. */
export async function entryAliases(entry: string, fallback: URL): Promise<Record<string, string>> {
  const url = await nearestDenoJson(entry, fallback);
  const { imports = {} } = JSON.parse(await Deno.readTextFile(url));
  return localAliases(imports, url);
}
