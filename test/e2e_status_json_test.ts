import assert from "node:assert/strict";
import { gone, sandbox, waitFor } from "./harness.ts";
import { STATUS_FIELDS, STATUS_SCHEMA } from "../src/cli/commands/status_json.ts";

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

function parseOne(stdout: string): Record<string, unknown> {
  assert.equal(stdout.split("\n").length, 2, "exactly one line");
  const v = JSON.parse(stdout);
  assert.deepEqual(Object.keys(v), STATUS_FIELDS, "every schema field, in order");
  assert.equal(v.schema, STATUS_SCHEMA);
  return v;
}

Deno.test("status --json: not running (3), running (0) with reloads, dead (1)", async () => {
  const sb = await sandbox();
  const config = `${sb.dir}/c.json`;
  try {
    let r = await sb.cli(["status", "--json"]);
    assert.equal(r.code, 3, r.stderr);
    let v = parseOne(r.stdout);
    assert.equal(v.state, "not_running");
    assert.equal(v.running, false);
    assert.equal(v.pid, null);
    assert.equal(v.pid_file, sb.pid);

    Deno.writeTextFileSync(config, "{}");
    const before = Date.now();
    const pid = Number((await sb.cli(["start", "--config", config])).stdout);
    r = await sb.cli(["status", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    v = parseOne(r.stdout);
    assert.equal(v.state, "running");
    assert.equal(v.running, true);
    assert.equal(v.pid, pid);
    assert.match(String(v.started_at), RFC3339);
    assert.ok(Math.abs(Date.parse(String(v.started_at)) - before) < 60_000);
    assert.equal(typeof v.uptime_s, "number");
    assert.equal(v.reloads, 0);
    assert.equal(v.last_reload, null);
    assert.equal(v.log_file, sb.log);
    assert.equal(v.dropped_lines, 0);
    assert.equal(typeof v.user, "string");
    assert.equal(typeof v.version, "string");

    assert.equal((await sb.cli(["reload", "--config", config])).code, 0);
    v = parseOne((await sb.cli(["status", "--json"])).stdout);
    assert.equal(v.reloads, 1);
    const ok = v.last_reload as Record<string, unknown>;
    assert.equal(ok.result, "ok");
    assert.equal(ok.error, null);
    assert.match(String(ok.time), RFC3339);

    // `reload` would refuse the bad file itself; the daemon must meet it on SIGHUP.
    Deno.writeTextFileSync(config, "{ not json");
    Deno.kill(pid, "SIGHUP");
    v = await waitFor(async () => {
      const j = parseOne((await sb.cli(["status", "--json"])).stdout);
      return (j.last_reload as Record<string, unknown>).result === "refused" ? j : null;
    }, "the refused reload in status");
    assert.equal(v.reloads, 1);
    const refused = v.last_reload as Record<string, unknown>;
    assert.equal(refused.result, "refused");
    assert.match(String(refused.error), /invalid JSON/);

    Deno.kill(pid, "SIGKILL");
    await waitFor(() => gone(pid), "daemon to die");
    r = await sb.cli(["status", "--json"]);
    assert.equal(r.code, 1, r.stderr);
    v = parseOne(r.stdout);
    assert.equal(v.state, "dead");
    assert.equal(v.running, false);
    assert.equal(v.pid, pid);
  } finally {
    await sb.cleanup();
  }
});

Deno.test("status --json: unknown (4) still prints one object, with the reason", async () => {
  const sb = await sandbox();
  try {
    Deno.writeTextFileSync(sb.pid, "not a pid\n");
    const r = await sb.cli(["status", "--json"]);
    assert.equal(r.code, 4);
    const v = parseOne(r.stdout);
    assert.equal(v.state, "unknown");
    assert.equal(typeof v.error, "string");
    assert.ok(r.stderr.startsWith("mydaemon: "), r.stderr);
  } finally {
    await sb.cleanup();
  }
});

Deno.test("--json is refused by commands other than status (exit 2)", async () => {
  const sb = await sandbox();
  try {
    const r = await sb.cli(["stop", "--json"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--json is only for status/);
  } finally {
    await sb.cleanup();
  }
});
