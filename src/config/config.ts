import { DaemonError, UsageError } from "../errors/errors.ts";
import { readConfigText } from "./config_file_read.ts";
import { ExitCode } from "../errors/exit_codes.ts";
import { envPrefix, type Program } from "./program.ts";
import { SETTING_KEYS, type SettingKey, SETTINGS, type Settings } from "./settings.ts";

/** Raw values of one layer (flags, environment or config file), as strings. */
export type RawLayer = Readonly<Partial<Record<SettingKey, string>>>;

/** A config file, read and checked for shape, values still raw. */
export interface ConfigFile {
  /** The file it was read from, as named in messages. */
  readonly path: string;
  /** Its settings; paths already made absolute against the file's directory. */
  readonly values: RawLayer;
  /** The program's own keys ({@link Program.configKeys}), values as parsed. */
  readonly own: Readonly<Record<string, unknown>>;
}

/** What the defaults depend on. */
export interface Context {
  /** Directory relative paths from flags and env are resolved against. */
  readonly cwd: string;
  /** Our uid (null where unknown); root gets system-wide defaults. */
  readonly uid: number | null;
  /** The environment: `<NAME>_*` settings and the XDG/HOME directories. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whose defaults and variables: the program's name decides them. */
  readonly program: Program;
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

/** A setting's environment variable: the program's prefix and the table's suffix. */
export function envVar(key: SettingKey, p: Pick<Program, "name">): string {
  return envPrefix(p) + SETTINGS[key].env;
}

/** The environment layer: `<NAME>_*` variables that are set and non-empty. */
export function envLayer(env: Context["env"], p: Pick<Program, "name">): RawLayer {
  const out: Partial<Record<SettingKey, string>> = {};
  for (const k of SETTING_KEYS) {
    const v = env[envVar(k, p)];
    if (v !== undefined && v !== "") out[k] = v;
  }
  return out;
}

/**
 * Checks a parsed config file's shape: an object of known keys, settings with
 * scalar values; the program's `ownKeys` are kept as parsed for its validator.
 */
export function configLayer(
  path: string,
  data: unknown,
  ownKeys: readonly string[] = [],
): ConfigFile {
  const fail = (reason: string) =>
    new DaemonError("load", `config ${path}`, reason, ExitCode.BadConfig);
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw fail("expected a JSON object");
  }
  const values: Partial<Record<SettingKey, string>> = {};
  const own: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(data)) {
    if (ownKeys.includes(key)) {
      own[key] = v;
      continue;
    }
    const spec = SETTINGS[key as SettingKey];
    if (!spec?.configKey) throw fail(`unknown key "${key}"`);
    if (typeof v !== "string" && typeof v !== "number") {
      throw fail(`"${key}": expected a string or a number`);
    }
    values[key as SettingKey] = absoluteValue(key as SettingKey, String(v), dirname(path));
  }
  return { path, values, own };
}

/** Reads (see {@link readConfigText}) and checks a config file; errors name the file. */
export function loadConfigFile(path: string, ownKeys: readonly string[] = []): ConfigFile {
  const text = readConfigText(path);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const reason = `invalid JSON: ${(err as Error).message}`;
    throw new DaemonError("load", `config ${path}`, reason, ExitCode.BadConfig);
  }
  return configLayer(path, data, ownKeys);
}

/** Which config file to read: flag, then environment. */
export function configPath(flags: RawLayer, ctx: Context): string | null {
  const raw = flags.config ?? envLayer(ctx.env, ctx.program).config;
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
  const env = envLayer(ctx.env, ctx.program);
  const out: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    const spec = SETTINGS[key];
    const [raw, origin] = flags[key] !== undefined
      ? [flags[key], `--${spec.flag}`]
      : env[key] !== undefined
      ? [env[key], envVar(key, ctx.program)]
      : [file?.values[key], `"${key}" in config ${file?.path}`];
    if (raw === undefined) {
      out[key] = spec.default(ctx);
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
  return out as unknown as Settings;
}
