import assert from "node:assert/strict";
import { startNotifyListener } from "./notify_listener.ts";
import { logLines, logMessages, ONE_RELOAD_LIFE, sandbox, waitFor } from "./harness.ts";

function fields(text: string): Record<string, string> {
  return Object.fromEntries(
    text.split("\n").filter(Boolean).map((l) => {
      const i = l.indexOf("=");
      return [l.slice(0, i), l.slice(i + 1)];
    }),
  );
}

for (const abstract of [false, true]) {
  Deno.test(`Type=notify: READY, RELOADING+READY, STOPPING in order (${abstract ? "abstract" : "path"} socket)`, async () => {
    const sb = await sandbox();
    const address = abstract ? `@mydaemon-test-${crypto.randomUUID()}` : `${sb.dir}/notify.sock`;
    const listener = await startNotifyListener(address);
    try {
      // `start` under a supervisor (NOTIFY_SOCKET set) must not detach.
      const child = sb.spawn(["start", ...sb.flags], { NOTIFY_SOCKET: listener.address });
      const ready = fields((await listener.next(10_000)).text);
      assert.equal(ready.READY, "1");
      assert.equal(
        ready.MAINPID,
        String(child.pid),
        "the foreground process itself is the main pid",
      );
      assert.match(ready.STATUS ?? "", /running/);
      const before = await monotonicNow();
      child.kill("SIGHUP");
      const [reloading, again] = await listener.take(2, 10_000);
      const r = fields(reloading!.text);
      assert.equal(r.RELOADING, "1");
      const usec = BigInt(r.MONOTONIC_USEC ?? "0");
      assert.ok(
        usec >= before && usec <= reloading!.monotonicUsec,
        `MONOTONIC_USEC ${usec} in range`,
      );
      assert.equal(fields(again!.text).READY, "1");
      child.kill("SIGTERM");
      assert.equal(fields((await listener.next(10_000)).text).STOPPING, "1");
      const out = await child.output();
      assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
      assert.deepEqual(logMessages(logLines(sb.log)), ONE_RELOAD_LIFE);
    } finally {
      await listener.close();
      await sb.cleanup();
    }
  });
}

/** CLOCK_MONOTONIC in µs, as a separate process sees it (the same clock systemd uses). */
async function monotonicNow(): Promise<bigint> {
  const out = await new Deno.Command("python3", {
    args: ["-c", "import time; print(time.monotonic_ns() // 1000)"],
    stdout: "piped",
  }).output();
  return BigInt(new TextDecoder().decode(out.stdout).trim());
}

// The exact interval (half of WATCHDOG_USEC) is a unit table in sd_notify_test.ts;
// here: pings keep coming from the real daemon, and not in a busy loop.
Deno.test("WATCHDOG_USEC: the daemon keeps sending WATCHDOG=1", async () => {
  const sb = await sandbox();
  const listener = await startNotifyListener(`${sb.dir}/notify.sock`);
  try {
    const child = sb.spawn(["run", ...sb.flags], {
      NOTIFY_SOCKET: listener.address,
      WATCHDOG_USEC: "400000",
    });
    const got = await listener.take(4, 10_000);
    const pings = got.filter((d) => fields(d.text).WATCHDOG === "1");
    assert.ok(pings.length >= 2, got.map((d) => d.text).join(" | "));
    assert.ok(got.some((d) => fields(d.text).READY === "1"));
    const gap = Number(pings.at(-1)!.monotonicUsec - pings.at(-2)!.monotonicUsec);
    assert.ok(gap >= 150_000, `ping gap ${gap} µs for WATCHDOG_USEC=400000`);
    child.kill("SIGTERM");
    assert.equal((await child.output()).code, 0);
    await waitFor(() => logLines(sb.log).at(-1)?.includes(" stopped "), "stopped line");
  } finally {
    await listener.close();
    await sb.cleanup();
  }
});
