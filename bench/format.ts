/**
 * Pure number formatting for the results tables. Missing values (NaN) render
 * as an en dash so a skipped or failed figure never looks like a zero.
 */

const MISSING = "–";

/** Fixed-point with a precision that keeps about three significant digits. */
export function fmtNum(value: number): string {
  if (!Number.isFinite(value)) return MISSING;
  if (value === 0) return "0";
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return value.toFixed(digits);
}

/** Nanoseconds shown as milliseconds. */
export function fmtMs(ns: number): string {
  return fmtNum(ns / 1e6);
}

/** Nanoseconds shown as microseconds. */
export function fmtUs(ns: number): string {
  return fmtNum(ns / 1e3);
}

/** Kibibytes shown as mebibytes. */
export function fmtMib(kib: number): string {
  return fmtNum(kib / 1024);
}

/** A ratio as `×1.23`; ratios of 100 and more drop the decimals. */
export function fmtRatio(value: number): string {
  if (!Number.isFinite(value)) return MISSING;
  return `×${value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2)}`;
}

/** Integer with thin grouping for readability (10000 → 10 000). */
export function fmtInt(value: number): string {
  if (!Number.isFinite(value)) return MISSING;
  return Math.round(value).toString().replace(/\B(?=(\d{3})+(?!\d))/g, " ");
}

/** Yes/no cell. */
export function fmtBool(value: boolean | null): string {
  if (value === null) return MISSING;
  return value ? "yes" : "**no**";
}
