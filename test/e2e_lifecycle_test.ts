import assert from "node:assert/strict";
import { libc } from "../src/os/libc.ts";
import {
  DEADLINE_SCALE,
  gone,
  LINE_RE,
  logLines,
  logMessages,
  openFds,
  pidFrom,
  procStatus,
  readText,
  runCmd,
  sandbox,
  TEST_CMD,
  waitFor,
} from "./harness.ts";

/** `timeout(1)`'s limit for a shell that must not hang (scaled like every deadline). */
const SHELL_DEADLINE = String(20 * DEADLINE_SCALE);

Deno.test("start detaches: new session, ppid 1, cwd /, umask 022, stdio on /dev/null", async () => {
  const sb = await sandbox();
  try {
    // An extra inherited descriptor (fd 7) and a hostile umask in the caller.
    const marker = `${sb.dir}/inherited-marker`;
    const line = [...TEST_CMD, "start", ...sb.flags].map((a) => `'${a}'`).join(" ");
    const r = await runCmd(["sh", "-c", `umask 000; exec 7>'${marker}'; exec ${line}`]);
    assert.equal(r.code, 0, r.stderr);
    const pid = Number(r.stdout.trim());
    assert.equal(pid, pidFrom(sb.pid));
    sb.started.add(pid);
    const st = procStatus(pid)!;
    assert.equal(st.PPid, "1");
    assert.equal(st.NSsid, String(pid), "session leader of its own session");
    assert.equal(st.Umask, "0022");
    const stat = readText(`/proc/${pid}/stat`)!;
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    assert.equal(fields[4], "0", "no controlling terminal (tty_nr 0)");
    assert.equal(Deno.readLinkSync(`/proc/${pid}/cwd`), "/");
    const fds = openFds(pid);
    for (const fd of [0, 1, 2]) assert.equal(fds.get(fd), "/dev/null", `fd ${fd}`);
    for (const [fd, target] of fds) {
      assert.notEqual(target, marker, `fd ${fd} was inherited from the launcher`);
      assert.ok(!target.startsWith("pipe:"), `fd ${fd} is a pipe: ${target}`);
    }
    assert.ok([...fds.values()].includes(sb.log), "holds its log open");
    assert.equal(Deno.statSync(sb.log).mode! & 0o777, 0o644, "log mode 0644 despite umask 000");
  } finally {
    await sb.cleanup();
  }
});

Deno.test("the launcher returns promptly to a caller reading its output pipe", async () => {
  const sb = await sandbox();
  try {
    const line = [...TEST_CMD, "start", ...sb.flags].map((a) => `'${a}'`).join(" ");
    // $(...) waits for EOF: it returns only if the daemon kept no copy of the pipe.
    const r = await runCmd([
      "timeout",
      SHELL_DEADLINE,
      "sh",
      "-c",
      `out=$(${line} 2>&1); echo "got:$out"`,
    ]);
    assert.equal(r.code, 0, `command substitution hung or failed: ${r.stderr}`);
    const pid = Number(r.stdout.trim().replace("got:", ""));
    assert.ok(pid > 0, r.stdout);
    sb.started.add(pid);
    assert.ok(!gone(pid));
  } finally {
    await sb.cleanup();
  }
});

Deno.test("startup line, N SIGHUPs give N reload lines and state, SIGTERM stops cleanly", async () => {
  const sb = await sandbox();
  try {
    const r = await sb.cli(["start"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "");
    const pid = Number(r.stdout);
    const first = logLines(sb.log);
    assert.equal(first.length, 1);
    assert.match(first[0]!, LINE_RE);
    assert.match(first[0]!, new RegExp(` INFO ${pid} started version=\\d+\\.\\d+\\.\\d+ `));
    for (let i = 1; i <= 5; i++) {
      Deno.kill(pid, "SIGHUP");
      await waitFor(() => logLines(sb.log).length === 1 + i, `reload line ${i}`);
      assert.match(logLines(sb.log).at(-1)!, new RegExp(` INFO ${pid} reloaded count=${i}\\b`));
      // Each state write swaps a whole file in: never absent, never half.
      await waitFor(() => JSON.parse(readText(`${sb.pid}.state`)!).reloads === i, `state ${i}`);
    }
    Deno.kill(pid, "SIGTERM");
    await waitFor(() => gone(pid), "daemon to exit");
    assert.equal(readText(`${sb.pid}.state`), null, "state file removed");
    assert.equal(readText(`${sb.pid}.state.tmp`), null, "its temp file removed");
    const lines = logLines(sb.log);
    assert.match(lines.at(-2)!, / INFO \d+ stopping signal=SIGTERM$/);
    assert.match(lines.at(-1)!, / INFO \d+ stopped signal=SIGTERM$/);
    assert.equal(readText(sb.pid), null, "pid file removed");
    for (const l of lines) assert.match(l, LINE_RE);
  } finally {
    await sb.cleanup();
  }
});

/** Whether this kernel (or emulator) has openat2, which the daemon's keep-the-log check needs. */
function openat2Works(): boolean {
  const c = libc();
  const fd = c.openNoLinks("/", c.platform.flags.path | c.platform.flags.directory);
  if (fd >= 0) c.close(fd);
  return fd >= 0;
}

Deno.test("log rotation by rename + SIGHUP loses no line; without one the log is kept open", async () => {
  const sb = await sandbox();
  try {
    const pid = Number((await sb.cli(["start"])).stdout);
    const logFd = () => [...openFds(pid)].filter(([, t]) => t.startsWith(sb.log)).map(([fd]) => fd);
    const before = logFd();
    assert.equal(before.length, 1, "one descriptor on the log");
    Deno.kill(pid, "SIGHUP");
    await waitFor(() => logLines(sb.log).length === 2, "first reload");
    // Kept only where openat2 can prove the path link-free (not under an old
    // kernel or qemu-user, where the log is reopened every time, as before).
    if (openat2Works()) assert.deepEqual(logFd(), before, "the same file: kept open, not reopened");
    Deno.renameSync(sb.log, `${sb.log}.1`);
    Deno.kill(pid, "SIGHUP");
    await waitFor(() => logLines(sb.log).length === 1, "new log file after reopen");
    const after = [...openFds(pid)].filter(([, t]) => t === sb.log);
    assert.equal(after.length, 1, "the new file is open");
    assert.ok(![...openFds(pid).values()].includes(`${sb.log}.1`), "the rotated one is closed");
    assert.match(logLines(sb.log)[0]!, /reloaded count=2/);
    const old = logLines(`${sb.log}.1`);
    assert.deepEqual(logMessages(old), ["started", "reloaded"]);
    assert.equal((await sb.cli(["stop"])).code, 0);
    assert.deepEqual(logMessages(logLines(sb.log)), [
      "reloaded",
      "stopping",
      "stopped",
    ]);
  } finally {
    await sb.cleanup();
  }
});

Deno.test("a storm of SIGHUPs neither kills the daemon nor tears the log", async () => {
  const sb = await sandbox();
  try {
    const pid = Number((await sb.cli(["start"])).stdout);
    for (let i = 0; i < 3000; i++) Deno.kill(pid, "SIGHUP");
    const r = await sb.cli(["reload"]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!gone(pid), "still alive after the storm");
    const lines = logLines(sb.log);
    for (const l of lines) assert.match(l, LINE_RE);
    const counts = lines.filter((l) => l.includes(" reloaded ")).map((l) =>
      Number(/count=(\d+)/.exec(l)![1])
    );
    assert.deepEqual(counts, counts.map((_, i) => i + 1), "counts run 1..N without gaps");
  } finally {
    await sb.cleanup();
  }
});

Deno.test("a daemon that misses --ready-timeout is killed and reported; none is left", async () => {
  const sb = await sandbox();
  try {
    const r = await sb.cli(["start", "--ready-timeout", "0.001"]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, "mydaemon: cannot start daemon: not ready within 0.001s; killed it\n");
    assert.equal(r.stdout, "");
    const left = readText(sb.pid)?.trim();
    if (left) assert.ok(gone(Number(left)), `pid ${left} from the pid file is still alive`);
    assert.notEqual((await sb.cli(["status"])).code, 0);
  } finally {
    await sb.cleanup();
  }
});

Deno.test("`mydaemon &` from a shell works the same", async () => {
  const sb = await sandbox();
  try {
    const line = [...TEST_CMD, ...sb.flags].map((a) => `'${a}'`).join(" ");
    const r = await runCmd(["timeout", SHELL_DEADLINE, "sh", "-c", `${line} & wait $!`]);
    assert.equal(r.code, 0, r.stderr);
    const pid = Number(r.stdout.trim());
    sb.started.add(pid);
    assert.equal(pidFrom(sb.pid), pid);
    assert.equal(procStatus(pid)?.PPid, "1");
    assert.match(logLines(sb.log)[0]!, / started .*mode=detached/);
  } finally {
    await sb.cleanup();
  }
});
