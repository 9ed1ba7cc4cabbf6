import assert from "node:assert/strict";
import { gone, killIfAlive, logLines, pidFrom, readText, sandbox, waitFor } from "./harness.ts";

Deno.test("status: 3 before start, 0 running, 1 after SIGKILL; start recovers the stale file", async () => {
  const sb = await sandbox();
  try {
    let st = await sb.cli(["status"]);
    assert.equal(st.code, 3);
    assert.match(st.stdout, /not running/);
    const pid = Number((await sb.cli(["start"])).stdout);
    st = await sb.cli(["status"]);
    assert.equal(st.code, 0, st.stderr);
    assert.match(st.stdout, new RegExp(`pid: +${pid}\\n`));
    assert.match(st.stdout, /uptime: +\d+s\n/);
    assert.match(st.stdout, /reloads: +0\n/);
    assert.ok(st.stdout.includes(sb.log));
    Deno.kill(pid, "SIGKILL");
    await waitFor(() => gone(pid), "daemon to die");
    st = await sb.cli(["status"]);
    assert.equal(st.code, 1, st.stdout);
    assert.match(st.stdout, /pid file remains/);
    const again = await sb.cli(["start"]);
    assert.equal(again.code, 0, again.stderr);
    assert.notEqual(Number(again.stdout), pid);
    assert.equal(
      readText(sb.pid),
      `${again.stdout.trim()}\n`,
      "exactly the new pid, no stale bytes",
    );
    const took = logLines(sb.log).filter((l) => l.includes(" took over a stale pid file "));
    assert.equal(took.length, 1);
    assert.match(took[0]!, new RegExp(` WARN ${again.stdout.trim()} .* stale_pid=${pid}$`));
  } finally {
    await sb.cleanup();
  }
});

Deno.test("a second start is refused with the running pid, exit 5", async () => {
  const sb = await sandbox();
  try {
    const pid = Number((await sb.cli(["start"])).stdout);
    const r = await sb.cli(["start"]);
    assert.equal(r.code, 5);
    assert.equal(r.stdout, "");
    assert.equal(r.stderr, `mydaemon: cannot start daemon: already running (pid ${pid})\n`);
    assert.equal(pidFrom(sb.pid), pid);
    assert.equal(logLines(sb.log).filter((l) => l.includes(" started ")).length, 1);
  } finally {
    await sb.cleanup();
  }
});

Deno.test("twenty concurrent starts yield exactly one daemon", async () => {
  const sb = await sandbox();
  try {
    const results = await Promise.all(Array.from({ length: 20 }, () => sb.cli(["start"])));
    const winners = results.filter((r) => r.code === 0);
    assert.equal(winners.length, 1, results.map((r) => r.stderr).join(""));
    for (const r of results.filter((r) => r.code !== 0)) {
      assert.equal(r.code, 5, r.stderr);
      assert.match(r.stderr, /already running/);
    }
    const pid = Number(winners[0]!.stdout);
    assert.equal(pidFrom(sb.pid), pid);
    const started = logLines(sb.log).filter((l) => l.includes(" started "));
    assert.equal(started.length, 1, started.join("\n"));
  } finally {
    await sb.cleanup();
  }
});

Deno.test("stop: SIGTERM, waits, removes the pid file; success when not running", async () => {
  const sb = await sandbox();
  try {
    const pid = Number((await sb.cli(["start"])).stdout);
    const r = await sb.cli(["stop"]);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, `mydaemon: stopped (pid ${pid})\n`);
    assert.ok(gone(pid));
    assert.equal(readText(sb.pid), null);
    const again = await sb.cli(["stop"]);
    assert.equal(again.code, 0);
    assert.equal(again.stderr, "mydaemon: not running\n");
  } finally {
    await sb.cleanup();
  }
});

Deno.test("restart replaces the daemon; reload confirms", async () => {
  const sb = await sandbox();
  try {
    const first = Number((await sb.cli(["start"])).stdout);
    const rl = await sb.cli(["reload"]);
    assert.equal(rl.code, 0, rl.stderr);
    assert.equal(rl.stderr, `mydaemon: reloaded (pid ${first}, reloads 1)\n`);
    const r = await sb.cli(["restart"]);
    assert.equal(r.code, 0, r.stderr);
    const second = Number(r.stdout);
    sb.started.add(second);
    assert.notEqual(second, first);
    assert.ok(gone(first));
    assert.equal(pidFrom(sb.pid), second);
  } finally {
    await sb.cleanup();
  }
});

Deno.test("reload when not running: exit 3", async () => {
  const sb = await sandbox();
  try {
    const r = await sb.cli(["reload"]);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /^mydaemon: cannot reload daemon: not running\n$/);
  } finally {
    await sb.cleanup();
  }
});

Deno.test("SIGHUPs during start-up neither kill the daemon nor stop it starting", async () => {
  const sb = await sandbox();
  try {
    const launcher = sb.spawn(["start", ...sb.flags]);
    const done = launcher.output();
    let finished = false;
    done.finally(() => finished = true);
    let hups = 0;
    // Hammer every child of the launcher with SIGHUP while it waits for readiness.
    while (!finished) {
      const kids = readText(`/proc/${launcher.pid}/task/${launcher.pid}/children`) ?? "";
      for (const k of kids.trim().split(/\s+/).filter(Boolean)) {
        sb.started.add(Number(k));
        killIfAlive(Number(k), "SIGHUP");
        hups++;
      }
      await new Promise((r) => setTimeout(r, 1));
    }
    const out = await done;
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, stderr);
    const pid = Number(new TextDecoder().decode(out.stdout));
    assert.ok(hups > 0, "the test sent no SIGHUP during start-up");
    assert.ok(!gone(pid), "daemon survived");
    assert.match(logLines(sb.log)[0]!, / started /);
  } finally {
    await sb.cleanup();
  }
});
