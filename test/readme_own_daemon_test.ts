/**
 * README's "Write your own daemon", run as written: its deno.json and main.ts
 * in a fresh directory outside this repository, through the full CLI.
 */
import assert from "node:assert/strict";
import { gone, readText, waitFor } from "./harness.ts";
import { LIBRARY_ROOT, ownProject } from "./own_project.ts";

/** Whether a line of the log at `path` carries `message`. */
function logged(path: string, message: string): boolean {
  return (readText(path) ?? "").split("\n").some((l) => l.includes(` ${message}`));
}

/** The fenced blocks of README's section, in order. */
function readmeBlocks(): { json: string; ts: string } {
  const readme = readText(new URL("../README.md", import.meta.url).pathname) ?? "";
  const section = readme.split("## Write your own daemon\n")[1]!.split("\n## ")[0]!;
  const json = /```json\n([\s\S]*?)```/.exec(section)?.[1];
  const ts = /```ts ignore\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(json && ts, "README's section has a deno.json and a main.ts block");
  return { json, ts };
}

Deno.test("README: your own daemon in a fresh directory has the whole CLI under its name", async () => {
  const { json, ts } = readmeBlocks();
  const imports = JSON.parse(json).imports;
  assert.equal(Object.keys(imports)[0], "@mydaemon/mydaemon");
  const p = await ownProject({ "main.ts": ts });
  try {
    const env = { ACME_LOG_FILE: p.sb.log, ACME_PID_FILE: p.sb.pid };
    const cli = (args: string[]) => p.sb.cli(args, { cwd: p.dir, env, bare: true });
    const help = await cli(["--help"]);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /acme/);
    assert.doesNotMatch(help.stdout, /mydaemon/);
    const start = await cli(["start"]);
    assert.equal(start.code, 0, start.stderr);
    const pid = Number(start.stdout);
    await waitFor(() => logged(p.sb.log, "work begins"), "work begins");
    assert.match(readText(p.sb.log) ?? "", new RegExp(`INFO ${pid} started version=1\\.2\\.3`));
    assert.equal((await cli(["status"])).code, 0);
    const reload = await cli(["reload"]);
    assert.equal(reload.code, 0, reload.stderr);
    assert.match(reload.stderr, /^acme: reloaded/);
    assert.ok(logged(p.sb.log, "reloaded my tables"));
    const stop = await cli(["stop"]);
    assert.equal(stop.code, 0, stop.stderr);
    await waitFor(() => gone(pid), "the daemon to exit");
    assert.ok(logged(p.sb.log, "bye"));
    assert.equal((await cli(["status"])).code, 3);
  } finally {
    await p.sb.cleanup();
  }
  assert.ok(LIBRARY_ROOT.endsWith("/src/mod.ts"));
});
