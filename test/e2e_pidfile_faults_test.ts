/**
 * Pid-file faults: a successor's pid file, a full file system, a file that is
 * not a pid file at all. Nothing is deleted, overwritten or left half-written.
 */
import assert from "node:assert/strict";
import { gone, pidFrom, readText, runCmd, sandbox, waitFor } from "./harness.ts";

const isRoot = Deno.uid() === 0;

Deno.test("a stopping daemon leaves its successor's pid file and state alone", async () => {
  const sb = await sandbox();
  try {
    const a = Number((await sb.cli(["start"])).stdout);
    Deno.removeSync(sb.pid); // removed under A (by hand, tmpfiles cleaning /run, …)
    const started = await sb.cli(["start"]);
    assert.equal(started.code, 0, started.stderr);
    const b = Number(started.stdout);
    Deno.kill(a, "SIGTERM");
    await waitFor(() => gone(a), "daemon A to exit");
    assert.equal(pidFrom(sb.pid), b, "B's pid file is still there");
    const st = await sb.cli(["status"]);
    assert.equal(st.code, 0, st.stdout + st.stderr);
    assert.match(st.stdout, new RegExp(`pid: +${b}\\n`));
    assert.match(st.stdout, /reloads: +0\n/, "B's state file survived A's stop");
    const third = await sb.cli(["start"]);
    assert.equal(third.code, 5, third.stderr);
  } finally {
    await sb.cleanup();
  }
});

Deno.test("a --pid-file holding something else is neither deleted nor overwritten", async () => {
  const sb = await sandbox();
  try {
    const precious = "my notes, not a pid\n";
    Deno.writeTextFileSync(sb.pid, precious);
    const refusal = new RegExp(
      `^mydaemon: cannot use pid file ${sb.pid}: it holds something other than a pid; ` +
        `refusing to overwrite or remove it\\n$`,
    );
    for (const cmd of ["stop", "start", "restart"]) {
      const r = await sb.cli([cmd]);
      assert.equal(r.code, 1, `${cmd}: ${r.stderr}`);
      assert.match(r.stderr, refusal, cmd);
      assert.equal(r.stdout, "", cmd);
      assert.equal(readText(sb.pid), precious, `${cmd} left the file alone`);
    }
    // `run` takes the lock itself: bounded by a deadline, as a broken check would run forever.
    const run = sb.spawn(["run", ...sb.flags]);
    await waitFor(() => gone(run.pid), "run to refuse");
    const out = await run.output();
    assert.equal(out.code, 1);
    assert.match(new TextDecoder().decode(out.stderr), refusal, "run");
    assert.equal(readText(sb.pid), precious, "run left the file alone");
    const st = await sb.cli(["status"]);
    assert.equal(st.code, 4, st.stderr);
    assert.match(st.stderr, refusal);
    assert.equal(readText(sb.log), null, "no daemon ever started");
  } finally {
    await sb.cleanup();
  }
});

async function mountTmpfs(dir: string, size: string): Promise<void> {
  Deno.mkdirSync(dir);
  const r = await runCmd(["mount", "-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir]);
  assert.equal(r.code, 0, r.stderr);
}

async function fill(dir: string): Promise<void> {
  const r = await runCmd(["sh", "-c", `dd if=/dev/zero of=${dir}/filler bs=4k 2>/dev/null; true`]);
  assert.equal(r.code, 0);
  await assert.rejects(() => Deno.writeTextFile(`${dir}/probe`, "x"), /No space left/);
  Deno.removeSync(`${dir}/probe`);
}

Deno.test({
  name: "start on a full pid file system: one line, no pid file, no daemon",
  ignore: !isRoot,
  fn: async () => {
    const sb = await sandbox();
    const full = `${sb.dir}/full`;
    try {
      await mountTmpfs(full, "64k");
      await fill(full);
      const pid = `${full}/d.pid`;
      for (const cmd of ["start", "run"]) {
        const r = await sb.cli([cmd, "--log-file", sb.log, "--pid-file", pid], { bare: true });
        assert.equal(r.code, 1, r.stderr);
        assert.match(r.stderr, new RegExp(`^mydaemon: cannot write pid file ${pid}: [^\\n]+\\n$`));
        assert.equal(r.stdout, "");
        assert.equal(readText(pid), null, `${cmd}: no pid file left behind`);
      }
    } finally {
      await runCmd(["umount", full]);
      await sb.cleanup();
    }
  },
});
