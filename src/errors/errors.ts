import { errnoReason } from "./errno_names.ts";
import { escapeControl } from "./escape.ts";
import { ExitCode } from "./exit_codes.ts";

/**
 * An error that knows its exit code and prints as one line:
 * `mydaemon: cannot <verb> <object>: <reason>`. Every message is built here,
 * and control characters in it are escaped here, so that no echoed value (a
 * flag, an environment variable, a config value, a path) can break the line.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DaemonError, ExitCode } from "../mod.ts";
 * const e = new DaemonError("open", "log file /tmp/x", "is a symbolic link");
 * assert.ok(e.message === "cannot open log file /tmp/x: is a symbolic link");
 * assert.ok(e.code === ExitCode.Failure);
 * const fake = new DaemonError("use", "--umask '0\nmydaemon: ok'", "bad");
 * assert.ok(!fake.message.includes("\n"));
 * ```
 */
export class DaemonError extends Error {
  /** The process exit code this error maps to. */
  readonly code: ExitCode;
  /** The `<reason>` part alone, for a caller that reports it under its own verb. */
  readonly reason: string;
  /** Builds `cannot <verb> <object>: <reason>`; exits with `code` (default: failure). */
  constructor(verb: string, object: string, reason: string, code: ExitCode = ExitCode.Failure) {
    super(escapeControl(`cannot ${verb} ${object}: ${reason}`));
    this.name = "DaemonError";
    this.code = code;
    this.reason = escapeControl(reason);
  }

  /** An error whose whole message is already formatted (e.g. reported by the daemon child). */
  static raw(message: string, code: ExitCode): DaemonError {
    const e = new DaemonError("", "", "", code);
    e.message = escapeControl(message);
    return e;
  }
}

/** A command-line usage error (exit code 2); printed with a `--help` hint. */
export class UsageError extends DaemonError {
  /** `reason` says what is wrong with the arguments. */
  constructor(reason: string) {
    super("parse", "arguments", reason, ExitCode.Usage);
    this.name = "UsageError";
  }
}

/**
 * Short, human reason for an OS error: the errno named in words (from Deno's
 * "(os error N)"), without the rest of Deno's message, which repeats the path.
 */
export function describeOsError(err: unknown): string {
  const errno = /\(os error (\d+)\)/.exec(err instanceof Error ? err.message : "")?.[1];
  if (err instanceof Deno.errors.NotFound) return "no such file or directory";
  if (err instanceof Deno.errors.PermissionDenied) return "permission denied";
  if (err instanceof Deno.errors.AlreadyExists) return "already exists";
  if (err instanceof Deno.errors.IsADirectory) return "is a directory";
  if (err instanceof Deno.errors.NotADirectory) return "a path component is not a directory";
  if (err instanceof Deno.errors.FilesystemLoop) return "is a symbolic link (refusing to follow)";
  if (errno !== undefined) return errnoReason(Number(errno));
  if (err instanceof Error) return err.message.replace(/\s*\(os error \d+\)/, "").split("\n")[0]!;
  return String(err);
}
