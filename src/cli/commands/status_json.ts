import type { DaemonState } from "../../lifecycle/state_file.ts";

/**
 * `status --json`: the schema's one definition. Bump {@link STATUS_SCHEMA}
 * on any incompatible change (a field removed, renamed or retyped); adding a
 * field is compatible and keeps the number.
 */
export const STATUS_SCHEMA = 1;

/** What `status` found, before it is printed either way. */
export type StatusFacts =
  | { readonly kind: "running"; readonly pid: number | null; readonly state: DaemonState | null }
  | { readonly kind: "not_running" }
  | { readonly kind: "dead"; readonly pid: number | null }
  | { readonly kind: "unknown"; readonly reason: string };

/** The last reload: when, whether it was applied, and why not. */
export interface LastReload {
  /** RFC 3339 UTC, or null when the daemon predates this field. */
  readonly time: string | null;
  /** `ok` (applied) or `refused` (the previous configuration stays). */
  readonly result: "ok" | "refused";
  /** Why it was refused, or null. */
  readonly error: string | null;
}

/** The object `status --json` prints (schema {@link STATUS_SCHEMA}); README lists the fields. */
export interface StatusJson {
  readonly schema: typeof STATUS_SCHEMA;
  readonly name: string;
  readonly state: StatusFacts["kind"];
  readonly running: boolean;
  readonly pid: number | null;
  readonly version: string | null;
  readonly started_at: string | null;
  readonly uptime_s: number | null;
  readonly reloads: number | null;
  readonly last_reload: LastReload | null;
  readonly log_file: string | null;
  readonly pid_file: string;
  readonly user: string | null;
  readonly dropped_lines: number | null;
  readonly error: string | null;
}

/** Field names in print order: the README table and the tests check against this. */
export const STATUS_FIELDS: readonly (keyof StatusJson)[] = [
  "schema",
  "name",
  "state",
  "running",
  "pid",
  "version",
  "started_at",
  "uptime_s",
  "reloads",
  "last_reload",
  "log_file",
  "pid_file",
  "user",
  "dropped_lines",
  "error",
];

function lastReload(s: DaemonState): LastReload | null {
  if (s.reloadAttempts === 0) return null;
  const time = typeof s.lastReloadAt === "number" ? new Date(s.lastReloadAt).toISOString() : null;
  const error = s.lastReloadError;
  return { time, result: error === null ? "ok" : "refused", error };
}

/** Builds the `status --json` object from the facts (pure; `now` in ms since the epoch). */
export function statusJson(name: string, pidFile: string, f: StatusFacts, now: number): StatusJson {
  const s = f.kind === "running" ? f.state : null;
  const pid = f.kind === "running" || f.kind === "dead" ? f.pid : null;
  return {
    schema: STATUS_SCHEMA,
    name,
    state: f.kind,
    running: f.kind === "running",
    pid,
    version: s?.version ?? null,
    started_at: s ? new Date(s.startedAt).toISOString() : null,
    uptime_s: s ? Math.max(0, Math.floor((now - s.startedAt) / 1000)) : null,
    reloads: s?.reloads ?? null,
    last_reload: s ? lastReload(s) : null,
    log_file: s?.logFile ?? null,
    pid_file: pidFile,
    user: s?.user ?? null,
    dropped_lines: s ? (s.droppedLines ?? 0) : null,
    error: f.kind === "unknown" ? f.reason : null,
  };
}
