/**
 * `<name> service print|install|uninstall|logrotate [--manager M]`: the
 * service files as a plan of file operations (pure, src/systemd/service_targets.ts),
 * carried out through a small file-system interface (`Deno` fits it).
 */

import { describeOsError } from "../errors/errors.ts";
import { ExitCode } from "../errors/exit_codes.ts";
import {
  detectManager,
  type Manager,
  type ManagerFacts,
  parseManager,
  parseSystemdVersion,
} from "./service_manager.ts";
import { type ServiceMode, type UnitOptions, UnitOptionsError } from "./service_unit.ts";
import {
  disableSteps,
  type FileOp,
  logrotateText,
  servicePlan as managerPlan,
  serviceText,
} from "./service_targets.ts";

export {
  type FileOp,
  SCRIPT_FILE_MODE,
  SERVICE_FILE_MODE,
  systemdOps as servicePlan,
} from "./service_targets.ts";

/** What was asked: the action (`args.rest[0]`), the manager, the scope, and the unit's options. */
export interface ServiceRequest extends Omit<UnitOptions, "mode" | "systemdVersion"> {
  /** `print`, `install`, `uninstall` or `logrotate`; anything else is a usage error. */
  readonly action: string | undefined;
  /** `--user` or `--system`; `null` means system. */
  readonly mode: ServiceMode | null;
  /** `--manager`; undefined: the one detected on this machine. */
  readonly manager?: string | undefined;
  /** `--systemd-version`; undefined: `systemctl --version` (install), else the default. */
  readonly systemdVersion?: string | undefined;
  /** `install`/`uninstall`: say what would be done, do nothing. */
  readonly dryRun: boolean;
  /** Prefix for the installed paths (packaging, tests); default none. */
  readonly root?: string | undefined;
}

/** The file operations the command needs; `Deno` satisfies it. */
export interface ServiceFs {
  /** Creates or truncates `path`, and sets `mode` (as `Deno.writeTextFile` does, umask or not). */
  writeTextFile(path: string, data: string, options: { mode: number }): Promise<void>;
  /** Atomically replaces `to`. */
  rename(from: string, to: string): Promise<void>;
  /** Throws `Deno.errors.NotFound` when there is nothing to remove. */
  remove(path: string): Promise<void>;
  /** `mkdir -p`. */
  mkdir(path: string, options: { recursive: boolean }): Promise<void>;
  /** Resolves when `path` exists (without following a symlink), else throws. */
  lstat(path: string): Promise<unknown>;
}

/** Everything the command touches. */
export interface ServiceIo {
  /** Where files are written and removed. */
  readonly fs: ServiceFs;
  /** For the user unit directory: `XDG_CONFIG_HOME`, `HOME`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** What this machine runs, for the default manager; default: a Linux without systemd or OpenRC. */
  facts?(): Promise<ManagerFacts>;
  /** `systemctl --version`'s output, or null when it cannot run. */
  systemctlVersion?(): Promise<string | null>;
  /** The unit or snippet (`print`, `logrotate`), what was done and the next step. */
  stdout(text: string): void;
  /** Why it failed. */
  stderr(text: string): void;
}

/**
 * Runs `<name> service …`; returns the exit code (0 ok, 1 I/O failure, 2 usage).
 *
 * @example
 * ```ts
 * const io = { fs: Deno, env: Deno.env.toObject(), stdout: console.log, stderr: console.error };
 * const program = { name: "mydaemon", logFile: "/tmp/daemon.log" };
 * await serviceCommand({ program, action: "print", mode: "user", manager: "systemd", dryRun: false, execPath: "/usr/local/bin/mydaemon" }, io);
 * ```
 */
export async function serviceCommand(req: ServiceRequest, io: ServiceIo): Promise<0 | 1 | 2> {
  const name = req.program.name;
  try {
    const manager = req.manager === undefined
      ? detectManager(await (io.facts?.() ?? NO_FACTS), req.mode === "user")
      : parseManager(req.manager);
    const systemdVersion = await versionFor(req, manager, io);
    const opts: UnitOptions = { ...req, mode: req.mode ?? "system", systemdVersion };
    switch (req.action) {
      case "print":
        io.stdout(serviceText(manager, opts, io.env));
        return ExitCode.Ok;
      case "logrotate":
        io.stdout(logrotateText(opts));
        return ExitCode.Ok;
      case "install":
      case "uninstall": {
        const plan = managerPlan(req.action, manager, opts, io.env, req.root ?? "");
        const stop = req.action === "uninstall" ? disableSteps(manager, opts.mode, name) : [];
        if (req.dryRun) return describePlan(plan.ops, [...plan.next], stop, io);
        return await applyPlan(plan.ops, [...plan.next], stop, name, io);
      }
      default:
        throw new UnitOptionsError(
          `${req.action === undefined ? "missing action" : `unknown action '${req.action}'`}` +
            " (expected print, install, uninstall or logrotate)",
        );
    }
  } catch (e) {
    if (!(e instanceof UnitOptionsError)) throw e;
    io.stderr(`${name}: cannot parse arguments: service: ${e.message} (try '${name} --help')\n`);
    return ExitCode.Usage;
  }
}

const NO_FACTS: ManagerFacts = { os: "linux", systemdBooted: false, openrcRun: false };

/** `--systemd-version`, else (install) the running systemd's, else the default. */
async function versionFor(
  req: ServiceRequest,
  manager: Manager,
  io: ServiceIo,
): Promise<number | undefined> {
  if (req.systemdVersion !== undefined) {
    const v = parseSystemdVersion(req.systemdVersion);
    if (v === null) throw new UnitOptionsError(`invalid --systemd-version '${req.systemdVersion}'`);
    return v;
  }
  if (manager !== "systemd" || req.action !== "install") return undefined;
  const out = await io.systemctlVersion?.();
  return out == null ? undefined : parseSystemdVersion(out) ?? undefined;
}

function describePlan(ops: readonly FileOp[], next: string[], stop: string[], io: ServiceIo): 0 {
  if (stop.length > 0) io.stdout(`first: ${stop.join(" && ")}\n`);
  for (const op of ops) {
    if (op.kind === "write") {
      const bytes = new TextEncoder().encode(op.text).length;
      io.stdout(`would write ${op.path} (mode 0${op.mode.toString(8)}, ${bytes} bytes)\n`);
    } else if (op.kind === "remove") io.stdout(`would remove ${op.path}\n`);
    else io.stdout(`would refuse if ${op.path} exists (${op.reason})\n`);
  }
  if (next.length > 0) io.stdout(`then: ${next.join(" && ")}\n`);
  return ExitCode.Ok;
}

async function applyPlan(
  ops: readonly FileOp[],
  next: string[],
  stop: string[],
  name: string,
  io: ServiceIo,
): Promise<0 | 1> {
  for (const op of ops) {
    const failure = await applyOp(op, stop, io);
    if (failure !== null) {
      io.stderr(`${name}: ${failure}\n`);
      return ExitCode.Failure;
    }
  }
  if (next.length > 0) io.stdout(`next: ${next.join(" && ")}\n`);
  return ExitCode.Ok;
}

/** Carries out one operation; returns why it failed, or null. */
async function applyOp(op: FileOp, stop: string[], io: ServiceIo): Promise<string | null> {
  const { fs } = io;
  if (op.kind === "refuse_if_exists") {
    const exists = await fs.lstat(op.path).then(() => true, () => false);
    return exists
      ? `cannot uninstall service: ${op.reason}; first run: ${stop.join(" && ")}`
      : null;
  }
  if (op.kind === "remove") {
    try {
      await fs.remove(op.path);
      io.stdout(`removed ${op.path}\n`);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) {
        return `cannot remove ${op.path}: ${describeOsError(e)}`;
      }
      io.stdout(`${op.path} was not there\n`);
    }
    return null;
  }
  const tmp = `${op.path}.tmp~`; // the "~" makes systemd, logrotate and run-parts ignore it
  try {
    await fs.mkdir(op.path.slice(0, op.path.lastIndexOf("/")) || "/", { recursive: true });
    await fs.writeTextFile(tmp, op.text, { mode: op.mode });
    await fs.rename(tmp, op.path);
  } catch (e) {
    await fs.remove(tmp).catch(() => {});
    const hint = e instanceof Deno.errors.PermissionDenied ? " (run as root, or use --user)" : "";
    return `cannot write ${op.path}: ${describeOsError(e)}${hint}`;
  }
  io.stdout(`wrote ${op.path}\n`);
  return null;
}
