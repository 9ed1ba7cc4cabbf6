import { absoluteFlags, absolutePath } from "../config/config.ts";
import { type SettingKey, SETTINGS } from "../config/settings.ts";
import { procFs } from "../os/proc_fs.ts";

/** The running program, as the relaunch needs to know it. */
export interface Self {
  /** `Deno.build.standalone`: a compiled binary rather than `deno run`. */
  readonly standalone: boolean;
  /** `Deno.execPath()`: the binary, or the deno executable. */
  readonly execPath: string;
  /** `Deno.mainModule`: the script under `deno run`. */
  readonly mainModule: string;
  /** Permission flags to pass `deno run` (ignored for a compiled binary). */
  readonly permissions: readonly string[];
  /**
   * How deno was started, between the executable and the program's own
   * arguments (`run -A --config deno.json main.ts`), when it can be known;
   * the relaunch repeats it, so the child gets the same import map,
   * config and permissions.
   */
  readonly launch?: readonly string[] | null;
}

/**
 * The running program. Its launch line is read from /proc only when a
 * relaunch asks for it (the daemon child and `stop` never do), and through
 * libc: Deno refuses /proc/self without --allow-all, and its refusal alone
 * costs a few milliseconds.
 */
export function currentSelf(permissions: readonly string[]): Self {
  const standalone = Deno.build.standalone;
  let launch: readonly string[] | null | undefined;
  return {
    standalone,
    execPath: Deno.execPath(),
    mainModule: Deno.mainModule,
    permissions,
    get launch() {
      if (launch === undefined) launch = standalone ? null : launchLine(readCmdline(), Deno.args);
      return launch;
    },
  };
}

function readCmdline(): string[] | null {
  try {
    return procFs().cmdline(Deno.pid);
  } catch {
    return null; // no /proc, or no libc binding here: use the fallback
  }
}

/**
 * deno's own arguments: the command line without the executable and without
 * the program's arguments at its end (`Deno.args`); null unless both line up.
 */
export function launchLine(
  cmdline: readonly string[] | null,
  args: readonly string[],
): string[] | null {
  if (cmdline === null || cmdline.length < args.length + 2) return null;
  const cut = cmdline.length - args.length;
  if (args.some((a, i) => cmdline[cut + i] !== a)) return null;
  return cmdline.slice(1, cut);
}

/** A program and its arguments. */
export interface CommandLine {
  /** Executable to run. */
  readonly cmd: string;
  /** Its arguments, without the program name. */
  readonly args: readonly string[];
}

/**
 * The command that starts the daemon child: the same program in `run` mode,
 * given the command-line flags only (env and config it reads itself, so that
 * a reload can still change what came from the config file). Paths are made
 * absolute, as the daemon changes to `/`.
 *
 * A compiled binary's `Deno.args` already carries any baked-in arguments, and
 * the binary adds them again on start, so they are not repeated here: the
 * build bakes none, and we pass only the flags we parsed.
 */
export function relaunchCommand(
  self: Self,
  flags: Readonly<Partial<Record<SettingKey, string>>>,
  cwd: string,
  envFile: string | null = null,
): CommandLine {
  const daemonArgs = ["run"];
  for (const [key, value] of Object.entries(absoluteFlags(flags, cwd)) as [SettingKey, string][]) {
    daemonArgs.push(`--${SETTINGS[key].flag}=${value}`);
  }
  // The child re-reads the env file itself, on start and on every SIGHUP.
  if (envFile !== null) daemonArgs.push(`--env-file=${absolutePath(cwd, envFile)}`);
  const again = self.launch && !self.standalone
    ? { cmd: execOf(self), args: self.launch }
    : selfCommand(self);
  return { cmd: again.cmd, args: [...again.args, ...daemonArgs] };
}

/**
 * How to run this very program again: the binary itself, or deno with our
 * permissions and script. Used by the relaunch and by generated unit files.
 */
export function selfCommand(self: Self): CommandLine {
  const exec = execOf(self);
  if (self.standalone) return { cmd: exec, args: [] };
  const script = self.mainModule.startsWith("file://")
    ? decodeURIComponent(new URL(self.mainModule).pathname)
    : self.mainModule;
  return { cmd: exec, args: ["run", ...self.permissions, "--no-prompt", "--no-config", script] };
}

function execOf(self: Self): string {
  // After an in-place upgrade Linux shows "<path> (deleted)"; the path now
  // holds the new version, which is what a fresh start should run anyway.
  return self.execPath.replace(/ \(deleted\)$/, "");
}
