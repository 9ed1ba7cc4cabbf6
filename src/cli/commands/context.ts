import type { ParsedArgs } from "../argv.ts";
import {
  absolutePath,
  type ConfigFile,
  configPath,
  type Context,
  loadConfigFile,
  resolveSettings,
} from "../../config/config.ts";
import type { Self } from "../../detach/relaunch.ts";
import { DaemonError } from "../../errors/errors.ts";
import { ExitCode } from "../../errors/exit_codes.ts";
import type { DaemonHooks, Loaded } from "../../lifecycle/lifecycle_types.ts";
import { lookupIdentity } from "../../os/identity.ts";
import { SETTING_KEYS, SETTINGS, type Settings } from "../../config/settings.ts";
import { refuseNonUtf8Environment } from "../../config/env_bytes.ts";
import { envPrefix } from "../../config/program.ts";
import { loadEnvFile, withEnvFile } from "../../config/env_file_load.ts";

/** Output, passed in so commands can be run against buffers in tests. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** The program's own part: its hooks and the validator of its config keys. */
export interface Behaviour {
  /** Start, reload and stop work. */
  readonly hooks: DaemonHooks;
  /** Turns the program's own config values into what its hooks get; throws with a reason. */
  readonly validate?: (raw: Readonly<Record<string, unknown>>) => unknown;
}

/** What every command gets; `ctx.program` says whose command it is. */
export interface CommandContext {
  readonly args: ParsedArgs;
  readonly ctx: Context;
  readonly self: Self;
  readonly io: Io;
  readonly behaviour: Behaviour;
}

/**
 * The context with `--env-file`'s variables beneath the environment. They are
 * not exported: the daemon re-reads the file (relaunch, SIGHUP), and an
 * exported copy would shadow the edited file as "the environment".
 */
function envFileContext(c: Pick<CommandContext, "args" | "ctx">): Context {
  if (c.args.envFile === null) return c.ctx;
  const vars = loadEnvFile(absolutePath(c.ctx.cwd, c.args.envFile));
  return { ...c.ctx, env: withEnvFile(c.ctx.env, vars) };
}

function readConfig(c: Pick<CommandContext, "args" | "ctx">): ConfigFile | null {
  refuseNonUtf8Environment(
    SETTING_KEYS.map((k) => `${envPrefix(c.ctx.program)}${SETTINGS[k].env}`),
    c.ctx.program.name,
  );
  const path = configPath(c.args.flags, c.ctx);
  return path === null ? null : loadConfigFile(path, c.ctx.program.configKeys);
}

/** Resolves the settings for this invocation: flags > env > config file > defaults. */
export function loadSettings(c: Pick<CommandContext, "args" | "ctx">): Settings {
  const ctx = envFileContext(c);
  return resolveSettings(c.args.flags, ctx, readConfig({ args: c.args, ctx }));
}

/** What loadAll found for a context with nothing to re-read. */
const fixed = new WeakMap<object, Loaded>();

/**
 * Settings and the program's own config, from one read of the file (start and
 * SIGHUP). With no config file, no env file and no validator, the answer
 * depends only on the flags and the environment we started with, which
 * never change: a SIGHUP then re-reads nothing, for there is nothing to re-read.
 */
export function loadAll(c: Pick<CommandContext, "args" | "ctx" | "behaviour">): Loaded {
  const known = fixed.get(c);
  if (known) return known;
  const loaded = loadAllNow(c);
  const nothingToRead = c.args.envFile === null && !c.behaviour.validate &&
    configPath(c.args.flags, c.ctx) === null;
  if (nothingToRead) fixed.set(c, loaded);
  return loaded;
}

function loadAllNow(c: Pick<CommandContext, "args" | "ctx" | "behaviour">): Loaded {
  const ctx = envFileContext(c);
  const file = readConfig({ args: c.args, ctx });
  const settings = resolveSettings(c.args.flags, ctx, file);
  const validate = c.behaviour.validate;
  if (!validate) return { settings, config: undefined };
  try {
    return { settings, config: validate(file?.own ?? {}) };
  } catch (err) {
    const where = file === null ? "configuration" : `config ${file.path}`;
    const reason = err instanceof Error ? err.message : String(err);
    throw new DaemonError("use", where, reason, ExitCode.BadConfig);
  }
}

/**
 * Owners whose pid file we trust besides ourselves and root: the `--user` the
 * daemon runs as. Anyone else's could name a pid we must not signal.
 */
export function pidOwners(settings: Settings): number[] {
  return settings.user === null ? [] : [lookupIdentity(settings.user, settings.group).uid];
}
