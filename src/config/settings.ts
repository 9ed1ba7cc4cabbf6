import type { Level, LogFormat } from "../log/log_line.ts";

/** The daemon's settings once every layer is merged and validated. */
export interface Settings {
  /** Absolute path of the log file, or `-` for stderr. */
  readonly logFile: string;
  /** Absolute path of the pid file, locked while the daemon runs. */
  readonly pidFile: string;
  /** Absolute path of the JSON config file, or null when none is used. */
  readonly config: string | null;
  /** File-creation mask the daemon runs with (e.g. `0o022`). */
  readonly umask: number;
  /** Seconds `stop` waits after SIGTERM before SIGKILL. */
  readonly timeout: number;
  /** Seconds a starting daemon has to report readiness. */
  readonly readyTimeout: number;
  /** How log lines are written. */
  readonly logFormat: LogFormat;
  /** Least severe level that is logged. */
  readonly logLevel: Level;
  /** User to run as when started as root, or null to stay as we are. */
  readonly user: string | null;
  /** Group to run as; null means the user's own group. */
  readonly group: string | null;
}

/** A setting's name. */
export type SettingKey = keyof Settings;

/** Converts a raw string to a value, or returns an error reason. */
export type Parser = (raw: string) => { ok: true; value: unknown } | { ok: false; reason: string };

/** One row of the settings table: the flag, env var and config key of a setting. */
export interface SettingSpec {
  /** Long option name, without the leading `--`. */
  readonly flag: string;
  /** Environment variable that sets it. */
  readonly env: string;
  /** Key in the config file, or null when it cannot be set there. */
  readonly configKey: SettingKey | null;
  /** Placeholder for the value in --help, e.g. `PATH`. */
  readonly metavar: string;
  /** One-line description for --help. */
  readonly help: string;
  /** Shown in --help; the real default may depend on the environment. */
  readonly defaultText: string;
  /** Validates and converts the raw string from any layer. */
  readonly parse: Parser;
  /** Paths are made absolute (against cwd, or the config file's directory). */
  readonly isPath?: boolean;
  /** Reload can apply a new value without a restart. */
  readonly reloadable?: boolean;
}

const ok = (value: unknown) => ({ ok: true as const, value });
const bad = (reason: string) => ({ ok: false as const, reason });

/**
 * Deno hands us argv as UTF-8 text, replacing bytes that are not (and a JSON
 * "\udc80" has no bytes at all): two different paths could name one file.
 */
const NOT_UTF8 = "contains bytes that are not UTF-8 (or U+FFFD), which mydaemon cannot pass on " +
  "faithfully; use a UTF-8 path";

const path: Parser = (raw) =>
  raw === ""
    ? bad("must not be empty")
    : raw.includes("\0")
    ? bad("must not contain a NUL byte")
    : !raw.isWellFormed() || raw.includes("\uFFFD")
    ? bad(NOT_UTF8)
    : ok(raw);

const seconds: Parser = (raw) => {
  const n = Number(raw);
  return /^\s*$/.test(raw) || !Number.isFinite(n) || n <= 0 || n > 86400
    ? bad("expected a number of seconds between 0 and 86400, like 10 or 0.5")
    : ok(n);
};

const octalMask: Parser = (raw) =>
  /^0?[0-7]{3}$/.test(raw) ? ok(parseInt(raw, 8)) : bad("expected an octal mask like 022");

const oneOf = (...choices: string[]): Parser => (raw) =>
  choices.includes(raw) ? ok(raw) : bad(`expected one of ${choices.join(", ")}`);

const name: Parser = (raw) =>
  /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}$/.test(raw)
    ? ok(raw)
    : bad("expected a user or group name, or a numeric id");

/** Where the log goes unless told otherwise (the classic daemon's place). */
export const DEFAULT_LOG_FILE = "/tmp/daemon.log";

/** The directory of the pid file when root runs the daemon as another user, or systemd does. */
export const SERVICE_PID_DIR = "/run/mydaemon";

/** The pid file in {@link SERVICE_PID_DIR}. */
export const SYSTEM_PID_FILE = `${SERVICE_PID_DIR}/mydaemon.pid`;

/** The settings table: one row drives the flag, the env var, the config key and --help. */
export const SETTINGS: Readonly<Record<SettingKey, SettingSpec>> = {
  logFile: {
    flag: "log-file",
    env: "MYDAEMON_LOG_FILE",
    configKey: "logFile",
    metavar: "PATH",
    help: "log file ('-' = stderr, foreground only)",
    defaultText: DEFAULT_LOG_FILE,
    parse: path,
    isPath: true,
    reloadable: true,
  },
  pidFile: {
    flag: "pid-file",
    env: "MYDAEMON_PID_FILE",
    configKey: "pidFile",
    metavar: "PATH",
    help: "pid file, locked while the daemon runs",
    defaultText: "/run/mydaemon.pid (root), $XDG_RUNTIME_DIR/mydaemon.pid, " +
      "or ~/.local/state/mydaemon/mydaemon.pid",
    parse: path,
    isPath: true,
  },
  config: {
    flag: "config",
    env: "MYDAEMON_CONFIG",
    configKey: null,
    metavar: "PATH",
    help: "JSON config file, re-read on SIGHUP",
    defaultText: "none",
    parse: path,
    isPath: true,
  },
  umask: {
    flag: "umask",
    env: "MYDAEMON_UMASK",
    configKey: "umask",
    metavar: "OCTAL",
    help: "file-creation mask of the daemon",
    defaultText: "022",
    parse: octalMask,
  },
  timeout: {
    flag: "timeout",
    env: "MYDAEMON_TIMEOUT",
    configKey: "timeout",
    metavar: "SECONDS",
    help: "stop: time to wait after SIGTERM before SIGKILL",
    defaultText: "10",
    parse: seconds,
  },
  readyTimeout: {
    flag: "ready-timeout",
    env: "MYDAEMON_READY_TIMEOUT",
    configKey: "readyTimeout",
    metavar: "SECONDS",
    help: "start: time the daemon has to become ready",
    defaultText: "10",
    parse: seconds,
  },
  logFormat: {
    flag: "log-format",
    env: "MYDAEMON_LOG_FORMAT",
    configKey: "logFormat",
    metavar: "FORMAT",
    help: "text or json (JSON Lines)",
    defaultText: "text",
    parse: oneOf("text", "json"),
    reloadable: true,
  },
  logLevel: {
    flag: "log-level",
    env: "MYDAEMON_LOG_LEVEL",
    configKey: "logLevel",
    metavar: "LEVEL",
    help: "debug, info, warn or error",
    defaultText: "info",
    parse: oneOf("debug", "info", "warn", "error"),
    reloadable: true,
  },
  user: {
    flag: "user",
    env: "MYDAEMON_USER",
    configKey: "user",
    metavar: "NAME",
    help: "run as this user (when started as root)",
    defaultText: "none",
    parse: name,
  },
  group: {
    flag: "group",
    env: "MYDAEMON_GROUP",
    configKey: "group",
    metavar: "NAME",
    help: "run as this group (default: the user's group)",
    defaultText: "none",
    parse: name,
  },
};

/** Settings keys in table order. */
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];
