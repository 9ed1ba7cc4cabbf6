import { DaemonError } from "../errors/errors.ts";
import { ExitCode } from "../errors/exit_codes.ts";

/**
 * Names among `names` whose value in our environment is not UTF-8.
 * Deno's `Deno.env.toObject()` silently leaves such a variable out, which
 * would turn a `MYDAEMON_PID_FILE` we cannot represent into the default pid
 * file; `Deno.env.get` of that one name throws `InvalidData` instead, which
 * asks the runtime for just the names we read, with no file to open.
 */
export function nonUtf8Variables(names: readonly string[]): string[] {
  return names.filter((name) => {
    try {
      Deno.env.get(name);
      return false;
    } catch (e) {
      if (e instanceof Deno.errors.InvalidData) return true;
      throw e;
    }
  });
}

/** Lists of names found clean: an environment, once clean, stays clean. */
const clean = new Set<string>();

/**
 * Refuses (exit 6) when a setting's variable is set to bytes that are not
 * UTF-8. A clean answer is kept: `Deno.env.set` takes only strings, so a
 * clean environment stays clean, and every SIGHUP would ask again in vain;
 * a dirty one refuses the start, so no reload ever sees it.
 */
export function refuseNonUtf8Environment(names: readonly string[], program: string): void {
  const key = names.join("\0");
  if (clean.has(key)) return;
  const bad = nonUtf8Variables(names);
  if (bad.length === 0) return void clean.add(key);
  throw new DaemonError(
    "use",
    "configuration",
    `${bad.join(", ")} is not UTF-8, which ${program} cannot use faithfully; use a UTF-8 value`,
    ExitCode.BadConfig,
  );
}
