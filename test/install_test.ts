/** install.sh against a local release server, with a fake HOME and a minimal PATH. */

import assert from "node:assert/strict";
import { formatSha256sums, sha256Hex } from "../scripts/sha256sums.ts";
import { binaryName, type Target, TARGETS } from "../scripts/targets.ts";
import {
  BASE_TOOLS,
  FAKE_ID,
  fakeUname,
  type InstallRun,
  makeToolDir,
  poll,
  type ReleaseServer,
  runInstall,
  type ServeMode,
  serveRelease,
  spawnInstall,
} from "./helpers_http.ts";

const FAKE_BINARY = new TextEncoder().encode(`#!/bin/sh\necho "mydaemon 9.9.9"\n`);
const HOST: Target = "x86_64-unknown-linux-gnu";
const ASSET = binaryName(HOST);
const CURL_TOOLS = [...BASE_TOOLS, "curl", "sha256sum"];
const WGET_TOOLS = [...BASE_TOOLS, "wget", "shasum"];

interface Setup {
  modes?: Record<string, ServeMode>;
  sums?: (real: string) => string;
  uname?: string;
  tools?: readonly string[];
  fakes?: Record<string, string>;
  binary?: Uint8Array<ArrayBuffer>;
}

interface Scenario {
  server: ReleaseServer;
  root: string;
  home: string;
  tmp: string;
  env: Record<string, string>;
  run(args: readonly string[], extra_env?: Record<string, string>): Promise<InstallRun>;
}

/** Each target's asset is a fake binary naming its target; HOST's is FAKE_BINARY. */
async function releaseFiles(
  sums: (real: string) => string,
  binary: Uint8Array<ArrayBuffer> = FAKE_BINARY,
): Promise<Map<string, Uint8Array<ArrayBuffer>>> {
  const files = new Map<string, Uint8Array<ArrayBuffer>>();
  for (const target of TARGETS) {
    const other = new TextEncoder().encode(`#!/bin/sh\necho "wrong target ${target}"\n`);
    files.set(binaryName(target), target === HOST ? binary : other);
  }
  const digests = await Promise.all(
    [...files].map(async ([name, bytes]) => ({ name, hex: await sha256Hex(bytes) })),
  );
  files.set("SHA256SUMS", new TextEncoder().encode(sums(formatSha256sums(digests))));
  return files;
}

async function scenario(setup: Setup, body: (s: Scenario) => Promise<void>): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "mydaemon_install_test_" });
  const server = serveRelease(
    await releaseFiles(setup.sums ?? ((s) => s), setup.binary),
    setup.modes,
  );
  try {
    const [home, tmp] = [`${root}/home`, `${root}/tmp`];
    await Deno.mkdir(home);
    await Deno.mkdir(tmp);
    const fakes = { uname: fakeUname(setup.uname ?? "Linux x86_64"), id: FAKE_ID, ...setup.fakes };
    const tools = await makeToolDir(`${root}/tools`, setup.tools ?? CURL_TOOLS, fakes);
    const env = { HOME: home, PATH: tools, TMPDIR: tmp, MYDAEMON_BASE_URL: server.base_url };
    const run = (args: readonly string[], extra: Record<string, string> = {}) =>
      runInstall({ args, env: { ...env, ...extra } });
    await body({ server, root, home, tmp, env, run });
    assert.deepEqual(await list(tmp), [], "install.sh left files in TMPDIR");
  } finally {
    await server.close();
    await Deno.remove(root, { recursive: true });
  }
}

async function list(dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return names.sort();
}

async function runBinary(path: string): Promise<string> {
  const out = await new Deno.Command(path, { stdout: "piped", env: { PATH: "/usr/bin:/bin" } })
    .output();
  assert.equal(out.code, 0);
  return new TextDecoder().decode(out.stdout).trim();
}

function assertPrefixed(run: InstallRun): void {
  for (const line of run.stderr.split("\n").filter((l) => l !== "")) {
    assert.match(line, /^mydaemon-install: /);
  }
}

Deno.test("piped with no arguments: installs into ~/.local/bin, runs, hints at PATH", async () => {
  await scenario({}, async (s) => {
    const run = await s.run([]);
    assert.equal(run.code, 0, run.stderr);
    const path = `${s.home}/.local/bin/mydaemon`;
    assert.deepEqual(await Deno.readFile(path), FAKE_BINARY);
    assert.equal((await Deno.stat(path)).mode! & 0o777, 0o755);
    assert.equal(await runBinary(path), "mydaemon 9.9.9");
    assert.match(run.stderr, /installed .*\/\.local\/bin\/mydaemon/);
    assert.match(run.stderr, /is not on PATH/);
    assertPrefixed(run);
  });
});

Deno.test("sh -s -- --dir: installs, re-run is a no-op, --uninstall removes", async () => {
  await scenario({}, async (s) => {
    const dir = `${s.root}/opt bin`;
    const first = await s.run(["--dir", dir]);
    assert.equal(first.code, 0, first.stderr);
    const before = await Deno.stat(`${dir}/mydaemon`);
    const again = await s.run([`--dir=${dir}`], { PATH: `${s.env.PATH}:${dir}` });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /already up to date/);
    assert.doesNotMatch(again.stderr, /not on PATH/);
    const after = await Deno.stat(`${dir}/mydaemon`);
    assert.deepEqual([after.ino, after.mtime], [before.ino, before.mtime]);
    assert.equal(s.server.requests.filter((r) => r === ASSET).length, 1);
    assert.deepEqual(await list(dir), ["mydaemon"]);
    const removed = await s.run(["--uninstall"], { MYDAEMON_INSTALL_DIR: dir });
    assert.equal(removed.code, 0, removed.stderr);
    assert.match(removed.stderr, /removed /);
    assert.deepEqual(await list(dir), []);
    const none = await s.run(["--uninstall", "--dir", dir]);
    assert.equal(none.code, 0, none.stderr);
    assert.match(none.stderr, /nothing to uninstall/);
  });
});

Deno.test("checksum mismatch: refused, the existing install untouched", async () => {
  const sums = (real: string) =>
    real.split("\n").map((l) => l.endsWith(`  ${ASSET}`) ? `${"0".repeat(64)}  ${ASSET}` : l)
      .join("\n");
  await scenario({ sums }, async (s) => {
    const dir = `${s.root}/bin`;
    await Deno.mkdir(dir);
    await Deno.writeTextFile(`${dir}/mydaemon`, "old", { mode: 0o755 });
    const run = await s.run(["--dir", dir]);
    assert.equal(run.code, 6, run.stderr);
    assert.match(
      run.stderr,
      /SHA-256 is [0-9a-f]{64} but SHA256SUMS says 0{64}; nothing installed/,
    );
    assert.deepEqual(await list(dir), ["mydaemon"]);
    assert.equal(await Deno.readTextFile(`${dir}/mydaemon`), "old");
  });
});

Deno.test("binary missing from SHA256SUMS: refused before downloading it", async () => {
  const sums = (real: string) => real.split("\n").filter((l) => !l.includes(ASSET)).join("\n");
  await scenario({ sums }, async (s) => {
    const run = await s.run(["--dir", `${s.root}/bin`]);
    assert.equal(run.code, 6, run.stderr);
    assert.match(run.stderr, new RegExp(`cannot verify ${ASSET}: SHA256SUMS has no valid entry`));
    assert.deepEqual(s.server.requests, ["SHA256SUMS"]);
    assert.deepEqual(await list(`${s.root}/bin`), []);
  });
});

for (
  const uname of [
    "Linux riscv64",
    "FreeBSD amd64",
    "Darwin aarch64",
    "Darwin arm64",
    "Darwin x86_64",
  ]
) {
  Deno.test(`unsupported platform '${uname}': refused, named, nothing fetched`, async () => {
    await scenario({ uname }, async (s) => {
      const run = await s.run(["--dir", `${s.root}/bin`]);
      assert.equal(run.code, 3, run.stderr);
      assert.match(run.stderr, new RegExp(`unsupported platform '${uname}'`));
      assert.deepEqual(s.server.requests, []);
      assert.deepEqual(await list(`${s.root}/bin`), []);
    });
  });
}

const PLATFORMS: [string, Target][] = [
  ["Linux x86_64", "x86_64-unknown-linux-gnu"],
  ["Linux amd64", "x86_64-unknown-linux-gnu"],
  ["Linux aarch64", "aarch64-unknown-linux-gnu"],
  ["Linux arm64", "aarch64-unknown-linux-gnu"],
];
for (const [uname, target] of PLATFORMS) {
  Deno.test(`platform table: '${uname}' installs ${binaryName(target)}`, async () => {
    await scenario({ uname }, async (s) => {
      const run = await s.run(["--dir", `${s.root}/bin`]);
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(s.server.requests, ["SHA256SUMS", binaryName(target)]);
      const expected = target === HOST ? "mydaemon 9.9.9" : `wrong target ${target}`;
      assert.equal(await runBinary(`${s.root}/bin/mydaemon`), expected);
    });
  });
}

Deno.test("server answering 404 for the binary: fails, nothing left behind", async () => {
  await scenario({ modes: { [ASSET]: "not_found" } }, async (s) => {
    const run = await s.run(["--dir", `${s.root}/bin`]);
    assert.equal(run.code, 5, run.stderr);
    assert.match(run.stderr, new RegExp(`cannot download ${s.server.base_url}/${ASSET}: curl`));
    assert.deepEqual(await list(`${s.root}/bin`), []);
  });
});

for (const [tool, tools] of [["curl", CURL_TOOLS], ["wget", WGET_TOOLS]] as const) {
  Deno.test(`server dying mid-download (${tool}): fails, nothing left behind`, async () => {
    await scenario({ tools, modes: { [ASSET]: "truncate" } }, async (s) => {
      const run = await s.run(["--dir", `${s.root}/bin`]);
      assert.equal(run.code, 5, run.stderr);
      assert.match(run.stderr, new RegExp(`cannot download .*${ASSET}: ${tool} failed`));
      assert.deepEqual(await list(`${s.root}/bin`), []);
    });
  });

  Deno.test(`${tool}-only PATH (${tools.join(" ")}): installs`, async () => {
    await scenario({ tools }, async (s) => {
      assert.deepEqual(await list(`${s.root}/tools`), [...tools, "id", "uname"].sort());
      const run = await s.run([]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(await runBinary(`${s.home}/.local/bin/mydaemon`), "mydaemon 9.9.9");
    });
  });
}

Deno.test("no curl and no wget: refused with exit 4", async () => {
  await scenario({ tools: [...BASE_TOOLS, "sha256sum"] }, async (s) => {
    const run = await s.run([]);
    assert.equal(run.code, 4, run.stderr);
    assert.match(run.stderr, /neither curl nor wget/);
  });
});

Deno.test("SIGTERM mid-download: exits 143, temp files and staged file removed", async () => {
  await scenario({ modes: { [ASSET]: "hang" } }, async (s) => {
    const child = await spawnInstall({ args: ["--dir", `${s.root}/bin`], env: s.env });
    const output = child.output();
    await s.server.requested(ASSET);
    await poll("install.sh's temp dir to exist", async () => (await list(s.tmp)).length > 0);
    child.kill("SIGTERM");
    s.server.release();
    const { code } = await output;
    assert.equal(code, 143);
    assert.deepEqual(await list(`${s.root}/bin`), []);
  });
});

const URLS: [string[], Record<string, string>, string][] = [
  [[], {}, "latest/download/SHA256SUMS"],
  [["--version", "1.2.3"], {}, "download/v1.2.3/SHA256SUMS"],
  [["--version=v1.2.3"], {}, "download/v1.2.3/SHA256SUMS"],
  [[], { MYDAEMON_VERSION: "2.0.0" }, "download/v2.0.0/SHA256SUMS"],
  [["--version", "3.0.0"], { MYDAEMON_VERSION: "2.0.0" }, "download/v3.0.0/SHA256SUMS"],
];
for (const [args, extra, tail] of URLS) {
  Deno.test(`release URL for ${JSON.stringify([args, extra])} ends in ${tail}`, async () => {
    const fakes = { curl: `echo "$@" >> "$CURL_LOG"; exit 22` };
    await scenario({ tools: [...BASE_TOOLS, "sha256sum"], fakes }, async (s) => {
      const log = `${s.root}/curl.log`;
      const env = { ...s.env, ...extra, CURL_LOG: log };
      delete (env as Record<string, string>).MYDAEMON_BASE_URL;
      const run = await runInstall({ args, env });
      assert.equal(run.code, 5, run.stderr);
      const url = `https://github.com/mydaemon/mydaemon/releases/${tail}`;
      const argv = (await Deno.readTextFile(log)).trim();
      assert.equal(argv.split(" ").at(-1), url);
      assert.match(argv, /--proto =https --proto-redir =https --tlsv1\.2 --retry 2 /);
    });
  });
}

Deno.test("--help documents the exit codes; an unknown argument exits 2", async () => {
  await scenario({}, async (s) => {
    const help = await s.run(["--help"]);
    assert.equal(help.code, 0, help.stderr);
    for (const code of [0, 2, 3, 4, 5, 6, 7, 8, 9]) {
      assert.match(help.stdout, new RegExp(`\\n  ${code}  `));
    }
    assert.match(help.stdout, /MYDAEMON_BASE_URL/);
    const bad = await s.run(["--frobnicate"]);
    assert.equal(bad.code, 2);
    assert.match(
      bad.stderr,
      /^mydaemon-install: cannot parse arguments: unknown argument '--frobnicate'/,
    );
    assert.deepEqual(s.server.requests, []);
  });
});

const MUSL_LDD = `echo "musl libc (x86_64)" >&2; echo "Version 1.2.4" >&2; exit 1`;
const GLIBC_LDD = `echo "ldd (Debian GLIBC 2.36-9+deb12u13) 2.36"`;
const getconf = (bits: number) => `[ "$*" = LONG_BIT ] || exit 99\necho ${bits}`;
const sysctl = (answer: string) =>
  `[ "$*" = "-n sysctl.proc_translated" ] || exit 99\necho ${answer}`;
const REFUSALS: [string, string, Record<string, string>, RegExp][] = [
  ["musl (Alpine)", "Linux x86_64", { ldd: MUSL_LDD }, /uses musl libc \(ldd --version\)/],
  ["32-bit userland", "Linux x86_64", { getconf: getconf(32) }, /32-bit userland .*LONG_BIT = 32/],
  ["32-bit arm userland", "Linux aarch64", { getconf: getconf(32) }, /32-bit userland/],
  ["Rosetta shell", "Darwin x86_64", { sysctl: sysctl("1") }, /under Rosetta translation/],
];
for (const [what, uname, fakes, reason] of REFUSALS) {
  Deno.test(`${what}: refused with exit 8, one line, nothing fetched`, async () => {
    await scenario({ uname, fakes }, async (s) => {
      const run = await s.run(["--dir", `${s.root}/bin`]);
      assert.equal(run.code, 8, run.stderr);
      assert.match(run.stderr, reason);
      assert.equal(run.stderr.trim().split("\n").length, 1, run.stderr);
      assertPrefixed(run);
      assert.deepEqual(s.server.requests, []);
      assert.deepEqual(await list(`${s.root}/bin`), []);
    });
  });
}

Deno.test("glibc ldd, 64-bit getconf, untranslated: installs", async () => {
  const fakes = { ldd: GLIBC_LDD, getconf: getconf(64), sysctl: sysctl("0") };
  await scenario({ fakes }, async (s) => {
    const run = await s.run(["--dir", `${s.root}/bin`]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(await runBinary(`${s.root}/bin/mydaemon`), "mydaemon 9.9.9");
  });
});

Deno.test("Darwin x86_64 not under Rosetta: refused as unsupported (exit 3)", async () => {
  await scenario({ uname: "Darwin x86_64", fakes: { sysctl: sysctl("0") } }, async (s) => {
    const run = await s.run(["--dir", `${s.root}/bin`]);
    assert.equal(run.code, 3, run.stderr);
  });
});

Deno.test("plain http to a non-loopback host: refused before any download", async () => {
  const fakes = { curl: `echo "$@" >> "$CURL_LOG"; exit 22` };
  await scenario({ tools: [...BASE_TOOLS, "sha256sum"], fakes }, async (s) => {
    const log = `${s.root}/curl.log`;
    const run = await s.run([], { MYDAEMON_BASE_URL: "http://example.invalid", CURL_LOG: log });
    assert.equal(run.code, 5, run.stderr);
    assert.match(run.stderr, /only https:\/\/ URLs are allowed/);
    assert.deepEqual(await list(s.root), ["home", "tmp", "tools"]);
  });
});

const BROKEN = new TextEncoder().encode(`#!/bin/sh\necho "exec format error" >&2\nexit 126\n`);
Deno.test("binary failing --version, fresh install: removed, exit 9", async () => {
  await scenario({ binary: BROKEN }, async (s) => {
    const dir = `${s.root}/bin`;
    const run = await s.run(["--dir", dir]);
    assert.equal(run.code, 9, run.stderr);
    assert.match(run.stderr, /--version' failed \(exit status 126\); removed it/);
    assert.deepEqual(await list(dir), []);
  });
});

Deno.test("binary failing --version over an old one: old binary restored, exit 9", async () => {
  await scenario({ binary: BROKEN }, async (s) => {
    const dir = `${s.root}/bin`;
    await Deno.mkdir(dir);
    await Deno.writeTextFile(`${dir}/mydaemon`, "#!/bin/sh\necho old\n", { mode: 0o755 });
    const run = await s.run(["--dir", dir]);
    assert.equal(run.code, 9, run.stderr);
    assert.match(run.stderr, /previous binary restored/);
    assert.deepEqual(await list(dir), ["mydaemon"]);
    assert.equal(await runBinary(`${dir}/mydaemon`), "old");
  });
});
