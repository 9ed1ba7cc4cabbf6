/**
 * Files in hostile places: lock-based pid files (running means "someone
 * holds the lock", never "kill(pid, 0) succeeded") and opening without
 * following symlinks (`O_NOFOLLOW`), for logs and pid files in /tmp.
 *
 * @example A pid file, held while the process runs
 * ```ts
 * import assert from "node:assert/strict";
 * import { acquirePidFile, probePidFile } from "./mod.ts";
 *
 * const dir = Deno.makeTempDirSync();
 * const lock = await acquirePidFile(`${dir}/my.pid`, Deno.pid);
 * assert.equal(Deno.readTextFileSync(`${dir}/my.pid`).trim(), String(Deno.pid));
 * assert.equal(probePidFile(`${dir}/my.pid`).kind, "running");
 * lock.release();
 * assert.equal(probePidFile(`${dir}/my.pid`).kind, "absent");
 * Deno.removeSync(dir, { recursive: true });
 * ```
 *
 * @example Refusing a planted symlink
 * ```ts
 * import assert from "node:assert/strict";
 * import { openNoFollow } from "./mod.ts";
 *
 * const dir = Deno.makeTempDirSync();
 * Deno.symlinkSync("/etc/passwd", `${dir}/daemon.log`);
 * assert.throws(
 *   () => openNoFollow(`${dir}/daemon.log`, { what: "log file", mode: "append", create: true }),
 *   /symbolic link/,
 * );
 * Deno.removeSync(dir, { recursive: true });
 * ```
 * @module
 */
export {
  acquirePidFile,
  parsePid,
  type PidFileLock,
  type PidFileState,
  type PidFileWatch,
  probePidFile,
  removeStalePidFile,
  watchPidFile,
} from "./pid_file.ts";
export { RawFile, type RawStat } from "./raw_file.ts";
export type { FileId } from "../os/lock_table.ts";
export {
  FILE_MODE,
  FileNotFoundError,
  type OpenMode,
  openNoFollow,
  readSmallFile,
  type SafeOpenOptions,
} from "./safe_open.ts";
export { DaemonError } from "../errors/errors.ts";
export { ExitCode } from "../errors/exit_codes.ts";
