/** MYDAEMON_TEST_CMD parsing, and that no e2e test goes around it. */
import assert from "node:assert/strict";
import { resolveProgram, splitCommandLine } from "./test_cmd.ts";

Deno.test("splitCommandLine: blanks split, quotes group, a lone quote is refused", () => {
  const cases: [string, string[]][] = [
    ["deno run -A dist/mydaemon.js", ["deno", "run", "-A", "dist/mydaemon.js"]],
    ["  /opt/bin/mydaemon  ", ["/opt/bin/mydaemon"]],
    [`'/opt/my daemon/bin' --x`, ["/opt/my daemon/bin", "--x"]],
    [`a"b c"d ''`, ["ab cd", ""]],
    ["", []],
  ];
  for (const [line, want] of cases) assert.deepEqual(splitCommandLine(line), want, line);
  assert.throws(() => splitCommandLine(`deno 'run`), /unbalanced quote/);
});

Deno.test("resolveProgram: slash paths as given (made absolute), bare names on PATH", () => {
  assert.equal(resolveProgram("/x/y", "", "/c"), "/x/y");
  assert.equal(resolveProgram("dist/m", "", "/c"), "/c/dist/m");
  assert.equal(resolveProgram("sh", "/nonexistent:/bin", "/c"), "/bin/sh");
  assert.throws(() => resolveProgram("no-such-tool-here", "/bin", "/c"), /not on PATH/);
});

Deno.test("every e2e test runs mydaemon through the harness command", () => {
  const dir = new URL("./", import.meta.url).pathname;
  const files = [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => /^e2e_.*\.ts$/.test(n));
  assert.ok(files.length >= 8, files.join(" "));
  for (const name of files) {
    const text = Deno.readTextFileSync(`${dir}/${name}`);
    // Going around TEST_CMD: the source command, the test runner's deno, or main.ts by path.
    assert.doesNotMatch(text, /SOURCE_CMD|Deno\.execPath\(\)|main\.ts/, name);
  }
});

Deno.test("the harness never signals pid 0 or below (a broken command's empty pid)", async () => {
  await import("./harness.ts");
  // SIGCONT: harmless to the process group, should the guard ever fail.
  for (const pid of [0, -1, Number(""), NaN]) {
    assert.throws(() => Deno.kill(pid, "SIGCONT"), /refused to signal/);
  }
});
