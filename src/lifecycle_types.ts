import type { Sink, SinkLogger } from "./logger.ts";
import type { PidFileLock } from "./pid_file.ts";
import type { ReadyMessage } from "./ready_channel.ts";
import type { Settings } from "./settings.ts";
import type { DaemonState } from "./state_file.ts";

/** Service-manager notifications (systemd's sd_notify); all optional. */
export interface LifecycleNotifier {
  ready?(status: string): void;
  reloading?(): void;
  stopping?(): void;
}

/** What your daemon does at each step; all optional. */
export interface DaemonHooks {
  /** After the startup line is logged, before readiness is reported. */
  onStart?(log: SinkLogger, settings: Settings): void | Promise<void>;
  /** After a reload applied `settings`; throwing rejects the reload. */
  onReload?(log: SinkLogger, settings: Settings): void | Promise<void>;
  /** On SIGTERM/SIGINT, within `settings.timeout` seconds. */
  onStop?(log: SinkLogger): void | Promise<void>;
}

/** Everything {@link runDaemon} needs; effects come in through here. */
export interface DaemonOptions {
  /** Resolves settings (flags, env, config file); called at start and on every reload. */
  readonly loadSettings: () => Settings;
  /** Detached daemons move to `/` so they pin no mount point. */
  readonly detached: boolean;
  /** Create the pid file's directory (0700) first: for the per-user default. */
  readonly createPidDir?: (settings: Settings) => boolean;
  /** Reports readiness or the reason for failing (handshake or stderr). */
  readonly report: (msg: ReadyMessage) => Promise<void>;
  readonly notifier?: LifecycleNotifier;
  readonly hooks?: DaemonHooks;
  /** Opens where log lines go; default: the file, or stderr for "-". */
  readonly openSink?: (logFile: string) => Sink;
}

/** A started daemon: what the loop's actions work on. */
export interface Running {
  settings: Settings;
  readonly log: SinkLogger;
  readonly pidLock: PidFileLock;
  state: DaemonState;
}
