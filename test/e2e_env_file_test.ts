import assert from "node:assert/strict";
import { logLines, sandbox, waitFor } from "./harness.ts";

async function logFileOf(sb: Awaited<ReturnType<typeof sandbox>>): Promise<unknown> {
  const r = await sb.cli(["status", "--json", "--pid-file", sb.pid], { bare: true });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  return JSON.parse(r.stdout).log_file;
}

Deno.test("--env-file: flag > env > env file > config > default; re-read on reload", async () => {
  const sb = await sandbox();
  const env = `${sb.dir}/daemon.env`, config = `${sb.dir}/c.json`;
  const inFile = `${sb.dir}/from env file.log`;
  try {
    Deno.writeTextFileSync(config, JSON.stringify({ logFile: `${sb.dir}/config.log` }));
    Deno.writeTextFileSync(env, `# comment\nMYDAEMON_LOG_FILE="${inFile}"\n`);
    const base = ["--pid-file", sb.pid, "--config", config, "--env-file", env];
    const start = async (extra: string[], e: Record<string, string> = {}) => {
      const r = await sb.cli(["start", ...base, ...extra], { bare: true, env: e });
      assert.equal(r.code, 0, r.stderr);
    };
    const stop = async () =>
      assert.equal((await sb.cli(["stop", ...base], { bare: true })).code, 0);

    await start([]);
    assert.equal(await logFileOf(sb), inFile, "env file beats config");
    assert.ok(logLines(inFile).some((l) => l.includes(" started ")));

    Deno.writeTextFileSync(env, `MYDAEMON_LOG_FILE=${sb.dir}/edited.log\n`);
    assert.equal((await sb.cli(["reload", ...base], { bare: true })).code, 0);
    assert.equal(await logFileOf(sb), `${sb.dir}/edited.log`, "the daemon re-reads it on SIGHUP");
    await stop();

    await start([], { MYDAEMON_LOG_FILE: `${sb.dir}/env.log` });
    assert.equal(await logFileOf(sb), `${sb.dir}/env.log`, "environment beats env file");
    await stop();

    await start(["--log-file", `${sb.dir}/flag.log`], { MYDAEMON_LOG_FILE: `${sb.dir}/env.log` });
    assert.equal(await logFileOf(sb), `${sb.dir}/flag.log`, "flag beats all");
    await stop();
  } finally {
    await sb.cleanup();
  }
});

Deno.test("run --env-file: the foreground daemon takes its settings from the file", async () => {
  const sb = await sandbox();
  const env = `${sb.dir}/daemon.env`, log = `${sb.dir}/run.log`;
  try {
    Deno.writeTextFileSync(env, `MYDAEMON_LOG_FILE=${log}\nMYDAEMON_LOG_LEVEL=debug\n`);
    const child = sb.spawn(["run", "--pid-file", sb.pid, "--env-file", env]);
    await waitFor(() => logLines(log).some((l) => l.includes(" started ")), "run to log");
    assert.ok(logLines(log).some((l) => l.includes("log_level=debug")));
    Deno.kill(child.pid, "SIGTERM");
    assert.equal((await child.status).code, 0);
  } finally {
    await sb.cleanup();
  }
});

Deno.test("a bad env file: one line, exit 6, no daemon left", async () => {
  const sb = await sandbox();
  const env = `${sb.dir}/bad.env`, fifo = `${sb.dir}/fifo.env`;
  try {
    Deno.writeTextFileSync(env, "MYDAEMON_LOG_LEVEL=warn\nexport MYDAEMON_TIMEOUT=3\n");
    new Deno.Command("mkfifo", { args: [fifo] }).outputSync();
    const cases: [string, string][] = [
      [`${sb.dir}/missing.env`, "no such file or directory"],
      [env, "line 2: invalid variable name 'export MYDAEMON_TIMEOUT'"],
      [fifo, "is not a regular file"],
    ];
    for (const [path, reason] of cases) {
      for (const cmd of ["start", "run"]) {
        const r = await sb.cli([cmd, "--env-file", path]);
        assert.equal(r.code, 6, r.stderr);
        assert.ok(
          r.stderr.startsWith(`mydaemon: cannot read env file ${path}: ${reason}`),
          r.stderr,
        );
        assert.equal(r.stderr.split("\n").length, 2, "one line");
      }
    }
    assert.equal((await sb.cli(["status"])).code, 3, "no daemon left behind");
  } finally {
    await sb.cleanup();
  }
});
