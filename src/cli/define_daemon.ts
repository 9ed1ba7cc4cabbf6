import { parseArgv } from "./argv.ts";
import type { Behaviour, CommandContext, Io } from "./commands/context.ts";
import { dispatch, reportError } from "./dispatch.ts";
import { type ControlOptions, type DaemonControl, daemonControl } from "./control.ts";
import {
  defaultLogFile,
  envPrefix,
  type Program,
  PROGRAM_NAME,
  readyFdEnv,
} from "../config/program.ts";
import type { Settings } from "../config/settings.ts";
import { RUNTIME_PERMISSIONS } from "../detach/permissions.ts";
import { currentSelf } from "../detach/relaunch.ts";
import { mark, startTrace, traceEnv } from "../detach/trace.ts";
import type { Logger } from "../log/logger.ts";
import { writeAllSync } from "../log/logger.ts";

/**
 * What each hook of your daemon gets.
 *
 * @example Timers that end with the daemon
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineDaemon } from "../mod.ts";
 *
 * const daemon = defineDaemon({
 *   name: "ticker",
 *   version: "1.0.0",
 *   start(ctx) {
 *     const timer = setInterval(() => ctx.log.debug("tick"), 1000);
 *     ctx.signal.addEventListener("abort", () => clearInterval(timer));
 *     ctx.log.info("ticking", { log_file: ctx.settings.logFile });
 *   },
 * });
 * assert.equal(daemon.program.name, "ticker");
 * ```
 */
export interface DaemonContext<C> {
  /** The daemon's log: `ctx.log.info("msg", { key: "value" })`. */
  readonly log: Logger;
  /** The daemon settings in force (for `reload`: the new ones, not yet in force). */
  readonly settings: Settings;
  /** Your config, as your `config.validate` returned it. */
  readonly config: C;
  /** Aborted when the daemon is told to stop: pass it to `Deno.serve` and timers. */
  readonly signal: AbortSignal;
}

/**
 * Your own keys in the daemon's JSON config file, read at start and on every SIGHUP.
 *
 * @example A port of your own, checked
 * ```ts
 * import assert from "node:assert/strict";
 * import type { ConfigSpec } from "../mod.ts";
 *
 * const config: ConfigSpec<{ port: number }> = {
 *   keys: ["port"],
 *   validate(raw) {
 *     const port = raw.port ?? 8080;
 *     if (!Number.isInteger(port)) throw new Error("port must be a whole number");
 *     return { port: port as number };
 *   },
 * };
 * assert.deepEqual(config.validate({ port: 9000 }), { port: 9000 });
 * assert.throws(() => config.validate({ port: "x" }), /whole number/);
 * ```
 */
export interface ConfigSpec<C> {
  /** The keys you accept; any other key that is not a daemon setting is refused. */
  readonly keys: readonly string[];
  /** Checks the values of `keys` present in the file; returns what your hooks get, or throws. */
  validate(raw: Readonly<Record<string, unknown>>): C;
}

/**
 * Your daemon: its identity and its work.
 *
 * @example Names follow from `name`
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineDaemon, type DaemonSpec } from "../mod.ts";
 *
 * const spec: DaemonSpec = {
 *   name: "acme-web",
 *   version: "2.1.0",
 *   description: "serves acme's pages",
 *   start(ctx) { ctx.log.info("serving"); },
 * };
 * assert.equal(defineDaemon(spec).program.name, "acme-web"); // ACME_WEB_LOG_FILE, …
 * ```
 */
export interface DaemonSpec<C = undefined> {
  /** Lower-case name (`acme`, `acme-web`): messages, `ACME_*`, paths, unit. */
  readonly name: string;
  /** Your version: `version`, `started version=…`, `status`. */
  readonly version: string;
  /** One line for `--help`. */
  readonly description?: string;
  /** `deno run` permission flags for a relaunch that cannot copy the command line. */
  readonly permissions?: readonly string[];
  /** The log file when none is given; default `/tmp/<name>.log`. */
  readonly logFile?: string;
  /** URL for the systemd unit's `Documentation=`. */
  readonly docs?: string;
  /** Your own config keys. */
  readonly config?: ConfigSpec<C>;
  /** Starts your work; the daemon is ready once it resolves. Throwing fails the start. */
  start(ctx: DaemonContext<C>): void | Promise<void>;
  /** On SIGHUP, with the new settings and config; throwing keeps the previous ones. */
  reload?(ctx: DaemonContext<C>): void | Promise<void>;
  /** On stop, within the stop timeout; files are cleaned up even if it throws. */
  stop?(ctx: DaemonContext<C>): void | Promise<void>;
}

/**
 * What {@link defineDaemon} returns.
 *
 * @example The whole CLI, and control of an instance
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineDaemon, ExitCode } from "../mod.ts";
 *
 * const daemon = defineDaemon({ name: "acme", version: "1.2.3", start() {} });
 * assert.equal(await daemon.main(["--version"]), ExitCode.Ok); // prints "acme 1.2.3"
 * const dir = Deno.makeTempDirSync();
 * const status = await daemon.control({ flags: { pidFile: `${dir}/acme.pid` } }).status();
 * assert.equal(status.kind, "absent"); // nothing started: nothing running
 * Deno.removeSync(dir);
 * ```
 */
export interface Daemon {
  /** Who it is; every name, variable and default path follows from it. */
  readonly program: Program;
  /** Runs the whole CLI on `args`; resolves with the exit code for `Deno.exit`. */
  main(args: readonly string[]): Promise<number>;
  /** Status, stop and reload of a running instance, for programs that manage it. */
  control(options?: ControlOptions): DaemonControl;
}

const enc = new TextEncoder();
const STDIO: Io = {
  stdout: (t) => writeAllSync(Deno.stdout, enc.encode(t)),
  stderr: (t) => writeAllSync(Deno.stderr, enc.encode(t)),
};

function programOf<C>(spec: DaemonSpec<C>): Program {
  if (!PROGRAM_NAME.test(spec.name)) {
    throw new TypeError(`defineDaemon: invalid name '${spec.name}' (expected like acme-web)`);
  }
  return {
    name: spec.name,
    version: spec.version,
    description: spec.description ?? `the ${spec.name} daemon`,
    logFile: spec.logFile ?? defaultLogFile(spec.name),
    configKeys: spec.config?.keys ?? [],
    permissions: spec.permissions ?? RUNTIME_PERMISSIONS,
    ...(spec.docs === undefined ? {} : { docs: spec.docs }),
  };
}

function behaviourOf<C>(spec: DaemonSpec<C>): Behaviour {
  // The engine's hooks are untyped; the config they get is what validate returned.
  type Hook = (ctx: DaemonContext<unknown>) => void | Promise<void>;
  const hooks = {
    onStart: spec.start.bind(spec) as Hook,
    ...(spec.reload ? { onReload: spec.reload.bind(spec) as Hook } : {}),
    ...(spec.stop ? { onStop: spec.stop.bind(spec) as Hook } : {}),
  };
  const config = spec.config;
  return config ? { hooks, validate: (raw) => config.validate(raw) } : { hooks };
}

/**
 * Defines a daemon: give it a name, a version and its work, and get the whole
 * CLI (start, run, stop, restart, reload, status, logs, service, help,
 * version) under that name.
 *
 * @example A daemon of your own
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineDaemon } from "./define_daemon.ts";
 *
 * const daemon = defineDaemon({
 *   name: "acme",
 *   version: "1.2.3",
 *   start(ctx) { ctx.log.info("work begins"); },
 * });
 * assert.equal(daemon.program.name, "acme");
 * assert.equal(daemon.program.logFile, "/tmp/acme.log");
 * // In your main.ts: if (import.meta.main) Deno.exit(await daemon.main(Deno.args));
 * ```
 */
export function defineDaemon<C = undefined>(spec: DaemonSpec<C>): Daemon {
  const program = programOf(spec);
  const behaviour = behaviourOf(spec);
  const context = (argv: readonly string[], io: Io): CommandContext => ({
    args: parseArgv(argv),
    ctx: { cwd: Deno.cwd(), uid: Deno.uid(), env: Deno.env.toObject(), program },
    self: currentSelf(program.permissions),
    io,
    behaviour,
  });
  return {
    program,
    async main(args) {
      // Run the command off the caller's stack. V8 finds source positions
      // lazily: the first Error made while a module's top-level code is on
      // the stack (ours throw and catch some on every start) has it reparse
      // that whole module, ~5 ms for our 150 KB bundle, and the caller's
      // top level is beneath us until our first await.
      await Promise.resolve();
      const who = Deno.env.get(readyFdEnv(program)) === undefined ? "launcher" : "child";
      startTrace(Deno.env.get(traceEnv(envPrefix(program))), who);
      mark("main");
      try {
        return await dispatch(context(args, STDIO));
      } catch (err) {
        return reportError(err, program.name, STDIO.stderr);
      } finally {
        mark("exit");
      }
    },
    control: (options = {}) => daemonControl(program, behaviour, options),
  };
}
