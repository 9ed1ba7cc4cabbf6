import { DaemonError } from "../errors/errors.ts";
import { ExitCode } from "../errors/exit_codes.ts";

/**
 * This system lacks something mydaemon needs (exit code 8):
 * `cannot start: <what> is not available on <platform>`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PlatformError } from "./platform_error.ts";
 * const e = new PlatformError("libc function fstat", "linux/x86_64");
 * assert.ok(e.message === "cannot start: libc function fstat is not available on linux/x86_64");
 * assert.ok(e.code === 8);
 * ```
 */
export class PlatformError extends DaemonError {
  /** `what` is missing on `platform` (`os/arch`). */
  constructor(what: string, platform: string) {
    super("", "", "", ExitCode.Unsupported);
    this.name = "PlatformError";
    this.message = `cannot start: ${what} is not available on ${platform}`;
  }
}
