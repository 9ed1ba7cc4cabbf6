/**
 * Ratios to the anchors (the C daemon, the Python seed and the minimal Deno
 * daemon), computed from the same statistic of the same figure in the same
 * run.
 */
import { fmtRatio } from "./format.ts";
import type { SubjectResult } from "./results.ts";
import { ratio } from "./stats.ts";

/** Anchor ids, in column order, with their column headers. */
const ANCHORS: readonly { id: string; header: string }[] = [
  { id: "c_daemon", header: "× C" },
  { id: "py_seed", header: "× seed" },
  { id: "mini_daemon", header: "× mini Deno" },
];

/** The anchor rows, in column order (null when not measured). */
export type AnchorRows = readonly (SubjectResult | null)[];

/** Find the anchors among the results. */
export function findAnchors(results: readonly SubjectResult[]): AnchorRows {
  return ANCHORS.map((a) => results.find((r) => r.subject.id === a.id) ?? null);
}

/** One `× anchor` cell per anchor for a statistic `pick` of a result (– if absent). */
export function ratioCells(
  anchors: AnchorRows,
  row: SubjectResult,
  pick: (r: SubjectResult) => number,
): string[] {
  const value = pick(row);
  return anchors.map((a) => fmtRatio(a === null ? NaN : ratio(value, pick(a))));
}

/** Header cells matching `ratioCells`. */
export const RATIO_HEADERS: readonly string[] = ANCHORS.map((a) => a.header);

/** Header cells for a second statistic (e.g. p99) matching `ratioCells`. */
export function ratioHeaders(prefix: string): string[] {
  return ANCHORS.map((a) => `${prefix} ${a.header}`);
}
