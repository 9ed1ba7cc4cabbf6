/**
 * Find executables in PATH, and the real Python interpreter behind shims.
 */
import { exec } from "./exec.ts";

/** Absolute path of `name` in PATH, or null. */
export async function which(name: string): Promise<string | null> {
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    if (dir === "") continue;
    try {
      const info = await Deno.stat(`${dir}/${name}`);
      if (info.isFile && ((info.mode ?? 0) & 0o111) !== 0) return `${dir}/${name}`;
    } catch {
      // not in this directory
    }
  }
  return null;
}

/**
 * The interpreter `python3` really runs (`sys.executable`), so that version
 * managers' shell shims (pyenv) do not add their own start-up to the seed's.
 */
export async function resolvePython(): Promise<string | null> {
  const result = await exec(["python3", "-c", "import sys; print(sys.executable)"]);
  const path = result.stdout.trim();
  return result.code === 0 && path !== "" ? path : null;
}
