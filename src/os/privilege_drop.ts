import { errnoReason } from "../errors/errno_names.ts";
import { DaemonError } from "../errors/errors.ts";
import type { Identity } from "./identity.ts";
import { libc } from "./libc.ts";
import { openNoFollow } from "../files/safe_open.ts";
import { statePath } from "../lifecycle/state_file.ts";
import type { Settings } from "../config/settings.ts";

function chownFile(path: string, what: string, id: Identity): void {
  const file = openNoFollow(path, { what, mode: "append", create: true, alsoOwnedBy: [id.uid] });
  try {
    file.chown(id.uid, id.gid);
  } finally {
    file.close();
  }
}

/**
 * As root, before the drop: give the user its pid file and log file (created
 * if missing, never through a symlink), and the pid directory when it is our
 * own default. After the drop everything runs as for any unprivileged daemon.
 */
export function prepareFilesFor(settings: Settings, id: Identity, pidDir: string | null): void {
  if (pidDir !== null && settings.pidFile.startsWith(`${pidDir}/`)) {
    Deno.mkdirSync(pidDir, { recursive: true, mode: 0o755 });
    Deno.chownSync(pidDir, id.uid, id.gid);
  }
  chownFile(settings.pidFile, "pid file", id);
  // The user may not create files beside its pid file (a root-owned directory).
  chownFile(statePath(settings.pidFile), "state file", id);
  if (settings.logFile !== "-") chownFile(settings.logFile, "log file", id);
}

/**
 * Prepares the files (and `pidDir`, the program's own under /run), then
 * becomes `id` for good: supplementary groups dropped, then gid, then uid.
 */
export function becomeUser(settings: Settings, id: Identity, pidDir: string | null = null): void {
  const me = Deno.uid();
  if (me !== 0) {
    throw new DaemonError("drop", "privileges", `--user needs root; running as uid ${me}`);
  }
  prepareFilesFor(settings, id, pidDir);
  const err = libc().becomeUser(id.uid, id.gid);
  if (err < 0) {
    throw new DaemonError("drop", "privileges", `setuid/setgid failed: ${errnoReason(-err)}`);
  }
  if (Deno.uid() !== id.uid || Deno.gid() !== id.gid) {
    throw new DaemonError("drop", "privileges", "the kernel did not apply the new ids");
  }
}
