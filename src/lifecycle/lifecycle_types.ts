import type { Logger, Sink, SinkLogger } from "../log/logger.ts";
import type { PidFileLock } from "../files/pid_file.ts";
import type { ReadyMessage } from "../detach/ready_channel.ts";
import type { Settings } from "../config/settings.ts";
import type { DaemonState } from "./state_file.ts";

/**
 * Service-manager notifications (systemd's sd_notify); all optional. Each may
 * return an error, which the daemon logs as a warning and otherwise ignores.
 */
export interface LifecycleNotifier {
  /** Start-up finished: `READY=1`, `MAINPID`, `STATUS`. */
  ready?(status: string): Error | null;
  /** A reload begins: `RELOADING=1` with `MONOTONIC_USEC`. */
  reloading?(): Error | null;
  /** A reload ended (applied or refused): `READY=1` again. */
  reloaded?(status: string): Error | null;
  /** Shutting down: `STOPPING=1`. */
  stopping?(): Error | null;
  /** Starts keep-alive pings (`WATCHDOG=1`); returns the function that stops them. */
  startWatchdog?(onError: (error: Error) => void): () => void;
}

/** What a hook gets: the log, what is in force, and the stop signal. */
export interface HookContext<C = unknown> {
  /** The daemon's log. */
  readonly log: Logger;
  /** The daemon settings (for a reload: the new ones being applied). */
  readonly settings: Settings;
  /** The program's own configuration, as its validator returned it. */
  readonly config: C;
  /** Aborted when the daemon is told to stop (before the stop hook runs). */
  readonly signal: AbortSignal;
}

/** What your daemon does at each step; all optional. */
export interface DaemonHooks {
  /** After the startup line is logged, before readiness; throwing fails the start. */
  onStart?(ctx: HookContext): void | Promise<void>;
  /**
   * On SIGHUP, with the new settings and config, before they are put in
   * force. Throwing refuses the reload: the previous ones stay in force.
   */
  onReload?(ctx: HookContext): void | Promise<void>;
  /** On SIGTERM/SIGINT, within `settings.timeout` seconds; throwing makes the exit code 1. */
  onStop?(ctx: HookContext): void | Promise<void>;
}

/** What one read of the configuration yields. */
export interface Loaded {
  /** The daemon settings. */
  readonly settings: Settings;
  /** The program's own configuration (its validator's result). */
  readonly config: unknown;
}

/** Everything {@link runDaemon} needs; effects come in through here. */
export interface DaemonOptions {
  /** Reads settings and config (flags, env, config file); at start and on every reload. */
  readonly load: () => Loaded;
  /** Logged at start (`started version=…`) and kept in the state file. */
  readonly version: string;
  /** Detached daemons move to `/` so they pin no mount point. */
  readonly detached: boolean;
  /** Root's pid directory (`/run/<name>`): made and given to the `--user` it drops to. */
  readonly servicePidDir?: string;
  /** Create the pid file's directory (0700) first: for the per-user default. */
  readonly createPidDir?: (settings: Settings) => boolean;
  /** Reports readiness or the reason for failing (handshake or stderr). */
  readonly report: (msg: ReadyMessage) => Promise<void>;
  /** Tells a service manager about readiness, reloads and shutdown. */
  readonly notifier?: LifecycleNotifier;
  /** Your daemon's own work at start, reload and stop. */
  readonly hooks?: DaemonHooks;
  /** Opens where log lines go; default: the file, or stderr for "-". */
  readonly openSink?: (logFile: string) => Sink;
}

/** A started daemon: what the loop's actions work on. */
export interface Running {
  /** Settings in force; replaced when a reload applies new ones. */
  settings: Settings;
  /** The program's own configuration in force; replaced with the settings. */
  config: unknown;
  /** Aborted on stop: the hooks' {@link HookContext.signal}. */
  readonly abort: AbortController;
  /** The daemon's logger; a reload may swap its sink. */
  readonly log: SinkLogger;
  /** The held pid file, released on stop. */
  readonly pidLock: PidFileLock;
  /** What `status` shows; replaced after each reload attempt and written to the state file. */
  state: DaemonState;
  /** Stops the service-manager watchdog pings, if any. */
  readonly stopWatchdog: () => void;
}
