import assert from "node:assert/strict";
import { gone, logLines, logMessages, readText, waitFor } from "./harness.ts";
import { ownProject } from "./own_project.ts";

/**
 * Someone else's daemon on the public API, with a config key of its own. Its
 * hooks fail on demand, by config: the greeting "bad" makes reload throw,
 * "no-stop" makes stop throw; START_FAILS in the environment makes start throw.
 */
const MAIN = `
import { defineDaemon } from "@mydaemon/mydaemon";
const daemon = defineDaemon({
  name: "acme",
  version: "1.2.3",
  config: {
    keys: ["greeting"],
    validate(raw) {
      const greeting = raw.greeting ?? "hello";
      if (typeof greeting !== "string") throw new Error('"greeting": expected a string');
      return { greeting };
    },
  },
  start(ctx) {
    if (Deno.env.get("START_FAILS")) throw new Error("no tables to load");
    ctx.log.info("work begins", { greeting: ctx.config.greeting });
  },
  reload(ctx) {
    if (ctx.config.greeting === "bad") throw new Error("tables are corrupt");
    ctx.log.info("reloaded my tables", { greeting: ctx.config.greeting });
  },
  stop(ctx) {
    if (ctx.config.greeting === "no-stop") throw new Error("flush failed");
    ctx.log.info("bye", { greeting: ctx.config.greeting, aborted: ctx.signal.aborted });
  },
});
if (import.meta.main) Deno.exit(await daemon.main(Deno.args));
`;

async function project() {
  const p = await ownProject({ "main.ts": MAIN });
  const config = `${p.dir}/acme.json`;
  const setGreeting = (g: string) =>
    Deno.writeTextFileSync(config, JSON.stringify({ greeting: g }));
  setGreeting("hello");
  const cli = (args: string[], env: Record<string, string> = {}) =>
    p.sb.cli([...args, "--config", config], { cwd: p.dir, env });
  return { ...p, config, setGreeting, cli };
}

Deno.test("own daemon: its config key reaches the hooks; a throwing reload keeps the previous config", async () => {
  const p = await project();
  try {
    const started = await p.cli(["start"]);
    assert.equal(started.code, 0, started.stderr);
    assert.match(logLines(p.sb.log)[0]!, / started version=1\.2\.3 /);
    assert.match(logLines(p.sb.log)[1]!, /work begins greeting=hello$/);
    p.setGreeting("bad");
    const refused = await p.cli(["reload"]);
    assert.notEqual(refused.code, 0);
    assert.match(
      refused.stderr,
      /^acme: .*reload hook: tables are corrupt; it keeps its previous configuration\n$/,
    );
    assert.match(
      logLines(p.sb.log).at(-1)!,
      /ERROR .*reload failed; keeping the previous configuration error="reload hook: tables are corrupt"/,
    );
    const stopped = await p.cli(["stop"]);
    assert.equal(stopped.code, 0, stopped.stderr);
    // The stop hook sees the configuration really in force: the old one.
    assert.match(logLines(p.sb.log).at(-2)!, /bye greeting=hello aborted=true$/);
  } finally {
    await p.sb.cleanup();
  }
});

Deno.test("own daemon: a throwing stop still removes pid and state files, logs stopped with the error, exits 1", async () => {
  const p = await project();
  try {
    p.setGreeting("no-stop");
    const child = new Deno.Command(p.cmd[0]!, {
      args: [...p.cmd.slice(1), "run", "--config", p.config, ...p.sb.flags],
      cwd: p.dir,
      env: { DENO_NO_UPDATE_CHECK: "1" },
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    p.sb.started.add(child.pid);
    await waitFor(() => readText(`${p.sb.pid}.state`), "the state file");
    child.kill("SIGTERM");
    const out = await child.output();
    assert.equal(out.code, 1, new TextDecoder().decode(out.stderr));
    assert.equal(readText(p.sb.pid), null, "pid file left behind");
    assert.equal(readText(`${p.sb.pid}.state`), null, "state file left behind");
    const last = logLines(p.sb.log).at(-1)!;
    assert.match(last, / ERROR \d+ stopped signal=SIGTERM error="stop hook: flush failed"$/);
  } finally {
    await p.sb.cleanup();
  }
});

Deno.test("own daemon: a throwing start fails start with its reason and leaves nothing behind", async () => {
  const p = await project();
  try {
    const r = await p.cli(["start"], { START_FAILS: "1" });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, "acme: cannot start daemon: start hook: no tables to load\n");
    assert.equal(r.stdout, "");
    assert.equal(readText(p.sb.pid), null, "pid file left behind");
    assert.equal(readText(`${p.sb.pid}.state`), null, "state file left behind");
    assert.deepEqual(
      logMessages(logLines(p.sb.log)),
      ["started", "start-up"],
    );
    const status = await p.cli(["status"]);
    assert.equal(status.code, 3, status.stdout);
  } finally {
    await p.sb.cleanup();
  }
});

Deno.test("own daemon: an uncaught error is written to the log before the process ends", async () => {
  const p = await ownProject({
    "main.ts": `
import { defineDaemon } from "@mydaemon/mydaemon";
const daemon = defineDaemon({
  name: "acme",
  version: "1.2.3",
  start() {},
  reload() { setTimeout(() => { throw new Error("boom in a timer"); }, 0); },
});
if (import.meta.main) Deno.exit(await daemon.main(Deno.args));
`,
  });
  try {
    const r = await p.sb.cli(["start"], { cwd: p.dir });
    assert.equal(r.code, 0, r.stderr);
    const pid = Number(r.stdout);
    Deno.kill(pid, "SIGHUP");
    await waitFor(() => gone(pid), "the daemon to end");
    const last = logLines(p.sb.log).at(-1)!;
    assert.match(last, / ERROR \d+ uncaught exception; exiting error=".*boom in a timer/);
  } finally {
    await p.sb.cleanup();
  }
});
