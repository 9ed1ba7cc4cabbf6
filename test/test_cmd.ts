/**
 * Which mydaemon the end-to-end tests run, and how patient they are.
 *
 * - `MYDAEMON_TEST_CMD`: a command line (words split on blanks; '…' and "…"
 *   quote) that replaces the from-source command in every e2e test, e.g.
 *   `deno run --allow-read … dist/mydaemon.js` or `dist/mydaemon-<target>`.
 *   Its first word is looked up on PATH, as a shell would; other paths in it
 *   must be absolute, since tests run mydaemon from their own directories.
 * - `MYDAEMON_TEST_DEADLINE_SCALE`: multiplies every polling deadline (not
 *   any assertion), for slow machines such as qemu-user emulation. Default 1.
 */
import { RUNTIME_PERMISSIONS } from "../src/detach/permissions.ts";

/** mydaemon from source, under the Deno running the tests. */
export const SOURCE_CMD: readonly string[] = [
  Deno.execPath(),
  "run",
  ...RUNTIME_PERMISSIONS,
  "--no-config",
  new URL("../src/main.ts", import.meta.url).pathname,
];

/** Splits a command line into words: blanks separate, single and double quotes group. */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (/\s/.test(ch)) {
      if (word !== null) words.push(word);
      word = null;
    } else if (ch === "'" || ch === '"') {
      const end = line.indexOf(ch, i + 1);
      if (end < 0) {
        throw new Error(`MYDAEMON_TEST_CMD: unbalanced quote in ${JSON.stringify(line)}`);
      }
      word = (word ?? "") + line.slice(i + 1, end);
      i = end;
    } else word = (word ?? "") + ch;
  }
  if (word !== null) words.push(word);
  return words;
}

/** `program` as an absolute path: as given if it has a slash, else the first match on PATH. */
export function resolveProgram(program: string, path: string, cwd: string): string {
  if (program.includes("/")) return program.startsWith("/") ? program : `${cwd}/${program}`;
  for (const dir of path.split(":").filter((d) => d !== "")) {
    try {
      if (Deno.statSync(`${dir}/${program}`).isFile) return `${dir}/${program}`;
    } catch { /* not here */ }
  }
  throw new Error(`MYDAEMON_TEST_CMD: ${program} is not on PATH`);
}

function testCmd(line: string | undefined): readonly string[] {
  if (line === undefined || line.trim() === "") return SOURCE_CMD;
  const [program, ...args] = splitCommandLine(line);
  // Real path: what the program itself sees as Deno.execPath() (symlinks resolved).
  const path = Deno.realPathSync(resolveProgram(program!, Deno.env.get("PATH") ?? "", Deno.cwd()));
  return [path, ...args];
}

/** The command every e2e test runs mydaemon with (see the module doc). */
export const TEST_CMD: readonly string[] = testCmd(Deno.env.get("MYDAEMON_TEST_CMD"));

function deadlineScale(value: string | undefined): number {
  if (value === undefined || value === "") return 1;
  const n = Number(value);
  if (!(n >= 1)) throw new Error(`MYDAEMON_TEST_DEADLINE_SCALE must be a number >= 1: ${value}`);
  return n;
}

/** How much longer than normal every polling deadline is (>= 1). */
export const DEADLINE_SCALE: number = deadlineScale(Deno.env.get("MYDAEMON_TEST_DEADLINE_SCALE"));
