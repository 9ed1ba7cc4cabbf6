import { evaluateTargets } from "../targets.ts";
import { fakeFloors, fakeResult } from "./fake.ts";

function assertEqual(actual: unknown, expected: unknown, what: string): void {
  if (!Object.is(actual, expected)) throw new Error(`${what}: expected ${expected}, got ${actual}`);
}

const mini = fakeResult("mini_daemon", {
  ready_ms: 30,
  hup_us: 100,
  rss_kib: 30 * 1024,
  wakeups: 0,
  stop_ms: 3,
});
const floors = fakeFloors(12, 25);

// Each row: the bundle's figures, then the expected verdict per target in order:
// ready, HUP p50, HUP p99, wake-ups, RSS, stop.
const CASES: [string, Parameters<typeof fakeResult>[1], (boolean | null)[]][] = [
  ["all met at the bounds", {
    ready_ms: 28.7,
    hup_us: 120,
    rss_kib: 32 * 1024,
    wakeups: 0,
    stop_ms: 18,
  }, [true, true, true, true, true, true]],
  ["all missed just past them", {
    ready_ms: 28.8,
    hup_us: 201,
    rss_kib: 32 * 1024 + 1,
    wakeups: 1,
    stop_ms: 18.1,
  }, [false, false, false, false, false, false]],
];

for (const [name, figures, expected] of CASES) {
  Deno.test(`targets: ${name}`, () => {
    const rows = evaluateTargets([mini, fakeResult("bundle", figures)], floors);
    assertEqual(rows.length, expected.length, "row count");
    rows.forEach((r, i) => assertEqual(r.met, expected[i], r.target));
  });
}

Deno.test("targets: missing anchor and floors read as not measured, not as met", () => {
  const bundle = fakeResult("bundle", {
    ready_ms: 1,
    hup_us: 1,
    rss_kib: 1,
    wakeups: 0,
    stop_ms: 1,
  });
  const rows = evaluateTargets([bundle], []);
  assertEqual(rows.filter((r) => r.met === null).length, 5, "only wake-ups is absolute");
  assertEqual(evaluateTargets([mini], floors).length, 0, "no target subject, no rows");
});
