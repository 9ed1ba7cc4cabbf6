import { ExitCode } from "../errors/exit_codes.ts";
import type { DaemonOptions, Running } from "./lifecycle_types.ts";
import { hookContext, warnNotify } from "./reload.ts";
import { removeState } from "./state_file.ts";
import { mark } from "../detach/trace.ts";

/** How the stop hook ended. */
type HookEnd = { readonly kind: "done" } | { readonly kind: "late" } | {
  readonly kind: "threw";
  readonly error: string;
};

/** Runs the stop hook within `timeoutMs`; a throw or an overrun is an outcome, not an escape. */
async function runStopHook(r: Running, opts: DaemonOptions, timeoutMs: number): Promise<HookEnd> {
  const hook = opts.hooks?.onStop;
  if (!hook) return { kind: "done" };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<HookEnd>((res) => timer = setTimeout(res, timeoutMs, { kind: "late" }));
  const ctx = hookContext(r.log, r.settings, r.config, r.abort);
  const done = Promise.resolve().then(() => hook(ctx)).then(
    (): HookEnd => ({ kind: "done" }),
    (e): HookEnd => ({ kind: "threw", error: e instanceof Error ? e.message : String(e) }),
  );
  try {
    return await Promise.race([done, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * SIGTERM/SIGINT: abort the hooks' signal, run the stop hook within the
 * deadline, then — whatever the hook did — remove the pid file (unlink before
 * unlock) and the state file, and log `stopped`. A hook that threw or overran
 * makes the exit code 1 and is named on the `stopped` line.
 */
export async function shutDown(
  r: Running,
  opts: DaemonOptions,
  signal: Deno.Signal,
): Promise<ExitCode> {
  mark("stopping");
  r.log.info("stopping", { signal });
  r.stopWatchdog();
  warnNotify(r.log, opts.notifier?.stopping?.());
  r.abort.abort();
  const end = await runStopHook(r, opts, r.settings.timeout * 1000);
  if (end.kind === "late") {
    r.log.error("stop hook overran its deadline", { timeout: r.settings.timeout });
  }
  try {
    // A successor started after our pid file was removed owns the state now.
    if (r.pidLock.ours()) removeState(r.settings.pidFile);
  } catch (err) {
    r.log.warn("cannot remove state file", { error: (err as Error).message });
  }
  const warning = r.pidLock.release();
  mark("released");
  if (warning) r.log.warn(warning);
  if (end.kind === "threw") r.log.error("stopped", { signal, error: `stop hook: ${end.error}` });
  else r.log.info("stopped", { signal });
  r.log.close();
  return end.kind === "done" ? ExitCode.Ok : ExitCode.Failure;
}
