import assert from "node:assert/strict";
import { readText, sandbox } from "./harness.ts";

/** Exactly one line, `mydaemon: cannot …`, and no line of it can pass for another message. */
function assertOneLine(stderr: string): void {
  assert.match(stderr, /^mydaemon: cannot [^\n]*\n$/, JSON.stringify(stderr));
}

const FAKE = "07\nmydaemon: reloaded (pid 1, reloads 1)";

Deno.test("a newline in a flag, environment or config value cannot fake a second line", async () => {
  const sb = await sandbox();
  try {
    const flag = await sb.cli(["start", `--umask=${FAKE}`]);
    assert.equal(flag.code, 2);
    assertOneLine(flag.stderr);
    assert.ok(flag.stderr.includes("'07\\nmydaemon: reloaded"), flag.stderr);

    const env = await sb.cli(["start"], { env: { MYDAEMON_UMASK: FAKE } });
    assert.equal(env.code, 6);
    assertOneLine(env.stderr);

    const config = `${sb.dir}/config.json`;
    Deno.writeTextFileSync(config, JSON.stringify({ umask: FAKE }));
    const file = await sb.cli(["start", "--config", config]);
    assert.equal(file.code, 6);
    assertOneLine(file.stderr);

    // A path echoed by the daemon child, through the readiness pipe.
    const path = await sb.cli(["start", "--log-file", `${sb.dir}/no\u001b[2Jdir\n/x.log`], {
      bare: true,
      env: { MYDAEMON_PID_FILE: sb.pid },
    });
    assert.equal(path.code, 1);
    assertOneLine(path.stderr);
    assert.ok(path.stderr.includes("no\\u001b[2Jdir\\n/x.log: no such file or directory"));
    assert.equal(readText(sb.pid), null, "nothing left behind");
  } finally {
    await sb.cleanup();
  }
});

Deno.test("a start that fails before any log exists prints the real reason", async () => {
  const sb = await sandbox();
  try {
    const long = `${sb.dir}/${"a".repeat(4600)}`;
    const r = await sb.cli(["start", "--log-file", long], {
      bare: true,
      env: { MYDAEMON_PID_FILE: sb.pid },
    });
    assert.equal(r.code, 1);
    assertOneLine(r.stderr);
    assert.ok(r.stderr.endsWith(`: file name too long\n`), r.stderr.slice(-80));
    assert.ok(r.stderr.includes(long), "names the path it could not open");
    assert.equal(readText(sb.pid), null, "nothing left behind");
  } finally {
    await sb.cleanup();
  }
});

Deno.test({
  name: "errnos are named: a log on a read-only file system",
  ignore: Deno.uid() !== 0,
  fn: async () => {
    const sb = await sandbox();
    const ro = `${sb.dir}/ro`;
    Deno.mkdirSync(ro);
    const mount = await new Deno.Command("mount", {
      args: ["-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", ro],
    }).output();
    assert.equal(mount.code, 0, new TextDecoder().decode(mount.stderr));
    try {
      const r = await sb.cli(["start", "--log-file", `${ro}/daemon.log`], {
        bare: true,
        env: { MYDAEMON_PID_FILE: sb.pid },
      });
      assert.equal(r.code, 1);
      assert.equal(
        r.stderr,
        `mydaemon: cannot open log file ${ro}/daemon.log: read-only file system\n`,
      );
    } finally {
      await new Deno.Command("umount", { args: [ro] }).output();
      await sb.cleanup();
    }
  },
});
