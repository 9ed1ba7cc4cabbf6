import assert from "node:assert/strict";
import { readText, runCmd, sandbox, TEST_CMD } from "./harness.ts";

/** Runs mydaemon through sh, so that arguments and environment can carry raw bytes. */
async function sh(script: string) {
  const cmd = TEST_CMD.map((a) => `'${a}'`).join(" ");
  return await runCmd(["sh", "-c", script.replaceAll("@CLI@", cmd)]);
}

Deno.test("non-UTF-8 bytes in a path are refused, never replaced (two paths never become one)", async () => {
  const sb = await sandbox();
  try {
    for (const byte of ["\\376", "\\377"]) {
      const flag = await sh(
        `exec @CLI@ start --log-file '${sb.log}' --pid-file "$(printf '${sb.dir}/p${byte}.pid')"`,
      );
      assert.equal(flag.code, 2, flag.stderr);
      assert.match(
        flag.stderr,
        /^mydaemon: cannot parse arguments: invalid --pid-file .*: contains bytes that are not UTF-8/,
      );
      const env = await sh(
        `MYDAEMON_PID_FILE="$(printf '${sb.dir}/p${byte}.pid')" exec @CLI@ status --log-file '${sb.log}'`,
      );
      assert.equal(env.code, 6, env.stderr + env.stdout);
      assert.equal(
        env.stderr,
        "mydaemon: cannot use configuration: MYDAEMON_PID_FILE is not UTF-8, which mydaemon cannot use faithfully; use a UTF-8 value\n",
      );
    }
    const config = `${sb.dir}/c.json`;
    Deno.writeTextFileSync(config, `{"pidFile": "p\\udc80.pid"}`);
    const file = await runCmd([...TEST_CMD, "start", "--config", config, "--log-file", sb.log]);
    assert.equal(file.code, 6, file.stderr);
    assert.match(file.stderr, /"pidFile" in config .*: contains bytes that are not UTF-8/);
    assert.deepEqual([...Deno.readDirSync(sb.dir)].map((e) => e.name).sort(), ["c.json"]);
    assert.equal(readText(sb.log), null);
  } finally {
    await sb.cleanup();
  }
});
