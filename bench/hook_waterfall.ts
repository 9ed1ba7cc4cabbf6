/**
 * The hook for the start-up waterfall (bench/waterfall.ts, owned by another
 * branch): when a target is missed and that module exports
 * `waterfall(bundle, runs, hups)` (Markdown of where each millisecond of
 * start-up, reload and stop goes), its text becomes the report's "Start-up
 * waterfall" section, so a missed target comes with its explanation.
 */
import { REPO_DIR } from "./paths.ts";
import type { Plan } from "./plan.ts";
import type { TargetRow } from "./targets.ts";

/** What bench/waterfall.ts exports. */
export type Waterfall = (bundle: string, runs: number, hups: number) => Promise<string>;

/** Runs and SIGHUPs per run of the waterfall, by plan. */
export function waterfallSize(plan: Plan): { runs: number; hups: number } {
  return plan.name === "quick" ? { runs: 3, hups: 2 } : { runs: 10, hups: 5 };
}

/** The waterfall's Markdown; null when no target was missed or there is no module. */
export async function waterfallSection(
  targets: readonly TargetRow[],
  plan: Plan,
): Promise<string | null> {
  if (!targets.some((t) => t.met === false)) return null;
  const url = new URL("./waterfall.ts", import.meta.url);
  try {
    await Deno.stat(url);
  } catch {
    return null;
  }
  try {
    // A computed specifier: the module is optional, so type-checking must not require it.
    const mod = await import(url.href) as { waterfall?: Waterfall };
    if (typeof mod.waterfall !== "function") return null;
    const { runs, hups } = waterfallSize(plan);
    return await mod.waterfall(`${REPO_DIR}dist/mydaemon.js`, runs, hups);
  } catch (err) {
    // Measurements already taken are worth more than the waterfall: report, do not crash.
    return `_bench/waterfall.ts failed: ${err instanceof Error ? err.message : String(err)}_`;
  }
}
