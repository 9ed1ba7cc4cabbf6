import assert from "node:assert/strict";
import { logrotateSnippet, shellQuote } from "../src/systemd/logrotate.ts";
import {
  serviceCommand,
  type ServiceFs,
  type ServiceRequest,
} from "../src/systemd/service_command.ts";
import { systemdQuote } from "../src/systemd/systemd_quote.ts";
import {
  systemdUnit,
  unitInstallPath,
  type UnitOptions,
  UnitOptionsError,
} from "../src/systemd/service_unit.ts";

const BIN = "/usr/local/bin/mydaemon";
const P = {
  name: "mydaemon",
  logFile: "/tmp/daemon.log",
  docs: "https://github.com/mydaemon/mydaemon#operating-mydaemon",
};
const GOLDEN = new URL("./golden/", import.meta.url);
const UPDATE = Deno.env.get("UPDATE_GOLDEN") === "1";

/** Compares with test/golden/<name>; UPDATE_GOLDEN=1 rewrites the file instead. */
async function golden(name: string, actual: string): Promise<void> {
  const url = new URL(name, GOLDEN);
  if (UPDATE) await Deno.writeTextFile(url, actual);
  assert.equal(actual, await Deno.readTextFile(url), `test/golden/${name} (UPDATE_GOLDEN=1)`);
}

Deno.test("golden: system unit, user unit, logrotate snippet", async () => {
  await golden(
    "mydaemon.system.service",
    systemdUnit({ program: P, execPath: BIN, mode: "system" }),
  );
  await golden("mydaemon.user.service", systemdUnit({ program: P, execPath: BIN, mode: "user" }));
  await golden(
    "logrotate.conf",
    logrotateSnippet({
      name: "mydaemon",
      logFile: "/tmp/daemon.log",
      pidFile: "/run/mydaemon/mydaemon.pid",
      execPath: BIN,
    }),
  );
});

Deno.test("systemdQuote: bare when safe, else quoted with C escapes, % and $ doubled", () => {
  const table: Array<[string, "exec" | "path", string]> = [
    ["/tmp/daemon.log", "exec", "/tmp/daemon.log"],
    ["--log-format=json", "exec", "--log-format=json"],
    ["/srv/my logs/d.log", "exec", '"/srv/my logs/d.log"'],
    ["100%", "exec", "100%%"],
    ["a$HOME", "exec", '"a$$HOME"'],
    ["a$HOME", "path", '"a$HOME"'],
    ['say "hi"\\', "exec", '"say \\"hi\\"\\\\"'],
    ["tab\there\nnl", "exec", '"tab\\there\\nnl"'],
    ["bell\x07", "exec", '"bell\\x07"'],
    [";", "exec", '";"'],
    ["it's", "exec", '"it\'s"'],
    ["", "exec", '""'],
    ["é", "exec", '"é"'],
  ];
  for (const [word, context, expected] of table) {
    assert.equal(systemdQuote(word, context), expected, JSON.stringify([word, context]));
  }
});

/** The lines of the unit for `opts` that start with one of `keys`. */
function lines(opts: UnitOptions, ...keys: string[]): string[] {
  return systemdUnit(opts).split("\n").filter((l) => keys.some((k) => l.startsWith(k)));
}

Deno.test("systemdUnit: options decide ExecStart, writable paths and PrivateTmp", () => {
  const sys = { program: P, execPath: BIN, mode: "system" } as const;
  const keys = [
    "ExecStart=",
    "ReadWritePaths=",
    "PrivateTmp=",
    "LogsDirectory=",
    "User=",
    "Group=",
  ];
  const table: Array<[UnitOptions, string[]]> = [
    [{ ...sys, logFile: "/var/log/mydaemon/d.log", user: "svc", group: "svc" }, [
      `ExecStart=${BIN} run --log-file /var/log/mydaemon/d.log --pid-file /run/mydaemon/mydaemon.pid`,
      "User=svc",
      "Group=svc",
      "LogsDirectory=mydaemon",
      "PrivateTmp=yes",
    ]],
    [{ ...sys, logFile: "-", config: "/etc/mydaemon.json" }, [
      `ExecStart=${BIN} run --log-file - --pid-file /run/mydaemon/mydaemon.pid --config /etc/mydaemon.json`,
      "PrivateTmp=yes",
    ]],
    [{ ...sys, logFile: "/srv/my logs/100%.log", pidFile: "/var/run/x/d.pid" }, [
      `ExecStart=${BIN} run --log-file "/srv/my logs/100%%.log" --pid-file /var/run/x/d.pid`,
      'ReadWritePaths="/srv/my logs" /var/run/x',
      "PrivateTmp=yes",
    ]],
    [{ ...sys, logFile: "/srv/d.log", config: "/var/tmp/c.json" }, [
      `ExecStart=${BIN} run --log-file /srv/d.log --pid-file /run/mydaemon/mydaemon.pid --config /var/tmp/c.json`,
      "ReadWritePaths=/srv",
      "PrivateTmp=no",
    ]],
    [{
      program: P,
      execPath: "/opt/deno 2/deno",
      execArgs: ["run", "--allow-env", "/opt/app/main.ts"],
      mode: "user",
      runArgs: ["--log-format=json"],
    }, [
      `ExecStart="/opt/deno 2/deno" run --allow-env /opt/app/main.ts run --log-file /tmp/daemon.log --log-format=json`,
    ]],
  ];
  for (const [opts, expected] of table) assert.deepEqual(lines(opts, ...keys), expected);
});

Deno.test("systemdUnit: user units get no sandboxing that needs user namespaces", () => {
  const unit = systemdUnit({ program: P, execPath: BIN, mode: "user" });
  for (const key of ["ProtectSystem=", "PrivateTmp=", "RuntimeDirectory=", "User=", "After="]) {
    assert.ok(!unit.includes(`\n${key}`), key);
  }
  assert.match(unit, /\nWantedBy=default\.target\n/);
});

Deno.test("systemdUnit: unusable options are UnitOptionsError", () => {
  const table: Array<[UnitOptions, RegExp]> = [
    [{ program: P, execPath: "mydaemon", mode: "system" }, /program path must be absolute/],
    [{ program: P, execPath: "/bin/my'daemon", mode: "system" }, /without quotes/],
    [{ program: P, execPath: "/bin/$x", mode: "system" }, /without quotes/],
    [{ program: P, execPath: "/usr/bin/", mode: "system" }, /program path/],
    [
      { program: P, execPath: BIN, mode: "system", logFile: "d.log" },
      /--log-file must be an absolute path/,
    ],
    [
      { program: P, execPath: BIN, mode: "system", pidFile: "-" },
      /--pid-file must be an absolute path/,
    ],
    [
      { program: P, execPath: BIN, mode: "system", config: "/etc/a\nb" },
      /--config must be an absolute path/,
    ],
    [{ program: P, execPath: BIN, mode: "user", user: "ann" }, /a --user unit cannot set its user/],
    [{ program: P, execPath: BIN, mode: "system", group: "a b" }, /invalid group name: a b/],
  ];
  for (const [opts, message] of table) {
    assert.throws(
      () => systemdUnit(opts),
      (e) => e instanceof UnitOptionsError && message.test(e.message),
    );
  }
});

Deno.test("unitInstallPath: /etc for the system, XDG_CONFIG_HOME or ~/.config for users", () => {
  assert.equal(unitInstallPath("mydaemon", "system", {}), "/etc/systemd/system/mydaemon.service");
  const user: Array<[Record<string, string>, string]> = [
    [{ HOME: "/home/ann" }, "/home/ann/.config/systemd/user/mydaemon.service"],
    [{ HOME: "/home/ann", XDG_CONFIG_HOME: "/cfg" }, "/cfg/systemd/user/mydaemon.service"],
    [
      { HOME: "/home/ann", XDG_CONFIG_HOME: "rel" },
      "/home/ann/.config/systemd/user/mydaemon.service",
    ],
  ];
  for (const [env, path] of user) assert.equal(unitInstallPath("mydaemon", "user", env), path);
  assert.throws(() => unitInstallPath("mydaemon", "user", { HOME: "" }), UnitOptionsError);
});

Deno.test("logrotateSnippet: su, quoting, and paths logrotate cannot take", () => {
  const base = {
    name: "mydaemon",
    logFile: "/srv/logs dir/d.log",
    pidFile: "/run/x y/d.pid",
    execPath: "/opt/my daemon",
  };
  const text = logrotateSnippet({ ...base, user: "svc", group: "adm" });
  assert.match(text, /^"\/srv\/logs dir\/d\.log" \{$/m);
  assert.match(text, /^ {4}su svc adm$/m);
  assert.match(
    text,
    /^ {8}'\/opt\/my daemon' reload --pid-file '\/run\/x y\/d\.pid' >\/dev\/null 2>&1 \|\| true$/m,
  );
  assert.doesNotMatch(text, /^\s*copytruncate/m);
  for (const logFile of ["d.log", "/srv/*.log", '/srv/"d".log', "/srv/d\n.log"]) {
    assert.throws(() => logrotateSnippet({ ...base, logFile }), UnitOptionsError, logFile);
  }
  assert.throws(() => logrotateSnippet({ ...base, user: "svc" }), /needs the group too/);
});

Deno.test("shellQuote: bare when safe, else single-quoted", () => {
  const table: Array<[string, string]> = [
    ["/usr/local/bin/mydaemon", "/usr/local/bin/mydaemon"],
    ["/a b", "'/a b'"],
    ["it's", "'it'\\''s'"],
    ["$(x)", "'$(x)'"],
    ["", "''"],
  ];
  for (const [word, expected] of table) assert.equal(shellQuote(word), expected);
});

/** Output captured from a command run. */
interface Captured {
  code: number;
  out: string;
  err: string;
}

async function service(req: Partial<ServiceRequest>, fs: ServiceFs, env = {}): Promise<Captured> {
  const c = { code: -1, out: "", err: "" };
  const request = {
    program: P,
    action: "print",
    mode: null,
    manager: "systemd",
    dryRun: false,
    execPath: BIN,
    ...req,
  };
  c.code = await serviceCommand(request, {
    fs,
    env,
    stdout: (t) => void (c.out += t),
    stderr: (t) => void (c.err += t),
  });
  return c;
}

/** A file system that fails the test when touched. */
const UNTOUCHABLE: ServiceFs = new Proxy({} as ServiceFs, {
  get: (_, name) => () => assert.fail(`fs.${String(name)} called`),
});

Deno.test("service print and logrotate write the texts to stdout", async () => {
  const table: Array<[Partial<ServiceRequest>, string]> = [
    [{}, systemdUnit({ program: P, execPath: BIN, mode: "system" })],
    [{ mode: "user" }, systemdUnit({ program: P, execPath: BIN, mode: "user" })],
    [{ action: "logrotate" }, await Deno.readTextFile(new URL("logrotate.conf", GOLDEN))],
  ];
  for (const [req, expected] of table) {
    assert.deepEqual(await service(req, UNTOUCHABLE), { code: 0, out: expected, err: "" });
  }
});

Deno.test("service usage errors exit 2 with a reason on stderr", async () => {
  const table: Array<[Partial<ServiceRequest>, RegExp]> = [
    [{ action: undefined }, /missing action \(expected print, install, uninstall or logrotate\)/],
    [{ action: "enable" }, /unknown action 'enable'/],
    [{ mode: "user", user: "ann" }, /a --user unit cannot set its user/],
    [{ action: "install", logFile: "rel.log" }, /--log-file must be an absolute path/],
    [{ action: "logrotate", mode: "user" }, /logrotate needs --pid-file with --user/],
    [{ action: "logrotate", logFile: "-" }, /nothing to rotate/],
    [{ action: "install", dryRun: true, user: "svc" }, /needs the group too/],
  ];
  for (const [req, message] of table) {
    const c = await service(req, UNTOUCHABLE, { HOME: "/home/ann" });
    assert.equal(c.code, 2, JSON.stringify(req));
    assert.equal(c.out, "");
    assert.match(c.err, message);
    assert.match(
      c.err,
      /^mydaemon: cannot parse arguments: service: .*\(try 'mydaemon --help'\)\n$/,
    );
  }
});

Deno.test("service install/uninstall --dry-run say what they would do and touch nothing", async () => {
  const unit = systemdUnit({ program: P, execPath: BIN, mode: "system" });
  const snippet = await Deno.readTextFile(new URL("logrotate.conf", GOLDEN));
  const install = await service({ action: "install", dryRun: true }, UNTOUCHABLE);
  assert.deepEqual(install, {
    code: 0,
    out: `would write /etc/systemd/system/mydaemon.service (mode 0644, ${unit.length} bytes)\n` +
      `would write /etc/logrotate.d/mydaemon (mode 0644, ${snippet.length} bytes)\n` +
      "then: systemctl daemon-reload && systemctl enable --now mydaemon\n",
    err: "",
  });
  const uninstall = await service(
    { action: "uninstall", dryRun: true, mode: "user" },
    UNTOUCHABLE,
    {
      HOME: "/h",
    },
  );
  assert.deepEqual(uninstall, {
    code: 0,
    out: "first: systemctl --user disable --now mydaemon\n" +
      "would refuse if /h/.config/systemd/user/default.target.wants/mydaemon.service exists " +
      "(mydaemon is enabled)\n" +
      "would remove /h/.config/systemd/user/mydaemon.service\n" +
      "then: systemctl --user daemon-reload\n",
    err: "",
  });
});

async function withTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "service_unit_test_" });
  try {
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** The files under `dir`, recursively, relative to it, sorted. */
async function tree(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(`${dir}${prefix}`)) {
    const rel = `${prefix}/${e.name}`;
    out.push(...(e.isDirectory ? await tree(dir, rel) : [rel]));
  }
  return out.sort();
}

Deno.test("service install writes 0644 files atomically; uninstall removes them, twice", async () => {
  await withTempDir(async (root) => {
    const unitPath = `${root}/etc/systemd/system/mydaemon.service`;
    await Deno.mkdir(`${root}/etc/systemd/system`, { recursive: true });
    await Deno.writeTextFile(unitPath, "old unit\n");
    // A temporary file left by a crash, with another mode: the mode must be set anyway.
    await Deno.writeTextFile(`${unitPath}.tmp~`, "half a unit", { mode: 0o600 });
    const install = await service({ action: "install", root }, Deno);
    assert.deepEqual(install, {
      code: 0,
      out: `wrote ${unitPath}\nwrote ${root}/etc/logrotate.d/mydaemon\n` +
        "next: systemctl daemon-reload && systemctl enable --now mydaemon\n",
      err: "",
    });
    assert.deepEqual(await tree(root), [
      "/etc/logrotate.d/mydaemon",
      "/etc/systemd/system/mydaemon.service",
    ]);
    assert.equal(
      await Deno.readTextFile(unitPath),
      systemdUnit({ program: P, execPath: BIN, mode: "system" }),
    );
    for (const path of await tree(root)) {
      assert.equal((await Deno.stat(root + path)).mode! & 0o777, 0o644, path);
    }
    const expected = `removed ${unitPath}\nremoved ${root}/etc/logrotate.d/mydaemon\n`;
    const uninstall = await service({ action: "uninstall", root }, Deno);
    assert.deepEqual(uninstall, {
      code: 0,
      out: `${expected}next: systemctl daemon-reload\n`,
      err: "",
    });
    assert.deepEqual(await tree(root), []);
    const again = await service({ action: "uninstall", root }, Deno);
    assert.equal(again.code, 0);
    assert.equal(
      again.out,
      expected.replace(/removed (\S+)/g, "$1 was not there") + "next: systemctl daemon-reload\n",
    );
  });
});

Deno.test("service install --user goes to XDG_CONFIG_HOME and creates the directories", async () => {
  await withTempDir(async (dir) => {
    const c = await service({ action: "install", mode: "user" }, Deno, { XDG_CONFIG_HOME: dir });
    assert.equal(c.code, 0, c.err);
    assert.match(
      c.out,
      /\nnext: systemctl --user daemon-reload && systemctl --user enable --now mydaemon && loginctl enable-linger "\$USER" {2}# to run while logged out\n$/,
    );
    assert.deepEqual(await tree(dir), ["/systemd/user/mydaemon.service"]);
  });
});

Deno.test("service uninstall refuses while the unit is enabled", async () => {
  await withTempDir(async (root) => {
    assert.equal((await service({ action: "install", root }, Deno)).code, 0);
    const wants = `${root}/etc/systemd/system/multi-user.target.wants`;
    await Deno.mkdir(wants);
    await Deno.symlink("../mydaemon.service", `${wants}/mydaemon.service`);
    const c = await service({ action: "uninstall", root }, Deno);
    assert.equal(c.code, 1);
    assert.equal(
      c.err,
      "mydaemon: cannot uninstall service: mydaemon is enabled; first run: systemctl disable --now mydaemon\n",
    );
    assert.equal((await tree(root)).length, 3);
  });
});

Deno.test("service install failures exit 1, say why, and leave no temporary file", async () => {
  await withTempDir(async (root) => {
    await Deno.writeTextFile(`${root}/etc`, "a file where a directory should be");
    const c = await service({ action: "install", root }, Deno);
    assert.equal(c.code, 1);
    assert.match(
      c.err,
      new RegExp(`^mydaemon: cannot write ${root}/etc/systemd/system/mydaemon.service: `),
    );
    const removed: string[] = [];
    const denied: ServiceFs = {
      ...Deno,
      writeTextFile: () =>
        Promise.reject(new Deno.errors.PermissionDenied("Permission denied (os error 13)")),
      remove: (path) => Promise.resolve(void removed.push(path)),
    };
    const d = await service({ action: "install", root: `${root}/r` }, denied);
    assert.equal(d.code, 1);
    assert.equal(
      d.err,
      `mydaemon: cannot write ${root}/r/etc/systemd/system/mydaemon.service: permission denied (run as root, or use --user)\n`,
    );
    assert.deepEqual(removed, [`${root}/r/etc/systemd/system/mydaemon.service.tmp~`]);
  });
});

/** The path of `name` on PATH, or null. */
function which(name: string): string | null {
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    try {
      const info = Deno.statSync(`${dir}/${name}`);
      if (info.isFile && (info.mode ?? 0) & 0o111) return `${dir}/${name}`;
    } catch { /* not here */ }
  }
  return null;
}

/** Declares a test that needs `tool`; without it the test is skipped, loudly. */
function testWith(tool: string, name: string, fn: (path: string) => Promise<void>, also = "") {
  const path = which(tool);
  const reason = path === null ? `${tool} is not on PATH` : also;
  if (reason !== "") console.warn(`SKIPPING "${name}": ${reason}`);
  Deno.test({
    name: reason === "" ? name : `${name} (SKIPPED: ${reason})`,
    ignore: reason !== "",
    fn: () => fn(path ?? ""),
  });
}

async function writeExecutable(path: string, text: string): Promise<void> {
  await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
  await Deno.writeTextFile(path, text, { mode: 0o755 });
  await Deno.chmod(path, 0o755);
}

/** `systemd-analyze verify` of `unit`; its output lines about the unit file. */
async function verify(analyze: string, dir: string, unit: string, mode: "user" | "system") {
  await Deno.mkdir(`${dir}/runtime`, { recursive: true, mode: 0o700 });
  const file = `${dir}/mydaemon.service`; // verify wants a valid unit name
  await Deno.writeTextFile(file, unit);
  const out = await new Deno.Command(analyze, {
    args: ["verify", "--man=no", ...(mode === "user" ? ["--user"] : []), file],
    env: { XDG_RUNTIME_DIR: `${dir}/runtime`, SYSTEMD_LOG_COLOR: "0" },
    stdin: "null",
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  return {
    code: out.code,
    about: text.split("\n").filter((l) => l.includes("mydaemon.service")),
    text,
  };
}

testWith(
  "systemd-analyze",
  "systemd-analyze verify accepts every generated unit",
  async (analyze) => {
    await withTempDir(async (dir) => {
      const execPath = `${dir}/bin/my daemon`; // verify checks that ExecStart= is executable
      await writeExecutable(execPath, "#!/bin/sh\nexit 0\n");
      const table: UnitOptions[] = [
        { program: P, execPath, mode: "system" },
        { program: P, execPath, mode: "user" },
        {
          program: P,
          execPath,
          mode: "system",
          user: "mydaemon", // "nobody" is refused: "Special user nobody configured, this is not safe!"
          group: "mydaemon",
          logFile: "/var/log/mydaemon/d.log",
        },
        {
          program: P,
          execPath,
          mode: "system",
          logFile: "/srv/my logs/100%.log",
          config: "/etc/a$b.json",
        },
        { program: P, execPath, mode: "system", logFile: "-", pidFile: "/var/lib/mydaemon/d.pid" },
        {
          program: P,
          execPath,
          mode: "user",
          execArgs: ["run", "/opt/main.ts"],
          runArgs: ["--log-format=json"],
        },
      ];
      for (const [i, opts] of table.entries()) {
        const r = await verify(analyze, `${dir}/${i}`, systemdUnit(opts), opts.mode);
        assert.deepEqual([r.code, r.about], [0, []], `${JSON.stringify(opts)}:\n${r.text}`);
      }
      // The check can fail: a bad line in the same unit is reported against the file.
      const bad = systemdUnit(table[0]!).replace(
        "NotifyAccess=main",
        "NotifyAccess=main\nPrivateTmp=maybe",
      );
      const r = await verify(analyze, `${dir}/bad`, bad, "system");
      assert.match(
        r.about.join("\n"),
        /mydaemon\.service:\d+: Failed to parse boolean value.*maybe/,
      );
    });
  },
);

testWith(
  "logrotate",
  "logrotate rotates the log in a world-writable dir and runs the reload",
  async (logrotate) => {
    await withTempDir(async (dir) => {
      const logs = `${dir}/tmp`; // like /tmp: world-writable and sticky
      await Deno.mkdir(logs);
      await Deno.chmod(logs, 0o1777);
      const logFile = `${logs}/daemon.log`;
      await Deno.writeTextFile(logFile, "line 1\n");
      const execPath = `${dir}/bin/my daemon`;
      await writeExecutable(execPath, `#!/bin/sh\nprintf '%s\\n' "$@" > '${dir}/reload.args'\n`);
      const pidFile = `${dir}/run/mydaemon.pid`;
      const conf = `${dir}/logrotate.conf`;
      const rotate = async (text: string) => {
        await Deno.writeTextFile(conf, text, { mode: 0o644 }); // logrotate skips writable configs
        const args = ["--force", "--state", `${dir}/state`, conf];
        const out = await new Deno.Command(logrotate, { args, stdin: "null" }).output();
        return { code: out.code, err: new TextDecoder().decode(out.stderr) };
      };
      const snippet = logrotateSnippet({ name: "mydaemon", logFile, pidFile, execPath });
      // Without su, logrotate refuses the directory: why the snippet always has it.
      const without = await rotate(snippet.replace(/^ *su .*\n/m, ""));
      assert.notEqual(without.code, 0);
      assert.match(without.err, /insecure permissions/);
      assert.deepEqual(await rotate(snippet), { code: 0, err: "" });
      assert.equal(await Deno.readTextFile(`${logFile}.1`), "line 1\n");
      assert.equal(await Deno.readTextFile(logFile), "");
      assert.equal((await Deno.stat(logFile)).mode! & 0o777, 0o644);
      const args = await Deno.readTextFile(`${dir}/reload.args`);
      assert.equal(args, `reload\n--pid-file\n${pidFile}\n`);
    });
  },
  Deno.uid() === 0 ? "" : "needs root (logrotate's su)",
);
