/**
 * Detaching by relaunch (V8 cannot fork), with the readiness pipe of s6's
 * notification-fd: the launcher makes a pipe, the child inherits only its
 * write end, writes `READY <pid>` or `FAIL <code> <reason>` once and closes
 * it; end of file without a message means the child died first.
 *
 * @example The wire format
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatReady, parseReady } from "./mod.ts";
 *
 * assert.equal(formatReady({ ok: true, pid: 4242 }), "READY 4242\n");
 * assert.deepEqual(parseReady("FAIL 6 cannot use config\n"), {
 *   ok: false,
 *   code: 6,
 *   reason: "cannot use config",
 * });
 * assert.equal(parseReady("garbage\n"), null);
 * ```
 *
 * @example A pipe, its child end written as a daemon would
 * ```ts
 * import assert from "node:assert/strict";
 * import { readyPipe, sendReady } from "./mod.ts";
 *
 * const pipe = readyPipe();
 * sendReady(pipe.childFd, { ok: true, pid: Deno.pid }); // closes the child end
 * assert.deepEqual(await pipe.receive(), { ok: true, pid: Deno.pid });
 * pipe.close();
 * ```
 * @module
 */
export { launchDetached, type LaunchOptions } from "./detach.ts";
export { RUNTIME_PERMISSIONS } from "./permissions.ts";
export {
  formatReady,
  parseReady,
  type ReadyMessage,
  type ReadyPipe,
  readyPipe,
  sendReady,
} from "./ready_channel.ts";
export { parseReadyFd, type Readiness, readiness } from "./ready_child.ts";
export type { CommandLine } from "./relaunch.ts";
