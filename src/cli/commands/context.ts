import type { ParsedArgs } from "../argv.ts";
import { configPath, type Context, loadConfigFile, resolveSettings } from "../../config/config.ts";
import type { Self } from "../../detach/relaunch.ts";
import { lookupIdentity } from "../../os/identity.ts";
import { SETTING_KEYS, SETTINGS, type Settings } from "../../config/settings.ts";
import { refuseNonUtf8Environment } from "../../config/env_bytes.ts";

/** Output, passed in so commands can be run against buffers in tests. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** What every command gets. */
export interface CommandContext {
  readonly args: ParsedArgs;
  readonly ctx: Context;
  readonly self: Self;
  readonly io: Io;
}

/** Resolves the settings for this invocation: flags > env > config file > defaults. */
export function loadSettings(c: Pick<CommandContext, "args" | "ctx">): Settings {
  refuseNonUtf8Environment(SETTING_KEYS.map((k) => SETTINGS[k].env));
  const path = configPath(c.args.flags, c.ctx);
  const file = path === null ? null : loadConfigFile(path);
  return resolveSettings(c.args.flags, c.ctx, file);
}

/**
 * Owners whose pid file we trust besides ourselves and root: the `--user` the
 * daemon runs as. Anyone else's could name a pid we must not signal.
 */
export function pidOwners(settings: Settings): number[] {
  return settings.user === null ? [] : [lookupIdentity(settings.user, settings.group).uid];
}
