/**
 * mydaemon under test, in its three forms: `deno run src/main.ts`, the
 * esbuild bundle `dist/mydaemon.js`, and the compiled binary
 * `dist/mydaemon-<host target>`. Each is skipped, with the reason, when it
 * is absent or does not answer `--version`.
 */
import { RUNTIME_PERMISSIONS } from "../src/detach/permissions.ts";
import { exec, firstLine } from "./exec.ts";
import { REPO_DIR } from "./paths.ts";
import type { Subject } from "./subject.ts";

/** `2026-11-25T00:49:09.123Z INFO 1234 started version=0.1.0 …` */
const MYDAEMON_LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z [A-Z]+ \d+ \S.*$/;

function subject(f: Form, skip: string | null, detail: string | null): Subject {
  const { id, label, prefix } = f;
  return {
    id,
    label,
    role: "under test",
    skip,
    detail,
    start: (log, pid) => [...prefix, "start", "--log-file", log, "--pid-file", pid],
    stop: (pid) => [...prefix, "stop", "--pid-file", pid],
    version: [...prefix, "--version"],
    start_needle: " started",
    reload_needle: " reloaded",
    line_ok: MYDAEMON_LINE,
    removes_pid_file: true,
  };
}

/** The file's modification time, or null when it is not a file. */
async function modified(path: string): Promise<Date | null> {
  try {
    const info = await Deno.stat(path);
    return info.isFile ? info.mtime ?? new Date(0) : null;
  } catch {
    return null;
  }
}

/** Null when `prefix --version` works, else why not. */
async function versionProblem(prefix: readonly string[]): Promise<string | null> {
  const result = await exec([...prefix, "--version"], 30_000);
  if (result.code === 0) return null;
  const why = firstLine(result.stderr) || firstLine(result.stdout) || "no output";
  return `\`--version\` exited ${result.code}: ${why}`;
}

/** One form of mydaemon: the file it needs and the argv prefix that runs it. */
interface Form {
  readonly id: string;
  readonly label: string;
  readonly file: string;
  readonly prefix: string[];
  readonly absent: string;
}

function forms(): Form[] {
  const deno = Deno.execPath();
  const perms = [...RUNTIME_PERMISSIONS];
  const main = `${REPO_DIR}src/main.ts`;
  const bundle = `${REPO_DIR}dist/mydaemon.js`;
  const target = Deno.build.target;
  const binary = `${REPO_DIR}dist/mydaemon-${target}`;
  return [{
    id: "deno_run",
    label: "mydaemon: deno run src/main.ts",
    file: main,
    prefix: [deno, "run", ...perms, main],
    absent: "src/main.ts does not exist yet",
  }, {
    id: "bundle",
    label: "mydaemon: bundle dist/mydaemon.js",
    file: bundle,
    prefix: [deno, "run", ...perms, bundle],
    absent: "dist/mydaemon.js absent (build it with `deno task build --bundle-only`)",
  }, {
    id: "binary",
    label: `mydaemon: binary dist/mydaemon-${target}`,
    file: binary,
    prefix: [binary],
    absent:
      `dist/mydaemon-${target} absent (\`deno task build\`; compiling needs the denort runtime)`,
  }];
}

/** The three forms, available or skipped. */
export async function mydaemonSubjects(): Promise<Subject[]> {
  const subjects: Subject[] = [];
  for (const f of forms()) {
    const mtime = await modified(f.file);
    const skip = mtime === null ? f.absent : await versionProblem(f.prefix);
    const built = f.id === "deno_run" || mtime === null ? null : `built ${mtime.toISOString()}`;
    subjects.push(subject(f, skip, built));
  }
  return subjects;
}
