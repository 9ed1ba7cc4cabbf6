import assert from "node:assert/strict";
import { gone, runCmd, sandbox, waitFor } from "./harness.ts";

type Sb = Awaited<ReturnType<typeof sandbox>>;

function problems(stdout: string): string[] {
  return stdout.split("\n").filter((l) => l.startsWith("PROBLEM"));
}

/** The `fix:` line after the problem matching `re`. */
function fixFor(stdout: string, re: RegExp): string {
  const lines = stdout.split("\n");
  const i = lines.findIndex((l) => l.startsWith("PROBLEM") && re.test(l));
  assert.ok(i >= 0, `no problem matching ${re} in:\n${stdout}`);
  return lines[i + 1]!.replace(/^ +fix: /, "");
}

/** `doctor` with the sandbox's log file, and its pid file unless `extra` names one. */
async function doctor(sb: Sb, extra: string[] = []) {
  const pid = extra.includes("--pid-file") ? [] : ["--pid-file", sb.pid];
  return await sb.cli(["doctor", "--log-file", sb.log, ...pid, ...extra], { bare: true });
}

/** Runs a printed fix command with sh, as an operator would paste it. */
async function sh(sb: Sb, command: string) {
  const r = await runCmd(["sh", "-c", command], { env: { HOME: sb.dir } });
  assert.equal(r.code, 0, `${command}: ${r.stderr}`);
}

Deno.test("doctor: all well is exit 0 and changes nothing", async () => {
  const sb = await sandbox();
  try {
    // (deno itself may create its cache under HOME: not ours)
    const list = () =>
      [...Deno.readDirSync(sb.dir)].map((e) => e.name).filter((n) => n !== ".cache").sort();
    const before = list();
    const r = await doctor(sb);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(problems(r.stdout), []);
    assert.match(r.stdout, /^ok +pid directory writable$/m);
    assert.deepEqual(list(), before);
  } finally {
    await sb.cleanup();
  }
});

Deno.test("doctor: stale pid file (exit 1), fixed by the printed command", async () => {
  const sb = await sandbox();
  try {
    const pid = Number((await sb.cli(["start"])).stdout);
    assert.equal((await doctor(sb)).code, 0, "a running daemon is fine");
    Deno.kill(pid, "SIGKILL");
    await waitFor(() => gone(pid), "daemon to die");
    const r = await doctor(sb);
    assert.equal(r.code, 1);
    assert.equal(problems(r.stdout).length, 1, r.stdout);
    await sh(sb, fixFor(r.stdout, new RegExp(`stale pid file ${sb.pid} \\(pid ${pid}\\)`)));
    assert.equal((await doctor(sb)).code, 0);
  } finally {
    await sb.cleanup();
  }
});

Deno.test("doctor: missing pid directory, and a log file owned by someone else", async () => {
  const sb = await sandbox();
  try {
    const pidDir = `${sb.dir}/run dir`;
    const flags = ["--pid-file", `${pidDir}/d.pid`];
    let r = await doctor(sb, flags);
    assert.equal(r.code, 1);
    await sh(sb, fixFor(r.stdout, /pid directory .*run dir does not exist/));
    assert.equal((await doctor(sb, flags)).code, 0);

    Deno.writeTextFileSync(sb.log, "");
    Deno.chownSync(sb.log, 65534, 65534);
    r = await doctor(sb);
    assert.equal(r.code, 1);
    await sh(sb, fixFor(r.stdout, new RegExp(`log file ${sb.log} is owned by uid 65534`)));
    assert.equal(Deno.statSync(sb.log).uid, Deno.uid());
    assert.equal((await doctor(sb)).code, 0);
  } finally {
    await sb.cleanup();
  }
});

Deno.test("doctor: pid directory not writable by the --user", async () => {
  const sb = await sandbox();
  try {
    const dir = `${sb.dir}/root-only`;
    Deno.mkdirSync(dir, { mode: 0o755 });
    Deno.chmodSync(sb.dir, 0o755); // let nobody reach it
    const flags = ["--pid-file", `${dir}/d.pid`, "--user", "nobody"];
    const r = await doctor(sb, flags);
    assert.equal(r.code, 1, r.stdout);
    const fix = fixFor(r.stdout, /pid directory .*root-only is not writable by nobody/);
    assert.equal(fix, `chown nobody ${dir}`);
    await sh(sb, fix);
    assert.equal((await doctor(sb, flags)).code, 0, (await doctor(sb, flags)).stdout);
  } finally {
    await sb.cleanup();
  }
});

Deno.test("doctor: an installed user unit that is out of date", async () => {
  const sb = await sandbox();
  try {
    assert.equal((await sb.cli(["service", "install", "--user"])).code, 0);
    assert.equal((await doctor(sb)).code, 0, "just installed: up to date");
    const unit = `${sb.dir}/.config/systemd/user/mydaemon.service`;
    Deno.writeTextFileSync(
      unit,
      Deno.readTextFileSync(unit).replace("ExecStart=", "ExecStart=/old "),
    );
    const r = await doctor(sb);
    assert.equal(r.code, 1);
    const fix = fixFor(
      r.stdout,
      /service file .*mydaemon.service differs from what 'mydaemon service print' writes now/,
    );
    assert.match(fix, /^mydaemon service install --user --log-file .* --pid-file /);
    // The printed fix names the program; run it as this test's command.
    assert.equal((await sb.cli(["service", "install", "--user"])).code, 0);
    assert.equal((await doctor(sb)).code, 0);
  } finally {
    await sb.cleanup();
  }
});
