import assert from "node:assert/strict";
import { launchdPlist } from "../src/systemd/launchd_plist.ts";
import { openrcScript } from "../src/systemd/openrc_script.ts";
import { serviceCommand, type ServiceRequest } from "../src/systemd/service_command.ts";
import { detectManager, parseSystemdVersion } from "../src/systemd/service_manager.ts";
import { systemdUnit, type UnitOptions } from "../src/systemd/service_unit.ts";
import { sysvScript } from "../src/systemd/sysv_script.ts";
import { writtenForSystemd } from "../src/systemd/systemd_restart.ts";

const BIN = "/usr/local/bin/mydaemon";
const P = { name: "mydaemon", logFile: "/tmp/daemon.log" };
const SYS: UnitOptions = { program: P, execPath: BIN, mode: "system" };
const GOLDEN = new URL("./golden/", import.meta.url);
const UPDATE = Deno.env.get("UPDATE_GOLDEN") === "1";
const ENV = { HOME: "/Users/ann" };

async function golden(name: string, actual: string): Promise<void> {
  const url = new URL(name, GOLDEN);
  if (UPDATE) await Deno.writeTextFile(url, actual);
  assert.equal(actual, await Deno.readTextFile(url), `test/golden/${name} (UPDATE_GOLDEN=1)`);
}

/** Every generated text, by golden file name. */
const TEXTS: Record<string, string> = {
  "mydaemon.systemd254.service": systemdUnit({ ...SYS, systemdVersion: 254 }),
  "mydaemon.launchd.system.plist": launchdPlist(
    { ...SYS, user: "_mydaemon", group: "daemon" },
    ENV,
  ),
  "mydaemon.launchd.user.plist": launchdPlist({ ...SYS, mode: "user" }, ENV),
  "mydaemon.openrc": openrcScript({ ...SYS, needNet: true, user: "svc", group: "svc" }),
  "mydaemon.openrc.plain": openrcScript({ ...SYS, logFile: "/srv/my logs/d.log" }),
  "mydaemon.sysv": sysvScript(SYS),
};

Deno.test("golden: launchd plists, OpenRC and LSB scripts, systemd 254 unit", async () => {
  for (const [name, text] of Object.entries(TEXTS)) await golden(name, text);
});

Deno.test("systemd version decides Type=, the reload and the restart backoff", () => {
  const keys = (v: number) =>
    systemdUnit({ ...SYS, systemdVersion: v }).split("\n").filter((l) =>
      /^(Type|ExecReload|RestartSec|RestartSteps|RestartMaxDelaySec|StartLimitBurst)=/.test(l)
    );
  const reload = `ExecReload=${BIN} reload --pid-file /run/mydaemon/mydaemon.pid`;
  assert.deepEqual(keys(252), ["StartLimitBurst=5", "Type=notify", reload, "RestartSec=5s"]);
  assert.deepEqual(keys(253), ["StartLimitBurst=5", "Type=notify-reload", "RestartSec=5s"]);
  assert.deepEqual(keys(254), [
    "StartLimitBurst=5",
    "Type=notify-reload",
    "RestartSec=1s",
    "RestartSteps=5",
    "RestartMaxDelaySec=60s",
  ]);
  for (const v of [252, 254]) {
    assert.ok(!systemdUnit({ ...SYS, systemdVersion: v }).includes("/bin/kill"));
  }
});

Deno.test("detectManager and parseSystemdVersion: tables", () => {
  const table: Array<[string, boolean, boolean, string]> = [
    ["darwin", false, false, "launchd"],
    ["darwin", true, true, "launchd"],
    ["linux", true, true, "systemd"],
    ["linux", false, true, "openrc"],
    ["linux", false, false, "sysv"],
    ["freebsd", false, false, "sysv"],
  ];
  for (const [os, systemdBooted, openrcRun, expected] of table) {
    assert.equal(detectManager({ os, systemdBooted, openrcRun }), expected, os);
  }
  // --user: OpenRC and SysV have no user services; systemd's user manager does.
  assert.equal(
    detectManager({ os: "linux", systemdBooted: false, openrcRun: true }, true),
    "systemd",
  );
  assert.equal(
    detectManager({ os: "linux", systemdBooted: false, openrcRun: false }, true),
    "systemd",
  );
  assert.equal(
    detectManager({ os: "darwin", systemdBooted: false, openrcRun: false }, true),
    "launchd",
  );
  const versions: Array<[string, number | null]> = [
    ["systemd 252 (252.22-1~deb12u1)\n+PAM +AUDIT", 252],
    ["systemd 255 (255.4-1ubuntu8)", 255],
    ["254", 254],
    ["systemd", null],
    ["v254", null],
  ];
  for (const [text, expected] of versions) assert.equal(parseSystemdVersion(text), expected, text);
});

async function run(
  req: Partial<ServiceRequest>,
  facts = { os: "linux", systemdBooted: false, openrcRun: false },
) {
  const c = { code: -1, out: "", err: "" };
  c.code = await serviceCommand({
    program: P,
    action: "install",
    mode: null,
    dryRun: true,
    execPath: BIN,
    ...req,
  }, {
    fs: Deno,
    env: ENV,
    facts: () => Promise.resolve(facts),
    systemctlVersion: () => Promise.resolve("systemd 254 (254.5-1)"),
    stdout: (t) => void (c.out += t),
    stderr: (t) => void (c.err += t),
  });
  return c;
}

Deno.test("install --dry-run shows every file and command under each manager", async () => {
  const size = (t: string) => new TextEncoder().encode(t).length;
  const openrc = await run({}, { os: "linux", systemdBooted: false, openrcRun: true });
  assert.equal(openrc.code, 0, openrc.err);
  assert.equal(
    openrc.out,
    `would write /etc/init.d/mydaemon (mode 0755, ${size(openrcScript(SYS))} bytes)\n` +
      `would write /etc/logrotate.d/mydaemon (mode 0644, ` +
      `${size(await Deno.readTextFile(new URL("logrotate.conf", GOLDEN)))} bytes)\n` +
      "then: rc-update add mydaemon default && rc-service mydaemon start\n",
  );
  const sysv = await run({});
  assert.match(sysv.out, /^would write \/etc\/init\.d\/mydaemon \(mode 0755, /);
  assert.match(sysv.out, /then: update-rc.d mydaemon defaults && service mydaemon start\n$/);
  const launchd = await run({ mode: "user" }, {
    os: "darwin",
    systemdBooted: false,
    openrcRun: false,
  });
  assert.equal(
    launchd.out,
    `would write /Users/ann/Library/LaunchAgents/mydaemon.plist (mode 0644, ${
      size(launchdPlist({ ...SYS, mode: "user" }, ENV))
    } bytes)\nthen: launchctl bootstrap gui/"$(id -u)" /Users/ann/Library/LaunchAgents/mydaemon.plist\n`,
  );
  const down = await run({ action: "uninstall", manager: "launchd" });
  assert.equal(
    down.out,
    "first: launchctl bootout system/mydaemon\nwould remove /Library/LaunchDaemons/mydaemon.plist\n",
  );
  // install asks systemctl for the version; print does not.
  const systemd = await run({ action: "print", manager: "systemd" }, {
    os: "linux",
    systemdBooted: true,
    openrcRun: true,
  });
  assert.match(systemd.out, /^Type=notify$/m);
  const installed = await run({ manager: "systemd", root: "/nonexistent" });
  assert.match(installed.out, /mydaemon.service \(mode 0644, /);
  const pinned = await run({ action: "print", systemdVersion: "254" }, {
    os: "linux",
    systemdBooted: true,
    openrcRun: false,
  });
  assert.match(pinned.out, /^Type=notify-reload$/m);
});

Deno.test("service usage errors under other managers exit 2", async () => {
  const table: Array<[Partial<ServiceRequest>, RegExp]> = [
    [
      { manager: "upstart" },
      /unknown manager 'upstart' \(expected systemd, launchd, openrc, sysv\)/,
    ],
    [{ manager: "openrc", mode: "user" }, /openrc has no user services/],
    [{ manager: "sysv", mode: "user" }, /sysv has no user services/],
    [{ manager: "systemd", systemdVersion: "new" }, /invalid --systemd-version 'new'/],
    [{ manager: "openrc", logFile: "rel.log" }, /--log-file must be an absolute path/],
    [{ manager: "sysv", execPath: "mydaemon" }, /the program path must be absolute/],
    [{ manager: "launchd", user: "a b" }, /invalid user name: a b/],
  ];
  for (const [req, message] of table) {
    const c = await run(req);
    assert.deepEqual([c.code, c.out], [2, ""], JSON.stringify(req));
    assert.match(c.err, message);
  }
});

/** Runs `cmd args…` on `text` in a file; null when the tool is missing. */
async function tool(cmd: string, args: string[], text: string) {
  const file = await Deno.makeTempFile({ prefix: "service_managers_test_" });
  try {
    await Deno.writeTextFile(file, text);
    const out = await new Deno.Command(cmd, { args: [...args, file], stdin: "null" }).output();
    return { code: out.code, err: new TextDecoder().decode(out.stderr) };
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  } finally {
    await Deno.remove(file);
  }
}

/** A test that needs `cmd`: without it, skipped, loudly. */
function testWith(cmd: string, name: string, fn: () => Promise<void>) {
  const found = new Deno.Command("sh", { args: ["-c", `command -v ${cmd}`] }).outputSync().success;
  if (!found) console.warn(`SKIPPING "${name}": ${cmd} is not on PATH`);
  Deno.test({ name: found ? name : `${name} (SKIPPED: no ${cmd})`, ignore: !found, fn });
}

testWith("dash", "sh -n (dash) accepts the OpenRC and LSB scripts, and can fail", async () => {
  for (const name of ["mydaemon.openrc", "mydaemon.openrc.plain", "mydaemon.sysv"]) {
    assert.deepEqual(await tool("dash", ["-n"], TEXTS[name]!), { code: 0, err: "" }, name);
  }
  const broken = await tool("dash", ["-n"], TEXTS["mydaemon.sysv"]!.replace("esac", ""));
  assert.notEqual(broken?.code, 0);
});

const PLIST_CHECK = "import plistlib,sys; d=plistlib.load(open(sys.argv[1],'rb')); " +
  "assert d['Label']=='mydaemon' and d['KeepAlive']=={'SuccessfulExit': False}, d; " +
  "assert d['ProgramArguments'][:2]==['/usr/local/bin/mydaemon','run'], d";

testWith(
  "python3",
  "python3 plistlib reads both plists as launchd would, and can fail",
  async () => {
    for (const name of ["mydaemon.launchd.system.plist", "mydaemon.launchd.user.plist"]) {
      const r = await tool("python3", ["-c", PLIST_CHECK], TEXTS[name]!);
      assert.deepEqual(r, { code: 0, err: "" }, name);
    }
    const r = await tool(
      "python3",
      ["-c", PLIST_CHECK],
      TEXTS["mydaemon.launchd.user.plist"]!.replace("</dict>\n</plist>", "</plist>"),
    );
    assert.notEqual(r?.code, 0);
  },
);

/** The host's systemd version (`systemd-analyze --version`), or null. */
function hostSystemd(): number | null {
  try {
    const out = new Deno.Command("systemd-analyze", { args: ["--version"] }).outputSync();
    return out.success ? parseSystemdVersion(new TextDecoder().decode(out.stdout)) : null;
  } catch {
    return null;
  }
}

{
  const host = hostSystemd();
  const name = "systemd-analyze verify accepts the unit for systemd >= 254 (notify-reload, steps)";
  const why = host === null ? "no systemd-analyze" : host < 254 ? `host systemd is ${host}` : "";
  if (why !== "") console.warn(`SKIPPING "${name}": ${why}`);
  Deno.test({
    name: why === "" ? name : `${name} (SKIPPED: ${why})`,
    ignore: why !== "",
    fn: async () => {
      const dir = await Deno.makeTempDir({ prefix: "service_managers_test_" });
      try {
        const unit = `${dir}/mydaemon.service`;
        await Deno.writeTextFile(
          unit,
          systemdUnit({ ...SYS, execPath: "/bin/true", systemdVersion: host! }),
        );
        const out = await new Deno.Command("systemd-analyze", {
          args: ["verify", "--man=no", unit],
        })
          .output();
        const text = new TextDecoder().decode(out.stderr);
        assert.deepEqual(text.split("\n").filter((l) => l.includes("mydaemon.service")), [], text);
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  });
}

Deno.test("writtenForSystemd reads back the version a unit was written for", () => {
  for (const v of [252, 253, 254]) {
    assert.equal(writtenForSystemd(systemdUnit({ ...SYS, systemdVersion: v })), v);
  }
  assert.equal(writtenForSystemd("[Unit]\n"), null);
});
