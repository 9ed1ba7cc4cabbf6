/**
 * What `service install|uninstall` does under each manager (pure): the files,
 * what must not exist first, and the commands a person runs next.
 */

import { launchdLabel, launchdPath, launchdPlist } from "./launchd_plist.ts";
import { logrotatePath, logrotateSnippet } from "./logrotate.ts";
import { openrcPath, openrcScript } from "./openrc_script.ts";
import type { Manager } from "./service_manager.ts";
import {
  type ServiceMode,
  servicePaths,
  systemdUnit,
  unitInstallPath,
  type UnitOptions,
  UnitOptionsError,
  validateUnitOptions,
} from "./service_unit.ts";
import { sysvPath, sysvScript } from "./sysv_script.ts";

/** One step of an install or uninstall. */
export type FileOp =
  | { readonly kind: "write"; readonly path: string; readonly text: string; readonly mode: number }
  | { readonly kind: "remove"; readonly path: string }
  /** Refuse to go on while this path exists (an enabled service's link). */
  | { readonly kind: "refuse_if_exists"; readonly path: string; readonly reason: string };

/** The operations, and the commands to run once they are done. */
export interface ServicePlan {
  readonly ops: readonly FileOp[];
  readonly next: readonly string[];
}

type Env = Readonly<Record<string, string | undefined>>;

/** Config files: world-readable, owner-writable. */
export const SERVICE_FILE_MODE = 0o644;
/** Init scripts: executable too. */
export const SCRIPT_FILE_MODE = 0o755;

/** The service file's text under `manager` (what `print` shows). */
export function serviceText(manager: Manager, opts: UnitOptions, env: Env): string {
  checkMode(manager, opts.mode);
  validateUnitOptions(opts); // the same rules for every manager: absolute paths, valid names
  if (manager === "systemd") return systemdUnit(opts);
  if (manager === "launchd") return launchdPlist(opts, env);
  if (manager === "openrc") return openrcScript(opts);
  return sysvScript(opts);
}

/** The logrotate snippet, for the unit's log file. */
export function logrotateText(opts: UnitOptions): string {
  const { logFile, pidFile } = servicePaths(opts);
  if (logFile === "-") throw new UnitOptionsError("the log goes to the journal: nothing to rotate");
  if (pidFile === null) throw new UnitOptionsError("logrotate needs --pid-file with --user");
  return logrotateSnippet({ ...opts, name: opts.program.name, logFile, pidFile });
}

/**
 * The plan of `install` or `uninstall` under `manager`. Throws {@link UnitOptionsError}.
 *
 * @example
 * ```ts
 * const program = { name: "mydaemon", logFile: "/tmp/daemon.log" };
 * const opts = { program, execPath: "/usr/local/bin/mydaemon", mode: "system" } as const;
 * servicePlan("install", "openrc", opts, {}).next; // ["rc-update add mydaemon default", "rc-service mydaemon start"]
 * ```
 */
export function servicePlan(
  action: "install" | "uninstall",
  manager: Manager,
  opts: UnitOptions,
  env: Env,
  root = "",
): ServicePlan {
  const name = opts.program.name;
  const file = root + servicePath(manager, opts, env);
  const rotate = manager !== "launchd" && opts.mode === "system" &&
    servicePaths(opts).logFile !== "-";
  const logrotateAt = root + logrotatePath(name);
  const fileMode = manager === "openrc" || manager === "sysv"
    ? SCRIPT_FILE_MODE
    : SERVICE_FILE_MODE;
  if (action === "install") {
    const ops: FileOp[] = [{
      kind: "write",
      path: file,
      text: serviceText(manager, opts, env),
      mode: fileMode,
    }];
    if (rotate) {
      ops.push({
        kind: "write",
        path: logrotateAt,
        text: logrotateText(opts),
        mode: SERVICE_FILE_MODE,
      });
    }
    return { ops, next: installSteps(manager, opts.mode, name, file) };
  }
  const guard = enabledLink(manager, opts.mode, name, servicePath(manager, opts, env));
  const ops: FileOp[] = [
    ...(guard === null
      ? []
      : [{ kind: "refuse_if_exists" as const, path: root + guard, reason: `${name} is enabled` }]),
    { kind: "remove", path: file },
    ...(manager !== "launchd" && opts.mode === "system"
      ? [{ kind: "remove" as const, path: logrotateAt }]
      : []),
  ];
  return { ops, next: uninstallSteps(manager, opts.mode, name) };
}

/**
 * The systemd plan's file operations (what `doctor` compares installed files
 * with); pass `systemdVersion` in `opts` to match what `install` wrote.
 *
 * @example
 * ```ts
 * const program = { name: "mydaemon", logFile: "/tmp/daemon.log" };
 * systemdOps("install", { program, execPath: "/usr/local/bin/mydaemon", mode: "user" }, { HOME: "/h" })[0]?.path;
 * // "/h/.config/systemd/user/mydaemon.service"
 * ```
 */
export function systemdOps(
  action: "install" | "uninstall",
  opts: UnitOptions,
  env: Readonly<Record<string, string | undefined>>,
  root = "",
): readonly FileOp[] {
  return servicePlan(action, "systemd", opts, env, root).ops;
}

/** The commands that undo what makes `uninstall` refuse. */
export function disableSteps(manager: Manager, mode: ServiceMode, name: string): string[] {
  if (manager === "systemd") return [`${systemctl(mode)} disable --now ${name}`];
  if (manager === "openrc") return [`rc-service ${name} stop`, `rc-update del ${name} default`];
  if (manager === "launchd") return [`launchctl bootout ${domain(mode)}/${launchdLabel(name)}`];
  return [`service ${name} stop`];
}

function servicePath(manager: Manager, opts: UnitOptions, env: Env): string {
  checkMode(manager, opts.mode);
  const name = opts.program.name;
  if (manager === "systemd") return unitInstallPath(name, opts.mode, env);
  if (manager === "launchd") return launchdPath(name, opts.mode, env);
  return manager === "openrc" ? openrcPath(name) : sysvPath(name);
}

function checkMode(manager: Manager, mode: ServiceMode): void {
  if (mode === "user" && (manager === "openrc" || manager === "sysv")) {
    throw new UnitOptionsError(`${manager} has no user services: drop --user`);
  }
}

function enabledLink(
  manager: Manager,
  mode: ServiceMode,
  name: string,
  file: string,
): string | null {
  if (manager === "systemd") {
    const target = mode === "system" ? "multi-user.target" : "default.target";
    return `${file.slice(0, file.lastIndexOf("/"))}/${target}.wants/${name}.service`;
  }
  return manager === "openrc" ? `/etc/runlevels/default/${name}` : null;
}

function installSteps(manager: Manager, mode: ServiceMode, name: string, file: string): string[] {
  if (manager === "systemd") {
    const linger = mode === "user"
      ? ['loginctl enable-linger "$USER"  # to run while logged out']
      : [];
    return [
      `${systemctl(mode)} daemon-reload`,
      `${systemctl(mode)} enable --now ${name}`,
      ...linger,
    ];
  }
  if (manager === "launchd") return [`launchctl bootstrap ${domain(mode)} ${file}`];
  if (manager === "openrc") return [`rc-update add ${name} default`, `rc-service ${name} start`];
  return [`update-rc.d ${name} defaults`, `service ${name} start`];
}

function uninstallSteps(manager: Manager, mode: ServiceMode, name: string): string[] {
  if (manager === "systemd") return [`${systemctl(mode)} daemon-reload`];
  if (manager === "sysv") return [`update-rc.d ${name} remove`];
  return [];
}

function systemctl(mode: ServiceMode): string {
  return mode === "user" ? "systemctl --user" : "systemctl";
}

function domain(mode: ServiceMode): string {
  return mode === "user" ? 'gui/"$(id -u)"' : "system";
}
