import assert from "node:assert/strict";

const PROGRAM = new URL("./dies_early_daemon.ts", import.meta.url).pathname;
const PERMS = ["--allow-read", "--allow-write", "--allow-env", "--allow-run", "--allow-ffi"];

/** `start` of a daemon that dies before it is ready, in its own directory. */
async function startDying(how: string) {
  const dir = Deno.makeTempDirSync({ prefix: "mydaemon-dies-" });
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", ...PERMS, "--allow-sys", "--no-config", PROGRAM, "start"],
      env: {
        DENO_NO_UPDATE_CHECK: "1",
        NO_COLOR: "1",
        DIES_HOW: how,
        DIES_EARLY_PID_FILE: `${dir}/pid`,
        DIES_EARLY_LOG_FILE: `${dir}/log`,
        DIES_EARLY_READY_TIMEOUT: "20",
      },
    }).output();
    const dec = new TextDecoder();
    return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

Deno.test("a daemon that exits before it is ready: its exit code, and the log to look at", async () => {
  const r = await startDying("exit");
  assert.equal(
    r.stderr,
    "dies-early: cannot start daemon: it exited with code 3 before it was ready (see its log)\n",
  );
  assert.equal(r.code, 1);
  assert.equal(r.stdout, "");
});

Deno.test("a daemon killed before it is ready: the signal by name", async () => {
  const r = await startDying("kill");
  assert.equal(
    r.stderr,
    "dies-early: cannot start daemon: it was killed by SIGKILL before it was ready (see its log)\n",
  );
  assert.equal(r.code, 1);
});

Deno.test("a daemon that crashes before it is ready: Deno's own report, on one line", async () => {
  const r = await startDying("throw");
  assert.match(
    r.stderr,
    /^dies-early: cannot start daemon: it exited with code 1 before it was ready: error: Uncaught \(in promise\)|^dies-early: cannot start daemon: it exited with code 1 before it was ready: error: Uncaught Error: boom before ready/,
  );
  assert.match(r.stderr, /boom before ready/);
  assert.equal(r.stderr.split("\n").length, 2, "one line");
  assert.equal(r.code, 1);
});
