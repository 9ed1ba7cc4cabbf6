import assert from "node:assert/strict";
import {
  CHECKS,
  diagnose,
  type DoctorFacts,
  mayAccess,
  type PathFacts,
  sh,
} from "../src/cli/commands/doctor_checks.ts";

const DIR: PathFacts = {
  isDirectory: true,
  isFile: false,
  isSymlink: false,
  uid: 1000,
  gid: 1000,
  perm: 0o755,
};
const FILE: PathFacts = { ...DIR, isDirectory: false, isFile: true, perm: 0o644 };
const EXE: PathFacts = { ...FILE, uid: 0, gid: 0, perm: 0o755 };
const UNIT = "[Unit]\n";
const ROTATE = "/l {\n}\n";

const HEALTHY: DoctorFacts = {
  name: "acme",
  who: { user: "alice", uid: 1000, gid: 1000 },
  pidFile: "/run/u/acme.pid",
  pidDir: DIR,
  pidDirMadeByDaemon: false,
  pidState: { kind: "not_running" },
  logFile: "/var/log/acme.log",
  log: FILE,
  services: [{
    fix: "acme service install",
    files: [
      {
        path: "/etc/systemd/system/acme.service",
        expected: UNIT,
        installed: UNIT,
        logrotate: false,
      },
      { path: "/etc/logrotate.d/acme", expected: ROTATE, installed: ROTATE, logrotate: true },
    ],
  }],
  programFiles: [{ path: "/usr/bin/acme", facts: EXE }],
};

function withUnit(unit: string | null, rotate: string | null): DoctorFacts {
  const [u, r] = HEALTHY.services[0]!.files;
  return {
    ...HEALTHY,
    services: [{
      fix: "acme service install",
      files: [{ ...u!, installed: unit }, { ...r!, installed: rotate }],
    }],
  };
}

Deno.test("doctor: a healthy setup passes every check (exit 0)", () => {
  const r = diagnose(HEALTHY);
  assert.ok(r.ok, r.text);
  assert.equal(r.text.split("\n").filter((l) => l.startsWith("ok ")).length, CHECKS.length);
  // Also fine: nothing installed at all, a running daemon, a missing default pid dir, stderr log.
  const fine: DoctorFacts[] = [
    withUnit(null, null),
    withUnit(null, "stale leftovers are not ours to judge"),
    { ...HEALTHY, pidState: { kind: "running", pid: 5, state: null } },
    { ...HEALTHY, pidDir: null, pidDirMadeByDaemon: true },
    { ...HEALTHY, logFile: "-", log: null },
    { ...HEALTHY, log: null }, // created at start
  ];
  for (const f of fine) assert.ok(diagnose(f).ok, diagnose(f).text);
});

Deno.test("doctor: each problem, with the command that fixes it", () => {
  const rows: [string, DoctorFacts, RegExp, string][] = [
    [
      "missing pid dir",
      { ...HEALTHY, pidDir: null },
      /pid directory \/run\/u does not exist/,
      "mkdir -p /run/u && chown alice /run/u",
    ],
    [
      "pid dir of root",
      { ...HEALTHY, pidDir: { ...DIR, uid: 0, gid: 0 } },
      /not writable by alice/,
      "chown alice /run/u",
    ],
    [
      "pid dir u-w",
      { ...HEALTHY, pidDir: { ...DIR, perm: 0o555 } },
      /not writable by alice/,
      "chmod u+wx /run/u",
    ],
    [
      "pid dir a file",
      { ...HEALTHY, pidDir: FILE },
      /\/run\/u is not a directory/,
      "choose another --pid-file",
    ],
    [
      "stale pid",
      { ...HEALTHY, pidState: { kind: "dead", pid: 42 } },
      /stale pid file \/run\/u\/acme.pid \(pid 42\)/,
      "rm -f /run/u/acme.pid /run/u/acme.pid.state   # or 'acme start', which takes it over",
    ],
    [
      "foreign pid",
      { ...HEALTHY, pidState: { kind: "unknown", reason: "not a pid file" } },
      /pid file: not a pid file/,
      "inspect /run/u/acme.pid; remove it if no daemon holds it",
    ],
    [
      "log owner",
      { ...HEALTHY, log: { ...FILE, uid: 0 } },
      /owned by uid 0, not alice \(uid 1000\)/,
      "chown alice /var/log/acme.log",
    ],
    [
      "log symlink",
      { ...HEALTHY, log: { ...FILE, isFile: false, isSymlink: true } },
      /is a symbolic link/,
      "rm /var/log/acme.log",
    ],
    [
      "log fifo",
      { ...HEALTHY, log: { ...FILE, isFile: false } },
      /not a regular file/,
      "choose another --log-file",
    ],
    [
      "unit differs",
      withUnit("[Unit]\nold\n", ROTATE),
      /service file \/etc\/systemd\/system\/acme.service differs from what 'acme service print' writes now/,
      "acme service install",
    ],
    [
      "logrotate missing",
      withUnit(UNIT, null),
      /logrotate snippet \/etc\/logrotate.d\/acme is missing/,
      "acme service install",
    ],
    [
      "logrotate differs",
      withUnit(UNIT, "old"),
      /logrotate snippet .* differs/,
      "acme service install",
    ],
    [
      "binary missing",
      { ...HEALTHY, programFiles: [{ path: "/usr/bin/acme", facts: null }] },
      /\/usr\/bin\/acme does not exist/,
      "chmod a+rx /usr/bin/acme",
    ],
    [
      "binary 0700",
      { ...HEALTHY, programFiles: [{ path: "/usr/bin/acme", facts: { ...EXE, perm: 0o700 } }] },
      /not readable and executable by alice/,
      "chmod a+rx /usr/bin/acme",
    ],
    [
      "script 0600",
      {
        ...HEALTHY,
        programFiles: [{ path: "/usr/bin/deno", facts: EXE }, {
          path: "/srv/main.ts",
          facts: { ...FILE, uid: 0, perm: 0o600 },
        }],
      },
      /\/srv\/main.ts is not readable by alice/,
      "chmod a+r /srv/main.ts",
    ],
  ];
  for (const [what, facts, problem, fix] of rows) {
    const r = diagnose(facts);
    assert.equal(r.ok, false, what);
    assert.match(r.text, new RegExp(`^PROBLEM  .*${problem.source}`, "m"), `${what}\n${r.text}`);
    assert.ok(r.text.includes(`\n         fix: ${fix}\n`), `${what}\n${r.text}`);
    assert.equal(r.text.split("\n").filter((l) => l.startsWith("PROBLEM")).length, 1, what);
  }
});

Deno.test("mayAccess and sh", () => {
  const alice = { user: "alice", uid: 1000, gid: 1000 }, root = { user: "root", uid: 0, gid: 0 };
  assert.equal(mayAccess({ ...FILE, uid: 1, gid: 1000, perm: 0o640 }, alice, 4), true);
  assert.equal(mayAccess({ ...FILE, uid: 1, gid: 1, perm: 0o640 }, alice, 4), false);
  assert.equal(mayAccess({ ...FILE, perm: 0o000 }, root, 4), true);
  assert.equal(mayAccess({ ...FILE, perm: 0o644 }, root, 5), false, "root needs some x bit");
  assert.equal(sh("/a b/it's"), `'/a b/it'\\''s'`);
  assert.equal(sh("/plain/path.log"), "/plain/path.log");
});
