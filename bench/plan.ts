/**
 * How many samples each figure takes, for a full and a quick run (budget:
 * under a minute for quick). Floors take one sample per interleaved round.
 */

/** Sample counts and windows for one run. */
export interface Plan {
  readonly name: "full" | "quick";
  /** Untimed start/stop cycles per subject first (fills caches). */
  readonly warmup_cycles: number;
  /** Timed start + stop cycles per subject. */
  readonly cycles: number;
  /** One-at-a-time SIGHUPs per subject. */
  readonly hups: number;
  /** Pause between one reload line and the next SIGHUP, microseconds. */
  readonly hup_gap_us: number;
  /** SIGHUPs in the storm. */
  readonly storm: number;
  /** Settle time after start before the idle window, milliseconds. */
  readonly settle_ms: number;
  /** Length of one idle window, seconds. */
  readonly idle_s: number;
  /** Consecutive idle windows (the first catches start-up housekeeping). */
  readonly idle_windows: number;
  /** Bare start-ups timed per python3 candidate. */
  readonly python_runs: number;
  /** Runs of each memory fixture. */
  readonly memory_runs: number;
}

export const FULL: Plan = {
  name: "full",
  warmup_cycles: 3,
  cycles: 100,
  hups: 3000,
  hup_gap_us: 1000,
  storm: 10_000,
  // The first window then ends after the ~10 s thread retirement; the second is steady.
  settle_ms: 2000,
  idle_s: 10,
  idle_windows: 2,
  python_runs: 20,
  memory_runs: 10,
};

export const QUICK: Plan = {
  name: "quick",
  warmup_cycles: 1,
  cycles: 10,
  hups: 500,
  hup_gap_us: 1000,
  storm: 10_000,
  // Past Deno's start-up housekeeping (hundreds of wake-ups in the first
  // seconds, then its idle blocking-pool threads retire at about 10 s), so
  // the one window shows the steady state.
  settle_ms: 11_500,
  idle_s: 3,
  idle_windows: 1,
  python_runs: 3,
  memory_runs: 3,
};
