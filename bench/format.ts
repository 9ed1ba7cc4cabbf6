/**
 * Pure number formatting for the results tables. Missing values (NaN) render
 * as an en dash so a skipped or failed figure never looks like a zero.
 */

const MISSING = "–";

/** Fixed-point with a precision that keeps about three significant digits. */
export function fmt_num(value: number): string {
  if (!Number.isFinite(value)) return MISSING;
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return value.toFixed(digits);
}

/** Nanoseconds shown as milliseconds. */
export function fmt_ms(ns: number): string {
  return fmt_num(ns / 1e6);
}

/** Nanoseconds shown as microseconds. */
export function fmt_us(ns: number): string {
  return fmt_num(ns / 1e3);
}

/** Kibibytes shown as mebibytes. */
export function fmt_mib(kib: number): string {
  return fmt_num(kib / 1024);
}

/** A ratio as `×1.23`; ratios of 100 and more drop the decimals. */
export function fmt_ratio(value: number): string {
  if (!Number.isFinite(value)) return MISSING;
  return `×${value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2)}`;
}

/** Integer with thin grouping for readability (10000 → 10 000). */
export function fmt_int(value: number): string {
  if (!Number.isFinite(value)) return MISSING;
  return Math.round(value).toString().replace(/\B(?=(\d{3})+(?!\d))/g, " ");
}

/** Yes/no cell. */
export function fmt_bool(value: boolean | null): string {
  if (value === null) return MISSING;
  return value ? "yes" : "**no**";
}
