import assert from "node:assert/strict";
import {
  closeIfOpen,
  type InspectorApi,
  ownThreads,
  threadsIn,
  watchInspector,
} from "../src/lifecycle/inspector_watch.ts";

Deno.test("a SIGUSR1 that reached deno's inspector handler first: the inspector is closed at once", async () => {
  const child = new URL("./inspector_race_child.ts", import.meta.url).pathname;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", "--no-config", child],
    env: { DENO_NO_UPDATE_CHECK: "1" },
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, stderr);
  const r = JSON.parse(new TextDecoder().decode(out.stdout));
  assert.equal(r.closed.length, 1, "the guard reported the inspector it closed");
  assert.match(r.closed[0], /^ws:\/\/127\.0\.0\.1:\d+\//);
  assert.equal(r.listening, false, "the inspector port no longer accepts connections");
});

function fakeInspector(url: string | undefined | Error) {
  const calls: string[] = [];
  const api: InspectorApi = {
    url() {
      calls.push("url");
      if (url instanceof Error) throw url;
      return url;
    },
    close() {
      calls.push("close");
    },
  };
  return { api, calls };
}

Deno.test("closeIfOpen: closes only an open inspector; without permission it does nothing", () => {
  const rows: [string | undefined | Error, string | null, string[]][] = [
    [undefined, null, ["url"]],
    ["ws://127.0.0.1:9229/x", "ws://127.0.0.1:9229/x", ["url", "close"]],
    [new Error("NotCapable"), null, ["url"]],
  ];
  for (const [url, want, calls] of rows) {
    const f = fakeInspector(url);
    assert.equal(closeIfOpen(f.api), want);
    assert.deepEqual(f.calls, calls);
  }
});

Deno.test("watchInspector loads the inspector API only once the thread count moves (or cannot be read)", async () => {
  const rows: [string, (number | null)[], boolean][] = [
    ["steady threads: never loaded", [5, 5, 5, 5, 5, 5], false],
    ["a new thread: loaded, and the open inspector closed", [5, 5, 6, 6, 6, 6], true],
    ["no /proc: loaded at once", [null, null, null, null], true],
  ];
  for (const [name, counts, loaded] of rows) {
    let reads = 0;
    const threads = () => counts[Math.min(reads++, counts.length - 1)]!;
    let open = true; // the runtime's inspector, open until closed
    const api: InspectorApi = {
      url: () => open ? "ws://127.0.0.1:9229/x" : undefined,
      close: () => void (open = false),
    };
    let loads = 0;
    const closed: string[] = [];
    const stop = watchInspector(
      (url) => closed.push(url),
      () => (loads++, Promise.resolve(api)),
      threads,
    );
    const deadline = Date.now() + 2000;
    while (reads < counts.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 2));
    }
    await new Promise((r) => setTimeout(r, 10));
    stop();
    assert.equal(loads, loaded ? 1 : 0, name);
    assert.deepEqual(closed, loaded ? ["ws://127.0.0.1:9229/x"] : [], name);
  }
});

Deno.test("threadsIn reads Threads: from /proc/<pid>/status bytes; ownThreads agrees with Deno", () => {
  const enc = new TextEncoder();
  const rows: [string, number | null][] = [
    ["Name:\tdeno\nThreads:\t7\nSigQ:\t0/1\n", 7],
    ["Name:\tdeno\nThreads:\t123\n", 123],
    ["Name:\tdeno\nThreads:\t\nSigQ:\t1\n", null],
    ["Name:\tThreads: 9\nSigQ:\t1\n", null], // only at the start of a line
    ["Name:\tdeno\n", null],
  ];
  for (const [text, want] of rows) {
    const bytes = enc.encode(text);
    assert.equal(threadsIn(bytes, bytes.length), want, JSON.stringify(text));
  }
  const status = Deno.readTextFileSync("/proc/self/status");
  assert.equal(ownThreads(), Number(/^Threads:\s*(\d+)$/m.exec(status)![1]));
});
