/**
 * Ratios to the two anchors (the C daemon and the Python seed), computed
 * from the same statistic of the same figure in the same run.
 */
import { fmtRatio } from "./format.ts";
import type { SubjectResult } from "./results.ts";
import { ratio } from "./stats.ts";

/** The anchor rows, when they were measured. */
export interface AnchorRows {
  readonly c: SubjectResult | null;
  readonly seed: SubjectResult | null;
}

/** Find the anchors among the results. */
export function findAnchors(results: readonly SubjectResult[]): AnchorRows {
  return {
    c: results.find((r) => r.subject.id === "c_daemon") ?? null,
    seed: results.find((r) => r.subject.id === "py_seed") ?? null,
  };
}

/** `[× C, × seed]` cells for a statistic `pick` of a result (NaN if absent). */
export function ratioCells(
  anchors: AnchorRows,
  row: SubjectResult,
  pick: (r: SubjectResult) => number,
): [string, string] {
  const value = pick(row);
  const of = (anchor: SubjectResult | null) =>
    fmtRatio(anchor === null ? NaN : ratio(value, pick(anchor)));
  return [of(anchors.c), of(anchors.seed)];
}

/** Header cells matching `ratioCells`. */
export const RATIO_HEADERS: readonly string[] = ["× C", "× seed"];
