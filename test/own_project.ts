/**
 * A user's project outside this repository: its own directory and deno.json
 * mapping `@mydaemon/mydaemon` to this package by path, as README says.
 */
import { type Sandbox, sandbox } from "./harness.ts";

/** This package's library root, as a user's import map names it. */
export const LIBRARY_ROOT: string = new URL("../src/mod.ts", import.meta.url).pathname;

/** A user's project: its dir, and a sandbox whose commands run `deno run -A main.ts` there. */
export interface OwnProject {
  readonly dir: string;
  readonly sb: Sandbox;
  /** How the daemon is invoked from inside `dir`. */
  readonly cmd: readonly string[];
}

/** Writes `files` (main.ts, …) and a deno.json with the import map into a fresh dir. */
export async function ownProject(
  files: Readonly<Record<string, string>>,
  cmd: readonly string[] = [Deno.execPath(), "run", "-A", "main.ts"],
): Promise<OwnProject> {
  const sb = await sandbox(cmd);
  const dir = `${sb.dir}/project`;
  await Deno.mkdir(dir);
  const denoJson = { imports: { "@mydaemon/mydaemon": LIBRARY_ROOT } };
  await Deno.writeTextFile(`${dir}/deno.json`, JSON.stringify(denoJson, null, 2) + "\n");
  for (const [name, text] of Object.entries(files)) {
    await Deno.writeTextFile(`${dir}/${name}`, text);
  }
  return { dir, sb, cmd };
}
