/**
 * How many samples each figure takes, for a full and a quick run. The full
 * plan takes about 3-4 minutes on 2 cores with six subjects (budget: 10);
 * the quick plan about 1 minute (budget: 2).
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
  /** Spawn-to-exit samples per runtime-floor command. */
  readonly floor_runs: number;
}

export const FULL: Plan = {
  name: "full",
  warmup_cycles: 3,
  cycles: 100,
  hups: 3000,
  hup_gap_us: 1000,
  storm: 10_000,
  settle_ms: 1000,
  idle_s: 10,
  idle_windows: 2,
  floor_runs: 50,
};

export const QUICK: Plan = {
  name: "quick",
  warmup_cycles: 1,
  cycles: 20,
  hups: 500,
  hup_gap_us: 1000,
  storm: 10_000,
  settle_ms: 500,
  idle_s: 5,
  idle_windows: 1,
  floor_runs: 15,
};
