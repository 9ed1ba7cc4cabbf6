import assert from "node:assert/strict";
import {
  formatNotifyMessage,
  NOOP_NOTIFIER,
  notifierFromEnv,
  NotifyError,
  type NotifyTransport,
  ready,
  readyAgain,
  reloading,
  startWatchdog,
  stopping,
  watchdogInterval,
} from "../src/systemd/sd_notify.ts";
import { encodeSockaddrUn } from "../src/systemd/sd_notify_socket.ts";
import { startNotifyListener } from "./notify_listener.ts";

const LINUX = Deno.build.os === "linux";

Deno.test("formatNotifyMessage: fields become KEY=value lines, in order", () => {
  const table: Array<[Parameters<typeof formatNotifyMessage>[0], string]> = [
    [{ READY: 1 }, "READY=1"],
    [{ READY: 1, MAINPID: 123, STATUS: "up" }, "READY=1\nMAINPID=123\nSTATUS=up"],
    [{ STATUS: "up", READY: "1" }, "STATUS=up\nREADY=1"],
    [{ MONOTONIC_USEC: 18446744073709551615n }, "MONOTONIC_USEC=18446744073709551615"],
    [{ STATUS: "a\nb\r\nc\rd" }, "STATUS=a b c d"],
    [{ STATUS: "x=y é" }, "STATUS=x=y é"],
    [{ STATUS: "" }, "STATUS="],
    [{ X_1: 0 }, "X_1=0"],
    [{}, ""],
  ];
  for (const [fields, expected] of table) {
    assert.equal(formatNotifyMessage(fields), expected, JSON.stringify(fields, big));
  }
});

Deno.test("formatNotifyMessage: a key that is not [A-Z][A-Z0-9_]* is a RangeError", () => {
  for (const key of ["ready", "A-B", "", "1A", "A\nB", "A=B", "_A"]) {
    assert.throws(() => formatNotifyMessage({ [key]: 1 }), RangeError, JSON.stringify(key));
  }
});

/** A notifier whose transport records what it was asked to send. */
function recording(clock = 42n): { sent: string[]; transport: NotifyTransport } {
  const sent: string[] = [];
  return {
    sent,
    transport: {
      send: (address, message) => void sent.push(`${address}|${message}`),
      monotonicUsec: () => clock,
    },
  };
}

Deno.test("the lifecycle helpers send exactly these messages", () => {
  const { sent, transport } = recording(1234567n);
  const n = notifierFromEnv({ NOTIFY_SOCKET: "/run/n" }, transport);
  const results = [
    ready(n, 77, "serving"),
    ready(n, 77),
    reloading(n),
    reloading(n, "reloading config"),
    readyAgain(n),
    readyAgain(n, "reloaded"),
    stopping(n),
    stopping(n, "bye\nnow"),
  ];
  assert.deepEqual(results, Array(8).fill(null));
  assert.deepEqual(sent, [
    "/run/n|READY=1\nMAINPID=77\nSTATUS=serving",
    "/run/n|READY=1\nMAINPID=77",
    "/run/n|RELOADING=1\nMONOTONIC_USEC=1234567",
    "/run/n|RELOADING=1\nMONOTONIC_USEC=1234567\nSTATUS=reloading config",
    "/run/n|READY=1",
    "/run/n|READY=1\nSTATUS=reloaded",
    "/run/n|STOPPING=1",
    "/run/n|STOPPING=1\nSTATUS=bye now",
  ]);
});

Deno.test("the helpers return failures as NotifyError instead of throwing", () => {
  const failing: NotifyTransport = {
    send: (address) => {
      throw new NotifyError(address, "sendto: Connection refused (errno 111)", 111);
    },
    monotonicUsec: () => {
      throw new Error("clock broke");
    },
  };
  const n = notifierFromEnv({ NOTIFY_SOCKET: "@sd" }, failing);
  const error = ready(n, 1);
  assert.ok(error instanceof NotifyError);
  assert.equal(
    error.message,
    "cannot notify systemd at @sd: sendto: Connection refused (errno 111)",
  );
  assert.equal(error.errno, 111);
  const clockError = reloading(n);
  assert.ok(clockError instanceof NotifyError);
  assert.equal(clockError.message, "cannot notify systemd at @sd: Error: clock broke");
});

Deno.test("without NOTIFY_SOCKET the notifier is a no-op that touches nothing", () => {
  const untouchable: NotifyTransport = {
    send: () => assert.fail("send called"),
    monotonicUsec: () => assert.fail("clock called"),
  };
  for (const env of [{}, { NOTIFY_SOCKET: "" }]) {
    const n = notifierFromEnv(env, untouchable);
    assert.equal(n, NOOP_NOTIFIER);
    assert.deepEqual([ready(n, 1), reloading(n), readyAgain(n), stopping(n)], [
      null,
      null,
      null,
      null,
    ]);
    startWatchdog(n, 1).stop();
  }
});

Deno.test("watchdogInterval: half of WATCHDOG_USEC in ms, for us only", () => {
  const table: Array<[Record<string, string>, number | null]> = [
    [{}, null],
    [{ WATCHDOG_USEC: "30000000" }, 15000],
    [{ WATCHDOG_USEC: "30000000", WATCHDOG_PID: "42" }, 15000],
    [{ WATCHDOG_USEC: "30000000", WATCHDOG_PID: "43" }, null],
    [{ WATCHDOG_USEC: "30000000", WATCHDOG_PID: "" }, 15000],
    [{ WATCHDOG_USEC: "30000000", WATCHDOG_PID: "4x" }, null],
    [{ WATCHDOG_USEC: "3001" }, 1],
    [{ WATCHDOG_USEC: "1" }, 1],
    [{ WATCHDOG_USEC: "0" }, null],
    [{ WATCHDOG_USEC: "" }, null],
    [{ WATCHDOG_USEC: "-5" }, null],
    [{ WATCHDOG_USEC: "1e6" }, null],
    [{ WATCHDOG_USEC: "18446744073709551615" }, 2 ** 31 - 1],
    [{ WATCHDOG_PID: "42" }, null],
  ];
  for (const [env, expected] of table) {
    assert.equal(
      watchdogInterval(env, 42),
      expected,
      JSON.stringify(env),
    );
  }
});

Deno.test("encodeSockaddrUn: Linux and macOS layouts, abstract names, limits", () => {
  const ok = (address: string, os: string) => {
    const r = encodeSockaddrUn(address, os);
    assert.ok(r.ok, `${address} on ${os}: ${r.ok ? "" : r.reason}`);
    return r.value;
  };
  const path = ok("/run/n", "linux");
  assert.equal(path.bytes.length, 110);
  assert.equal(path.length, 2 + 6 + 1);
  assert.deepEqual([...path.bytes.slice(0, 10)], [1, 0, ...bytes("/run/n"), 0, 0]);
  const abstract = ok("@sd-x", "linux");
  assert.equal(abstract.length, 2 + 1 + 4);
  assert.deepEqual([...abstract.bytes.slice(0, 8)], [1, 0, 0, ...bytes("sd-x"), 0]);
  const mac = ok("/var/n", "darwin");
  assert.equal(mac.bytes.length, 106);
  assert.deepEqual([...mac.bytes.slice(0, 10)], [9, 1, ...bytes("/var/n"), 0, 0]);
  assert.equal(ok("/" + "a".repeat(106), "linux").length, 110);
  assert.equal(ok("@" + "a".repeat(107), "linux").length, 110);
  const refused: Array<[string, string, string]> = [
    ["/" + "a".repeat(107), "linux", "the address is longer than 107 bytes"],
    ["@" + "a".repeat(108), "linux", "the address is longer than 107 bytes"],
    ["/" + "a".repeat(103), "darwin", "the address is longer than 103 bytes"],
    ["@sd", "darwin", "abstract socket addresses exist only on Linux"],
    ["run/n", "linux", "not an absolute path or @abstract name"],
    ["vsock:2:1234", "linux", "not an absolute path or @abstract name"],
    ["/a\0b", "linux", "the address contains a NUL byte"],
    ["/run/n", "windows", "unsupported OS windows"],
  ];
  for (const [address, os, reason] of refused) {
    assert.deepEqual(encodeSockaddrUn(address, os), { ok: false, reason }, address);
  }
});

function bytes(text: string): number[] {
  return [...new TextEncoder().encode(text)];
}

function big(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? `${value}n` : value;
}

const CHILD = `
import { notifierFromEnv, ready, readyAgain, reloading, stopping } from "${
  new URL("../src/systemd/sd_notify.ts", import.meta.url).href
}";
const n = notifierFromEnv(Deno.env.toObject());
const errors = [
  ready(n, Deno.pid, "serving"),
  reloading(n),
  readyAgain(n, "reloaded"),
  stopping(n),
].map((e) => e?.message ?? null);
console.log(JSON.stringify({ pid: Deno.pid, errors }));
`;

/** Runs the lifecycle in a child with the daemon's permissions minus read/write/run. */
async function runChild(
  dir: string,
  env: Record<string, string>,
  permissions = ["--allow-env", "--allow-ffi"],
): Promise<{ pid: number; errors: Array<string | null> }> {
  const script = `${dir}/child.ts`;
  await Deno.writeTextFile(script, CHILD);
  const keep = ["PATH", "HOME", "DENO_DIR"].filter((key) => Deno.env.get(key) !== undefined);
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-config", ...permissions, script],
    // A clean environment: an inherited NOTIFY_SOCKET must not leak into the child.
    clearEnv: true,
    env: {
      ...Object.fromEntries(keep.map((key) => [key, Deno.env.get(key) ?? ""])),
      DENO_NO_UPDATE_CHECK: "1",
      ...env,
    },
    cwd: dir,
    stdin: "null",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, stderr);
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

async function withTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "sd_notify_test_" });
  try {
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function checkLifecycle(dir: string, address: string): Promise<void> {
  await using listener = await startNotifyListener(address);
  const child = await runChild(dir, { NOTIFY_SOCKET: listener.address });
  assert.deepEqual(child.errors, [null, null, null, null]);
  const got = await listener.take(4);
  const texts = got.map((d) => d.text);
  assert.equal(texts[0], `READY=1\nMAINPID=${child.pid}\nSTATUS=serving`);
  const reload = /^RELOADING=1\nMONOTONIC_USEC=([0-9]+)$/.exec(texts[1] ?? "");
  assert.ok(reload, `not a RELOADING message: ${JSON.stringify(texts[1])}`);
  // CLOCK_MONOTONIC is shared by the processes: the child's reading lies
  // between the listener's bind and its receipt of that datagram.
  const usec = BigInt(reload[1] ?? "");
  assert.ok(listener.boundMonotonicUsec < usec, `${usec} is before the listener started`);
  assert.ok(usec <= (got[1]?.monotonicUsec ?? 0n), `${usec} is after the datagram arrived`);
  assert.deepEqual(texts.slice(2), ["READY=1\nSTATUS=reloaded", "STOPPING=1"]);
  if (LINUX) assert.deepEqual(got.map((d) => d.pid), Array(4).fill(child.pid));
}

Deno.test("a child delivers READY, RELOADING, READY, STOPPING to a socket path", async () => {
  await withTempDir((dir) => checkLifecycle(dir, `${dir}/notify.sock`));
});

Deno.test({
  name: "a child delivers the same to an abstract @name (Linux)",
  ignore: !LINUX,
  fn: () => withTempDir((dir) => checkLifecycle(dir, `@mydaemon-test-${crypto.randomUUID()}`)),
});

Deno.test("without NOTIFY_SOCKET a child needs no --allow-ffi (libc is never loaded)", async () => {
  await withTempDir(async (dir) => {
    const child = await runChild(dir, {}, ["--allow-env"]);
    assert.deepEqual(child.errors, [null, null, null, null]);
  });
});

Deno.test("an unreachable socket is a NotifyError naming the address and the reason", async () => {
  await withTempDir(async (dir) => {
    const stale = `${dir}/stale.sock`;
    await (await startNotifyListener(stale)).close(); // leaves the socket file behind
    const table: Array<[string, RegExp, number | null]> = [
      [`${dir}/missing.sock`, /^sendto: no such file or directory \(errno 2\)$/, 2],
      [stale, /^sendto: connection refused \(errno (111|61)\)$/, LINUX ? 111 : 61],
      ["run/notify", /^not an absolute path or @abstract name$/, null],
    ];
    for (const [address, reason, errno] of table) {
      const error = ready(notifierFromEnv({ NOTIFY_SOCKET: address }), 1);
      assert.ok(error instanceof NotifyError, `${address}: ${error}`);
      assert.match(error.reason, reason);
      assert.equal(error.message, `cannot notify systemd at ${address}: ${error.reason}`);
      assert.equal(error.errno, errno);
    }
  });
});

Deno.test("the watchdog pings every interval and stop() ends the pings", async () => {
  await withTempDir(async (dir) => {
    await using listener = await startNotifyListener(`${dir}/notify.sock`);
    const n = notifierFromEnv({ NOTIFY_SOCKET: listener.address });
    const errors: NotifyError[] = [];
    const watchdog = startWatchdog(n, 20, (e) => errors.push(e));
    let pings;
    try {
      pings = await listener.take(3);
    } finally {
      watchdog.stop();
    }
    assert.deepEqual(pings.map((p) => p.text), Array(3).fill("WATCHDOG=1"));
    const spread = (pings[2]?.monotonicUsec ?? 0n) - (pings[0]?.monotonicUsec ?? 0n);
    assert.ok(spread >= 20_000n, `3 pings 20 ms apart arrived within ${spread} µs`);
    assert.deepEqual(errors, []);
    // Pings sent before stop() may still be queued; the marker comes after them.
    assert.equal(readyAgain(n, "marker"), null);
    while ((await listener.next()).text === "WATCHDOG=1");
    await assert.rejects(listener.next(200), /no datagram within 200 ms/);
  });
});

Deno.test("watchdog failures go to onError and the pings go on", async () => {
  await withTempDir(async (dir) => {
    const n = notifierFromEnv({ NOTIFY_SOCKET: `${dir}/missing.sock` });
    const errors: NotifyError[] = [];
    let watchdog = { stop() {} };
    const twoErrors = new Promise<void>((resolve) => {
      watchdog = startWatchdog(n, 5, (e) => {
        if (errors.push(e) === 2) resolve();
      });
    });
    const deadline = Promise.withResolvers<void>();
    const timer = setTimeout(() => deadline.reject(new Error("no 2 errors in 5 s")), 5000);
    try {
      await Promise.race([twoErrors, deadline.promise]);
    } finally {
      clearTimeout(timer);
      watchdog.stop();
    }
    assert.equal(errors.length, 2);
    assert.match(errors[1]?.message ?? "", /^cannot notify systemd at .*missing\.sock: sendto: /);
  });
});
