/**
 * A pid file whose lock another program holds: stop, reload, restart and
 * status must never signal or vouch for a process that is not our daemon.
 */
import assert from "node:assert/strict";
import { defineDaemon, ExitCode } from "../src/mod.ts";
import { gone, readText, type Sandbox, sandbox, waitFor } from "./harness.ts";

/** A process that dies of SIGTERM, SIGHUP or SIGKILL: alive afterwards means unsignalled. */
function spawnSleeper(sb: Sandbox): number {
  const child = new Deno.Command("sleep", { args: ["1000"], stdin: "null" }).spawn();
  sb.started.add(child.pid);
  return child.pid;
}

/** `flock(1)` holding an exclusive lock on `path` until killed (one process: no fork). */
async function holdLock(sb: Sandbox, path: string): Promise<number> {
  const child = new Deno.Command("flock", {
    args: ["--exclusive", "--nonblock", "--no-fork", path, "sleep", "1000"],
    stdin: "null",
  }).spawn();
  sb.started.add(child.pid);
  await waitFor(() => (readText("/proc/locks") ?? "").includes(` ${child.pid} `), "flock's lock");
  return child.pid;
}

const REFUSED =
  /^mydaemon: cannot (stop|reload) daemon \(pid \d+\): pid file .* is locked by pid \d+, which is not this daemon; signalling nobody\n$/;

async function assertRefusesEverything(sb: Sandbox, victims: readonly number[]) {
  for (const cmd of ["stop", "reload", "restart"]) {
    const r = await sb.cli([cmd]);
    assert.equal(r.code, 7, `${cmd}: ${r.stderr}`);
    assert.match(r.stderr, REFUSED, cmd);
    assert.equal(r.stdout, "", `${cmd} started nothing`);
  }
  const st = await sb.cli(["status"]);
  assert.equal(st.code, 4, st.stdout + st.stderr);
  assert.doesNotMatch(st.stdout, /is running/);
  assert.match(st.stderr, /is locked by pid \d+, which is not this daemon/);
  // The control API tells the same truth and signals nobody either.
  const control = defineDaemon({ name: "mydaemon", version: "0", start() {} })
    .control({ flags: { pidFile: sb.pid, logFile: sb.log } });
  assert.equal((await control.status()).kind, "unreadable");
  await assert.rejects(control.stop(), (e: { code?: number }) => e.code === ExitCode.NotOurs);
  assert.equal((await control.reload()).ok, false);
  for (const v of victims) assert.ok(!gone(v), `pid ${v} was signalled`);
  assert.ok(readText(sb.pid) !== null, "the foreign pid file is left alone");
}

Deno.test("a foreign lock on the pid file naming an unrelated pid: nobody is signalled", async () => {
  const sb = await sandbox();
  try {
    const victim = spawnSleeper(sb);
    Deno.writeTextFileSync(sb.pid, `${victim}\n`);
    const holder = await holdLock(sb, sb.pid);
    await assertRefusesEverything(sb, [victim, holder]);
  } finally {
    await sb.cleanup();
  }
});

Deno.test("a foreign lock holder naming itself in the pid file is still not signalled", async () => {
  const sb = await sandbox();
  try {
    Deno.writeTextFileSync(sb.pid, "");
    const holder = await holdLock(sb, sb.pid);
    Deno.writeTextFileSync(sb.pid, `${holder}\n`); // same inode: flock(1) still holds it
    await assertRefusesEverything(sb, [holder]);
  } finally {
    await sb.cleanup();
  }
});

Deno.test("our own daemon is still stopped and reloaded after the check", async () => {
  const sb = await sandbox();
  try {
    const pid = Number((await sb.cli(["start"])).stdout);
    const rl = await sb.cli(["reload"]);
    assert.equal(rl.code, 0, rl.stderr);
    const st = await sb.cli(["status"]);
    assert.equal(st.code, 0, st.stderr);
    const stop = await sb.cli(["stop"]);
    assert.equal(stop.code, 0, stop.stderr);
    assert.ok(gone(pid));
  } finally {
    await sb.cleanup();
  }
});
