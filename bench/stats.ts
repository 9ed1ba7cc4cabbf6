/**
 * Pure statistics over samples. No I/O, no clocks: easy to test and reason about.
 */

/** Samples sorted ascending, as a new array. */
export function sortedCopy(samples: readonly number[]): number[] {
  return [...samples].sort((a, b) => a - b);
}

/** Median (mean of the two middle values for an even count); NaN when empty. */
export function median(samples: readonly number[]): number {
  const s = sortedCopy(samples);
  const n = s.length;
  if (n === 0) return NaN;
  const mid = Math.floor(n / 2);
  const hi = s[mid] ?? NaN;
  if (n % 2 === 1) return hi;
  return ((s[mid - 1] ?? NaN) + hi) / 2;
}

/**
 * Nearest-rank percentile, `p` in (0, 100]: the smallest sample with at least
 * p% of samples at or below it. With fewer than 100 samples p99 is the maximum.
 */
export function percentile(samples: readonly number[], p: number): number {
  const s = sortedCopy(samples);
  if (s.length === 0) return NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * s.length));
  return s[Math.min(rank, s.length) - 1] ?? NaN;
}

/** `value / anchor`, or NaN when either is missing or the anchor is zero. */
export function ratio(value: number, anchor: number): number {
  if (!Number.isFinite(value) || !Number.isFinite(anchor) || anchor === 0) return NaN;
  return value / anchor;
}

/** Per-second rate of a count over a window, NaN for an empty window. */
export function perSecond(count: number, seconds: number): number {
  return seconds > 0 ? count / seconds : NaN;
}
