import { median, percentile, perSecond, ratio } from "../stats.ts";
import { fmtInt, fmtMs, fmtRatio } from "../format.ts";

function assertEqual(actual: unknown, expected: unknown): void {
  if (!Object.is(actual, expected) && actual !== expected) {
    throw new Error(`expected ${String(expected)}, got ${String(actual)}`);
  }
}

Deno.test("median of odd, even and empty samples", () => {
  assertEqual(median([3, 1, 2]), 2);
  assertEqual(median([4, 1, 3, 2]), 2.5);
  assertEqual(median([]), NaN);
});

Deno.test("nearest-rank percentile", () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
  assertEqual(percentile(hundred, 99), 99);
  assertEqual(percentile(hundred, 50), 50);
  assertEqual(percentile([5, 1, 9], 99), 9);
  assertEqual(percentile([], 99), NaN);
});

Deno.test("ratio and rate guard against missing anchors", () => {
  assertEqual(ratio(10, 4), 2.5);
  assertEqual(ratio(10, 0), NaN);
  assertEqual(ratio(NaN, 1), NaN);
  assertEqual(perSecond(5, 10), 0.5);
});

Deno.test("formatting keeps about three significant digits", () => {
  assertEqual(fmtMs(44_712_345), "44.7");
  assertEqual(fmtMs(1_234_567), "1.23");
  assertEqual(fmtRatio(28.46), "×28.5");
  assertEqual(fmtRatio(NaN), "–");
  assertEqual(fmtInt(10000), "10 000");
});
