import assert from "node:assert/strict";
import { closeIfOpen, type InspectorApi } from "../src/lifecycle/inspector_watch.ts";

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
