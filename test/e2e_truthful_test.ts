/** Commands tell the truth promptly: reload of a daemon that died, logs of the daemon behind P. */
import assert from "node:assert/strict";
import { gone, readText, runCmd, sandbox, TEST_CMD, waitFor } from "./harness.ts";

Deno.test("reload stops waiting as soon as the daemon has exited", async () => {
  const sb = await sandbox();
  try {
    const pid = Number((await sb.cli(["start"])).stdout);
    Deno.kill(pid, "SIGSTOP"); // the SIGHUP stays pending: no confirmation can come
    const reload = sb.cli(["reload", "--ready-timeout", "60"]);
    await waitFor(async () => {
      const sig = (await Deno.readTextFile(`/proc/${pid}/status`)).match(/ShdPnd:\s+(\w+)/);
      return sig && (parseInt(sig[1]!, 16) & 1) === 1; // SIGHUP (1) pending
    }, "reload's SIGHUP");
    Deno.kill(pid, "SIGKILL");
    await waitFor(() => gone(pid), "daemon to die");
    const r = await reload;
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr, `mydaemon: cannot reload daemon (pid ${pid}): it exited\n`);
  } finally {
    await sb.cleanup();
  }
});

Deno.test("logs --pid-file P shows the log of the daemon behind P", async () => {
  const sb = await sandbox();
  try {
    const other = `${sb.dir}/elsewhere.log`;
    const r = await sb.cli(["start", "--log-file", other, "--pid-file", sb.pid], { bare: true });
    assert.equal(r.code, 0, r.stderr);
    const logs = await sb.cli(["logs", "--pid-file", sb.pid], {
      bare: true,
      env: { MYDAEMON_LOG_FILE: `${sb.dir}/not-this.log` },
    });
    assert.equal(logs.code, 0, logs.stderr);
    assert.match(logs.stdout, new RegExp(` INFO ${Number(r.stdout)} started `));
    const explicit = await sb.cli(["logs", "--pid-file", sb.pid, "--log-file", sb.log], {
      bare: true,
    });
    assert.equal(explicit.code, 1, "an explicit --log-file still wins");
  } finally {
    await sb.cleanup();
  }
});

Deno.test({
  name:
    "--user nobody with the pid file in a root-owned directory: reload confirms, stop cleans up",
  ignore: Deno.uid() !== 0,
  fn: async () => {
    const sb = await sandbox();
    try {
      Deno.chmodSync(sb.dir, 0o755); // root's directory: nobody can reach but not create in it
      const flags = [...sb.flags, "--user", "nobody", "--ready-timeout", "30"];
      const pid = Number((await sb.cli(["start", ...flags], { bare: true })).stdout);
      assert.ok(pid > 0);
      const rl = await sb.cli(["reload", ...flags], { bare: true });
      assert.equal(rl.stderr, `mydaemon: reloaded (pid ${pid}, reloads 1)\n`);
      assert.equal(rl.code, 0);
      const stop = await sb.cli(["stop", ...flags], { bare: true });
      assert.equal(stop.code, 0, stop.stderr);
      assert.ok(gone(pid));
      assert.equal(readText(sb.pid), null, "no empty pid file left behind");
      const st = await sb.cli(["status", ...flags], { bare: true });
      assert.equal(st.code, 3, st.stdout);
    } finally {
      await sb.cleanup();
    }
  },
});

Deno.test({
  name: "an unreadable /etc/passwd is reported as that, not as 'no such user'",
  ignore: Deno.uid() !== 0,
  fn: async () => {
    const sb = await sandbox();
    try {
      const unreadable = `${sb.dir}/passwd`;
      Deno.writeTextFileSync(unreadable, "");
      Deno.chmodSync(unreadable, 0o000);
      // A private mount namespace, and root without the capabilities that read anything.
      const script = 'mount --bind "$0" /etc/passwd && exec setpriv ' +
        '--bounding-set=-dac_override,-dac_read_search "$@"';
      const r = await runCmd([
        ...["unshare", "--mount", "--propagation", "private", "sh", "-c", script, unreadable],
        ...TEST_CMD,
        ...["start", "--user", "nobody", ...sb.flags],
      ]);
      assert.equal(r.stderr, "mydaemon: cannot read /etc/passwd: permission denied\n");
      assert.equal(r.code, 1);
      assert.equal(readText(sb.pid), null);
    } finally {
      await sb.cleanup();
    }
  },
});

Deno.test("a flock failure other than 'held' (ENOLCK) is reported as itself, not 'already running'", async () => {
  const sb = await sandbox();
  try {
    const wrapper = new URL("./enolck.py", import.meta.url).pathname;
    const nolock = async (cmd: string) => {
      const r = await runCmd(["python3", wrapper, ...TEST_CMD, cmd, ...sb.flags]);
      assert.match(r.stderr, new RegExp(`^mydaemon: cannot lock pid file ${sb.pid}: [^\\n]+\\n$`));
      assert.doesNotMatch(r.stderr, /already running/);
      assert.notEqual(r.code, 0, cmd);
    };
    await nolock("start");
    assert.equal(readText(sb.log), null, "no daemon started");
    assert.equal(readText(sb.pid), null, "the pid file the failed start created is gone");
    Deno.writeTextFileSync(sb.pid, "999999\n"); // a pid file to probe: its lock is what fails
    for (const cmd of ["status", "stop", "start"]) await nolock(cmd);
    assert.equal(readText(sb.pid), "999999\n", "a pid file that was there is left alone");
  } finally {
    await sb.cleanup();
  }
});
