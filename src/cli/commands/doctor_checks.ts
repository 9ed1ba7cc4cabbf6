/**
 * `doctor`'s checks: each a pure function of facts gathered beforehand
 * (doctor.ts), returning the problems it found, each with the command that
 * fixes it. Nothing here touches the system.
 */
import type { StatusFacts } from "./status_json.ts";

/** What lstat says about a path; null when nothing is there. */
export interface PathFacts {
  readonly isDirectory: boolean;
  readonly isFile: boolean;
  readonly isSymlink: boolean;
  readonly uid: number;
  readonly gid: number;
  /** Permission bits (mode & 0o7777). */
  readonly perm: number;
}

/** Who the daemon will run as. */
export interface Who {
  readonly user: string;
  readonly uid: number;
  readonly gid: number;
}

/** A file `service install` would write, and what is there now. */
export interface ServiceFile {
  readonly path: string;
  /** What `service install` would write. */
  readonly expected: string;
  /** What is there, or null when missing. */
  readonly installed: string | null;
  /** The logrotate snippet rather than the unit. */
  readonly logrotate: boolean;
}

/** One scope's (system or user) install, as `service install` would make it. */
export interface ServiceInstall {
  /** `service install` with the options that produce `files`. */
  readonly fix: string;
  readonly files: readonly ServiceFile[];
}

/** Everything the checks look at. */
export interface DoctorFacts {
  readonly name: string;
  readonly who: Who;
  readonly pidFile: string;
  readonly pidDir: PathFacts | null;
  /** The daemon creates a missing pid directory itself (its default one). */
  readonly pidDirMadeByDaemon: boolean;
  readonly pidState: StatusFacts;
  /** `-` for stderr. */
  readonly logFile: string;
  readonly log: PathFacts | null;
  readonly services: readonly ServiceInstall[];
  /** The executable the daemon runs (binary or deno), and the script under `deno run`. */
  readonly programFiles: readonly { readonly path: string; readonly facts: PathFacts | null }[];
}

/** A problem and the command that fixes it. */
export interface Problem {
  readonly problem: string;
  readonly fix: string;
}

/** A check: its name (for the `ok` line) and its verdict. */
export interface Check {
  readonly name: string;
  readonly run: (f: DoctorFacts) => Problem[];
}

/** Shell-quotes a word for a printed command, only when it needs it. */
export function sh(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** Whether `who` may access a file with these permission bits (r=4, w=2, x=1). */
export function mayAccess(p: PathFacts, who: Who, bits: number): boolean {
  if (who.uid === 0) return bits & 1 ? (p.perm & 0o111) !== 0 || p.isDirectory : true;
  const shift = p.uid === who.uid ? 6 : p.gid === who.gid ? 3 : 0;
  return ((p.perm >> shift) & bits) === bits;
}

function dirname(p: string): string {
  return p.slice(0, p.lastIndexOf("/")) || "/";
}

function pidDirectory(f: DoctorFacts): Problem[] {
  const dir = dirname(f.pidFile), d = f.pidDir;
  if (d === null) {
    if (f.pidDirMadeByDaemon) return [];
    const own = f.who.uid === 0 ? "" : ` && chown ${sh(f.who.user)} ${sh(dir)}`;
    return [{ problem: `pid directory ${dir} does not exist`, fix: `mkdir -p ${sh(dir)}${own}` }];
  }
  if (!d.isDirectory) {
    return [{ problem: `${dir} is not a directory`, fix: `choose another --pid-file` }];
  }
  if (mayAccess(d, f.who, 3)) return [];
  return [{
    problem: `pid directory ${dir} is not writable by ${f.who.user}`,
    fix: d.uid === f.who.uid ? `chmod u+wx ${sh(dir)}` : `chown ${sh(f.who.user)} ${sh(dir)}`,
  }];
}

function stalePidFile(f: DoctorFacts): Problem[] {
  const s = f.pidState, p = sh(f.pidFile);
  if (s.kind === "dead") {
    const pid = s.pid === null ? "" : ` (pid ${s.pid})`;
    return [{
      problem: `stale pid file ${f.pidFile}${pid}: the daemon died without removing it`,
      fix: `rm -f ${p} ${sh(`${f.pidFile}.state`)}   # or '${f.name} start', which takes it over`,
    }];
  }
  if (s.kind === "unknown") {
    return [{
      problem: `pid file: ${s.reason}`,
      fix: `inspect ${p}; remove it if no daemon holds it`,
    }];
  }
  return [];
}

function logFileOwner(f: DoctorFacts): Problem[] {
  const l = f.log, path = sh(f.logFile);
  if (f.logFile === "-" || l === null) return [];
  if (l.isSymlink) {
    return [{ problem: `log file ${f.logFile} is a symbolic link (refused)`, fix: `rm ${path}` }];
  }
  if (!l.isFile) {
    return [{
      problem: `log file ${f.logFile} is not a regular file`,
      fix: "choose another --log-file",
    }];
  }
  if (l.uid === f.who.uid) return [];
  return [{
    problem: `log file ${f.logFile} is owned by uid ${l.uid}, not ${f.who.user} (uid ${f.who.uid})`,
    fix: `chown ${sh(f.who.user)} ${path}`,
  }];
}

function serviceFiles(f: DoctorFacts, logrotate: boolean): Problem[] {
  const out: Problem[] = [];
  for (const s of f.services) {
    // Nothing is installed in this scope: nothing can be out of date.
    if (s.files.find((x) => !x.logrotate)?.installed == null) continue;
    for (const file of s.files.filter((x) => x.logrotate === logrotate)) {
      if (file.installed === file.expected) continue;
      const what = logrotate ? "logrotate snippet" : "service file";
      const problem = file.installed === null
        ? `${what} ${file.path} is missing`
        : `${what} ${file.path} differs from what '${f.name} service print' writes now`;
      out.push({ problem, fix: s.fix });
    }
  }
  return out;
}

function programReadable(f: DoctorFacts): Problem[] {
  const out: Problem[] = [];
  for (const { path, facts } of f.programFiles) {
    const exe = f.programFiles[0]?.path === path;
    const bits = exe ? 5 : 4;
    if (facts !== null && facts.isFile && mayAccess(facts, f.who, bits)) continue;
    const problem = facts === null
      ? `${path} does not exist`
      : `${path} is not ${exe ? "readable and executable" : "readable"} by ${f.who.user}`;
    out.push({ problem, fix: `chmod a+r${exe ? "x" : ""} ${sh(path)}` });
  }
  return out;
}

/** Every check, in the order they are printed. */
export const CHECKS: readonly Check[] = [
  { name: "pid directory writable", run: pidDirectory },
  { name: "no stale pid file", run: stalePidFile },
  { name: "log file owned by the daemon's user", run: logFileOwner },
  {
    name: "service files up to date (where a service is installed)",
    run: (f) => serviceFiles(f, false),
  },
  {
    name: "logrotate snippet up to date (where a service is installed)",
    run: (f) => serviceFiles(f, true),
  },
  { name: "program readable", run: programReadable },
];

/** Runs every check: the report's lines and whether all is well. */
export function diagnose(f: DoctorFacts): { text: string; ok: boolean } {
  let text = "", ok = true;
  for (const c of CHECKS) {
    const problems = c.run(f);
    if (problems.length === 0) text += `ok       ${c.name}\n`;
    for (const p of problems) {
      ok = false;
      text += `PROBLEM  ${p.problem}\n         fix: ${p.fix}\n`;
    }
  }
  return { text, ok };
}
