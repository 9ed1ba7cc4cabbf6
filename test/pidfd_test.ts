import assert from "node:assert/strict";

const CHILD = new URL("./pidfd_reuse_child.ts", import.meta.url).pathname;
const root = Deno.uid() === 0;
const unshare = (() => {
  try {
    return new Deno.Command("unshare", { args: ["--version"] }).outputSync().success;
  } catch {
    return false;
  }
})();

Deno.test({
  name: "a signal to our daemon never reaches a process that got its pid after it exited",
  ignore: !root || !unshare,
  async fn() {
    const out = await new Deno.Command("unshare", {
      args: ["--pid", "--fork", "--mount-proc", Deno.execPath(), "run", "-A", "--no-config", CHILD],
      env: { DENO_NO_UPDATE_CHECK: "1" },
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    const r = JSON.parse(new TextDecoder().decode(out.stdout));
    assert.equal(r.liveSent, true, "a live process is signalled");
    assert.equal(r.reused, true, "the kernel gave the pid to the newcomer (ns_last_pid)");
    assert.equal(r.deadSent, false, "the old handle reports the process gone");
    assert.equal(r.newcomerAlive, true, "the newcomer with the same pid was not signalled");
  },
});

Deno.test("a handle on a process that has already exited signals nobody", async () => {
  const child = new Deno.Command("true").spawn();
  await child.status;
  const { openProcess } = await import("../src/os/pidfd.ts");
  const handle = openProcess(child.pid);
  assert.equal(handle.signal("SIGTERM"), false);
  handle.close();
});

Deno.test("a handle says whether its process has exited, waiting for it at most as long as asked", async () => {
  const child = new Deno.Command("sleep", { args: ["30"] }).spawn();
  const { openProcess } = await import("../src/os/pidfd.ts");
  const handle = openProcess(child.pid);
  try {
    assert.equal(handle.exited(20), false, "a running process has not exited");
    child.kill("SIGKILL");
    // Not yet reaped: a zombie has exited all the same.
    assert.equal(handle.exited(10_000), true);
  } finally {
    handle.close();
    await child.status;
  }
});
