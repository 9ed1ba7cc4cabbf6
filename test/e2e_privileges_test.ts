import assert from "node:assert/strict";
import {
  gone,
  logLines,
  logMessages,
  ONE_RELOAD_LIFE,
  pidFrom,
  procStatus,
  readText,
  sandbox,
  waitFor,
} from "./harness.ts";

const NOBODY = 65534;
const isRoot = Deno.uid() === 0;
if (!isRoot) console.error("e2e_privileges_test: skipped: dropping privileges needs root");

Deno.test({
  name: "root with --user/--group: files given to the user, then the daemon runs as it",
  ignore: !isRoot,
  fn: async () => {
    const sb = await sandbox();
    try {
      Deno.chmodSync(sb.dir, 0o755); // the user must reach its files
      const runDir = `${sb.dir}/run`;
      Deno.mkdirSync(runDir);
      Deno.chownSync(runDir, NOBODY, NOBODY);
      const flags = ["--log-file", sb.log, "--pid-file", `${runDir}/d.pid`];
      const user = ["--user", "nobody", "--group", "nogroup"];
      const r = await sb.cli(["start", ...user, ...flags], { bare: true });
      assert.equal(r.code, 0, r.stderr);
      const pid = Number(r.stdout);
      assert.equal(pidFrom(`${runDir}/d.pid`), pid);
      const st = procStatus(pid)!;
      assert.equal(st.Uid, `${NOBODY}\t${NOBODY}\t${NOBODY}\t${NOBODY}`);
      assert.equal(st.Gid, `${NOBODY}\t${NOBODY}\t${NOBODY}\t${NOBODY}`);
      assert.equal(st.Groups, "", "root's supplementary groups dropped");
      assert.equal(Deno.statSync(sb.log).uid, NOBODY);
      const status = await sb.cli(["status", ...user, ...flags], { bare: true });
      assert.equal(status.code, 0, status.stderr);
      assert.match(status.stdout, /user: +nobody\n/);
      // Reopening the log on reload works as the user.
      Deno.kill(pid, "SIGHUP");
      await waitFor(() => logLines(sb.log).length === 2, "reload line");
      const stop = await sb.cli(["stop", ...user, ...flags], { bare: true });
      assert.equal(stop.code, 0, stop.stderr);
      assert.ok(gone(pid));
      assert.equal(readText(`${runDir}/d.pid`), null, "the user could remove its pid file");
      assert.deepEqual(logMessages(logLines(sb.log)), ONE_RELOAD_LIFE);
    } finally {
      await sb.cleanup();
    }
  },
});

Deno.test({
  name: "an unknown --user is refused before anything starts",
  ignore: !isRoot,
  fn: async () => {
    const sb = await sandbox();
    try {
      const r = await sb.cli(["start", "--user", "no-such-user-here"]);
      assert.equal(r.code, 1);
      assert.equal(
        r.stderr,
        "mydaemon: cannot drop privileges: no such user 'no-such-user-here'\n",
      );
      assert.equal(readText(sb.pid), null);
    } finally {
      await sb.cleanup();
    }
  },
});
