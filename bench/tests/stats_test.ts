import { median, per_second, percentile, ratio } from "../stats.ts";
import { fmt_int, fmt_ms, fmt_ratio } from "../format.ts";

function assert_equal(actual: unknown, expected: unknown): void {
  if (!Object.is(actual, expected) && actual !== expected) {
    throw new Error(`expected ${String(expected)}, got ${String(actual)}`);
  }
}

Deno.test("median of odd, even and empty samples", () => {
  assert_equal(median([3, 1, 2]), 2);
  assert_equal(median([4, 1, 3, 2]), 2.5);
  assert_equal(median([]), NaN);
});

Deno.test("nearest-rank percentile", () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
  assert_equal(percentile(hundred, 99), 99);
  assert_equal(percentile(hundred, 50), 50);
  assert_equal(percentile([5, 1, 9], 99), 9);
  assert_equal(percentile([], 99), NaN);
});

Deno.test("ratio and rate guard against missing anchors", () => {
  assert_equal(ratio(10, 4), 2.5);
  assert_equal(ratio(10, 0), NaN);
  assert_equal(ratio(NaN, 1), NaN);
  assert_equal(per_second(5, 10), 0.5);
});

Deno.test("formatting keeps about three significant digits", () => {
  assert_equal(fmt_ms(44_712_345), "44.7");
  assert_equal(fmt_ms(1_234_567), "1.23");
  assert_equal(fmt_ratio(28.46), "×28.5");
  assert_equal(fmt_ratio(NaN), "–");
  assert_equal(fmt_int(10000), "10 000");
});
