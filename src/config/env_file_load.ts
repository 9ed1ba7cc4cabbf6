import { DaemonError } from "../errors/errors.ts";
import { ExitCode } from "../errors/exit_codes.ts";
import { readSmallText } from "./config_file_read.ts";
import { EnvFileSyntaxError, parseEnvFile } from "./env_file.ts";

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads an env file through the config file's safe open (no symlink swaps,
 * no FIFOs, at most 1 MiB, strict UTF-8) and parses it. Errors read
 * `cannot read env file <path>: <reason>`, exit 6.
 */
export function loadEnvFile(path: string): Record<string, string> {
  const text = readSmallText(path, "env file", "read");
  try {
    return Object.fromEntries(parseEnvFile(text));
  } catch (err) {
    if (!(err instanceof EnvFileSyntaxError)) throw err;
    throw new DaemonError("read", `env file ${path}`, err.message, ExitCode.BadConfig);
  }
}

/**
 * The environment with the env file's variables beneath it: a variable that
 * is already set (and not empty) keeps its value, so the precedence is
 * flag > environment > env file > config file > default.
 */
export function withEnvFile(env: Env, file: Readonly<Record<string, string>>): Env {
  const out: Record<string, string | undefined> = { ...env };
  for (const [k, v] of Object.entries(file)) if (!env[k]) out[k] = v;
  return out;
}
