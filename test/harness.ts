/**
 * End-to-end test harness: runs the real CLI in its own temp dir, polls
 * against deadlines, reads /proc, and kills what it started by pid.
 */
import { DEADLINE_SCALE, TEST_CMD } from "./test_cmd.ts";

export { DEADLINE_SCALE, SOURCE_CMD, TEST_CMD } from "./test_cmd.ts";

/**
 * A test reads a daemon's pid from output; when the command under test is
 * broken (`MYDAEMON_TEST_CMD=/bin/false`), `Number("")` is 0, and kill(0)
 * would signal the test runner's whole process group (SIGHUP ended the run,
 * and the shell running it). Tests signal only what they started, by pid.
 */
const realKill = Deno.kill;
Object.defineProperty(Deno, "kill", {
  value(pid: number, signal?: Deno.Signal): void {
    if (!Number.isInteger(pid) || pid <= 0) {
      throw new Error(`test refused to signal pid ${pid}: not a process it started`);
    }
    realKill(pid, signal);
  },
});

/** Result of one CLI run. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A temp dir with its own log and pid paths. */
export interface Sandbox {
  readonly dir: string;
  readonly log: string;
  readonly pid: string;
  /** `--log-file L --pid-file P` for this sandbox. */
  readonly flags: readonly string[];
  /** Runs mydaemon with these args (sandbox flags appended unless `bare`). */
  cli(args: readonly string[], opts?: CliOptions): Promise<CliResult>;
  /**
   * Starts mydaemon as a child with piped stdout/stderr (for `run`, `logs -f`,
   * or a launcher to watch); its pid is killed at cleanup.
   */
  spawn(args: readonly string[], env?: Record<string, string>): Deno.ChildProcess;
  /** Pids to kill at cleanup, besides the one in the pid file. */
  readonly started: Set<number>;
  cleanup(): Promise<void>;
}

export interface CliOptions {
  readonly env?: Record<string, string>;
  readonly bare?: boolean;
  readonly cwd?: string;
}

const ENV = { DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" };

/** Runs a program to completion with piped output. */
export async function runCmd(
  cmd: readonly string[],
  opts: { env?: Record<string, string>; cwd?: string } = {},
): Promise<CliResult> {
  const out = await new Deno.Command(cmd[0]!, {
    args: cmd.slice(1),
    env: { ...ENV, ...opts.env },
    stdin: "null",
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** A fresh sandbox; `cmd` is how to invoke mydaemon (default: MYDAEMON_TEST_CMD or source). */
export async function sandbox(cmd: readonly string[] = TEST_CMD): Promise<Sandbox> {
  const dir = await Deno.makeTempDir({ prefix: "mydaemon-test-" });
  const log = `${dir}/daemon.log`, pid = `${dir}/daemon.pid`;
  const flags = ["--log-file", log, "--pid-file", pid];
  const started = new Set<number>();
  return {
    dir,
    log,
    pid,
    flags,
    started,
    async cli(args, opts = {}) {
      const all = opts.bare ? args : [...args, ...flags];
      const env = { HOME: dir, ...opts.env };
      const r = await runCmd([...cmd, ...all], { env, ...(opts.cwd ? { cwd: opts.cwd } : {}) });
      const maybePid = Number(r.stdout.trim());
      if (r.code === 0 && Number.isInteger(maybePid) && maybePid > 0) started.add(maybePid);
      return r;
    },
    spawn(args, env = {}) {
      const child = new Deno.Command(cmd[0]!, {
        args: [...cmd.slice(1), ...args],
        env: { ...ENV, HOME: dir, ...env },
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      started.add(child.pid);
      return child;
    },
    async cleanup() {
      const fromFile = Number(readText(pid)?.trim());
      if (fromFile > 0) started.add(fromFile);
      for (const p of started) killIfAlive(p);
      for (const p of started) await waitFor(() => gone(p), `pid ${p} to exit`, 5000);
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/** File text, or null if it does not exist. */
export function readText(path: string): string | null {
  try {
    return Deno.readTextFileSync(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return null;
    throw err;
  }
}

/** Lines of a log file ([] if missing). */
export function logLines(path: string): string[] {
  return (readText(path) ?? "").split("\n").filter((l) => l !== "");
}

/** A whole life with one reload, as `logMessages` reads it. */
export const ONE_RELOAD_LIFE: readonly string[] = ["started", "reloaded", "stopping", "stopped"];

/** The message word of each log line (`started`, `reloaded`, …). */
export function logMessages(lines: readonly string[]): string[] {
  return lines.map((l) => l.split(" ")[3] ?? "");
}

/**
 * Polls until `check` returns truthy; throws naming `what` at the deadline
 * (`unscaledMs` times MYDAEMON_TEST_DEADLINE_SCALE).
 */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  what: string,
  unscaledMs = 10_000,
): Promise<NonNullable<T>> {
  const timeoutMs = unscaledMs * DEADLINE_SCALE;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** `/proc/PID/status` as a map; null when the process is gone. */
export function procStatus(pid: number): Record<string, string> | null {
  const text = readText(`/proc/${pid}/status`);
  if (text === null) return null;
  return Object.fromEntries(
    text.split("\n").filter((l) => l.includes(":")).map((l) => {
      const i = l.indexOf(":");
      return [l.slice(0, i), l.slice(i + 1).trim()];
    }),
  );
}

/** True when the process has exited (a zombie counts: it runs nothing). */
export function gone(pid: number): boolean {
  const s = procStatus(pid);
  return s === null || s.State?.startsWith("Z") === true;
}

export function killIfAlive(pid: number, sig: Deno.Signal = "SIGKILL"): void {
  try {
    Deno.kill(pid, sig);
  } catch { /* already gone */ }
}

/** Where each of the process's descriptors points. */
export function openFds(pid: number): Map<number, string> {
  const out = new Map<number, string>();
  for (const e of Deno.readDirSync(`/proc/${pid}/fd`)) {
    try {
      out.set(Number(e.name), Deno.readLinkSync(`/proc/${pid}/fd/${e.name}`));
    } catch { /* closed meanwhile */ }
  }
  return out;
}

/** The pid recorded in a pid file (throws if none). */
export function pidFrom(path: string): number {
  const pid = Number(readText(path)?.trim());
  if (!(pid > 0)) throw new Error(`no pid in ${path}`);
  return pid;
}

/** Log line shape: RFC 3339 UTC with ms, level, pid, message. */
export const LINE_RE =
  /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (DEBUG|INFO|WARN|ERROR) \d+ [a-z][^\n]*$/;
