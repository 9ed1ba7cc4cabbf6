import { UsageError } from "../errors/errors.ts";
import { SETTING_KEYS, type SettingKey, SETTINGS } from "../config/settings.ts";

/** The commands; a bare `mydaemon` means `start`. */
export const COMMANDS = [
  "start",
  "run",
  "stop",
  "restart",
  "reload",
  "status",
  "doctor",
  "logs",
  "service",
  "help",
  "version",
] as const;
/** One of {@link COMMANDS}. */
export type CommandName = typeof COMMANDS[number];

/** The command line, parsed but not yet validated against env and config. */
export interface ParsedArgs {
  /** The command given, or `start` when there was none. */
  readonly command: CommandName;
  /** Positionals after the command (`service print`). */
  readonly rest: readonly string[];
  /** Raw setting values from flags; validated later with the other layers. */
  readonly flags: Readonly<Partial<Record<SettingKey, string>>>;
  /** `--foreground`: stay in the foreground, as `run` does. */
  readonly foreground: boolean;
  /** `--help` was given anywhere: print usage instead of acting. */
  readonly help: boolean;
  /** `--version` was given anywhere: print the version instead of acting. */
  readonly version: boolean;
  /** `logs -n N` */
  readonly lines: number | null;
  /** `logs -f` */
  readonly follow: boolean;
  /** `service … --dry-run` */
  readonly dryRun: boolean;
  /** `service … --user|--system` */
  readonly scope: "user" | "system" | null;
  /** `service … --manager M --systemd-version N --exec-path P`, unchecked. */
  readonly service: Readonly<ServiceFlags>;
  /** `status --json`: one JSON object instead of text. */
  readonly json: boolean;
  /** `--env-file PATH`: variables in systemd EnvironmentFile= syntax, beneath the environment. */
  readonly envFile: string | null;
}

const BY_FLAG = new Map(SETTING_KEYS.map((k) => [SETTINGS[k].flag, k]));

interface State {
  command: CommandName | null;
  rest: string[];
  flags: Partial<Record<SettingKey, string>>;
  foreground: boolean;
  help: boolean;
  version: boolean;
  lines: number | null;
  follow: boolean;
  dryRun: boolean;
  scope: "user" | "system" | null;
  json: boolean;
  envFile: string | null;
  service: ServiceFlags;
}

/** The options only `service` takes. */
export interface ServiceFlags {
  manager?: string;
  systemdVersion?: string;
  execPath?: string;
}

/**
 * Parses argv. Options may stand before or after the command; `--opt=v` and
 * `--opt v` both work; `--` ends options. Throws {@link UsageError}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseArgv } from "./argv.ts";
 * const p = parseArgv(["status", "--pid-file", "/tmp/p"]);
 * assert.ok(p.command === "status" && p.flags.pidFile === "/tmp/p");
 * ```
 */
export function parseArgv(argv: readonly string[]): ParsedArgs {
  const s: State = {
    command: null,
    rest: [],
    flags: {},
    foreground: false,
    help: false,
    version: false,
    lines: null,
    follow: false,
    dryRun: false,
    scope: null,
    service: {},
    json: false,
    envFile: null,
  };
  let i = 0;
  while (i < argv.length) {
    const tok = argv[i++]!;
    if (tok === "--") {
      for (const t of argv.slice(i)) positional(s, t);
      break;
    }
    if (tok.startsWith("--")) i = longOption(s, tok, argv, i);
    else if (tok.startsWith("-") && tok.length > 1) i = shortOption(s, tok, argv, i);
    else positional(s, tok);
  }
  const command = s.command ?? "start";
  if (s.json && command !== "status" && !s.help) {
    throw new UsageError("option --json is only for status");
  }
  return { ...s, command };
}

function positional(s: State, tok: string): void {
  if (s.command === null) {
    if (!(COMMANDS as readonly string[]).includes(tok)) {
      throw new UsageError(`unknown command '${tok}'`);
    }
    s.command = tok as CommandName;
  } else if (s.command === "service" && s.rest.length === 0) {
    s.rest.push(tok);
  } else {
    throw new UsageError(`unexpected argument '${tok}'`);
  }
}

function takeValue(name: string, inline: string | undefined, argv: readonly string[], i: number) {
  if (inline !== undefined) return { value: inline, next: i };
  const value = argv[i];
  if (value === undefined) throw new UsageError(`option ${name} needs a value`);
  return { value, next: i + 1 };
}

const SERVICE_OPTIONS: Readonly<Record<string, keyof ServiceFlags>> = {
  "--manager": "manager",
  "--systemd-version": "systemdVersion",
  "--exec-path": "execPath",
};

function longOption(s: State, tok: string, argv: readonly string[], i: number): number {
  const eq = tok.indexOf("=");
  const name = eq === -1 ? tok : tok.slice(0, eq);
  const inline = eq === -1 ? undefined : tok.slice(eq + 1);
  if (s.command === "service" && (name === "--user" || name === "--system") && !inline) {
    s.scope = name === "--user" ? "user" : "system";
    return i;
  }
  const serviceKey = SERVICE_OPTIONS[name];
  if (s.command === "service" && serviceKey !== undefined) {
    const { value, next } = takeValue(name, inline, argv, i);
    s.service[serviceKey] = value;
    return next;
  }
  const key = BY_FLAG.get(name.slice(2));
  if (key) {
    const { value, next } = takeValue(name, inline, argv, i);
    s.flags[key] = value;
    return next;
  }
  if (name === "--lines") return setLines(s, name, takeValue(name, inline, argv, i));
  if (name === "--env-file") return setEnvFile(s, takeValue(name, inline, argv, i));
  const booleans: Record<string, (s: State) => void> = {
    "--help": (s) => s.help = true,
    "--version": (s) => s.version = true,
    "--foreground": (s) => s.foreground = true,
    "--follow": (s) => s.follow = true,
    "--dry-run": (s) => s.dryRun = true,
    "--json": (s) => s.json = true,
  };
  const set = booleans[name];
  if (!set) throw new UsageError(`unknown option '${name}'`);
  if (inline !== undefined) throw new UsageError(`option ${name} takes no value`);
  set(s);
  return i;
}

function shortOption(s: State, tok: string, argv: readonly string[], i: number): number {
  const flag = tok.slice(0, 2);
  const attached = tok.length > 2 ? tok.slice(2) : undefined;
  if (flag === "-n") return setLines(s, "-n", takeValue("-n", attached, argv, i));
  if (attached !== undefined) throw new UsageError(`unknown option '${tok}'`);
  if (flag === "-h") s.help = true;
  else if (flag === "-V") s.version = true;
  else if (flag === "-f") s.follow = true;
  else throw new UsageError(`unknown option '${tok}'`);
  return i;
}

function setLines(s: State, name: string, { value, next }: { value: string; next: number }) {
  if (!/^[0-9]{1,9}$/.test(value)) {
    throw new UsageError(`invalid ${name} '${value}': expected a whole number of lines`);
  }
  s.lines = Number(value);
  return next;
}

function setEnvFile(s: State, { value, next }: { value: string; next: number }) {
  const bad = value === ""
    ? "must not be empty"
    : value.includes("\0")
    ? "contains a NUL byte"
    : "";
  if (bad !== "") throw new UsageError(`invalid --env-file '${value}': ${bad}`);
  s.envFile = value;
  return next;
}
