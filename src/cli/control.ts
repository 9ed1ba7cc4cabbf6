import type { ParsedArgs } from "./argv.ts";
import { parseArgv } from "./argv.ts";
import type { Behaviour, CommandContext } from "./commands/context.ts";
import { loadSettings, pidOwners } from "./commands/context.ts";
import { reload } from "./commands/reload.ts";
import { verify } from "./commands/status.ts";
import { stopDaemon, type StopOutcome } from "./commands/stop.ts";
import type { Program } from "../config/program.ts";
import type { Settings } from "../config/settings.ts";
import { probePidFile } from "../files/pid_file.ts";
import { type DaemonState, readState } from "../lifecycle/state_file.ts";
import { currentSelf } from "../detach/relaunch.ts";
import { DaemonError } from "../errors/errors.ts";

/** Which instance to manage: settings as flags would give them, and the environment. */
export interface ControlOptions {
  /** Like command-line flags: `{ pidFile: "/run/acme/acme.pid" }`. */
  readonly flags?: Readonly<Partial<Record<keyof Settings, string>>>;
  /** The environment for `<NAME>_*` and the default paths; default: ours. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** What relative paths are resolved against; default: our cwd. */
  readonly cwd?: string;
}

/** What `status` learns. */
export interface DaemonStatus {
  /**
   * `running`: our daemon holds the pid file's lock; `stale`: a pid file without a holder;
   * `unreadable`: the file cannot be read, holds no pid, or a process that is not our daemon holds it.
   */
  readonly kind: "running" | "stale" | "absent" | "unreadable";
  /** The running daemon's pid, when known. */
  readonly pid: number | null;
  /** What the daemon records for `status` (uptime, reloads, version), when running. */
  readonly state: DaemonState | null;
  /** The pid file looked at. */
  readonly pidFile: string;
}

/** The outcome of a reload request. */
export interface ReloadResult {
  /** True when the daemon applied the new configuration. */
  readonly ok: boolean;
  /** `reloaded (pid …)`, or why not (with which configuration stays in force). */
  readonly message: string;
}

/**
 * Manages a running instance.
 *
 * @example A supervisor's view of an instance that is not running
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineDaemon } from "../mod.ts";
 *
 * const dir = Deno.makeTempDirSync();
 * const control = defineDaemon({ name: "acme", version: "1.0.0", start() {} })
 *   .control({ flags: { pidFile: `${dir}/acme.pid` } });
 * assert.equal((await control.status()).pid, null);
 * assert.deepEqual(await control.stop(), { kind: "not-running", staleRemoved: false });
 * assert.equal((await control.reload()).ok, false); // nobody to reload: says so, never throws
 * Deno.removeSync(dir);
 * ```
 */
export interface DaemonControl {
  /** Looks at the pid file and state; never signals. */
  status(): Promise<DaemonStatus>;
  /** SIGTERM, wait, SIGKILL after the stop timeout; fine when not running. */
  stop(): Promise<StopOutcome>;
  /** SIGHUP, and wait until the daemon confirms; resolves, never rejects for a refusal. */
  reload(): Promise<ReloadResult>;
}

/** The control API over the CLI's own commands, so both tell the same truth. */
export function daemonControl(
  program: Program,
  behaviour: Behaviour,
  options: ControlOptions,
): DaemonControl {
  const args: ParsedArgs = { ...parseArgv([]), flags: options.flags ?? {} };
  const ctx = {
    cwd: options.cwd ?? Deno.cwd(),
    uid: Deno.uid(),
    env: options.env ?? Deno.env.toObject(),
    program,
  };
  const c = { args, ctx };
  return {
    status() {
      const settings = loadSettings(c);
      const probe = probePidFile(settings.pidFile, pidOwners(settings));
      const pidFile = settings.pidFile;
      if (probe.kind === "running") {
        // The same proof as `status`: a foreign lock holder is no daemon of ours.
        const holder = verify({ self: currentSelf([]) }, pidFile, pidOwners(settings));
        if (holder.kind === "released") {
          return Promise.resolve({ kind: "absent", pid: null, state: null, pidFile });
        }
        if (holder.kind === "unproven") {
          return Promise.resolve({ kind: "unreadable", pid: null, state: null, pidFile });
        }
      }
      const state = probe.kind === "running" ? readState(pidFile) : null;
      const pid = "pid" in probe ? probe.pid : null;
      return Promise.resolve({ kind: probe.kind, pid, state, pidFile });
    },
    async stop() {
      const s = loadSettings(c);
      return await stopDaemon(s.pidFile, s.timeout * 1000, pidOwners(s), currentSelf([]));
    },
    async reload() {
      let message = "";
      const capture = { stdout: () => {}, stderr: (t: string) => message += t };
      const full: CommandContext = { ...c, self: currentSelf([]), io: capture, behaviour };
      try {
        const code = await reload(full);
        return { ok: code === 0, message: message.replace(`${program.name}: `, "").trim() };
      } catch (err) {
        if (!(err instanceof DaemonError)) throw err;
        return { ok: false, message: err.message };
      }
    },
  };
}
