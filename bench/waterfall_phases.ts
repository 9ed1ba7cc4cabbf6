/**
 * The waterfall's phases, as data: whose time each is, the marks it runs
 * between, and its name in the report.
 */
import type { Phase, Whose } from "./waterfall_core.ts";

type Row = readonly [Whose, string, string, string];

function phases(rows: readonly Row[]): Phase[] {
  return rows.map(([whose, from, to, name]) => ({ name, from, to, whose }));
}

/** Every command's launcher, once its runtime has started: the same code, so the same marks. */
const LAUNCHER_SETUP: readonly Row[] = [
  ["both", "launcher.origin", "launcher.main", "launcher module load"],
  ["ours", "launcher.main", "launcher.settings", "launcher settings (argv, env, config)"],
];

/** Start-up, in the order the time is spent. */
export const START_PHASES: readonly Phase[] = phases([
  ["Deno", "harness.spawn", "launcher.origin", "launcher runtime start (exec → JS)"],
  ...LAUNCHER_SETUP,
  ["ours", "launcher.settings", "launcher.probe", "launcher pid-file probe (loads libc: FFI)"],
  ["ours", "launcher.probe", "launcher.spawn.cloexec", "close-on-exec (close_range)"],
  ["ours", "launcher.spawn.cloexec", "launcher.spawn.signals", "signal dispositions, SIGUSR guard"],
  ["ours", "launcher.spawn.signals", "launcher.spawn.pipe", "ready pipe"],
  ["both", "launcher.spawn.pipe", "launcher.spawn", "posix_spawn (binds it; vfork+exec)"],
  ["Deno", "launcher.spawn", "child.origin", "child runtime start"],
  ["both", "child.origin", "child.main", "child module load"],
  ["ours", "child.main", "child.settings", "child settings (signals, env, config)"],
  ["ours", "child.settings", "child.pidfile", "child pid file (lock, write)"],
  ["ours", "child.pidfile", "child.started", "child log open, startup line"],
  ["ours", "child.started", "child.state", "child start hook, state file"],
  ["ours", "child.state", "child.reported", "child readiness report"],
  ["both", "child.reported", "launcher.ready", "handshake (launcher wakes)"],
  ["both", "launcher.ready", "harness.exit", "launcher prints pid, exits"],
]);

/** SIGHUP to the state file. */
export const RELOAD_PHASES: readonly Phase[] = phases([
  ["Deno", "harness.hup", "child.reload.begin", "signal → listener → loop"],
  ["ours", "child.reload.begin", "child.reload.config", "config re-read (nothing without a file)"],
  ["ours", "child.reload.config", "child.reload.settings", "log kept or reopened, hook"],
  ["ours", "child.reload.settings", "child.reload.line", "`reloaded` log line"],
  ["ours", "child.reload.line", "child.reload.state", "state file"],
]);

/** `stop`: the command until the daemon is gone and the command has exited. */
export const STOP_PHASES: readonly Phase[] = phases([
  ["Deno", "harness.stop", "launcher.origin", "launcher runtime start"],
  ...LAUNCHER_SETUP,
  [
    "ours",
    "launcher.settings",
    "launcher.kill.SIGTERM",
    "pid file, holder proven (fdinfo lock, cmdline), pidfd",
  ],
  ["Deno", "launcher.kill.SIGTERM", "child.stopping", "SIGTERM → daemon's loop"],
  ["ours", "child.stopping", "child.released", "stopping line, hook, state file, pid file"],
  ["both", "child.released", "child.exit", "daemon's last line, exit"],
  ["both", "child.exit", "harness.stopped", "teardown (exit_mmap), noticed (pidfd), stop exits"],
]);
