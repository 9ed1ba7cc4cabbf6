/**
 * The compiled host binary, end to end: `deno task build --target host`,
 * install it with install.sh from a local server, then start → SIGHUP → stop.
 * Needs a denort runtime (DENORT_BIN, or deno's cache); skipped, saying so, without.
 */

import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { denoDir, denortCachePath } from "../scripts/denort.ts";
import { binaryName, hostTarget, type Target } from "../scripts/targets.ts";
import { VERSION } from "../src/cli/version.ts";
import {
  BASE_TOOLS,
  FAKE_ID,
  lifecycleFlow,
  makeToolDir,
  runInstall,
  serveRelease,
} from "./helpers_http.ts";

const REPO = fileURLToPath(new URL("../", import.meta.url));
const HOST = hostTarget(Deno.build.target);

function isFile(path: string | undefined): boolean {
  try {
    return path !== undefined && Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/** Why the test cannot run here, or undefined when it can. */
function skipReason(): string | undefined {
  if (HOST === undefined) return `host ${Deno.build.target} is not a release target`;
  const denort_bin = Deno.env.get("DENORT_BIN");
  if (denort_bin) return isFile(denort_bin) ? undefined : `DENORT_BIN=${denort_bin} is no file`;
  const dir = denoDir(Deno.env.toObject(), Deno.build.os);
  const cache = dir === undefined ? undefined : denortCachePath(dir, Deno.version.deno, HOST);
  if (isFile(cache)) return undefined;
  return `no denort runtime (set DENORT_BIN=/path/to/denort, or put denort-${HOST}.zip at ${
    cache ?? "$DENO_DIR/dl/release/v<deno version>/"
  })`;
}

async function run(cmd: string, args: string[], cwd: string) {
  const out = await new Deno.Command(cmd, { args, cwd, stdin: "null" }).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

async function readDirFiles(dir: string): Promise<Map<string, Uint8Array<ArrayBuffer>>> {
  const files = new Map<string, Uint8Array<ArrayBuffer>>();
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile) files.set(entry.name, await Deno.readFile(`${dir}/${entry.name}`));
  }
  return files;
}

async function buildInstallRun(host: Target, root: string): Promise<void> {
  const out = `${root}/dist`;
  const args = ["run", "--allow-all", "scripts/build.ts", "--target", "host", "--out-dir", out];
  const built = await run(Deno.execPath(), args, REPO);
  assert.equal(built.code, 0, built.stderr);
  const sums = await Deno.readTextFile(`${out}/SHA256SUMS`);
  assert.match(sums, new RegExp(`^[0-9a-f]{64}  ${binaryName(host)}\n$`));
  const server = serveRelease(await readDirFiles(out));
  try {
    const tools = [...BASE_TOOLS, "curl", "sha256sum", "uname"];
    const path = await makeToolDir(`${root}/tools`, tools, { id: FAKE_ID });
    const env = { HOME: root, PATH: path, MYDAEMON_BASE_URL: server.base_url };
    const installed = await runInstall({ args: ["--dir", `${root}/bin`], env });
    assert.equal(installed.code, 0, installed.stderr);
  } finally {
    await server.close();
  }
  const binary = `${root}/bin/mydaemon`;
  const version = await run(binary, ["--version"], root);
  assert.equal(version.stdout, `mydaemon ${VERSION}\n`, version.stderr);
  await lifecycleFlow([binary]);
}

const reason = skipReason();
if (reason !== undefined) console.error(`binary_test: skipped: ${reason}`);

Deno.test({
  name: "host binary: build, install via install.sh, start → SIGHUP → stop",
  ignore: reason !== undefined,
  fn: async () => {
    if (HOST === undefined) throw new Error("ignored without a host target");
    const root = await Deno.makeTempDir({ prefix: "mydaemon_binary_test_" });
    try {
      await buildInstallRun(HOST, root);
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  },
});
