/**
 * The `[Service]` sandboxing of the generated unit: what the daemon survives
 * (it writes only its log and pid files), and what V8 cannot live with.
 */

import { type Program, servicePidDir } from "../config/program.ts";
import { systemdQuote } from "./systemd_quote.ts";

/** The sandboxing lines of a system unit, given where the daemon writes. */
export function systemHardening(
  program: Pick<Program, "name">,
  logFile: string,
  pidFile: string | null,
  config?: string,
): string[] {
  const name = program.name;
  const logsDirectory = logFile.startsWith(`/var/log/${name}/`);
  const writable = new Set<string>();
  if (logFile !== "-" && !logsDirectory) writable.add(dirname(logFile));
  if (pidFile !== null && !pidFile.startsWith(`${servicePidDir(program)}/`)) {
    writable.add(dirname(pidFile));
  }
  const inTmp = [logFile, pidFile, config].some((p) => p != null && /^\/(var\/)?tmp\//.test(p));
  return [
    `RuntimeDirectory=${name}`,
    ...(logsDirectory ? [`LogsDirectory=${name}`] : []),
    "# Hardening that the daemon survives: it writes only its log and pid files.",
    "# No MemoryDenyWriteExecute=: V8's JIT needs writable and executable memory.",
    "NoNewPrivileges=yes",
    "ProtectSystem=strict",
    "ProtectHome=read-only",
    ...(writable.size === 0
      ? []
      : [`ReadWritePaths=${[...writable].map((p) => systemdQuote(p, "path")).join(" ")}`]),
    ...(inTmp ? SHARED_TMP : ["PrivateTmp=yes"]),
    ...KERNEL_HARDENING,
  ];
}

const SHARED_TMP = [
  "# A file of the daemon is in /tmp: a private /tmp would hide it from you and",
  "# from logrotate (it would live in /tmp/systemd-private-*), so /tmp is shared.",
  "PrivateTmp=no",
];

const KERNEL_HARDENING = [
  "ProtectKernelTunables=yes",
  "ProtectKernelModules=yes",
  "ProtectKernelLogs=yes",
  "ProtectControlGroups=yes",
  "ProtectClock=yes",
  "ProtectHostname=yes",
  "PrivateDevices=yes",
  "RestrictNamespaces=yes",
  "RestrictSUIDSGID=yes",
  "RestrictRealtime=yes",
  "LockPersonality=yes",
  "SystemCallArchitectures=native",
];

/** A user manager without user namespaces fails most sandboxing; keep what always works. */
export function userHardening(): string[] {
  return [
    "# Only what a user manager can do without user namespaces; ProtectSystem= and",
    "# friends need them there, and the service would fail where they are off.",
    "NoNewPrivileges=yes",
  ];
}

/** The directory part of an absolute path. */
export function dirname(path: string): string {
  return path.slice(0, path.lastIndexOf("/")) || "/";
}
