import type { Level, LogFormat } from "../log/log_line.ts";
import type { Context } from "./config.ts";
import { defaultPidFile, defaultPidFileText, type Program } from "./program.ts";

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
  /** Environment variable that sets it, after the program's prefix (`LOG_FILE`). */
  readonly env: string;
  /** Key in the config file, or null when it cannot be set there. */
  readonly configKey: SettingKey | null;
  /** Placeholder for the value in --help, e.g. `PATH`. */
  readonly metavar: string;
  /** One-line description for --help. */
  readonly help: string;
  /** The value when no layer sets it; the one place each default is defined. */
  readonly default: (ctx: Context) => unknown;
  /** Shown in --help; the real default may depend on the environment. */
  readonly defaultText: (p: Program) => string;
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

/** The settings table: one row drives the flag, the env var, the config key and --help. */
export const SETTINGS: Readonly<Record<SettingKey, SettingSpec>> = {
  logFile: {
    flag: "log-file",
    env: "LOG_FILE",
    configKey: "logFile",
    metavar: "PATH",
    help: "log file ('-' = stderr, foreground only)",
    default: (ctx) => ctx.program.logFile,
    defaultText: (p) => p.logFile,
    parse: path,
    isPath: true,
    reloadable: true,
  },
  pidFile: {
    flag: "pid-file",
    env: "PID_FILE",
    configKey: "pidFile",
    metavar: "PATH",
    help: "pid file, locked while the daemon runs",
    default: defaultPidFile,
    defaultText: defaultPidFileText,
    parse: path,
    isPath: true,
  },
  config: {
    flag: "config",
    env: "CONFIG",
    configKey: null,
    metavar: "PATH",
    help: "JSON config file, re-read on SIGHUP",
    default: () => null,
    defaultText: () => "none",
    parse: path,
    isPath: true,
  },
  umask: {
    flag: "umask",
    env: "UMASK",
    configKey: "umask",
    metavar: "OCTAL",
    help: "file-creation mask of the daemon",
    default: () => 0o022,
    defaultText: () => "022",
    parse: octalMask,
  },
  timeout: {
    flag: "timeout",
    env: "TIMEOUT",
    configKey: "timeout",
    metavar: "SECONDS",
    help: "stop: time to wait after SIGTERM before SIGKILL",
    default: () => 10,
    defaultText: () => "10",
    parse: seconds,
  },
  readyTimeout: {
    flag: "ready-timeout",
    env: "READY_TIMEOUT",
    configKey: "readyTimeout",
    metavar: "SECONDS",
    help: "start: time the daemon has to become ready",
    default: () => 10,
    defaultText: () => "10",
    parse: seconds,
  },
  logFormat: {
    flag: "log-format",
    env: "LOG_FORMAT",
    configKey: "logFormat",
    metavar: "FORMAT",
    help: "text or json (JSON Lines)",
    default: () => "text",
    defaultText: () => "text",
    parse: oneOf("text", "json"),
    reloadable: true,
  },
  logLevel: {
    flag: "log-level",
    env: "LOG_LEVEL",
    configKey: "logLevel",
    metavar: "LEVEL",
    help: "debug, info, warn or error",
    default: () => "info",
    defaultText: () => "info",
    parse: oneOf("debug", "info", "warn", "error"),
    reloadable: true,
  },
  user: {
    flag: "user",
    env: "USER",
    configKey: "user",
    metavar: "NAME",
    help: "run as this user (when started as root)",
    default: () => null,
    defaultText: () => "none",
    parse: name,
  },
  group: {
    flag: "group",
    env: "GROUP",
    configKey: "group",
    metavar: "NAME",
    help: "run as this group (default: the user's group)",
    default: () => null,
    defaultText: () => "none",
    parse: name,
  },
};

/** Settings keys in table order. */
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];
