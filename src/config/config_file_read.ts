import { errnoReason } from "../errors/errno_names.ts";
import { DaemonError } from "../errors/errors.ts";
import { ExitCode } from "../errors/exit_codes.ts";
import { walkPath } from "../files/path_walk.ts";
import { RawFile } from "../files/raw_file.ts";
import { libc } from "../os/libc.ts";

/** A config file larger than this is refused: it is a mistake (or /dev/zero's cousin). */
export const CONFIG_MAX_BYTES = 1024 * 1024;

/**
 * Reads a config file's text, safely for a path anyone may have planted: by
 * the symlink-safe walk (a link is followed only by the protected_symlinks
 * rule), opened O_NONBLOCK (a FIFO cannot hang us), checked with fstat on the
 * open descriptor to be a regular file of at most {@link CONFIG_MAX_BYTES}
 * (not /dev/zero, not a device), read with that bound, and decoded as strict
 * UTF-8. Every failure is a configuration error (exit 6) naming the file.
 */
export function readConfigText(path: string): string {
  return readSmallText(path, "config", "load");
}

/**
 * {@link readConfigText} for any small text file the operator names (the
 * config, an env file): errors read `cannot <verb> <what> <path>: <reason>`,
 * exit 6.
 */
export function readSmallText(path: string, what: string, verb: string): string {
  const fail = (reason: string) =>
    new DaemonError(verb, `${what} ${path}`, reason, ExitCode.BadConfig);
  const c = libc();
  const f = c.platform.flags;
  let file: RawFile;
  try {
    const where = walkPath(path, what, true, c);
    try {
      const fd = c.openat(
        where.dirfd,
        where.name,
        f.nonblock | f.noctty | f.cloexec | f.nofollow,
        0,
      );
      if (fd < 0) throw fail(openReason(-fd, c.platform.errno));
      file = new RawFile(fd, c);
    } finally {
      where.close();
    }
  } catch (err) {
    if (err instanceof DaemonError && err.code !== ExitCode.BadConfig) throw fail(err.reason);
    throw err;
  }
  try {
    return decode(file, fail);
  } finally {
    file.close();
  }
}

function decode(file: RawFile, fail: (reason: string) => DaemonError): string {
  const st = file.stat();
  if (!st.isFile) throw fail("is not a regular file");
  const limit = `is larger than ${CONFIG_MAX_BYTES / 1024 / 1024} MiB`;
  if (st.size > CONFIG_MAX_BYTES) throw fail(limit);
  let bytes: Uint8Array;
  try {
    bytes = file.readAll(CONFIG_MAX_BYTES);
  } catch (err) {
    throw fail((err as Error).message);
  }
  if (bytes.length > CONFIG_MAX_BYTES) throw fail(limit);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw fail("is not valid UTF-8");
  }
}

function openReason(errno: number, e: { ELOOP: number }): string {
  // The walk resolved any link; one now is a swap between the two steps.
  if (errno === e.ELOOP) return "is a symbolic link (it was swapped in as we opened it)";
  return errnoReason(errno);
}
