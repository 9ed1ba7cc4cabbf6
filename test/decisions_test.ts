import { mydaemon } from "../src/main.ts";
import assert from "node:assert/strict";
import { formatLine, type LogRecord } from "../src/log/log_line.ts";
import { parsePid, type PidFileState, pidText } from "../src/files/pid_file.ts";
import { zombieOrDead } from "../src/os/process_state.ts";
import { formatReady, parseReady, type ReadyMessage } from "../src/detach/ready_channel.ts";
import { relaunchCommand, type Self } from "../src/detach/relaunch.ts";
import { restartOnlyChanges } from "../src/lifecycle/reload.ts";
import { resolveSettings } from "../src/config/config.ts";
import { EventQueue, SIGNAL_EVENTS } from "../src/lifecycle/signals.ts";
import { decideStart, runsInForeground } from "../src/lifecycle/start_decision.ts";
import { formatUptime } from "../src/cli/commands/status.ts";
import { lastLines, logTarget } from "../src/cli/commands/logs.ts";
import { platformFor } from "../src/os/libc.ts";

Deno.test("parsePid", () => {
  const cases: [string, number | null][] = [
    ["123\n", 123],
    ["  42  ", 42],
    ["", null],
    ["0", null],
    ["-5", null],
    ["12x", null],
    ["1 2", null],
    ["99999999999", null],
    ["0123", null],
  ];
  for (const [text, want] of cases) assert.equal(parsePid(text), want, JSON.stringify(text));
});

Deno.test("pidText", () => {
  const cases: [string, string][] = [
    ["123\n", "pid"],
    ["", "empty"],
    [" \n", "empty"],
    ["my notes\n", "other"],
    ["123\nmore\n", "other"],
    [" ".repeat(65), "other"],
    ["0", "other"],
  ];
  for (const [text, want] of cases) assert.equal(pidText(text), want, JSON.stringify(text));
});

Deno.test("decideStart", () => {
  const cases: [PidFileState, string, number?, RegExp?][] = [
    [{ kind: "absent" }, "launch"],
    [{ kind: "stale", pid: 9 }, "launch"],
    [{ kind: "running", pid: 7 }, "refuse", 5, /^cannot start daemon: already running \(pid 7\)$/],
    [{ kind: "running", pid: null }, "refuse", 5, /already running$/],
    [{ kind: "unreadable", reason: "cannot open pid file /p: x" }, "refuse", 1, /^cannot open/],
  ];
  for (const [state, action, code, re] of cases) {
    const plan = decideStart(state);
    assert.equal(plan.action, action);
    if (plan.action === "refuse") {
      assert.equal(plan.error.code, code);
      assert.match(plan.error.message, re!);
    }
    if (plan.action === "launch") assert.equal(plan.recoverStale, state.kind === "stale");
  }
});

Deno.test("runsInForeground", () => {
  const cases: [string, boolean, Record<string, string>, boolean][] = [
    ["start", false, {}, false],
    ["run", false, {}, true],
    ["start", true, {}, true],
    ["start", false, { INVOCATION_ID: "abc" }, true],
    ["start", false, { NOTIFY_SOCKET: "/run/systemd/notify" }, true],
    ["start", false, { INVOCATION_ID: "" }, false],
  ];
  for (const [command, foreground, env, want] of cases) {
    assert.equal(
      runsInForeground({ command: command as "start", foreground }, env),
      want,
      `${command} ${foreground} ${JSON.stringify(env)}`,
    );
  }
});

Deno.test("relaunchCommand: deno run vs compiled binary", () => {
  const perms = ["--allow-read", "--allow-ffi"];
  const run: Self = {
    standalone: false,
    execPath: "/usr/bin/deno",
    mainModule: "file:///opt/my%20daemon/src/main.ts",
    permissions: perms,
  };
  const flags = { logFile: "rel.log", pidFile: "/p", umask: "077" };
  assert.deepEqual(relaunchCommand(run, flags, "/home/u"), {
    cmd: "/usr/bin/deno",
    args: [
      "run",
      ...perms,
      "--no-prompt",
      "--no-config",
      "/opt/my daemon/src/main.ts",
      "run",
      "--log-file=/home/u/rel.log",
      "--pid-file=/p",
      "--umask=077",
    ],
  });
  const bin: Self = { ...run, standalone: true, execPath: "/usr/local/bin/mydaemon (deleted)" };
  assert.deepEqual(relaunchCommand(bin, { logFile: "-" }, "/"), {
    cmd: "/usr/local/bin/mydaemon",
    args: ["run", "--log-file=-"],
  });
});

Deno.test("formatLine: text and JSON, one line whatever the input", () => {
  const rec = (msg: string, fields?: LogRecord["fields"]): LogRecord => ({
    time: new Date(Date.UTC(2026, 10, 25, 1, 2, 3, 4)),
    level: "warn",
    pid: 42,
    msg,
    ...(fields ? { fields } : {}),
  });
  const cases: [LogRecord, "text" | "json", string][] = [
    [rec("started"), "text", "2026-11-25T01:02:03.004Z WARN 42 started\n"],
    [
      rec("x", { a: 1, b: true, c: null }),
      "text",
      "2026-11-25T01:02:03.004Z WARN 42 x a=1 b=true c=null\n",
    ],
    [
      rec("x", { p: "a b", q: "", r: 'say "hi"' }),
      "text",
      '2026-11-25T01:02:03.004Z WARN 42 x p="a b" q="" r="say \\"hi\\""\n',
    ],
    [rec("evil\nINFO 1 forged"), "text", "2026-11-25T01:02:03.004Z WARN 42 evil\\nINFO 1 forged\n"],
    [rec("m", { k: "v\n" }), "text", '2026-11-25T01:02:03.004Z WARN 42 m k="v\\n"\n'],
    [
      rec("m", { n: 3 }),
      "json",
      '{"time":"2026-11-25T01:02:03.004Z","level":"warn","pid":42,"msg":"m","n":3}\n',
    ],
  ];
  for (const [r, format, want] of cases) {
    const line = formatLine(r, format);
    assert.equal(line, want);
    assert.equal(line.indexOf("\n"), line.length - 1, "exactly one newline, at the end");
  }
});

Deno.test("ready messages round-trip; garbage is refused", () => {
  const msgs: ReadyMessage[] = [
    { ok: true, pid: 12 },
    { ok: false, code: 5, reason: "cannot start daemon: already running (pid 3)" },
  ];
  for (const m of msgs) assert.deepEqual(parseReady(formatReady(m)), m);
  assert.equal(formatReady({ ok: false, code: 1, reason: "a\nb" }), "FAIL 1 a\\nb\n");
  for (const junk of ["", "READY\n", "READY 0\n", "READY 12", "FAIL x y\n", "HELLO\n"]) {
    assert.equal(parseReady(junk), null, JSON.stringify(junk));
  }
});

Deno.test("signal table and event queue: reloads merge, stops jump ahead", async () => {
  assert.deepEqual(Object.keys(SIGNAL_EVENTS).sort(), ["SIGHUP", "SIGINT", "SIGTERM"]);
  assert.equal(SIGNAL_EVENTS.SIGHUP?.kind, "reload");
  assert.equal(SIGNAL_EVENTS.SIGTERM?.kind, "stop");
  const q = new EventQueue();
  for (let i = 0; i < 1000; i++) q.push({ kind: "reload", signal: "SIGHUP" });
  assert.equal(q.size, 1);
  q.push({ kind: "stop", signal: "SIGINT" });
  assert.deepEqual(await q.next(), { kind: "stop", signal: "SIGINT" });
  assert.deepEqual(await q.next(), { kind: "reload", signal: "SIGHUP" });
  const waiting = q.next();
  q.push({ kind: "stop", signal: "SIGTERM" });
  assert.deepEqual(await waiting, { kind: "stop", signal: "SIGTERM" });
});

Deno.test("restartOnlyChanges", () => {
  const ctx = { cwd: "/", uid: 1, env: {}, program: mydaemon.program };
  const a = resolveSettings({ pidFile: "/a" }, ctx, null);
  assert.deepEqual(
    restartOnlyChanges(a, resolveSettings({ pidFile: "/a", logFile: "/x" }, ctx, null)),
    [],
  );
  assert.deepEqual(
    restartOnlyChanges(a, resolveSettings({ pidFile: "/b", user: "u" }, ctx, null)),
    [
      "pidFile",
      "user",
    ],
  );
});

Deno.test("small formatters", () => {
  const up: [number, string][] = [[0, "0s"], [59.9, "59s"], [61, "1m01s"], [3661, "1h01m01s"], [
    90061,
    "1d1h01m01s",
  ]];
  for (const [s, want] of up) assert.equal(formatUptime(s), want);
  const tails: [string, number, string][] = [["a\nb\nc\n", 2, "b\nc\n"], ["a\nb", 5, "a\nb\n"], [
    "",
    3,
    "",
  ], ["a\n", 0, ""]];
  for (const [text, n, want] of tails) assert.equal(lastLines(text, n), want);
  assert.equal(zombieOrDead("12 (my (odd) name) Z 1 2"), true);
  assert.equal(zombieOrDead("12 (deno) S 1 2"), false);
});

Deno.test("platformFor: explicit table, unknown refused", () => {
  assert.equal(platformFor("linux", "x86_64")?.flags.nofollow, 0o400000);
  assert.equal(platformFor("linux", "aarch64")?.flags.nofollow, 0o100000);
  assert.equal(platformFor("linux", "aarch64")?.stat.uid, 24);
  assert.equal(platformFor("darwin", "aarch64"), undefined, "darwin is not supported");
  assert.equal(platformFor("windows", "x86_64"), undefined);
  assert.equal(platformFor("linux", "riscv64"), undefined);
});

Deno.test("logTarget: flag, else the running daemon's log, else the configured one", () => {
  assert.equal(logTarget("/f.log", "/state.log", "/conf.log"), "/f.log");
  assert.equal(logTarget(undefined, "/state.log", "/conf.log"), "/state.log");
  assert.equal(logTarget(undefined, null, "/conf.log"), "/conf.log");
});
