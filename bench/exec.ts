/**
 * Run a short command to completion and capture its output.
 */

/** What a finished command left behind. */
export interface ExecResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Environment every child of the bench gets on top of the inherited one. */
export const CHILD_ENV: Record<string, string> = {
  DENO_NO_UPDATE_CHECK: "1",
  NO_COLOR: "1",
};

/**
 * Run `cmd` (argv[0] looked up in PATH) and wait for it, killing it after
 * `timeout_ms`; never throws on a failing command.
 */
export async function exec(cmd: readonly string[], timeout_ms = 60_000): Promise<ExecResult> {
  const [program, ...args] = cmd;
  if (program === undefined) throw new Error("exec: empty command");
  const command = new Deno.Command(program, {
    args,
    env: CHILD_ENV,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(timeout_ms),
  });
  try {
    const out = await command.output();
    const text = new TextDecoder();
    return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
  } catch (err) {
    return { code: 127, stdout: "", stderr: err instanceof Error ? err.message : String(err) };
  }
}

/** First non-empty line of a text, for one-line error reasons. */
export function firstLine(text: string): string {
  return text.split("\n").map((l) => l.trim()).find((l) => l !== "") ?? "";
}
