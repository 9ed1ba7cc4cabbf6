/**
 * `<name> service print|install|uninstall|logrotate`: the unit and logrotate
 * files as a plan of file operations (pure), carried out through a small
 * file-system interface (`Deno` itself fits it) so that tests can watch.
 */

import { describeOsError } from "../errors/errors.ts";
import { ExitCode } from "../errors/exit_codes.ts";
import { logrotatePath, logrotateSnippet } from "./logrotate.ts";
import {
  type ServiceMode,
  servicePaths,
  systemdUnit,
  unitInstallPath,
  type UnitOptions,
  UnitOptionsError,
} from "./service_unit.ts";

/** What was asked: the action (`args.rest[0]`), the scope, and the unit's options. */
export interface ServiceRequest extends Omit<UnitOptions, "mode"> {
  /** `print`, `install`, `uninstall` or `logrotate`; anything else is a usage error. */
  readonly action: string | undefined;
  /** `--user` or `--system`; `null` means system. */
  readonly mode: ServiceMode | null;
  /** `install`/`uninstall`: say what would be done, do nothing. */
  readonly dryRun: boolean;
  /** Prefix for the installed paths (packaging, tests); default none. */
  readonly root?: string | undefined;
}

/** One step of an install or uninstall. */
export type FileOp =
  | { readonly kind: "write"; readonly path: string; readonly text: string }
  | { readonly kind: "remove"; readonly path: string }
  /** Refuse to go on while this path exists (an enabled unit's symlink). */
  | { readonly kind: "refuse_if_exists"; readonly path: string; readonly reason: string };

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
  /** The unit or snippet (`print`, `logrotate`), what was done and the next step. */
  stdout(text: string): void;
  /** Why it failed. */
  stderr(text: string): void;
}

/** Installed files are world-readable, owner-writable. */
export const SERVICE_FILE_MODE = 0o644;

/**
 * The operations of `install` or `uninstall` (pure). Throws
 * {@link UnitOptionsError} for unusable options.
 *
 * @example
 * ```ts
 * const program = { name: "mydaemon", logFile: "/tmp/daemon.log" };
 * servicePlan("uninstall", { program, execPath: "/usr/local/bin/mydaemon", mode: "user" }, { HOME: "/h" });
 * // [refuse_if_exists …/default.target.wants/mydaemon.service, remove /h/.config/systemd/user/mydaemon.service]
 * ```
 */
export function servicePlan(
  action: "install" | "uninstall",
  opts: UnitOptions,
  env: Readonly<Record<string, string | undefined>>,
  root = "",
): FileOp[] {
  const name = opts.program.name;
  const unit = root + unitInstallPath(name, opts.mode, env);
  const logrotateAt = root + logrotatePath(name);
  const logrotate = opts.mode === "system" && servicePaths(opts).logFile !== "-";
  if (action === "install") {
    return [
      { kind: "write", path: unit, text: systemdUnit(opts) },
      ...(logrotate ? [{ kind: "write" as const, path: logrotateAt, text: snippet(opts) }] : []),
    ];
  }
  const target = opts.mode === "system" ? "multi-user.target" : "default.target";
  const link = `${dirname(unit)}/${target}.wants/${name}.service`;
  return [
    { kind: "refuse_if_exists", path: link, reason: `${name} is enabled` },
    { kind: "remove", path: unit },
    ...(opts.mode === "system" ? [{ kind: "remove" as const, path: logrotateAt }] : []),
  ];
}

/**
 * Runs `<name> service …`; returns the exit code (0 ok, 1 I/O failure, 2 usage).
 *
 * @example
 * ```ts
 * const io = { fs: Deno, env: Deno.env.toObject(), stdout: console.log, stderr: console.error };
 * const program = { name: "mydaemon", logFile: "/tmp/daemon.log" };
 * await serviceCommand({ program, action: "print", mode: "user", dryRun: false, execPath: "/usr/local/bin/mydaemon" }, io);
 * ```
 */
export async function serviceCommand(req: ServiceRequest, io: ServiceIo): Promise<0 | 1 | 2> {
  const opts: UnitOptions = { ...req, mode: req.mode ?? "system" };
  try {
    switch (req.action) {
      case "print":
        io.stdout(systemdUnit(opts));
        return ExitCode.Ok;
      case "logrotate":
        io.stdout(snippet(opts));
        return ExitCode.Ok;
      case "install":
      case "uninstall": {
        const plan = servicePlan(req.action, opts, io.env, req.root ?? "");
        if (req.dryRun) return describePlan(plan, opts, io);
        return await applyPlan(plan, opts, io);
      }
      default:
        throw new UnitOptionsError(
          `${req.action === undefined ? "missing action" : `unknown action '${req.action}'`}` +
            " (expected print, install, uninstall or logrotate)",
        );
    }
  } catch (e) {
    if (!(e instanceof UnitOptionsError)) throw e;
    const name = opts.program.name;
    io.stderr(`${name}: cannot parse arguments: service: ${e.message} (try '${name} --help')\n`);
    return ExitCode.Usage;
  }
}

function snippet(opts: UnitOptions): string {
  const { logFile, pidFile } = servicePaths(opts);
  if (logFile === "-") throw new UnitOptionsError("the log goes to the journal: nothing to rotate");
  if (pidFile === null) throw new UnitOptionsError("logrotate needs --pid-file with --user");
  return logrotateSnippet({ ...opts, name: opts.program.name, logFile, pidFile });
}

function describePlan(plan: readonly FileOp[], opts: UnitOptions, io: ServiceIo): 0 {
  for (const op of plan) {
    if (op.kind === "write") {
      io.stdout(
        `would write ${op.path} (mode 0644, ${new TextEncoder().encode(op.text).length} bytes)\n`,
      );
    } else if (op.kind === "remove") io.stdout(`would remove ${op.path}\n`);
    else io.stdout(`would refuse if ${op.path} exists (${op.reason})\n`);
  }
  io.stdout(`then: ${nextStep(plan, opts)}\n`);
  return ExitCode.Ok;
}

async function applyPlan(
  plan: readonly FileOp[],
  opts: UnitOptions,
  io: ServiceIo,
): Promise<0 | 1> {
  for (const op of plan) {
    const failure = await applyOp(op, opts, io);
    if (failure !== null) {
      io.stderr(`${opts.program.name}: ${failure}\n`);
      return ExitCode.Failure;
    }
  }
  io.stdout(`next: ${nextStep(plan, opts)}\n`);
  return ExitCode.Ok;
}

/** Carries out one operation; returns why it failed, or null. */
async function applyOp(op: FileOp, opts: UnitOptions, io: ServiceIo): Promise<string | null> {
  const { fs } = io;
  const mode = opts.mode;
  if (op.kind === "refuse_if_exists") {
    const exists = await fs.lstat(op.path).then(() => true, () => false);
    return exists
      ? `cannot uninstall service: ${op.reason}; first run: ${
        systemctl(mode)
      } disable --now ${opts.program.name}`
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
  const tmp = `${op.path}.tmp~`; // the "~" makes systemd and logrotate ignore it
  try {
    await fs.mkdir(dirname(op.path), { recursive: true });
    await fs.writeTextFile(tmp, op.text, { mode: SERVICE_FILE_MODE });
    await fs.rename(tmp, op.path);
  } catch (e) {
    await fs.remove(tmp).catch(() => {});
    const hint = e instanceof Deno.errors.PermissionDenied && mode === "system"
      ? " (run as root, or use --user)"
      : "";
    return `cannot write ${op.path}: ${describeOsError(e)}${hint}`;
  }
  io.stdout(`wrote ${op.path}\n`);
  return null;
}

function nextStep(plan: readonly FileOp[], { mode, program }: UnitOptions): string {
  const reload = `${systemctl(mode)} daemon-reload`;
  return plan.some((op) => op.kind === "write")
    ? `${reload} && ${systemctl(mode)} enable --now ${program.name}`
    : reload;
}

function systemctl(mode: ServiceMode): string {
  return mode === "user" ? "systemctl --user" : "systemctl";
}

function dirname(path: string): string {
  return path.slice(0, path.lastIndexOf("/")) || "/";
}
