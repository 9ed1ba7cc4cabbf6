import { openProcess, type ProcessHandle } from "../os/pidfd.ts";
import { SETTINGS } from "../config/settings.ts";
import { type Self, selfCommand } from "../detach/relaunch.ts";
import { DaemonError } from "../errors/errors.ts";
import { ExitCode } from "../errors/exit_codes.ts";
import { type FileId, flockHolders, parseLockTable } from "../os/lock_table.ts";
import { type ProcFs, procFs } from "../os/proc_fs.ts";

/** How to recognise this program on a command line. */
export interface ProgramId {
  /** The executable (a compiled binary), matched by its base name. */
  readonly exe: string;
  /** The script under `deno run`; null for a compiled binary. */
  readonly script: string | null;
}

/** This program, as the self-relaunch starts it (the one definition of "this program"). */
export function programOf(self: Self): ProgramId {
  const cmd = selfCommand(self);
  return { exe: cmd.cmd, script: self.standalone ? null : cmd.args.at(-1) ?? null };
}

const base = (p: string) => p.slice(p.lastIndexOf("/") + 1);

/** `path` as written (absolute, or relative to a directory we cannot see) names `target`. */
function names(path: string, target: string): boolean {
  return path === target ||
    !path.startsWith("/") && target.endsWith(`/${path.replace(/^\.\//, "")}`);
}

function pidFileArg(argv: readonly string[]): string | null {
  const flag = `--${SETTINGS.pidFile.flag}`;
  for (let i = 1; i < argv.length; i++) {
    if (argv[i] === flag) return argv[i + 1] ?? null;
    if (argv[i]!.startsWith(`${flag}=`)) return argv[i]!.slice(flag.length + 1);
  }
  return null;
}

/** Whether `argv` runs this program, and, when it names a pid file, this one. */
export function isOurCommandLine(
  argv: readonly string[],
  program: ProgramId,
  pidFile: string,
): boolean {
  const script = program.script;
  const same = script === null
    ? base(argv[0] ?? "") === base(program.exe)
    : argv.slice(1).some((a) => names(a, script));
  const named = pidFileArg(argv);
  return same && (named === null || names(named, pidFile));
}

/** What the kernel and /proc say about a locked pid file. */
export interface HolderEvidence {
  /** The pid the file names (null: none). */
  readonly filePid: number | null;
  /** Pids holding an exclusive flock on it; null when there is no lock table (no /proc). */
  readonly holders: readonly number[] | null;
  /** The holder's argv; null when it is gone or hidden. */
  readonly argv: readonly string[] | null;
  /** Whether the holder has the file open; null when we may not look. */
  readonly holdsOpen: boolean | null;
}

/** Whom a signal for the daemon behind a pid file may go to. */
export type HolderVerdict =
  | { readonly kind: "ours"; readonly pid: number }
  | { readonly kind: "released" }
  | { readonly kind: "unproven"; readonly pid: number | null; readonly reason: string };

/**
 * Decides whether the lock holder is our daemon: the kernel's lock holder must
 * be the pid the file names (when it names one), hold the file open, and run
 * this program. Without /proc (macOS) the lock and the file's pid are all we have.
 */
export function judgeHolder(e: HolderEvidence, program: ProgramId, pidFile: string): HolderVerdict {
  if (e.holders === null) {
    if (e.filePid === null) return { kind: "released" };
    return { kind: "ours", pid: e.filePid };
  }
  const h = e.holders[0];
  if (h === undefined) return { kind: "released" };
  const pid = e.filePid ?? h;
  const not = (who: string) => ({
    kind: "unproven" as const,
    pid,
    reason: `pid file ${pidFile} is locked by ${who}, which is not this daemon`,
  });
  if (h <= 0 || e.holders.length > 1) return not("a process outside our view");
  if (e.filePid !== null && e.filePid !== h) return not(`pid ${h}`);
  if (e.argv === null || e.holdsOpen === false) return not(`pid ${h}`);
  if (!isOurCommandLine(e.argv, program, pidFile)) return not(`pid ${h}`);
  return { kind: "ours", pid: h };
}

/**
 * Gathers the evidence for {@link judgeHolder} about the open pid file `file`.
 * First from the pid the file names: when that process has the file open on a
 * descriptor holding the exclusive flock (its fdinfo says so), it is the one
 * holder /proc/locks would name, and reading /proc/locks (which waits for an
 * RCU grace period in the kernel, 5-15 ms) is spared. Otherwise the kernel's
 * table says who holds the lock.
 */
export function checkHolder(
  pidFile: string,
  file: FileId,
  filePid: number | null,
  self: Self,
  proc: ProcFs = procFs(),
): HolderVerdict {
  const program = programOf(self);
  if (filePid !== null && filePid > 0) {
    const open = proc.openLocks(filePid, file);
    if (open && sameHolders(flockHolders(parseLockTable(open), file), [filePid])) {
      const argv = proc.cmdline(filePid);
      return judgeHolder({ filePid, holders: [filePid], argv, holdsOpen: true }, program, pidFile);
    }
  }
  const table = proc.locks();
  const holders = table === null ? null : flockHolders(parseLockTable(table), file);
  const h = holders?.[0];
  const argv = h !== undefined && h > 0 ? proc.cmdline(h) : null;
  const open = argv !== null && h !== undefined ? proc.openLocks(h, file) : null;
  const holdsOpen = open === null ? null : open !== false;
  return judgeHolder({ filePid, holders, argv, holdsOpen }, program, pidFile);
}

const sameHolders = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((p, i) => p === b[i]);

/** The refusal for an unproven holder: one line, exit code 7, nobody signalled. */
export function refuseUnproven(verb: string, v: { pid: number | null; reason: string }) {
  const who = v.pid === null ? "daemon" : `daemon (pid ${v.pid})`;
  return new DaemonError(verb, who, `${v.reason}; signalling nobody`, ExitCode.NotOurs);
}

/**
 * The pid of our daemon behind an open, locked pid file; null once nobody
 * holds it; throws the one-line refusal (exit 7) when the holder is not ours.
 */
export function provenPid(
  verb: string,
  pidFile: string,
  held: { readonly file: FileId; readonly pid: number | null },
  self: Self,
): number | null {
  const verdict = checkHolder(pidFile, held.file, held.pid, self);
  if (verdict.kind === "unproven") throw refuseUnproven(verb, verdict);
  return verdict.kind === "ours" ? verdict.pid : null;
}

/**
 * Our daemon behind an open, locked pid file, as a handle that signals only
 * that process (os/pidfd.ts): opened on the file's pid *before* the proof,
 * so a pid reused after the proof is never signalled. Null once nobody holds
 * the file; throws the one-line refusal (exit 7) when the holder is not ours.
 */
export function provenProcess(
  verb: string,
  pidFile: string,
  held: { readonly file: FileId; readonly pid: number | null },
  self: Self,
): ProcessHandle | null {
  // A file without a pid yet: learn the holder's, then hold and prove that one.
  const pid = held.pid ?? provenPid(verb, pidFile, held, self);
  if (pid === null) return null;
  const handle = openProcess(pid);
  let proven: number | null;
  try {
    proven = provenPid(verb, pidFile, { file: held.file, pid }, self);
  } catch (err) {
    handle.close();
    throw err;
  }
  if (proven === pid) return handle;
  handle.close();
  return null;
}
