/**
 * What the bench needs to know about one daemon to measure it.
 */

/** The role of a row in the tables. */
export type Role = "anchor" | "extra" | "under test";

/** One daemon (or one form of mydaemon), measured side by side with the others. */
export interface Subject {
  /** Stable id, used by `--only` (e.g. `pySeed`). */
  readonly id: string;
  /** Row label in the report. */
  readonly label: string;
  readonly role: Role;
  /** Why this subject is not measured in this run, or null. */
  readonly skip: string | null;
  /** Extra fact for the subjects table (e.g. when a build artifact was made), or null. */
  readonly detail: string | null;
  /** argv that starts the daemon logging to `log` with its pid in `pid_file`. */
  readonly start: (log: string, pid_file: string) => string[];
  /** argv of a stop command, or null when stopping means SIGTERM only. */
  readonly stop: ((pid_file: string) => string[]) | null;
  /** argv that prints the version (the runtime's load-only floor), or null. */
  readonly version: string[] | null;
  /** Substring of the start-up log line. */
  readonly start_needle: string;
  /** Substring of a reload log line. */
  readonly reload_needle: string;
  /** Every well-formed log line matches this. */
  readonly line_ok: RegExp;
  /** Whether the daemon removes its pid file on SIGTERM. */
  readonly removes_pid_file: boolean;
}
