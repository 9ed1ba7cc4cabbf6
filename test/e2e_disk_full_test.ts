import assert from "node:assert/strict";
import { readState } from "../src/lifecycle/state_file.ts";
import { LINE_RE, logLines, runCmd, sandbox, waitFor } from "./harness.ts";

const TIMESTAMP = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g;

/** One SIGHUP, waited for through the state file (which lives on a disk with room). */
async function hup(pid: number, pidFile: string): Promise<void> {
  const before = readState(pidFile)?.reloadAttempts ?? 0;
  Deno.kill(pid, "SIGHUP");
  await waitFor(() => (readState(pidFile)?.reloadAttempts ?? 0) > before, "the reload");
}

Deno.test({
  name: "disk full: no record glued onto a torn line, the loss counted, shown and logged",
  ignore: Deno.uid() !== 0,
  fn: async () => {
    const sb = await sandbox();
    const fs = `${sb.dir}/fs`;
    Deno.mkdirSync(fs);
    const mount = await runCmd(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", fs]);
    assert.equal(mount.code, 0, mount.stderr);
    try {
      const log = `${fs}/daemon.log`;
      const r = await sb.cli(["start", "--log-file", log], {
        bare: true,
        env: { MYDAEMON_PID_FILE: sb.pid },
      });
      assert.equal(r.code, 0, r.stderr);
      const pid = Number(r.stdout);
      // Fill every free page: only the room left in the log's last page remains.
      await runCmd(["dd", "if=/dev/zero", `of=${fs}/fill`, "bs=4096"]);
      const attempts = 120;
      for (let i = 0; i < attempts; i++) await hup(pid, sb.pid);
      const dropped = readState(sb.pid)?.droppedLines ?? 0;
      assert.ok(dropped > 0, "the disk filled up: lines were dropped");
      const status = await sb.cli(["status", "--log-file", log], {
        bare: true,
        env: { MYDAEMON_PID_FILE: sb.pid },
      });
      assert.match(status.stdout, new RegExp(`dropped: +${dropped} log lines`));

      Deno.removeSync(`${fs}/fill`);
      const again = await sb.cli(["reload", "--log-file", log], {
        bare: true,
        env: { MYDAEMON_PID_FILE: sb.pid },
      });
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stderr, new RegExp(`; ${dropped} log lines dropped since start\\n$`));

      const lines = logLines(log);
      const malformed = lines.filter((l) => !LINE_RE.test(l));
      for (const l of lines) assert.ok((l.match(TIMESTAMP) ?? []).length <= 1, `glued: ${l}`);
      assert.ok(malformed.length <= 1, `at most the one torn fragment: ${malformed.join(" | ")}`);
      const reloaded = lines.filter((l) => / INFO \d+ reloaded count=/.test(l)).length;
      assert.equal(reloaded + dropped - malformed.length, attempts + 1 - malformed.length);
      const notice = lines.findIndex((l) =>
        l.includes(` WARN ${pid} log: ${dropped} lines dropped `)
      );
      assert.ok(notice > 0, "the loss is logged once writes succeed again");
      assert.match(lines[notice]!, /error="write failed: no space left on device"/);
      assert.match(lines[notice + 1]!, new RegExp(` reloaded count=${attempts + 1}\\b`));
      assert.equal(lines.filter((l) => l.includes("lines dropped")).length, 1, "logged once");
      assert.equal(
        (await sb.cli(["stop"], { bare: true, env: { MYDAEMON_PID_FILE: sb.pid } })).code,
        0,
      );
    } finally {
      await runCmd(["umount", "-l", fs]);
      await sb.cleanup();
    }
  },
});
