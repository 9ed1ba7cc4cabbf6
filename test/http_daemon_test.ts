import assert from "node:assert/strict";
import { logLines, readText, runCmd, sandbox, waitFor } from "./harness.ts";

const REPO = new URL("..", import.meta.url).pathname;
const EXAMPLE = `${REPO}examples/http_daemon/main.ts`;
/** The example as its README runs it: `deno run -A`, with the repository's import map. */
const SOURCE = [Deno.execPath(), "run", "-A", "--config", `${REPO}deno.json`, EXAMPLE];

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

function listeningPort(log: string, nth: number): Promise<number> {
  return waitFor(() => {
    const ports = logLines(log).flatMap((l) => /listening port=(\d+)$/.exec(l)?.[1] ?? []);
    return ports.length > nth ? Number(ports[nth]) : undefined;
  }, `listening line ${nth + 1}`);
}

async function get(port: number, path: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return `${res.status} ${await res.text()}`;
}

Deno.test("http example: start, /healthz, HUP rebinds to the new port, stop drains a slow request", async () => {
  const sb = await sandbox(SOURCE);
  const config = `${sb.dir}/http.json`;
  try {
    Deno.writeTextFileSync(config, JSON.stringify({ port: 0 }));
    const started = await sb.cli(["start", "--config", config]);
    assert.equal(started.code, 0, started.stderr);
    const first = await listeningPort(sb.log, 0);
    assert.equal(await get(first, "/healthz"), "200 ok\n");

    const second = freePort();
    Deno.writeTextFileSync(config, JSON.stringify({ port: second }));
    const reloaded = await sb.cli(["reload", "--config", config]);
    assert.equal(reloaded.code, 0, reloaded.stderr);
    assert.equal(await listeningPort(sb.log, 1), second);
    assert.equal(await get(second, "/healthz"), "200 ok\n");
    await assert.rejects(fetch(`http://127.0.0.1:${first}/healthz`), "the old port still answers");

    const slow = get(second, "/slow?ms=1500");
    await waitFor(() => logLines(sb.log).some((l) => l.includes("slow request")), "the slow one");
    const stopped = await sb.cli(["stop"]);
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.match(stopped.stderr, /^http-daemon: stopped \(pid \d+\)\n$/);
    assert.equal(await slow, "200 done, while stopping\n");
    assert.match(logLines(sb.log).at(-1)!, / INFO \d+ stopped signal=SIGTERM$/);
    assert.equal(readText(sb.pid), null);
  } finally {
    await sb.cleanup();
  }
});

Deno.test("http example: a bad port is refused at start, and on reload the old one stays", async () => {
  const sb = await sandbox(SOURCE);
  const config = `${sb.dir}/http.json`;
  try {
    Deno.writeTextFileSync(config, JSON.stringify({ port: "eighty" }));
    const bad = await sb.cli(["start", "--config", config]);
    assert.equal(bad.code, 6, bad.stderr);
    assert.match(
      bad.stderr,
      /^http-daemon: cannot use config .*http\.json: "port": expected a port/,
    );
    Deno.writeTextFileSync(config, JSON.stringify({ port: 0 }));
    assert.equal((await sb.cli(["start", "--config", config])).code, 0);
    const port = await listeningPort(sb.log, 0);
    const busy = Deno.listen({ hostname: "127.0.0.1", port: freePort() });
    Deno.writeTextFileSync(config, JSON.stringify({ port: (busy.addr as Deno.NetAddr).port }));
    const refused = await sb.cli(["reload", "--config", config]);
    busy.close();
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /reload hook: .*in use.*; it keeps its previous configuration/i);
    assert.equal(await get(port, "/healthz"), "200 ok\n");
  } finally {
    await sb.cleanup();
  }
});

Deno.test("http example: its own bundle from `deno task build --entry` runs the same daemon", async () => {
  const out = await Deno.makeTempDir({ prefix: "mydaemon-http-build-" });
  try {
    const build = await runCmd([
      Deno.execPath(),
      "task",
      "build",
      "--entry",
      EXAMPLE,
      "--bundle-only",
      "--out-dir",
      out,
    ], { cwd: REPO });
    assert.equal(build.code, 0, build.stderr);
    const sb = await sandbox([
      Deno.execPath(),
      "run",
      "-A",
      "--no-config",
      `${out}/http_daemon.js`,
    ]);
    try {
      const help = await sb.cli(["--help"], { bare: true });
      assert.match(help.stdout, /^http-daemon 1\.0\.0: an HTTP server with \/healthz\n/);
      assert.match(help.stdout, /env HTTP_DAEMON_LOG_FILE/);
      Deno.writeTextFileSync(`${sb.dir}/http.json`, JSON.stringify({ port: 0 }));
      const started = await sb.cli(["start", "--config", `${sb.dir}/http.json`]);
      assert.equal(started.code, 0, started.stderr);
      assert.equal(await get(await listeningPort(sb.log, 0), "/healthz"), "200 ok\n");
      assert.equal((await sb.cli(["stop"])).code, 0);
    } finally {
      await sb.cleanup();
    }
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});
