/**
 * What every measurement needs: the probe binary, the plan, and the reaper.
 */
import type { Plan } from "./plan.ts";
import type { Reaper } from "./reaper.ts";

/** Shared, read-only state of one bench run. */
export interface Context {
  readonly probe: string;
  readonly plan: Plan;
  readonly reaper: Reaper;
  /** Progress output (stderr), so stdout stays the report. */
  readonly say: (line: string) => void;
}
