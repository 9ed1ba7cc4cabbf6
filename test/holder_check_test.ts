import assert from "node:assert/strict";
import { devNumbers, flockHolders, parseLockTable } from "../src/os/lock_table.ts";
import {
  checkHolder,
  type HolderEvidence,
  isOurCommandLine,
  judgeHolder,
  type ProgramId,
} from "../src/lifecycle/holder_check.ts";
import type { ProcFs } from "../src/os/proc_fs.ts";

const LOCKS = `1: FLOCK  ADVISORY  WRITE 20479 fe:00:2146309 0 EOF
2: POSIX  ADVISORY  READ 20479 fe:00:16040002 128 128
3: FLOCK  ADVISORY  READ 77 08:11:42 0 EOF
3: -> FLOCK  ADVISORY  WRITE 78 08:11:42 0 EOF
4: OFDLCK ADVISORY  WRITE -1 fe:00:99 0 EOF
garbage
`;

Deno.test("parseLockTable skips waiters and garbage", () => {
  const t = parseLockTable(LOCKS);
  assert.deepEqual(t.map((e) => [e.type, e.exclusive, e.pid, e.major, e.minor, e.ino]), [
    ["FLOCK", true, 20479, 0xfe, 0, 2146309],
    ["POSIX", false, 20479, 0xfe, 0, 16040002],
    ["FLOCK", false, 77, 8, 0x11, 42],
    ["OFDLCK", true, -1, 0xfe, 0, 99],
  ]);
});

Deno.test("devNumbers matches glibc's major/minor", () => {
  const cases: [number, number, number][] = [
    [65024, 254, 0], // fe:00, as Python's os.major/os.minor say for /tmp here
    [0x811, 8, 0x11],
    [0x12345, 0x123, 0x45],
    [0x100fe00 * 1 + 0, 254, 0x1000], // minor above 255 lives in bits 20+
    [2 ** 32 * 0x1000 + 0x100, 0x1001, 0],
  ];
  for (const [dev, major, minor] of cases) {
    assert.deepEqual(devNumbers(dev), { major, minor }, dev.toString(16));
  }
});

Deno.test("flockHolders: only exclusive flocks on that very file", () => {
  const t = parseLockTable(LOCKS);
  assert.deepEqual(flockHolders(t, { dev: 65024, ino: 2146309 }), [20479]);
  assert.deepEqual(flockHolders(t, { dev: 65024, ino: 16040002 }), [], "POSIX lock");
  assert.deepEqual(flockHolders(t, { dev: 0x811, ino: 42 }), [], "shared lock, and a waiter");
  assert.deepEqual(flockHolders(t, { dev: 0x812, ino: 2146309 }), [], "other device");
});

const SRC: ProgramId = { exe: "/usr/bin/deno", script: "/opt/md/src/main.ts" };
const BIN: ProgramId = { exe: "/usr/local/bin/mydaemon", script: null };
const P = "/run/md.pid";
const deno = (...rest: string[]) => ["/usr/bin/deno", "run", "--allow-read", ...rest];

Deno.test("isOurCommandLine", () => {
  const cases: [string[], ProgramId, boolean][] = [
    [deno("/opt/md/src/main.ts", "run", `--pid-file=${P}`), SRC, true],
    [deno("/opt/md/src/main.ts", "run"), SRC, true], // pid file from env or config
    [deno("src/main.ts", "run"), SRC, true], // started by hand from /opt/md
    [deno("./src/main.ts", "run", "--pid-file", "md.pid"), SRC, true],
    [deno("/opt/md/src/main.ts", "run", "--pid-file=/run/other.pid"), SRC, false],
    [deno("/opt/md/src/main.ts", "run", "--pid-file", "/run/other.pid"), SRC, false],
    [deno("/opt/other/main.ts", "run"), SRC, false],
    [deno("main.ts.bak"), SRC, false],
    [["flock", "--no-fork", P, "sleep", "1000"], SRC, false],
    [["/usr/local/bin/mydaemon", "run", `--pid-file=${P}`], BIN, true],
    [["mydaemon", "start"], BIN, true], // systemd's ExecStart, in the foreground
    [["/usr/local/bin/mydaemon-evil", "run"], BIN, false],
    [["sleep", "1000"], BIN, false],
    [[], BIN, false],
  ];
  for (const [argv, program, want] of cases) {
    assert.equal(isOurCommandLine(argv, program, P), want, argv.join(" "));
  }
});

Deno.test("judgeHolder", () => {
  const ours = deno("/opt/md/src/main.ts", "run");
  const ev = (e: Partial<HolderEvidence>): HolderEvidence => ({
    filePid: 10,
    holders: [10],
    argv: ours,
    holdsOpen: true,
    ...e,
  });
  const cases: [HolderEvidence, string, number?][] = [
    [ev({}), "ours", 10],
    [ev({ holdsOpen: null }), "ours", 10], // another user's process: the kill will say EPERM
    [ev({ filePid: null }), "ours", 10], // locked, pid not yet written
    [ev({ holders: null }), "ours", 10], // no /proc: the lock alone
    [ev({ holders: null, filePid: null }), "released"],
    [ev({ holders: [] }), "released"],
    [ev({ filePid: 11 }), "unproven", 11], // the file names someone else
    [ev({ holdsOpen: false }), "unproven", 10], // stale lock owner pid, reused
    [ev({ argv: null }), "unproven", 10],
    [ev({ argv: ["flock", P] }), "unproven", 10],
    [ev({ holders: [0] }), "unproven", 10], // outside our pid namespace
    [ev({ holders: [10, 12] }), "unproven", 10],
  ];
  for (const [e, kind, pid] of cases) {
    const v = judgeHolder(e, SRC, P);
    assert.equal(v.kind, kind, JSON.stringify(e));
    if (v.kind !== "released") assert.equal(v.pid, pid, JSON.stringify(e));
    if (v.kind === "unproven") assert.match(v.reason, /^pid file \/run\/md\.pid is locked by /);
  }
});

Deno.test("checkHolder asks /proc only about the kernel's lock holder", () => {
  const asked: string[] = [];
  const proc: ProcFs = {
    locks: () => (asked.push("locks"), LOCKS),
    cmdline: (pid) => (asked.push(`cmdline ${pid}`), ["flock"]),
    // The file's pid 555 has it open, but without the lock: the table decides.
    openLocks: (pid) => (asked.push(`fd ${pid}`), ""),
  };
  const self = { standalone: true, execPath: "/bin/md", mainModule: "", permissions: [] };
  const v = checkHolder(P, { dev: 65024, ino: 2146309 }, 555, self, proc);
  assert.equal(v.kind, "unproven");
  assert.deepEqual(asked, ["fd 555", "locks", "cmdline 20479", "fd 20479"]);
});

Deno.test("checkHolder spares /proc/locks when the file's pid holds the lock on its descriptor", () => {
  const FD_LOCK = "1: FLOCK  ADVISORY  WRITE 20479 fe:00:2146309 0 EOF";
  const file = { dev: 65024, ino: 2146309 };
  const self = { standalone: true, execPath: "/bin/md", mainModule: "", permissions: [] };
  const cases: [string, string | false | null, string[], string][] = [
    ["lock held on its fd", FD_LOCK, ["fd 20479", "cmdline 20479"], "ours"],
    // Anything less is not proof: the kernel's table is asked, as before.
    ["no lock on its fd", "", ["fd 20479", "locks", "cmdline 20479", "fd 20479"], "ours"],
    ["another pid's lock", FD_LOCK.replace("20479", "20478"), [
      "fd 20479",
      "locks",
      "cmdline 20479",
      "fd 20479",
    ], "ours"],
    ["not open", false, ["fd 20479", "locks", "cmdline 20479", "fd 20479"], "unproven"],
    ["may not look", null, ["fd 20479", "locks", "cmdline 20479", "fd 20479"], "ours"],
  ];
  for (const [what, open, expected, kind] of cases) {
    const asked: string[] = [];
    const proc: ProcFs = {
      locks: () => (asked.push("locks"), LOCKS),
      cmdline: (pid) => (asked.push(`cmdline ${pid}`), ["/bin/md", "run"]),
      openLocks: (pid) => (asked.push(`fd ${pid}`), open),
    };
    const v = checkHolder(P, file, 20479, self, proc);
    assert.deepEqual(asked, expected, what);
    assert.equal(v.kind, kind, what);
  }
});
