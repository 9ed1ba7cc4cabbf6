/**
 * `doctor`: looks for what usually goes wrong, changes nothing, and prints
 * each problem with the command that fixes it; exit 0 only when all is well.
 * This file gathers the facts (read-only); doctor_checks.ts judges them.
 */
import { absoluteFlags } from "../../config/config.ts";
import { defaultPidFile } from "../../config/program.ts";
import { type SettingKey, SETTINGS, type Settings } from "../../config/settings.ts";
import { selfCommand } from "../../detach/relaunch.ts";
import { ExitCode } from "../../errors/exit_codes.ts";
import { lookupIdentity, userName } from "../../os/identity.ts";
import { servicePlan } from "../../systemd/service_command.ts";
import { type ServiceMode, unitInstallPath } from "../../systemd/service_unit.ts";
import { writtenForSystemd } from "../../systemd/systemd_restart.ts";
import { logrotatePath } from "../../systemd/logrotate.ts";
import { type CommandContext, loadSettings, pidOwners } from "./context.ts";
import {
  diagnose,
  type DoctorFacts,
  type PathFacts,
  type ServiceInstall,
  sh,
  type Who,
} from "./doctor_checks.ts";
import { unitOptionsFrom } from "./service.ts";
import { statusFacts } from "./status.ts";

/** `doctor`: 0 when every check passes, 1 when any problem was found. */
export function doctor(c: CommandContext): ExitCode {
  const { text, ok } = diagnose(gatherFacts(c));
  c.io.stdout(text);
  return ok ? ExitCode.Ok : ExitCode.Failure;
}

function gatherFacts(c: CommandContext): DoctorFacts {
  const settings = loadSettings(c);
  const who = daemonUser(settings);
  const pidDir = settings.pidFile.slice(0, settings.pidFile.lastIndexOf("/")) || "/";
  return {
    name: c.ctx.program.name,
    who,
    pidFile: settings.pidFile,
    pidDir: lstat(pidDir),
    pidDirMadeByDaemon: settings.pidFile === defaultPidFile(c.ctx) && settings.user === null,
    pidState: statusFacts(c, settings.pidFile, pidOwners(settings)),
    logFile: settings.logFile,
    log: settings.logFile === "-" ? null : lstat(settings.logFile),
    services: (["system", "user"] as const).flatMap((m) => serviceInstall(c, m)),
    programFiles: programFiles(c),
  };
}

function daemonUser(s: Settings): Who {
  if (s.user !== null) return lookupIdentity(s.user, s.group);
  const uid = Deno.uid() ?? 0;
  return { user: userName(uid), uid, gid: Deno.gid() ?? 0 };
}

/** lstat, never following a link; null when nothing is there (or it cannot be seen). */
export function lstat(path: string): PathFacts | null {
  try {
    const st = Deno.lstatSync(path);
    return {
      isDirectory: st.isDirectory,
      isFile: st.isFile,
      isSymlink: st.isSymlink,
      uid: st.uid ?? -1,
      gid: st.gid ?? -1,
      perm: (st.mode ?? 0) & 0o7777,
    };
  } catch {
    return null;
  }
}

function readOrNull(path: string): string | null {
  try {
    return Deno.readTextFileSync(path);
  } catch {
    return null;
  }
}

/**
 * What `service install` (with this command line's options) would write in
 * scope `mode`, next to what is installed. Uses the service command's own
 * plan, so "up to date" means exactly "what install would write".
 */
function serviceInstall(c: CommandContext, mode: ServiceMode): ServiceInstall[] {
  let plan;
  try {
    // `install` writes for the running systemd: compare for the version the unit was written for.
    const unit = readOrNull(unitInstallPath(c.ctx.program.name, mode, c.ctx.env));
    plan = servicePlan("install", {
      ...unitOptionsFrom(c),
      systemdVersion: unit === null ? undefined : writtenForSystemd(unit) ?? undefined,
      mode,
    }, c.ctx.env);
  } catch {
    return []; // options `service` itself would refuse: nothing to compare with
  }
  const files = plan.flatMap((op) =>
    op.kind === "write"
      ? [{
        path: op.path,
        expected: op.text,
        installed: readOrNull(op.path),
        logrotate: op.path === logrotatePath(c.ctx.program.name),
      }]
      : []
  );
  return [{ fix: installCommand(c, mode), files }];
}

function installCommand(c: CommandContext, mode: ServiceMode): string {
  const flags = Object.entries(absoluteFlags(c.args.flags, c.ctx.cwd)) as [SettingKey, string][];
  const opts = flags.map(([k, v]) => ` --${SETTINGS[k].flag} ${sh(v)}`).join("");
  return `${c.ctx.program.name} service install${mode === "user" ? " --user" : ""}${opts}`;
}

/** The executable a unit or relaunch runs, and the script under `deno run`. */
function programFiles(c: CommandContext): DoctorFacts["programFiles"] {
  const paths = [selfCommand(c.self).cmd];
  if (!c.self.standalone && c.self.mainModule.startsWith("file://")) {
    paths.push(decodeURIComponent(new URL(c.self.mainModule).pathname));
  }
  return paths.map((path) => ({ path, facts: statFollow(path) }));
}

/** A program file is run through any links, so follow them here. */
function statFollow(path: string): PathFacts | null {
  try {
    return lstat(Deno.realPathSync(path));
  } catch {
    return null;
  }
}
