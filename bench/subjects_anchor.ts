/**
 * The anchors: the classic Python fork/setsid seed daemon, the minimal C
 * daemon, the C daemon run in the foreground under Debian's daemonize(1),
 * and the minimal Deno daemon.
 */
import { ANCHORS_DIR } from "./paths.ts";
import type { Subject } from "./subject.ts";

const C_LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z \d+ (start|reload|stop)$/;
const DENO_LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \d+ (start|reload|stop)$/;
const SEED_LINE = /^Daemon (start up|reload) at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/;

/** The Python seed, run by the given interpreter. */
export function pySeed(python: string): Subject {
  return {
    id: "py_seed",
    label: "Python seed (fork/setsid)",
    role: "anchor",
    skip: null,
    detail: null,
    start: (log, pid) => [python, `${ANCHORS_DIR}/seed_daemon.py`, log, pid],
    stop: null,
    version: null,
    start_needle: "Daemon start up at",
    reload_needle: "Daemon reload at",
    line_ok: SEED_LINE,
    removes_pid_file: false,
  };
}

/** The C daemon, self-daemonizing. */
export function cDaemon(binary: string): Subject {
  return {
    id: "c_daemon",
    label: "C daemon (fork/setsid)",
    role: "anchor",
    skip: null,
    detail: null,
    start: (log, pid) => [binary, log, pid],
    stop: null,
    version: null,
    start_needle: " start",
    reload_needle: " reload",
    line_ok: C_LINE,
    removes_pid_file: true,
  };
}

/** The C daemon in the foreground under daemonize(1), when installed. */
export function cDaemonize(binary: string, daemonize: string | null): Subject {
  return {
    ...cDaemon(binary),
    id: "c_daemonize",
    label: "C daemon under daemonize(1)",
    role: "extra",
    skip: daemonize === null
      ? "daemonize(1) is not installed (`apt-get install -y daemonize`)"
      : null,
    start: (log, pid) => [daemonize ?? "daemonize", binary, "--foreground", log, pid],
  };
}

/** The minimal Deno daemon (anchors/mini_daemon.ts): Deno's own floor for the same contract. */
export function miniDaemon(): Subject {
  const script = `${ANCHORS_DIR}/mini_daemon.ts`;
  const perms = ["--allow-read", "--allow-write", "--allow-run", "--allow-ffi", "--allow-env"];
  return {
    id: "mini_daemon",
    label: "minimal Deno daemon",
    role: "anchor",
    skip: null,
    detail: null,
    start: (log, pid) => [Deno.execPath(), "run", "--no-config", ...perms, script, log, pid],
    stop: null,
    version: null,
    start_needle: " start",
    reload_needle: " reload",
    line_ok: DENO_LINE,
    removes_pid_file: true,
  };
}
