import assert from "node:assert/strict";
import { gone, LINE_RE, logLines, readText, sandbox, waitFor } from "./harness.ts";
import { EXIT_CODE_TABLE } from "../src/errors/exit_codes.ts";
import { VERSION } from "../src/cli/version.ts";

Deno.test("--help lists commands, env vars, precedence and exit codes; --version", async () => {
  const sb = await sandbox();
  try {
    for (const args of [["--help"], ["help"], ["status", "-h"]]) {
      const r = await sb.cli(args, { bare: true });
      assert.equal(r.code, 0);
      assert.equal(r.stderr, "");
      assert.match(r.stdout, /^Usage: mydaemon \[COMMAND\] \[OPTIONS\]$/m);
      assert.match(r.stdout, /flag > env > --env-file > config file > default/);
      for (const env of ["MYDAEMON_LOG_FILE", "MYDAEMON_PID_FILE", "MYDAEMON_CONFIG"]) {
        assert.ok(r.stdout.includes(env), env);
      }
      for (const [code, meaning] of EXIT_CODE_TABLE) {
        assert.ok(r.stdout.includes(`  ${code}  ${meaning}`), `exit code ${code}`);
      }
    }
    for (const args of [["--version"], ["-V"], ["version"]]) {
      const r = await sb.cli(args, { bare: true });
      assert.equal(r.stdout, `mydaemon ${VERSION}\n`);
    }
    assert.equal(readText(sb.log), null, "help starts nothing");
  } finally {
    await sb.cleanup();
  }
});

Deno.test("stop: a daemon that ignores SIGTERM is killed after --timeout, and stop says it failed", async () => {
  const sb = await sandbox();
  try {
    const pid = Number((await sb.cli(["start"])).stdout);
    Deno.kill(pid, "SIGSTOP"); // frozen: SIGTERM stays pending, only SIGKILL works
    const r = await sb.cli(["stop", "--timeout", "0.3"]);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(
      r.stderr,
      `mydaemon: cannot stop daemon (pid ${pid}) gracefully: ` +
        `it did not exit within 0.3s of SIGTERM; killed it with SIGKILL\n`,
    );
    assert.ok(gone(pid));
    assert.equal(readText(sb.pid), null, "the stale pid file was removed");
    assert.equal((await sb.cli(["status"])).code, 3);
  } finally {
    await sb.cleanup();
  }
});

Deno.test("status exit 4 when the pid file cannot be read safely", async () => {
  const sb = await sandbox();
  try {
    Deno.symlinkSync("/etc/hostname", sb.pid);
    const r = await sb.cli(["status"]);
    assert.equal(r.code, 4);
    assert.match(r.stderr, /^mydaemon: cannot open pid file .*: is a symbolic link/);
  } finally {
    await sb.cleanup();
  }
});

Deno.test("logs -f follows new lines, across a rotation", async () => {
  const sb = await sandbox();
  try {
    const pid = Number((await sb.cli(["start"])).stdout);
    const follower = sb.spawn(["logs", "-f", "-n", "1", ...sb.flags]);
    await follower.stderr.cancel();
    let seen = "";
    const reader = follower.stdout.pipeThrough(new TextDecoderStream()).getReader();
    const pump = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        seen += value;
      }
    })();
    await waitFor(() => seen.includes(" started "), "the last line");
    Deno.kill(pid, "SIGHUP");
    await waitFor(() => seen.includes("reloaded count=1"), "a new line");
    Deno.renameSync(sb.log, `${sb.log}.1`);
    Deno.kill(pid, "SIGHUP");
    await waitFor(() => seen.includes("reloaded count=2"), "a line in the new file");
    follower.kill("SIGTERM");
    await follower.status;
    await pump;
    for (const l of seen.trim().split("\n")) assert.match(l, LINE_RE);
  } finally {
    await sb.cleanup();
  }
});

Deno.test("two daemons appending to one log never interleave or tear lines", async () => {
  const sb = await sandbox();
  try {
    const other = `${sb.dir}/other.pid`;
    const a = Number((await sb.cli(["start"])).stdout);
    const r = await sb.cli(["start", "--log-file", sb.log, "--pid-file", other], { bare: true });
    assert.equal(r.code, 0, r.stderr);
    const b = Number(r.stdout);
    sb.started.add(b);
    for (let i = 0; i < 200; i++) {
      Deno.kill(a, "SIGHUP");
      Deno.kill(b, "SIGHUP");
    }
    await sb.cli(["reload"]);
    await sb.cli(["reload", "--log-file", sb.log, "--pid-file", other], { bare: true });
    const lines = logLines(sb.log);
    for (const l of lines) assert.match(l, LINE_RE);
    for (const p of [a, b]) {
      const counts = lines.filter((l) => l.includes(` ${p} reloaded `)).map((l) =>
        Number(/count=(\d+)/.exec(l)![1])
      );
      assert.deepEqual(counts, counts.map((_, i) => i + 1), `pid ${p}: no line lost`);
    }
  } finally {
    await sb.cleanup();
  }
});

Deno.test("logs -n N returns N lines even when they span megabytes", async () => {
  const sb = await sandbox();
  try {
    const line = (i: number) => `2026-11-25T00:00:00.000Z INFO 1 line n=${i}\n`;
    Deno.writeTextFileSync(sb.log, Array.from({ length: 120_000 }, (_, i) => line(i + 1)).join(""));
    for (const n of [1, 100_000, 120_000, 200_000]) {
      const r = await sb.cli(["logs", "-n", String(n)]);
      assert.equal(r.code, 0, r.stderr);
      const got = r.stdout.split("\n").filter(Boolean);
      assert.equal(got.length, Math.min(n, 120_000), `-n ${n}`);
      assert.equal(got.at(-1), line(120_000).trim());
      assert.equal(got[0], line(120_000 - got.length + 1).trim());
    }
  } finally {
    await sb.cleanup();
  }
});
