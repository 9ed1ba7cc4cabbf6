import assert from "node:assert/strict";
import {
  gone,
  LINE_RE,
  logLines,
  logMessages,
  ONE_RELOAD_LIFE,
  readText,
  sandbox,
  waitFor,
} from "./harness.ts";

/** Nothing was started: no pid file, and (unless it pre-existed) no log. */
function assertNothingStarted(sb: { pid: string; log: string }, logExisted = false) {
  assert.equal(readText(sb.pid), null, "no pid file left behind");
  if (!logExisted) assert.equal(readText(sb.log), null, "no log written");
}

Deno.test("a symlink planted at the log path is refused, its target untouched", async () => {
  const sb = await sandbox();
  try {
    const target = `${sb.dir}/victim`;
    Deno.writeTextFileSync(target, "precious\n");
    Deno.symlinkSync(target, sb.log);
    const r = await sb.cli(["start"]);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      `mydaemon: cannot open log file ${sb.log}: is a symbolic link (refusing to follow it)\n`,
    );
    assert.equal(Deno.readTextFileSync(target), "precious\n");
    assert.equal(readText(sb.pid), null, "no pid file left behind");
    // A dangling link must not make us create its target either.
    Deno.removeSync(target);
    assert.equal((await sb.cli(["start"])).code, 1);
    assert.equal(readText(target), null);
  } finally {
    await sb.cleanup();
  }
});

Deno.test("a log path turned into a link, even to the daemon's own log, is refused at reload", async () => {
  const sb = await sandbox();
  try {
    const pid = Number((await sb.cli(["start"])).stdout);
    Deno.renameSync(sb.log, `${sb.log}.2`);
    Deno.symlinkSync(`${sb.log}.2`, sb.log);
    Deno.kill(pid, "SIGHUP");
    const refused = () => logLines(`${sb.log}.2`).find((l) => / ERROR \d+ reload failed/.test(l));
    const line = await waitFor(refused, "the refused reload");
    assert.match(line, /log file .* is a symbolic link \(refusing to follow it\)/);
    assert.equal(Deno.lstatSync(sb.log).isSymlink, true, "the link itself untouched");
  } finally {
    await sb.cleanup();
  }
});

Deno.test("a symlink planted at the pid path is refused", async () => {
  const sb = await sandbox();
  try {
    Deno.symlinkSync(`${sb.dir}/elsewhere`, sb.pid);
    const r = await sb.cli(["start"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cannot open pid file .*: is a symbolic link/);
    assert.equal(readText(`${sb.dir}/elsewhere`), null);
  } finally {
    await sb.cleanup();
  }
});

Deno.test({
  name: "a log file owned by another user is refused",
  ignore: Deno.uid() !== 0,
  fn: async () => {
    const sb = await sandbox();
    try {
      Deno.writeTextFileSync(sb.log, "");
      Deno.chownSync(sb.log, 65534, 65534);
      const r = await sb.cli(["start"]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /cannot open log file .*: is owned by uid 65534, not by us \(uid 0\)/);
      assert.equal(Deno.readTextFileSync(sb.log), "");
      assert.equal(readText(sb.pid), null);
    } finally {
      await sb.cleanup();
    }
  },
});
if (Deno.uid() !== 0) console.error("e2e_errors_test: ownership test skipped: needs root to chown");

Deno.test("a log in a missing directory: clear error, no daemon left", async () => {
  const sb = await sandbox();
  try {
    const args = ["start", "--log-file", `${sb.dir}/no/such/dir/x.log`, "--pid-file", sb.pid];
    const r = await sb.cli(args, { bare: true });
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      `mydaemon: cannot open log file ${sb.dir}/no/such/dir/x.log: no such file or directory\n`,
    );
    assert.equal(readText(sb.pid), null);
  } finally {
    await sb.cleanup();
  }
});

const USAGE: [string[], RegExp][] = [
  [["frobnicate"], /^mydaemon: cannot parse arguments: unknown command 'frobnicate' \(try/],
  [["start", "--bogus"], /unknown option '--bogus'/],
  [["start", "--umask", "999"], /invalid --umask '999': expected an octal mask like 022/],
  [["stop", "--timeout", "soon"], /invalid --timeout 'soon': expected a number of seconds/],
  [["start", "--log-level", "loud"], /invalid --log-level 'loud': expected one of debug/],
  [["logs", "-n", "x"], /invalid -n 'x': expected a whole number/],
  [["status", "extra"], /unexpected argument 'extra'/],
  [["start", "--log-file"], /option --log-file needs a value/],
  [["start", "--log-file", "-"], /needs the foreground/],
];

Deno.test("bad command lines: one line on stderr, exit 2, nothing started", async () => {
  const sb = await sandbox();
  try {
    for (const [args, re] of USAGE) {
      const r = await sb.cli(args, { bare: args.includes("--log-file") });
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, re);
      assert.equal(r.stderr.split("\n").length, 2, "exactly one line");
      assert.match(r.stderr, /\(try 'mydaemon --help'\)\n$/);
      assert.equal(r.stdout, "");
      assertNothingStarted(sb);
    }
  } finally {
    await sb.cleanup();
  }
});

Deno.test("bad environment and config values: exit 6 naming the source", async () => {
  const sb = await sandbox();
  try {
    let r = await sb.cli(["start"], { env: { MYDAEMON_UMASK: "8" } });
    assert.equal(r.code, 6);
    assert.match(r.stderr, /invalid MYDAEMON_UMASK '8'/);
    const cfg = `${sb.dir}/c.json`;
    Deno.writeTextFileSync(cfg, `{"logLevel": "chatty"}`);
    r = await sb.cli(["start", "--config", cfg]);
    assert.equal(r.code, 6);
    assert.match(r.stderr, /invalid "logLevel" in config .*c\.json 'chatty'/);
    Deno.writeTextFileSync(cfg, `{"logfile": "x"}`);
    r = await sb.cli(["start", "--config", cfg]);
    assert.equal(r.stderr, `mydaemon: cannot load config ${cfg}: unknown key "logfile"\n`);
    Deno.writeTextFileSync(cfg, `{ nope`);
    r = await sb.cli(["start", "--config", cfg]);
    assert.match(r.stderr, /cannot load config .*: invalid JSON/);
    r = await sb.cli(["start", "--config", `${sb.dir}/missing.json`]);
    assert.match(r.stderr, /cannot load config .*missing\.json: no such file or directory/);
    assertNothingStarted(sb);
  } finally {
    await sb.cleanup();
  }
});

Deno.test("precedence: flag > env > config > default; relative config paths", async () => {
  const sb = await sandbox();
  try {
    const cfg = `${sb.dir}/c.json`;
    Deno.writeTextFileSync(cfg, JSON.stringify({ logFile: "from-config.log", logFormat: "json" }));
    const base = ["start", "--config", cfg, "--pid-file", sb.pid];
    let r = await sb.cli(base, { bare: true });
    assert.equal(r.code, 0, r.stderr);
    const line = JSON.parse(logLines(`${sb.dir}/from-config.log`)[0]!);
    assert.equal(line.msg, "started");
    assert.equal(line.pid, Number(r.stdout));
    assert.match(line.time, /Z$/);
    await sb.cli(["stop", "--pid-file", sb.pid], { bare: true });
    r = await sb.cli(base, { bare: true, env: { MYDAEMON_LOG_FILE: `${sb.dir}/env.log` } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(logLines(`${sb.dir}/env.log`).length, 1);
    await sb.cli(["stop", "--pid-file", sb.pid], { bare: true });
    r = await sb.cli([...base, "--log-file", "flag.log"], {
      bare: true,
      cwd: sb.dir,
      env: { MYDAEMON_LOG_FILE: `${sb.dir}/env.log` },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(logLines(`${sb.dir}/flag.log`).length, 1, "relative flag resolved against cwd");
    assert.equal(logLines(`${sb.dir}/env.log`).length, 3, "env log got only its own run");
  } finally {
    await sb.cleanup();
  }
});

Deno.test("an invalid config on reload is logged and the old one stays in force", async () => {
  const sb = await sandbox();
  try {
    const cfg = `${sb.dir}/c.json`;
    // The log file comes from the config (relative to it), so a reload can move it.
    Deno.writeTextFileSync(cfg, JSON.stringify({ logFile: "daemon.log" }));
    const pid = Number(
      (await sb.cli(["start", "--config", cfg, "--pid-file", sb.pid], { bare: true })).stdout,
    );
    assert.equal(logLines(sb.log).length, 1);
    Deno.writeTextFileSync(cfg, `{"logLevel": `);
    // The reload command checks the config first, like `nginx -t`, and sends nothing.
    const reload = (env = {}) =>
      sb.cli(["reload", "--config", cfg, "--pid-file", sb.pid], { bare: true, env });
    let r = await reload();
    assert.equal(r.code, 6);
    assert.match(r.stderr, /^mydaemon: cannot load config .*c\.json: invalid JSON/);
    assert.equal(logLines(sb.log).length, 1, "no reload happened");
    // A raw SIGHUP reaches the daemon, which refuses the config and lives on.
    Deno.kill(pid, "SIGHUP");
    await waitFor(() => logLines(sb.log).length === 2, "reload failure line");
    assert.match(logLines(sb.log)[1]!, / ERROR \d+ reload failed; keeping the previous/);
    assert.ok(!gone(pid));
    // A config valid to the CLI but refused by the daemon: reload reports it, exit 1.
    Deno.symlinkSync(`${sb.dir}/victim`, `${sb.dir}/planted.log`);
    Deno.writeTextFileSync(cfg, JSON.stringify({ logFile: "planted.log" }));
    r = await reload();
    assert.equal(r.code, 1, r.stderr);
    assert.match(
      r.stderr,
      /cannot reload daemon .*symbolic link.*keeps its previous configuration/,
    );
    assert.equal(readText(`${sb.dir}/victim`), null);
    // The old log is still in use, and a good config applies.
    assert.match(logLines(sb.log).at(-1)!, / ERROR .*symbolic link/);
    Deno.writeTextFileSync(cfg, JSON.stringify({ logFile: "daemon.log", logLevel: "warn" }));
    assert.equal((await reload()).code, 0);
    const n = logLines(sb.log).length;
    assert.equal((await reload()).code, 0);
    assert.equal(logLines(sb.log).length, n, "info lines suppressed at level warn");
  } finally {
    await sb.cleanup();
  }
});

Deno.test("run: foreground, logs to stderr with --log-file -, SIGTERM exits 0", async () => {
  const sb = await sandbox();
  try {
    const child = sb.spawn(["run", "--log-file", "-", "--pid-file", sb.pid]);
    await waitFor(() => readText(sb.pid)?.trim() === String(child.pid), "pid file");
    child.kill("SIGHUP");
    // Wait until the reload is recorded before stopping.
    await waitFor(() => readText(`${sb.pid}.state`)?.includes('"reloads":1'), "reload");
    child.kill("SIGTERM");
    const out = await child.output();
    assert.equal(out.code, 0);
    const lines = new TextDecoder().decode(out.stderr).trim().split("\n");
    assert.deepEqual(logMessages(lines), ONE_RELOAD_LIFE);
    for (const l of lines) assert.match(l, LINE_RE);
    assert.match(lines[0]!, /mode=foreground/);
    assert.equal(new TextDecoder().decode(out.stdout), "");
    assert.equal(readText(sb.pid), null);
  } finally {
    await sb.cleanup();
  }
});

Deno.test("logs -n prints the last lines", async () => {
  const sb = await sandbox();
  try {
    const pid = Number((await sb.cli(["start"])).stdout);
    for (let i = 1; i <= 3; i++) {
      Deno.kill(pid, "SIGHUP");
      await waitFor(() => logLines(sb.log).length === i + 1, `reload ${i}`);
    }
    const r = await sb.cli(["logs", "-n", "2"]);
    assert.equal(r.code, 0);
    assert.deepEqual(r.stdout.trim().split("\n").map((l) => /count=(\d)/.exec(l)?.[1]), ["2", "3"]);
  } finally {
    await sb.cleanup();
  }
});
