import assert from "node:assert/strict";
import {
  gone,
  logLines,
  logMessages,
  pidFrom,
  readText,
  runCmd,
  sandbox,
  waitFor,
} from "./harness.ts";

const NOBODY = 65534;

/** Runs a command as `nobody`: the second user who plants links. */
async function asNobody(...cmd: string[]): Promise<void> {
  const r = await runCmd([
    "setpriv",
    `--reuid=${NOBODY}`,
    `--regid=${NOBODY}`,
    "--clear-groups",
    ...cmd,
  ]);
  assert.equal(r.code, 0, r.stderr);
}

/**
 * A sticky world-writable directory (as /tmp) in the sandbox, and a
 * root-owned directory with precious files that nobody must be able to reach.
 */
function plantingGround(dir: string) {
  Deno.chmodSync(dir, 0o711);
  const shared = `${dir}/shared`, victim = `${dir}/victim`;
  Deno.mkdirSync(shared);
  Deno.chmodSync(shared, 0o1777);
  Deno.mkdirSync(victim, { mode: 0o755 });
  for (const f of ["daemon.log", "daemon.pid", "config.json"]) {
    Deno.writeTextFileSync(`${victim}/${f}`, "precious\n");
  }
  return { shared, victim };
}

function assertUntouched(victim: string) {
  for (const f of ["daemon.log", "daemon.pid", "config.json"]) {
    assert.equal(readText(`${victim}/${f}`), "precious\n", f);
  }
}

Deno.test({
  name: "a directory symlink another user planted in a sticky directory is never followed",
  ignore: Deno.uid() !== 0,
  fn: async () => {
    const sb = await sandbox();
    try {
      const { shared, victim } = plantingGround(sb.dir);
      await asNobody("ln", "-s", victim, `${shared}/evil`);
      const via = `${shared}/evil`;
      const refusal = `${via} is a symbolic link owned by uid ${NOBODY} in a sticky directory; ` +
        "refusing to follow it\n";
      const pid = await sb.cli(["start", "--pid-file", `${via}/daemon.pid`, "--log-file", sb.log], {
        bare: true,
      });
      assert.equal(pid.code, 1);
      assert.equal(pid.stderr, `mydaemon: cannot open pid file ${via}/daemon.pid: ${refusal}`);
      const log = await sb.cli(["start", "--log-file", `${via}/daemon.log`, "--pid-file", sb.pid], {
        bare: true,
      });
      assert.equal(log.code, 1);
      assert.equal(log.stderr, `mydaemon: cannot open log file ${via}/daemon.log: ${refusal}`);
      assert.equal(readText(sb.pid), null, "nothing left behind");
      const config = await sb.cli(["start", "--config", `${via}/config.json`]);
      assert.equal(config.code, 6);
      assert.equal(config.stderr, `mydaemon: cannot load config ${via}/config.json: ${refusal}`);
      assertUntouched(victim);
    } finally {
      await sb.cleanup();
    }
  },
});

Deno.test({
  name: "a pid directory swapped for another user's symlink: stop deletes nothing through it",
  ignore: Deno.uid() !== 0,
  fn: async () => {
    const sb = await sandbox();
    try {
      const { shared, victim } = plantingGround(sb.dir);
      await asNobody("mkdir", `${shared}/run`);
      Deno.chmodSync(`${shared}/run`, 0o777); // so that root's daemon may write there
      const pidFile = `${shared}/run/daemon.pid`;
      const r = await sb.cli(["start", "--pid-file", pidFile, "--log-file", sb.log], {
        bare: true,
      });
      assert.equal(r.code, 0, r.stderr);
      const pid = Number(r.stdout);
      assert.equal(pidFrom(pidFile), pid);
      await asNobody("mv", `${shared}/run`, `${shared}/gone`);
      await asNobody("ln", "-s", victim, `${shared}/run`);
      Deno.kill(pid, "SIGTERM");
      await waitFor(() => gone(pid), "the daemon to exit");
      assertUntouched(victim);
      assert.match(
        logLines(sb.log).join("\n"),
        /WARN .*run is a symbolic link owned by uid 65534 in a sticky directory/,
      );
    } finally {
      await sb.cleanup();
    }
  },
});

Deno.test({
  name: "links that are safe to follow still are: root's in a sticky directory, anyone's in ours",
  ignore: Deno.uid() !== 0,
  fn: async () => {
    const sb = await sandbox();
    try {
      const { shared } = plantingGround(sb.dir);
      const logs = `${sb.dir}/logs`;
      Deno.mkdirSync(logs);
      Deno.symlinkSync(logs, `${shared}/by-root`);
      // Another user's link in a directory only root may write: that is root's choice.
      Deno.symlinkSync(logs, `${sb.dir}/by-nobody`);
      assert.equal((await runCmd(["chown", "-h", `${NOBODY}`, `${sb.dir}/by-nobody`])).code, 0);
      for (const via of [`${shared}/by-root`, `${sb.dir}/by-nobody`]) {
        const r = await sb.cli(["start", "--log-file", `${via}/d.log`], {
          bare: true,
          env: { MYDAEMON_PID_FILE: sb.pid },
        });
        assert.equal(r.code, 0, r.stderr);
        assert.equal((await sb.cli(["stop"])).code, 0);
      }
      const life = ["started", "stopping", "stopped"];
      assert.deepEqual(logMessages(logLines(`${logs}/d.log`)), [...life, ...life]);
      assert.equal((await sb.cli(["stop"])).code, 0);
    } finally {
      await sb.cleanup();
    }
  },
});

Deno.test({
  name: "what another user planted at the state file's names is neither swapped, moved nor deleted",
  ignore: Deno.uid() !== 0,
  fn: async () => {
    const sb = await sandbox();
    try {
      const { shared } = plantingGround(sb.dir);
      // Her directory where the state goes; then her FIFO where its temp file goes.
      const plants: [string, string[], (p: string) => boolean][] = [
        [".state", ["mkdir"], (p) => Deno.lstatSync(p).isDirectory],
        [".state.tmp", ["mkfifo"], (p) => Deno.lstatSync(p).isFifo === true],
      ];
      for (const [suffix, make, still] of plants) {
        const pidFile = `${shared}/${suffix.replaceAll(".", "")}.pid`;
        await asNobody(...make, `${pidFile}${suffix}`);
        const flags = ["--pid-file", pidFile, "--log-file", sb.log];
        const r = await sb.cli(["start", ...flags], { bare: true });
        assert.equal(r.code, 0, r.stderr);
        Deno.kill(Number(r.stdout), "SIGHUP");
        await waitFor(() => logLines(sb.log).some((l) => l.includes(" reloaded ")), "the reload");
        assert.equal((await sb.cli(["stop", ...flags], { bare: true })).code, 0);
        assert.ok(still(`${pidFile}${suffix}`), `her ${make[0]} at ${suffix} is where it was`);
        assert.equal(readText(pidFile), null, "our pid file is gone");
        Deno.removeSync(sb.log);
      }
    } finally {
      await sb.cleanup();
    }
  },
});
