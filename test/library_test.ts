import assert from "node:assert/strict";
import { gone, logLines, logMessages, readText, waitFor } from "./harness.ts";

const MOD = new URL("../src/mod.ts", import.meta.url).href;

/** A daemon of someone else's, built on the library, run in the foreground. */
const SCRIPT = `
import { resolveSettings, runDaemon } from "${MOD}";
const [log, pid] = Deno.args;
const ctx = { cwd: Deno.cwd(), uid: Deno.uid(), env: {} };
let reloads = 0;
const code = await runDaemon({
  loadSettings: () => resolveSettings({ logFile: log, pidFile: pid }, ctx, null),
  detached: false,
  report: (m) => { if (!m.ok) console.error(m.reason); return Promise.resolve(); },
  hooks: {
    onStart: (l) => l.info("hook start"),
    onReload: (l) => {
      l.info("hook reload", { n: ++reloads });
      if (reloads === 2) setTimeout(() => { throw new Error("boom in a timer"); }, 0);
    },
    onStop: async (l) => { await new Promise((r) => setTimeout(r, 10)); l.info("hook stop"); },
  },
});
Deno.exit(code);
`;

/** Writes the script to a fresh temp dir and runs it; the caller removes `dir`. */
async function startMyDaemon() {
  const dir = await Deno.makeTempDir({ prefix: "mydaemon-lib-" });
  const log = `${dir}/d.log`, pid = `${dir}/d.pid`;
  Deno.writeTextFileSync(`${dir}/my_daemon.ts`, SCRIPT);
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--no-config", `${dir}/my_daemon.ts`, log, pid],
    env: { DENO_NO_UPDATE_CHECK: "1" },
    stdout: "null",
    stderr: "piped",
  }).spawn();
  await waitFor(() => logLines(log).length === 2, "start-up lines");
  child.kill("SIGHUP");
  await waitFor(() => logLines(log).length === 4, "first reload");
  return { dir, log, pid, child };
}

Deno.test("library: runDaemon drives your hooks; SIGTERM runs onStop, exit 0", async () => {
  const { dir, log, pid, child } = await startMyDaemon();
  try {
    child.kill("SIGTERM");
    const out = await child.output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    assert.deepEqual(logMessages(logLines(log)), [
      "started",
      "hook",
      "hook",
      "reloaded",
      "stopping",
      "hook",
      "stopped",
    ]);
    assert.match(logLines(log)[2]!, /hook reload n=1$/);
    assert.equal(readText(pid), null);
  } finally {
    try {
      child.kill("SIGKILL");
    } catch { /* exited */ }
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("library: an uncaught error is written to the log before the process ends", async () => {
  const { dir, log, child } = await startMyDaemon();
  try {
    child.kill("SIGHUP");
    const out = await child.output();
    assert.notEqual(out.code, 0);
    assert.ok(gone(child.pid));
    const last = logLines(log).at(-1)!;
    assert.match(last, / ERROR \d+ uncaught exception; exiting error=".*boom in a timer/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
