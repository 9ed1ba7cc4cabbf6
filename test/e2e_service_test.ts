import assert from "node:assert/strict";
import { readText, sandbox, TEST_CMD } from "./harness.ts";

Deno.test("service print: a Type=notify unit that runs this very program", async () => {
  const sb = await sandbox();
  try {
    const r = await sb.cli([
      "service",
      "print",
      "--manager",
      "systemd",
      "--system",
      "--log-file",
      "rel.log",
    ], {
      bare: true,
      cwd: sb.dir,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Type=notify$/m);
    assert.match(r.stdout, /^ExecReload=\S+ .*reload --pid-file \/run\/mydaemon\/mydaemon.pid$/m);
    const exec = /^ExecStart=(.*)$/m.exec(r.stdout)?.[1] ?? "";
    // The program under test: its executable, then (under `deno run`) its script.
    const [program, ...args] = TEST_CMD;
    assert.ok(exec.startsWith(`${program} `), exec);
    const script = args.findLast((a) => /\.[jt]s$/.test(a));
    if (script !== undefined) {
      assert.ok(exec.includes(` --allow-ffi `) && exec.includes(` ${script} run `), exec);
    } else assert.match(exec, /^\S+ run /);
    assert.ok(exec.includes(`--log-file ${sb.dir}/rel.log`), "relative path made absolute");
  } finally {
    await sb.cleanup();
  }
});

Deno.test("service install --user: dry run writes nothing, real run writes the unit", async () => {
  const sb = await sandbox();
  try {
    const env = { XDG_CONFIG_HOME: `${sb.dir}/config` };
    const unit = `${sb.dir}/config/systemd/user/mydaemon.service`;
    const dry = await sb.cli(["service", "install", "--manager=systemd", "--user", "--dry-run"], {
      env,
    });
    assert.equal(dry.code, 0, dry.stderr);
    assert.ok(dry.stdout.includes(unit), dry.stdout);
    assert.equal(readText(unit), null);
    const real = await sb.cli(["service", "install", "--manager=systemd", "--user"], { env });
    assert.equal(real.code, 0, real.stderr);
    assert.match(readText(unit) ?? "", /^WantedBy=default\.target$/m);
    assert.equal(Deno.statSync(unit).mode! & 0o777, 0o644);
    assert.equal(
      (await sb.cli(["service", "uninstall", "--manager=systemd", "--user"], { env })).code,
      0,
    );
    assert.equal(readText(unit), null);
    const bad = await sb.cli(["service", "explode"]);
    assert.equal(bad.code, 2);
    assert.match(
      bad.stderr,
      /^mydaemon: cannot parse arguments: service: unknown action 'explode'/,
    );
  } finally {
    await sb.cleanup();
  }
});

Deno.test("service print --manager openrc --exec-path: the script runs the given program", async () => {
  const sb = await sandbox();
  try {
    const r = await sb.cli([
      "service",
      "print",
      "--manager",
      "openrc",
      "--exec-path=/usr/local/bin/mydaemon",
    ], { bare: true });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^#!\/sbin\/openrc-run\n/);
    assert.match(r.stdout, /^command=\/usr\/local\/bin\/mydaemon$/m);
    assert.match(r.stdout, /^command_args='run --log-file \S+ /m);
    const bad = await sb.cli(["service", "print", "--manager", "upstart"]);
    assert.equal(bad.code, 2);
    assert.match(
      bad.stderr,
      /^mydaemon: cannot parse arguments: service: unknown manager 'upstart'/,
    );
  } finally {
    await sb.cleanup();
  }
});

Deno.test("doctor: a user unit installed for systemd 254 is up to date, and changed, is not", async () => {
  const sb = await sandbox();
  try {
    const install = ["service", "install", "--user", "--systemd-version", "254"];
    assert.equal((await sb.cli(install)).code, 0);
    const unit = `${sb.dir}/.config/systemd/user/mydaemon.service`;
    assert.match(readText(unit) ?? "", /^Type=notify-reload$/m);
    const doctor = () =>
      sb.cli(["doctor", "--log-file", sb.log, "--pid-file", sb.pid], { bare: true });
    const ok = await doctor();
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    Deno.writeTextFileSync(
      unit,
      (readText(unit) ?? "").replace("RestartSteps=5", "RestartSteps=9"),
    );
    assert.equal((await doctor()).code, 1);
  } finally {
    await sb.cleanup();
  }
});
