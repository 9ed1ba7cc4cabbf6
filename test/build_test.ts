/** scripts/build.ts: its pure decisions as tables, then the bundle and the compile step for real. */

import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { parseBuildArgs, selectTargets } from "../scripts/build_args.ts";
import { bundle, foreignImports } from "../scripts/bundle.ts";
import { compileArgs, summarizeDenoError } from "../scripts/compile.ts";
import {
  chooseRuntime,
  compileEnv,
  denoDir,
  denortCachePath,
  isRuntimeFailure,
  type RuntimeFacts,
  runtimeMissingReason,
} from "../scripts/denort.ts";
import { formatSha256sums, sha256Hex } from "../scripts/sha256sums.ts";
import { binaryName, hostTarget, TARGETS } from "../scripts/targets.ts";
import { RUNTIME_PERMISSIONS } from "../src/detach/permissions.ts";
import { VERSION } from "../src/cli/version.ts";
import { lifecycleFlow } from "./helpers_http.ts";

const LINUX = "x86_64-unknown-linux-gnu";
const ARM = "aarch64-unknown-linux-gnu";

Deno.test("parse_build_args", () => {
  const base = {
    target: "all",
    bundle_only: false,
    entry: undefined,
    out_dir: undefined,
    help: false,
  };
  const table: [string[], unknown][] = [
    [[], { ok: true, value: base }],
    [["--target", "host"], { ok: true, value: { ...base, target: "host" } }],
    [[`--target=${ARM}`], { ok: true, value: { ...base, target: ARM } }],
    [["--bundle-only", "--out-dir", "o"], {
      ok: true,
      value: { ...base, bundle_only: true, out_dir: "o" },
    }],
    [["--help"], { ok: true, value: { ...base, help: true } }],
    [["--target"], { ok: false, reason: "--target needs a value" }],
    [["--out-dir="], { ok: false, reason: "--out-dir needs a value" }],
    [["--target", "x86_64-pc-windows-msvc"], {
      ok: false,
      reason: `unknown target x86_64-pc-windows-msvc (try: all, host, ${TARGETS.join(", ")})`,
    }],
    [["build"], { ok: false, reason: "unknown argument build" }],
  ];
  for (const [args, expected] of table) {
    assert.deepEqual(parseBuildArgs(args), expected, `${args}`);
  }
});

Deno.test("select_targets and host_target", () => {
  assert.deepEqual(selectTargets("all", LINUX), { ok: true, value: [...TARGETS] });
  assert.deepEqual(selectTargets("host", ARM), { ok: true, value: [ARM] });
  assert.deepEqual(selectTargets(LINUX, ARM), { ok: true, value: [LINUX] });
  assert.equal(selectTargets("host", "x86_64-pc-windows-msvc").ok, false);
  assert.equal(hostTarget("aarch64-unknown-linux-gnu"), "aarch64-unknown-linux-gnu");
  assert.equal(hostTarget("x86_64-unknown-linux-musl"), undefined);
  assert.deepEqual(TARGETS.map((t) => binaryName(t)), [
    "mydaemon-x86_64-unknown-linux-gnu",
    "mydaemon-aarch64-unknown-linux-gnu",
  ]);
});

Deno.test("deno_dir and denort_cache_path follow deno's defaults", () => {
  const table: [Record<string, string>, string, string | undefined][] = [
    [{ DENO_DIR: "/d", HOME: "/h" }, "linux", "/d"],
    [{ XDG_CACHE_HOME: "/x", HOME: "/h" }, "linux", "/x/deno"],
    [{ HOME: "/h" }, "linux", "/h/.cache/deno"],
    [{ XDG_CACHE_HOME: "/x", HOME: "/h" }, "darwin", "/h/Library/Caches/deno"],
    [{}, "linux", undefined],
    [{ HOME: "/h" }, "windows", undefined],
  ];
  for (const [env, os, dir] of table) assert.equal(denoDir(env, os), dir, JSON.stringify(env));
  assert.equal(
    denortCachePath("/d", "2.9.6", ARM),
    "/d/dl/release/v2.9.6/denort-aarch64-unknown-linux-gnu.zip",
  );
});

const FACTS: RuntimeFacts = {
  target: LINUX,
  host: LINUX,
  denort_bin: undefined,
  denort_bin_exists: false,
  cache_path: "/c/denort.zip",
  cache_exists: false,
};

Deno.test("choose_runtime: DENORT_BIN for the host only, then the cache, then download", () => {
  const bin = { denort_bin: "/rt", denort_bin_exists: true };
  const table: [Partial<RuntimeFacts>, unknown][] = [
    [{}, { kind: "download", cache_path: "/c/denort.zip" }],
    [{ cache_exists: true }, { kind: "cached", path: "/c/denort.zip" }],
    [{ ...bin, cache_exists: true }, { kind: "denort_bin", path: "/rt" }],
    [{ ...bin, denort_bin_exists: false }, { kind: "missing_denort_bin", path: "/rt" }],
    [{ ...bin, target: ARM }, { kind: "download", cache_path: "/c/denort.zip" }],
    [{ ...bin, target: ARM, cache_exists: true }, { kind: "cached", path: "/c/denort.zip" }],
    [{ ...bin, host: undefined }, { kind: "download", cache_path: "/c/denort.zip" }],
    [{ cache_path: undefined, cache_exists: true }, { kind: "download", cache_path: undefined }],
  ];
  for (const [change, expected] of table) {
    assert.deepEqual(chooseRuntime({ ...FACTS, ...change }), expected, JSON.stringify(change));
  }
});

Deno.test("compile_env passes DENORT_BIN only when it is the source, never backtraces", () => {
  const env = { DENORT_BIN: "/rt", PATH: "/bin", RUST_BACKTRACE: "1" };
  const download = compileEnv(env, { kind: "download", cache_path: undefined });
  assert.deepEqual(download, { PATH: "/bin", RUST_BACKTRACE: "0", DENO_NO_UPDATE_CHECK: "1" });
  const bin = compileEnv(env, { kind: "denort_bin", path: "/rt" });
  assert.equal(bin["DENORT_BIN"], "/rt");
});

Deno.test("runtime_missing_reason names the target, the problem and both fixes", () => {
  const cache = "/c/denort.zip";
  const host = runtimeMissingReason(FACTS, { kind: "download", cache_path: cache });
  assert.equal(
    host,
    `the denort runtime for ${LINUX} could not be downloaded and is not cached; ` +
      `fix: set DENORT_BIN=/path/to/denort, or put denort-${LINUX}.zip at ${cache}`,
  );
  const other = runtimeMissingReason({ ...FACTS, target: ARM }, {
    kind: "download",
    cache_path: cache,
  });
  assert.match(other, new RegExp(`^the denort runtime for ${ARM} could not be downloaded`));
  assert.match(other, new RegExp(`DENORT_BIN is used only for the host target \\(${LINUX}\\)`));
  const missing = runtimeMissingReason(FACTS, { kind: "missing_denort_bin", path: "/rt" });
  assert.equal(missing, `DENORT_BIN=/rt does not exist (set it to a denort binary for ${LINUX})`);
  const cached = runtimeMissingReason(FACTS, { kind: "cached", path: cache });
  assert.match(cached, /cached at \/c\/denort\.zip did not work; fix: /);
});

Deno.test("deno compile's errors: runtime failures recognised, summarised on one line", () => {
  const dns =
    "\x1b[31merror\x1b[0m: Writing deno compile executable to temporary file '/o.tmp'\n\n" +
    "Caused by:\n    0: Setting up base binary.\n    1: error sending request for url " +
    "(https://dl.deno.land/release/v2.9.6/denort-x.zip): dns error\n    2: dns error\n\n" +
    "Stack backtrace:\n   0: <unknown>\n";
  assert.equal(isRuntimeFailure(dns), true);
  assert.equal(isRuntimeFailure('error: Module not found "file:///x.js".\n'), false);
  assert.equal(
    summarizeDenoError(dns),
    "Writing deno compile executable to temporary file '/o.tmp': dns error",
  );
  assert.equal(summarizeDenoError("error: Module not found\n"), "Module not found");
  assert.equal(summarizeDenoError(""), "no error output");
});

Deno.test("compile_args: exactly RUNTIME_PERMISSIONS, no config, nothing after the input", () => {
  const args = compileArgs(ARM, RUNTIME_PERMISSIONS, "/d/mydaemon.js", "/d/mydaemon-x");
  assert.equal(args[0], "compile");
  assert.equal(args.at(-1), "/d/mydaemon.js");
  assert.deepEqual(args.filter((a) => a.startsWith("--allow-") || a === "-A"), [
    ...RUNTIME_PERMISSIONS,
  ]);
  for (const flag of ["--no-config", "--no-lock", "--no-remote", "--no-npm"]) {
    assert.ok(args.includes(flag));
  }
  assert.equal(args[args.indexOf("--target") + 1], ARM);
  assert.equal(args[args.indexOf("--output") + 1], "/d/mydaemon-x");
});

Deno.test("SHA256SUMS: sha256sum's format, sorted by name", async () => {
  assert.equal(
    await sha256Hex(new TextEncoder().encode("abc")),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
  const sums = formatSha256sums([{ name: "b", hex: "22" }, { name: "a", hex: "11" }]);
  assert.equal(sums, "11  a\n22  b\n");
  assert.equal(formatSha256sums([]), "");
  assert.deepEqual(foreignImports(["node:fs", "npm:x", "./y.js"]), ["npm:x", "./y.js"]);
});

Deno.test("SHA256SUMS is accepted by sha256sum -c", async () => {
  const dir = await Deno.makeTempDir({ prefix: "mydaemon_sums_" });
  try {
    const files = { "mydaemon-a": "one", "mydaemon-b": "two" };
    const digests = [];
    for (const [name, text] of Object.entries(files)) {
      await Deno.writeTextFile(`${dir}/${name}`, text);
      digests.push({ name, hex: await sha256Hex(new TextEncoder().encode(text)) });
    }
    await Deno.writeTextFile(`${dir}/SHA256SUMS`, formatSha256sums(digests));
    const check = await new Deno.Command("sha256sum", { args: ["-c", "SHA256SUMS"], cwd: dir })
      .output();
    assert.equal(check.code, 0, new TextDecoder().decode(check.stderr));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** `deno run` with no config, lock file, remote or npm modules, cache-only, exact permissions. */
const OFFLINE_RUN = [
  "run",
  "--no-config",
  "--no-lock",
  "--no-remote",
  "--no-npm",
  "--cached-only",
  ...RUNTIME_PERMISSIONS,
];

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(cmd: string, args: string[], opts: Deno.CommandOptions = {}): Promise<Ran> {
  const out = await new Deno.Command(cmd, { args, stdin: "null", ...opts }).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

/** A temp dir with nothing in it: no deno.json, no node_modules, an empty DENO_DIR. */
async function withBareDir(body: (dir: string, env: Record<string, string>) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "mydaemon_bare_" });
  try {
    await Deno.mkdir(`${dir}/deno_dir`);
    await body(dir, { DENO_DIR: `${dir}/deno_dir`, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("bundle(): relative modules and JSON inlined, node: kept, remote rejected", async () => {
  await withBareDir(async (dir, env) => {
    await Deno.writeTextFile(`${dir}/meta.json`, JSON.stringify({ version: "7.7.7" }));
    await Deno.writeTextFile(
      `${dir}/util.ts`,
      `export const twice = (s: string): string => s + s;`,
    );
    await Deno.writeTextFile(
      `${dir}/main.ts`,
      `import meta from "./meta.json" with { type: "json" };\n` +
        `import { twice } from "./util.ts";\nimport { basename } from "node:path";\n` +
        `console.log(twice(meta.version), basename("/a/b"));\n`,
    );
    const { imports } = await bundle(`${dir}/main.ts`, `${dir}/out/bundle.js`);
    assert.deepEqual(imports, ["node:path"]);
    const ran = await run(Deno.execPath(), [...OFFLINE_RUN, "out/bundle.js"], { cwd: dir, env });
    assert.equal(ran.code, 0, ran.stderr);
    assert.equal(ran.stdout, "7.7.77.7.7 b\n");
    await Deno.writeTextFile(`${dir}/remote.ts`, `import "npm:left-pad@1";\n`);
    await assert.rejects(
      bundle(`${dir}/remote.ts`, `${dir}/out/remote.js`),
      /npm:left-pad@1 is remote; the bundle takes only local and node: modules/,
    );
  });
});

const REPO = fileURLToPath(new URL("../", import.meta.url));
const HAS_MAIN = (() => {
  try {
    return Deno.statSync(`${REPO}src/main.ts`).isFile;
  } catch {
    return false;
  }
})();
if (!HAS_MAIN) {
  console.error("build_test: skipped: src/main.ts does not exist (real bundle and compile tests)");
}

/** `deno task build ARGS` in the repository, with exactly `env` on top of PATH/HOME. */
function build(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  const base = { PATH: Deno.env.get("PATH") ?? "", HOME: Deno.env.get("HOME") ?? "" };
  const dir = Deno.env.get("DENO_DIR");
  return run(Deno.execPath(), ["run", "--allow-all", "scripts/build.ts", ...args], {
    cwd: REPO,
    clearEnv: true,
    env: { ...base, ...(dir ? { DENO_DIR: dir } : {}), DENO_NO_UPDATE_CHECK: "1", ...env },
  });
}

async function withOutDir(body: (out: string) => Promise<void>): Promise<void> {
  const out = await Deno.makeTempDir({ prefix: "mydaemon_dist_" });
  try {
    await body(out);
  } finally {
    await Deno.remove(out, { recursive: true });
  }
}

/** Every file under `dir` (relative paths): what a run put in its DENO_DIR. */
async function* files_under(dir: string, prefix = ""): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = `${prefix}${entry.name}`;
    if (entry.isDirectory) yield* files_under(`${dir}/${entry.name}`, `${path}/`);
    else yield path;
  }
}

async function names(dir: string): Promise<string[]> {
  return (await Array.fromAsync(Deno.readDir(dir), (e) => e.name)).sort();
}

Deno.test({
  name: "the real bundle runs --version, --help and start → SIGHUP → stop offline",
  ignore: !HAS_MAIN,
  fn: async () => {
    await withOutDir(async (out) => {
      const built = await build(["--bundle-only", "--out-dir", out]);
      assert.equal(built.code, 0, built.stderr);
      assert.equal(built.stderr, `mydaemon-build: wrote ${out}/mydaemon.js\n`);
      assert.deepEqual(await names(out), ["mydaemon.js"]);
      const text = await Deno.readTextFile(`${out}/mydaemon.js`);
      const specifiers = [...text.matchAll(/^import\b.*?["']([^"']+)["'];$/gm)].map((m) => m[1]);
      assert.deepEqual(specifiers.filter((s) => !s?.startsWith("node:")), []);
      await withBareDir(async (dir, env) => {
        await Deno.copyFile(`${out}/mydaemon.js`, `${dir}/mydaemon.js`);
        const cmd = [Deno.execPath(), ...OFFLINE_RUN, `${dir}/mydaemon.js`];
        const version = await run(cmd[0]!, [...cmd.slice(1), "--version"], { cwd: dir, env });
        assert.equal(version.code, 0, version.stderr);
        assert.equal(version.stdout, `mydaemon ${VERSION}\n`);
        const help = await run(cmd[0]!, [...cmd.slice(1), "--help"], { cwd: dir, env });
        assert.equal(help.code, 0, help.stderr);
        assert.match(help.stdout, /^Usage: mydaemon /m);
        await lifecycleFlow(cmd, env);
        const fetched = await Array.fromAsync(files_under(`${dir}/deno_dir`));
        assert.deepEqual(fetched.filter((f) => !/^[a-z0-9_]+_cache_v2(-shm|-wal)?$/.test(f)), []);
      });
    });
  },
});

const HOST = hostTarget(Deno.build.target);
const HOST_CACHE = HOST === undefined ? undefined : denortCachePath(
  denoDir(Deno.env.toObject(), Deno.build.os) ?? "/nonexistent",
  Deno.version.deno,
  HOST,
);
const HAS_CACHE = HOST_CACHE !== undefined && (() => {
  try {
    return Deno.statSync(HOST_CACHE).isFile;
  } catch {
    return false;
  }
})();
/** Makes any download fail fast, even where dl.deno.land is reachable. */
const NO_NET = {
  HTTPS_PROXY: "http://127.0.0.1:9",
  HTTP_PROXY: "http://127.0.0.1:9",
  NO_PROXY: "",
};

/** Runs a host build that must fail with `message`, leaving only the bundle behind. */
async function buildFailsWith(env: Record<string, string>, message: string): Promise<void> {
  await withOutDir(async (out) => {
    await Deno.writeTextFile(`${out}/SHA256SUMS`, "stale\n");
    await Deno.writeTextFile(`${out}/${binaryName(ARM)}`, "stale");
    const built = await build(["--target", "host", "--out-dir", out], env);
    assert.equal(built.code, 1, built.stderr);
    const lines = built.stderr.trimEnd().split("\n");
    assert.equal(lines.at(-1), message.replaceAll("<out>", out));
    assert.doesNotMatch(built.stderr, /backtrace|panicked|Caused by/i);
    assert.deepEqual(await names(out), ["mydaemon.js"]);
  });
}

Deno.test({
  name: "no denort runtime: one line naming target, cause and fixes; only the bundle left",
  ignore: !HAS_MAIN || HOST === undefined || HAS_CACHE,
  fn: () =>
    buildFailsWith(
      NO_NET,
      `mydaemon-build: cannot compile mydaemon-${HOST}: the denort runtime for ${HOST} ` +
        `could not be downloaded and is not cached; fix: set DENORT_BIN=/path/to/denort, ` +
        `or put denort-${HOST}.zip at ${HOST_CACHE}`,
    ),
});

Deno.test({
  name: "DENORT_BIN that does not exist: refused before deno compile",
  ignore: !HAS_MAIN || HOST === undefined,
  fn: () =>
    buildFailsWith(
      { ...NO_NET, DENORT_BIN: "/nonexistent/denort" },
      `mydaemon-build: cannot compile mydaemon-${HOST}: DENORT_BIN=/nonexistent/denort ` +
        `does not exist (set it to a denort binary for ${HOST})`,
    ),
});

Deno.test({
  name: "DENORT_BIN pointing at plain deno: deno compile runs, the host check refuses the result",
  ignore: !HAS_MAIN || HOST === undefined,
  fn: () =>
    buildFailsWith(
      { ...NO_NET, DENORT_BIN: Deno.execPath() },
      `mydaemon-build: cannot verify mydaemon-${HOST}: --version printed ` +
        `"deno ${Deno.version.deno} (stable, release, ${Deno.build.target})", ` +
        `expected "mydaemon ${VERSION}" (is DENORT_BIN a denort runtime rather than deno?)`,
    ),
});
