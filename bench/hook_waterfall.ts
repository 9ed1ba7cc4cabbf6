/**
 * The hook for the start-up waterfall (owned by another branch): when
 * bench/waterfall.ts exists and exports `waterfallMarkdown(results)`
 * (returning Markdown, or null for nothing to show), its text becomes the
 * report's "Start-up waterfall" section. The run passes every subject's
 * results and the target rows so the waterfall can explain a missed target.
 */
import type { SubjectResult } from "./results.ts";
import type { TargetRow } from "./targets.ts";

/** What bench/waterfall.ts may export. */
export type WaterfallMarkdown = (input: {
  results: readonly SubjectResult[];
  targets: readonly TargetRow[];
}) => string | null | Promise<string | null>;

/** The waterfall's Markdown, or null when there is no module or it has nothing to say. */
export async function waterfallSection(
  results: readonly SubjectResult[],
  targets: readonly TargetRow[],
): Promise<string | null> {
  const url = new URL("./waterfall.ts", import.meta.url);
  try {
    await Deno.stat(url);
  } catch {
    return null;
  }
  // A computed specifier: the module is optional, so type-checking must not require it.
  try {
    const mod = await import(url.href) as { waterfallMarkdown?: WaterfallMarkdown };
    if (typeof mod.waterfallMarkdown !== "function") return null;
    return await mod.waterfallMarkdown({ results, targets });
  } catch (err) {
    // Measurements already taken are worth more than the waterfall: report, do not crash.
    return `_bench/waterfall.ts failed: ${err instanceof Error ? err.message : String(err)}_`;
  }
}
