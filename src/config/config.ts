import { DaemonError, UsageError } from "../errors/errors.ts";
import { readConfigText } from "./config_file_read.ts";
import { ExitCode } from "../errors/exit_codes.ts";
import {
  DEFAULT_LOG_FILE,
  SETTING_KEYS,
  type SettingKey,
  SETTINGS,
  type Settings,
  SYSTEM_PID_FILE,
} from "./settings.ts";

/** Raw values of one layer (flags, environment or config file), as strings. */
export type RawLayer = Readonly<Partial<Record<SettingKey, string>>>;

/** A config file, read and checked for shape, values still raw. */
export interface ConfigFile {
  /** The file it was read from, as named in messages. */
  readonly path: string;
  /** Its settings; paths already made absolute against the file's directory. */
  readonly values: RawLayer;
}

/** What the defaults depend on. */
export interface Context {
  /** Directory relative paths from flags and env are resolved against. */
  readonly cwd: string;
  /** Our uid (null where unknown); root gets system-wide defaults. */
  readonly uid: number | null;
  /** The environment: `MYDAEMON_*` settings and the XDG/HOME directories. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Joins and normalises a path against `base` when it is relative. */
export function absolutePath(base: string, p: string): string {
  const parts: string[] = [];
  for (const seg of (p.startsWith("/") ? p : `${base}/${p}`).split("/")) {
    if (seg === "..") parts.pop();
    else if (seg !== "" && seg !== ".") parts.push(seg);
  }
  return "/" + parts.join("/");
}

/**
 * A setting's raw value with a path made absolute against `base`; `-` (the
 * log on stderr) and non-path settings stay as they are. The one rule for
 * flags, the environment and the config file alike.
 */
export function absoluteValue(key: SettingKey, raw: string, base: string): string {
  return SETTINGS[key].isPath && raw !== "-" ? absolutePath(base, raw) : raw;
}

/** Every path flag made absolute against `base` (see {@link absoluteValue}). */
export function absoluteFlags(flags: RawLayer, base: string): RawLayer {
  const out: Partial<Record<SettingKey, string>> = {};
  for (const [key, raw] of Object.entries(flags) as [SettingKey, string][]) {
    out[key] = absoluteValue(key, raw, base);
  }
  return out;
}

function dirname(p: string): string {
  return p.slice(0, p.lastIndexOf("/")) || "/";
}

/** Per-user pid file default: never in shared /tmp when a private place exists. */
export function defaultPidFile(ctx: Context): string {
  if (ctx.uid === 0) return "/run/mydaemon.pid";
  const { XDG_RUNTIME_DIR: run, XDG_STATE_HOME: state, HOME: home } = ctx.env;
  if (run?.startsWith("/")) return `${run}/mydaemon.pid`;
  if (state?.startsWith("/")) return `${state}/mydaemon/mydaemon.pid`;
  if (home?.startsWith("/")) return `${home}/.local/state/mydaemon/mydaemon.pid`;
  return `/tmp/mydaemon-${ctx.uid ?? "user"}.pid`;
}

/** The environment layer: `MYDAEMON_*` variables that are set and non-empty. */
export function envLayer(env: Context["env"]): RawLayer {
  const out: Partial<Record<SettingKey, string>> = {};
  for (const k of SETTING_KEYS) {
    const v = env[SETTINGS[k].env];
    if (v !== undefined && v !== "") out[k] = v;
  }
  return out;
}

/** Checks a parsed config file's shape: an object of known keys with scalar values. */
export function configLayer(path: string, data: unknown): ConfigFile {
  const fail = (reason: string) =>
    new DaemonError("load", `config ${path}`, reason, ExitCode.BadConfig);
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw fail("expected a JSON object");
  }
  const values: Partial<Record<SettingKey, string>> = {};
  for (const [key, v] of Object.entries(data)) {
    const spec = SETTINGS[key as SettingKey];
    if (!spec?.configKey) throw fail(`unknown key "${key}"`);
    if (typeof v !== "string" && typeof v !== "number") {
      throw fail(`"${key}": expected a string or a number`);
    }
    values[key as SettingKey] = absoluteValue(key as SettingKey, String(v), dirname(path));
  }
  return { path, values };
}

/** Reads (see {@link readConfigText}) and checks a config file; errors name the file. */
export function loadConfigFile(path: string): ConfigFile {
  const text = readConfigText(path);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const reason = `invalid JSON: ${(err as Error).message}`;
    throw new DaemonError("load", `config ${path}`, reason, ExitCode.BadConfig);
  }
  return configLayer(path, data);
}

/** Which config file to read: flag, then environment. */
export function configPath(flags: RawLayer, ctx: Context): string | null {
  const raw = flags.config ?? envLayer(ctx.env).config;
  return raw === undefined ? null : absoluteValue("config", raw, ctx.cwd);
}

/**
 * Merges the layers, flag > env > config > default, and validates each value.
 * A bad flag is a usage error (exit 2); a bad env or config value is a
 * configuration error (exit 6). Both name where the value came from.
 */
export function resolveSettings(flags: RawLayer, ctx: Context, file: ConfigFile | null): Settings {
  // Usage errors first: a mistyped flag is reported as such, whatever else is wrong.
  for (const key of SETTING_KEYS) {
    const raw = flags[key];
    const parsed = raw === undefined ? null : SETTINGS[key].parse(raw);
    if (parsed && !parsed.ok) {
      throw new UsageError(`invalid --${SETTINGS[key].flag} '${raw}': ${parsed.reason}`);
    }
  }
  const env = envLayer(ctx.env);
  const out: Record<string, unknown> = {};
  const defaulted = new Set<SettingKey>();
  for (const key of SETTING_KEYS) {
    const spec = SETTINGS[key];
    const [raw, origin] = flags[key] !== undefined
      ? [flags[key], `--${spec.flag}`]
      : env[key] !== undefined
      ? [env[key], spec.env]
      : [file?.values[key], `"${key}" in config ${file?.path}`];
    if (raw === undefined) {
      out[key] = defaultValue(key, ctx);
      defaulted.add(key);
      continue;
    }
    const parsed = spec.parse(raw);
    if (!parsed.ok) {
      const reason = `invalid ${origin} '${raw}': ${parsed.reason}`;
      if (origin.startsWith("--")) throw new UsageError(reason);
      throw new DaemonError("use", "configuration", reason, ExitCode.BadConfig);
    }
    // Config-file paths were made absolute against the file's directory.
    const isFromFile = origin.startsWith('"');
    out[key] = spec.isPath && !isFromFile ? absoluteValue(key, raw, ctx.cwd) : parsed.value;
  }
  // Root dropping to --user: the user must be able to remove its pid file.
  if (defaulted.has("pidFile") && out.user !== null && ctx.uid === 0) {
    out.pidFile = SYSTEM_PID_FILE;
  }
  return out as unknown as Settings;
}

function defaultValue(key: SettingKey, ctx: Context): unknown {
  const defaults: Settings = {
    logFile: DEFAULT_LOG_FILE,
    pidFile: defaultPidFile(ctx),
    config: null,
    umask: 0o022,
    timeout: 10,
    readyTimeout: 10,
    logFormat: "text",
    logLevel: "info",
    user: null,
    group: null,
  };
  return defaults[key];
}
