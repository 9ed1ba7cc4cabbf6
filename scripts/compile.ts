/** Runs `deno compile` for one target on the bundle. */

import type { Target } from "./targets.ts";

/**
 * The `deno compile` arguments: the bundle is the whole program (no config,
 * lock file, remote or npm modules), granted exactly `permissions`, and
 * nothing follows the input, so no script arguments are baked in.
 */
export function compileArgs(
  target: Target,
  permissions: readonly string[],
  input: string,
  output: string,
): string[] {
  return [
    "compile",
    "--no-config",
    "--no-lock",
    "--no-remote",
    "--no-npm",
    "--quiet",
    ...permissions,
    "--target",
    target,
    "--output",
    output,
    input,
  ];
}

/** How one `deno compile` run ended. */
export interface CompileOutcome {
  readonly success: boolean;
  readonly stderr: string;
}

/** Runs `deno compile` with `args` in `env` (exactly), capturing its output. */
export async function runCompile(
  args: readonly string[],
  env: Record<string, string>,
): Promise<CompileOutcome> {
  const command = new Deno.Command(Deno.execPath(), {
    args: [...args],
    env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  });
  const { success, stdout, stderr } = await command.output();
  const text = new TextDecoder();
  return { success, stderr: text.decode(stdout) + text.decode(stderr) };
}

/** deno's error output on one line: the error and its root cause, no colours. */
export function summarizeDenoError(stderr: string): string {
  // deno-lint-ignore no-control-regex
  const plain = stderr.replace(/\x1b\[[0-9;]*m/g, "");
  const lines = plain.split("\n").map((l) => l.trim()).filter((l) => l !== "");
  const end = lines.findIndex((l) => l.startsWith("Stack backtrace:"));
  const kept = end === -1 ? lines : lines.slice(0, end);
  const error = kept.find((l) => l.startsWith("error:"));
  const causes = kept.slice(kept.indexOf("Caused by:") + 1);
  const root = kept.includes("Caused by:") ? causes[causes.length - 1] : undefined;
  const head = (error ?? kept[0] ?? "no error output").replace(/^error:\s*/, "");
  return root === undefined ? head : `${head}: ${root.replace(/^\d+:\s*/, "")}`;
}
