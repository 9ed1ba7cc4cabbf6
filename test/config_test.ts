import assert from "node:assert/strict";
import {
  absolutePath,
  configLayer,
  type Context,
  envLayer,
  resolveSettings,
} from "../src/config/config.ts";
import { defaultPidFile } from "../src/config/program.ts";
import { mydaemon } from "../src/main.ts";
import { DaemonError, UsageError } from "../src/errors/errors.ts";

const ctx = (env: Record<string, string> = {}, uid = 1000): Context => ({
  cwd: "/w",
  uid,
  env,
  program: mydaemon.program,
});

Deno.test("absolutePath", () => {
  const cases: [string, string, string][] = [
    ["/w", "a.log", "/w/a.log"],
    ["/w", "/abs/x", "/abs/x"],
    ["/w/d", "../x", "/w/x"],
    ["/w", "./a/./b//c", "/w/a/b/c"],
    ["/", "..", "/"],
  ];
  for (const [base, p, want] of cases) assert.equal(absolutePath(base, p), want);
});

Deno.test("defaultPidFile: root, runtime dir, state dir, home, nothing", () => {
  const cases: [Context, string][] = [
    [ctx({ XDG_RUNTIME_DIR: "/run/user/1000" }, 0), "/run/mydaemon/mydaemon.pid"],
    [ctx({ XDG_RUNTIME_DIR: "/run/user/1000", HOME: "/h" }), "/run/user/1000/mydaemon.pid"],
    [ctx({ XDG_RUNTIME_DIR: "relative", HOME: "/h" }), "/h/.local/state/mydaemon/mydaemon.pid"],
    [ctx({ XDG_STATE_HOME: "/s", HOME: "/h" }), "/s/mydaemon/mydaemon.pid"],
    [ctx({}), "/tmp/mydaemon-1000.pid"],
  ];
  for (const [c, want] of cases) assert.equal(defaultPidFile(c), want);
});

Deno.test("resolveSettings: flag > env > config > default", () => {
  const file = configLayer("/etc/m/c.json", { logFile: "c.log", umask: "027", timeout: 3 });
  const env = { MYDAEMON_LOG_FILE: "env.log", MYDAEMON_TIMEOUT: "4" };
  const cases: [Record<string, string>, Record<string, string>, Record<string, unknown>][] = [
    [{}, {}, { logFile: "/etc/m/c.log", umask: 0o027, timeout: 3, logLevel: "info" }],
    [{}, env, { logFile: "/w/env.log", timeout: 4 }],
    [{ logFile: "f.log", timeout: "5" }, env, { logFile: "/w/f.log", timeout: 5 }],
    [{ logFile: "-" }, {}, { logFile: "-" }],
  ];
  for (const [flags, e, want] of cases) {
    const got = resolveSettings(flags, ctx(e), file) as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(want)) assert.equal(got[k], v, k);
  }
  const d = resolveSettings({}, ctx({ HOME: "/h" }), null);
  assert.deepEqual(d, {
    logFile: "/tmp/daemon.log",
    pidFile: "/h/.local/state/mydaemon/mydaemon.pid",
    config: null,
    umask: 0o022,
    timeout: 10,
    readyTimeout: 10,
    logFormat: "text",
    logLevel: "info",
    user: null,
    group: null,
  });
});

Deno.test("resolveSettings: bad values name their source and map to exit 2 or 6", () => {
  const file = configLayer("/c.json", { logFormat: "xml" });
  const cases: [Record<string, string>, Record<string, string>, number, RegExp][] = [
    [{ umask: "9" }, {}, 2, /invalid --umask '9'/],
    [{ timeout: "0" }, {}, 2, /invalid --timeout '0'/],
    [{ timeout: "" }, {}, 2, /invalid --timeout ''/],
    [{ logFile: "" }, {}, 2, /invalid --log-file '': must not be empty/],
    [{ user: "a b" }, {}, 2, /invalid --user 'a b'/],
    [{}, { MYDAEMON_READY_TIMEOUT: "-1" }, 6, /invalid MYDAEMON_READY_TIMEOUT '-1'/],
    [{}, {}, 6, /invalid "logFormat" in config \/c.json 'xml'/],
  ];
  for (const [flags, env, code, re] of cases) {
    assert.throws(() => resolveSettings(flags, ctx(env), file), (e: unknown) => {
      assert.ok(e instanceof DaemonError);
      assert.equal(e.code, code);
      assert.equal(e instanceof UsageError, code === 2);
      assert.match(e.message, re);
      return true;
    });
  }
});

Deno.test("configLayer: shape checks", () => {
  const bad: [unknown, RegExp][] = [
    [[], /expected a JSON object/],
    [null, /expected a JSON object/],
    [{ nope: 1 }, /unknown key "nope"/],
    [{ config: "x" }, /unknown key "config"/],
    [{ logFile: true }, /"logFile": expected a string or a number/],
  ];
  for (const [data, re] of bad) assert.throws(() => configLayer("/c.json", data), re);
  assert.deepEqual(configLayer("/d/c.json", { pidFile: "p", umask: 18 }).values, {
    pidFile: "/d/p",
    umask: "18",
  });
  // "-" is the log on stderr, in a config file as on the command line.
  assert.deepEqual(configLayer("/d/c.json", { logFile: "-" }).values, { logFile: "-" });
});

Deno.test("envLayer ignores empty and foreign variables", () => {
  assert.deepEqual(
    envLayer({ MYDAEMON_LOG_FILE: "", MYDAEMON_UMASK: "077", OTHER: "x" }, mydaemon.program),
    {
      umask: "077",
    },
  );
});
