import { parseArgs } from "../cli_args.ts";
import { commitLabel } from "../machine.ts";
import { rotation } from "../measure_cycles.ts";
import { parseRss } from "../measure_memory.ts";
import { chooseFastest, isPython3Name, uniqueInterpreters } from "../python_choice.ts";
import { memoryTable } from "../report_summary.ts";

function assertEqual(actual: unknown, expected: unknown, what: string): void {
  if (!Object.is(actual, expected)) throw new Error(`${what}: expected ${expected}, got ${actual}`);
}

Deno.test("the fastest python3 by median wins; ones that never ran are ignored", () => {
  const t = (path: string, samples_ns: number[]) => ({ path, samples_ns });
  const cases: [ReturnType<typeof t>[], string | null][] = [
    [
      [t("/pyenv/3.11", [31, 30, 32]), t("/usr/bin/python3.11", [9, 50, 10])],
      "/usr/bin/python3.11",
    ],
    [[t("/a", []), t("/b", [5])], "/b"],
    [[t("/a", [5]), t("/b", [5])], "/a"],
    [[t("/a", [])], null],
  ];
  for (const [timings, want] of cases) {
    assertEqual(chooseFastest(timings)?.path ?? null, want, want ?? "none");
  }
});

Deno.test("python3 candidates are deduplicated by real path", () => {
  const found = [
    { path: "/usr/bin/python3", real: "/usr/bin/python3.11" },
    { path: "/bin/python3", real: "/usr/bin/python3.11" },
    { path: "/p/3.12/bin/python3", real: "/p/3.12/bin/python3.12" },
  ];
  assertEqual(
    uniqueInterpreters(found).join(),
    "/usr/bin/python3.11,/p/3.12/bin/python3.12",
    "dedup",
  );
});

Deno.test("commit label marks a dirty tree", () => {
  assertEqual(commitLabel("abc123\n", ""), "abc123", "clean");
  assertEqual(commitLabel("abc123\n", " M src/x.ts\n"), "abc123-dirty", "dirty");
  assertEqual(commitLabel("", ""), "unknown", "no rev");
});

Deno.test("rounds rotate the order so no subject always goes first", () => {
  assertEqual(rotation(3, 0).join(), "0,1,2", "round 0");
  assertEqual(rotation(3, 4).join(), "1,2,0", "round 4");
  assertEqual(rotation(0, 2).length, 0, "empty");
});

Deno.test("memory fixture output and the comparison with our replacement", () => {
  assertEqual(parseRss("x\nrss_kib=2048\n"), 2048, "parsed");
  assertEqual(parseRss("rss_kib=\n"), NaN, "garbage");
  const r = (id: string, kib: number) => ({ id, label: id, samples_kib: [kib], failures: 0 });
  const table = memoryTable([r("baseline", 1024), r("logtape", 4096), r("src_log", 2048)]);
  assertEqual(table.rows[1]?.[3], "+2.00 MiB (×3.00)", "LogTape vs src/log");
  assertEqual(table.rows[2]?.[2], "1.00", "ours above bare");
});

Deno.test("bench options: --readme and errors", () => {
  assertEqual(parseArgs(["--readme"]).readme, true, "--readme");
  assertEqual(parseArgs(["--quick", "--only=c,bundle"]).only.join(), "c,bundle", "--only");
  let threw = false;
  try {
    parseArgs(["--bogus"]);
  } catch {
    threw = true;
  }
  assertEqual(threw, true, "unknown flag");
});

Deno.test("python3 interpreter names", () => {
  const names = [
    "python3",
    "python3.11",
    "python3.11-config",
    "python3-config",
    "python",
    "python2.7",
  ];
  assertEqual(names.filter(isPython3Name).join(), "python3,python3.11", "names");
});
