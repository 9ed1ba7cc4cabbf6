/**
 * Which service manager runs this machine, from observed facts (pure), and
 * the systemd version from `systemctl --version`.
 */

import { UnitOptionsError } from "./service_unit.ts";

/** The managers `service --manager` writes for. */
export const MANAGERS = ["systemd", "launchd", "openrc", "sysv"] as const;
/** One of {@link MANAGERS}. */
export type Manager = typeof MANAGERS[number];

/** What the thin shell observed. */
export interface ManagerFacts {
  /** `Deno.build.os`. */
  readonly os: string;
  /** `/run/systemd/system` exists (sd_booted(3)'s test). */
  readonly systemdBooted: boolean;
  /** `/sbin/openrc-run` exists. */
  readonly openrcRun: boolean;
}

/**
 * The manager of a machine: launchd on macOS, systemd when booted with it,
 * OpenRC when installed, else SysV init scripts. For a user service
 * (`user`), which OpenRC and SysV lack, it is systemd's user manager.
 *
 * @example
 * ```ts
 * detectManager({ os: "linux", systemdBooted: false, openrcRun: true }); // "openrc"
 * detectManager({ os: "linux", systemdBooted: false, openrcRun: true }, true); // "systemd"
 * ```
 */
export function detectManager(facts: ManagerFacts, user = false): Manager {
  if (facts.os === "darwin") return "launchd";
  if (facts.systemdBooted || user) return "systemd";
  if (facts.openrcRun) return "openrc";
  return "sysv";
}

/** `--manager NAME`, checked. */
export function parseManager(value: string): Manager {
  const found = MANAGERS.find((m) => m === value);
  if (found === undefined) {
    throw new UnitOptionsError(`unknown manager '${value}' (expected ${MANAGERS.join(", ")})`);
  }
  return found;
}

/**
 * The version in `systemctl --version`'s first line (`systemd 252 (252.22-1~deb12u1)`),
 * or in `--systemd-version N`; null when there is none.
 *
 * @example
 * ```ts
 * parseSystemdVersion("systemd 254 (254.5-1)\n+PAM"); // 254
 * ```
 */
export function parseSystemdVersion(text: string): number | null {
  const m = /^(?:systemd )?([0-9]{1,4})(?:[ .~(-]|$)/.exec(text.trim());
  return m === null ? null : Number(m[1]);
}
