import assert from "node:assert/strict";
import { parseArgv } from "../src/cli/argv.ts";
import { UsageError } from "../src/errors/errors.ts";

const OK: [string[], Record<string, unknown>][] = [
  [[], { command: "start" }],
  [["start"], { command: "start" }],
  [["run"], { command: "run" }],
  [["--pid-file", "/p", "status"], { command: "status", flags: { pidFile: "/p" } }],
  [["status", "--pid-file", "/p"], { command: "status", flags: { pidFile: "/p" } }],
  [["status", "--pid-file=/p"], { command: "status", flags: { pidFile: "/p" } }],
  [["--log-file=a", "--log-file", "b"], { flags: { logFile: "b" } }],
  [["--foreground"], { command: "start", foreground: true }],
  [["-h"], { help: true }],
  [["stop", "--help"], { command: "stop", help: true }],
  [["-V"], { version: true }],
  [["logs", "-n", "5", "-f"], { command: "logs", lines: 5, follow: true }],
  [["logs", "-n5"], { lines: 5 }],
  [["logs", "--lines=0"], { lines: 0 }],
  [["service", "print", "--user"], { command: "service", rest: ["print"], scope: "user" }],
  [["service", "install", "--system", "--dry-run"], { scope: "system", dryRun: true }],
  [["--user", "nobody", "start"], { command: "start", flags: { user: "nobody" } }],
  [["start", "--umask", "077", "--timeout", "3"], { flags: { umask: "077", timeout: "3" } }],
  [["--", "status"], { command: "status" }],
  [["status", "--json"], { command: "status", json: true }],
  [["--json", "--help"], { help: true, json: true }],
  [["doctor"], { command: "doctor", json: false, envFile: null }],
  [["run", "--env-file", "a.env"], { command: "run", envFile: "a.env" }],
  [["--env-file=/e", "start"], { command: "start", envFile: "/e" }],
];

Deno.test("parseArgv accepts", () => {
  for (const [argv, want] of OK) {
    const got = parseArgv(argv) as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(want)) {
      assert.deepEqual(got[k], v, `${argv.join(" ")}: ${k}`);
    }
  }
});

const BAD: [string[], string][] = [
  [["frob"], "unknown command 'frob'"],
  [["--nope"], "unknown option '--nope'"],
  [["-x"], "unknown option '-x'"],
  [["-hx"], "unknown option '-hx'"],
  [["--log-file"], "option --log-file needs a value"],
  [["--help=yes"], "option --help takes no value"],
  [["status", "now"], "unexpected argument 'now'"],
  [["logs", "-n", "-1"], "invalid -n '-1': expected a whole number of lines"],
  [["service", "print", "again"], "unexpected argument 'again'"],
  [["stop", "--json"], "option --json is only for status"],
  [["--json"], "option --json is only for status"],
  [["--json=1", "status"], "option --json takes no value"],
  [["run", "--env-file"], "option --env-file needs a value"],
  [["run", "--env-file="], "invalid --env-file '': must not be empty"],
];

Deno.test("parseArgv refuses with a usage error", () => {
  for (const [argv, reason] of BAD) {
    assert.throws(() => parseArgv(argv), (e: unknown) => {
      assert.ok(e instanceof UsageError, `${argv.join(" ")}: ${e}`);
      assert.equal(e.message, `cannot parse arguments: ${reason}`);
      assert.equal(e.code, 2);
      return true;
    });
  }
});
