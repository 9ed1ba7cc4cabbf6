import assert from "node:assert/strict";
import { STATUS_FIELDS, statusJson } from "../src/cli/commands/status_json.ts";
import { statusCode } from "../src/cli/commands/status.ts";

const STATE = {
  pid: 9,
  version: "1.0.0",
  startedAt: 1_000,
  reloads: 2,
  reloadAttempts: 3,
  lastReloadError: "bad",
  lastReloadAt: 5_000,
  logFile: "/l",
  user: "u",
};

Deno.test("statusJson: each state as a table", () => {
  const rows = [
    [{ kind: "not_running" }, { state: "not_running", running: false, pid: null }, 3],
    [{ kind: "dead", pid: 4 }, { state: "dead", running: false, pid: 4 }, 1],
    [{ kind: "unknown", reason: "r" }, { state: "unknown", pid: null, error: "r" }, 4],
    [{ kind: "running", pid: 9, state: STATE }, {
      running: true,
      pid: 9,
      started_at: "1970-01-01T00:00:01.000Z",
      uptime_s: 10,
      reloads: 2,
      last_reload: { time: "1970-01-01T00:00:05.000Z", result: "refused", error: "bad" },
      dropped_lines: 0,
    }, 0],
    [{ kind: "running", pid: 9, state: { ...STATE, reloadAttempts: 0 } }, { last_reload: null }, 0],
    [{ kind: "running", pid: null, state: null }, { version: null, uptime_s: null }, 0],
  ] as const;
  for (const [facts, want, code] of rows) {
    const got = statusJson("acme", "/p", facts, 11_000) as unknown as Record<string, unknown>;
    assert.deepEqual(Object.keys(got), STATUS_FIELDS);
    assert.equal(got.name, "acme");
    for (const [k, v] of Object.entries(want)) assert.deepEqual(got[k], v, `${facts.kind} ${k}`);
    assert.equal(statusCode(facts.kind), code);
  }
});

Deno.test("README's status --json table lists every field", () => {
  const readme = Deno.readTextFileSync(new URL("../README.md", import.meta.url));
  const table = readme.slice(readme.indexOf("### status --json"));
  for (const f of STATUS_FIELDS) assert.match(table, new RegExp(`^\\| \`${f}\` `, "m"), f);
});
