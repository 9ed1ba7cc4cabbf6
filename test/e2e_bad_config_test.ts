import assert from "node:assert/strict";
import {
  gone,
  logLines,
  logMessages,
  readText,
  runCmd,
  sandbox,
  TEST_CMD,
  waitFor,
} from "./harness.ts";

/** Runs `start` under timeout(1): a hang fails the test instead of wedging the suite. */
async function startWithin(sb: { flags: readonly string[] }, config: string) {
  const cmd = ["timeout", "30", ...TEST_CMD, "start", "--ready-timeout", "3", "--config", config];
  return await runCmd([...cmd, ...sb.flags]);
}

/** A FIFO, /dev/zero and a 2 MiB file: none can be a config, and none may hang us. */
async function hostileConfigs(dir: string): Promise<[string, string][]> {
  const fifo = `${dir}/fifo.json`;
  assert.equal((await runCmd(["mkfifo", fifo])).code, 0);
  const huge = `${dir}/huge.json`;
  Deno.writeTextFileSync(huge, `{"logLevel": "info", "x": "${"y".repeat(2 * 1024 * 1024)}"}`);
  return [
    [fifo, "is not a regular file"],
    ["/dev/zero", "is not a regular file"],
    [huge, "is larger than 1 MiB"],
  ];
}

Deno.test("start refuses a FIFO, /dev/zero or a huge file as config, at once", async () => {
  const sb = await sandbox();
  try {
    for (const [config, reason] of await hostileConfigs(sb.dir)) {
      const r = await startWithin(sb, config);
      assert.notEqual(r.code, 124, `start hung on ${config}`);
      assert.equal(r.code, 6, r.stderr);
      assert.equal(r.stderr, `mydaemon: cannot load config ${config}: ${reason}\n`);
      assert.equal(readText(sb.pid), null, "nothing left behind");
    }
    const bad = `${sb.dir}/latin1.json`;
    Deno.writeFileSync(
      bad,
      new Uint8Array([...new TextEncoder().encode('{"logFile": "a'), 0xe9, 0x22, 0x7d]),
    );
    const r = await startWithin(sb, bad);
    assert.equal(r.stderr, `mydaemon: cannot load config ${bad}: is not valid UTF-8\n`);
  } finally {
    await sb.cleanup();
  }
});

Deno.test("a config that turns into a FIFO, /dev/zero or a huge file never wedges a running daemon", async () => {
  const sb = await sandbox();
  try {
    const config = `${sb.dir}/config.json`;
    Deno.writeTextFileSync(config, `{"logLevel": "info"}`);
    const started = await startWithin(sb, config);
    assert.equal(started.code, 0, started.stderr);
    const pid = Number(started.stdout);
    let failures = 0;
    for (const [bad, reason] of await hostileConfigs(`${sb.dir}`)) {
      Deno.removeSync(config);
      Deno.symlinkSync(bad, config); // our own link, in our own directory: followed
      Deno.kill(pid, "SIGHUP");
      failures++;
      const refused = () => logLines(sb.log).filter((l) => / ERROR \d+ reload failed/.test(l));
      await waitFor(() => refused().length === failures, `reload refusal ${failures} (${bad})`);
      assert.ok(refused().at(-1)!.includes(`cannot load config ${config}: ${reason}`));
    }
    Deno.removeSync(config);
    Deno.writeTextFileSync(config, `{"logLevel": "info"}`);
    const ok = await runCmd([...TEST_CMD, "reload", ...sb.flags, "--config", config]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal((await runCmd([...TEST_CMD, "stop", ...sb.flags])).code, 0);
    assert.ok(gone(pid));
    assert.deepEqual(logMessages(logLines(sb.log)).slice(-3), ["reloaded", "stopping", "stopped"]);
  } finally {
    await sb.cleanup();
  }
});
