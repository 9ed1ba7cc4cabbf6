/**
 * Linux signal numbers by name, as a wait status gives them: the same on
 * x86_64 and aarch64 (the only platforms mydaemon runs on).
 */
const LINUX_SIGNALS = [
  "SIGHUP",
  "SIGINT",
  "SIGQUIT",
  "SIGILL",
  "SIGTRAP",
  "SIGABRT",
  "SIGBUS",
  "SIGFPE",
  "SIGKILL",
  "SIGUSR1",
  "SIGSEGV",
  "SIGUSR2",
  "SIGPIPE",
  "SIGALRM",
  "SIGTERM",
  "SIGSTKFLT",
  "SIGCHLD",
  "SIGCONT",
  "SIGSTOP",
  "SIGTSTP",
  "SIGTTIN",
  "SIGTTOU",
  "SIGURG",
  "SIGXCPU",
  "SIGXFSZ",
  "SIGVTALRM",
  "SIGPROF",
  "SIGWINCH",
  "SIGIO",
  "SIGPWR",
  "SIGSYS",
];

/**
 * A signal's name (`SIGKILL`), or `signal N` for one without.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { signalName } from "./signal_names.ts";
 * assert.equal(signalName(9), "SIGKILL");
 * assert.equal(signalName(34), "signal 34");
 * ```
 */
export function signalName(signo: number): string {
  return LINUX_SIGNALS[signo - 1] ?? `signal ${signo}`;
}
