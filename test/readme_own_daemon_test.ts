/**
 * README's "Write your own daemon", run as written: its deno.json and main.ts
 * in a fresh directory outside this repository, through the full CLI.
 */
import assert from "node:assert/strict";
import { gone, readText, runCmd, waitFor } from "./harness.ts";
import { LIBRARY_ROOT, ownProject } from "./own_project.ts";

/** Whether a line of the log at `path` carries `message`. */
function logged(path: string, message: string): boolean {
  return (readText(path) ?? "").split("\n").some((l) => l.includes(` ${message}`));
}

/** The fenced blocks of README's section, in order. */
function readmeBlocks(): { json: string; ts: string } {
  const readme = readText(new URL("../README.md", import.meta.url).pathname) ?? "";
  const section = readme.split("## Write your own daemon\n")[1]!.split("\n## ")[0]!;
  const json = /```json\n([\s\S]*?)```/.exec(section)?.[1];
  const ts = /```ts ignore\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(json && ts, "README's section has a deno.json and a main.ts block");
  return { json, ts };
}

Deno.test("README: your own daemon in a fresh directory has the whole CLI under its name", async () => {
  const { json, ts } = readmeBlocks();
  const imports = JSON.parse(json).imports;
  assert.equal(Object.keys(imports)[0], "@mydaemon/mydaemon");
  const p = await ownProject({ "main.ts": ts });
  try {
    const env = { ACME_LOG_FILE: p.sb.log, ACME_PID_FILE: p.sb.pid };
    const cli = (args: string[]) => p.sb.cli(args, { cwd: p.dir, env, bare: true });
    const help = await cli(["--help"]);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /acme/);
    assert.doesNotMatch(help.stdout, /mydaemon/);
    const start = await cli(["start"]);
    assert.equal(start.code, 0, start.stderr);
    const pid = Number(start.stdout);
    await waitFor(() => logged(p.sb.log, "work begins"), "work begins");
    assert.match(readText(p.sb.log) ?? "", new RegExp(`INFO ${pid} started version=1\\.2\\.3`));
    assert.equal((await cli(["status"])).code, 0);
    const reload = await cli(["reload"]);
    assert.equal(reload.code, 0, reload.stderr);
    assert.match(reload.stderr, /^acme: reloaded/);
    assert.ok(logged(p.sb.log, "reloaded my tables"));
    const stop = await cli(["stop"]);
    assert.equal(stop.code, 0, stop.stderr);
    await waitFor(() => gone(pid), "the daemon to exit");
    assert.ok(logged(p.sb.log, "bye"));
    assert.equal((await cli(["status"])).code, 3);
  } finally {
    await p.sb.cleanup();
  }
  assert.ok(LIBRARY_ROOT.endsWith("/src/mod.ts"));
});

const BUILD_SCRIPT = new URL("../scripts/build.ts", import.meta.url).pathname;

Deno.test("README: your own daemon, bundled by the build script with its own import map, relaunches as the bundle", async () => {
  const { ts } = readmeBlocks();
  // An alias only the user's deno.json has: the bundle must be built with that map.
  const main = ts.replace(
    'import { defineDaemon } from "@mydaemon/mydaemon";',
    [
      'import { defineDaemon } from "@mydaemon/mydaemon";',
      'import { WORK } from "@acme/words";',
    ].join("\n"),
  ).replace('"work begins"', "WORK");
  assert.notEqual(main, ts);
  const p = await ownProject({
    "main.ts": main,
    "words.ts": 'export const WORK = "work begins";\n',
  });
  try {
    const denoJson = JSON.parse(Deno.readTextFileSync(`${p.dir}/deno.json`));
    denoJson.imports["@acme/words"] = "./words.ts";
    Deno.writeTextFileSync(`${p.dir}/deno.json`, JSON.stringify(denoJson));
    const out = `${p.sb.dir}/out`;
    const build = await runCmd([
      Deno.execPath(),
      "run",
      "-A",
      BUILD_SCRIPT,
      "--entry",
      `${p.dir}/main.ts`,
      "--bundle-only",
      "--out-dir",
      out,
    ]);
    assert.equal(build.code, 0, build.stderr);
    // Run from elsewhere, without any config: only the bundle itself.
    const bundle = [Deno.execPath(), "run", "-A", "--no-config", `${out}/project.js`];
    const env = { ACME_LOG_FILE: p.sb.log, ACME_PID_FILE: p.sb.pid };
    const cli = async (args: string[]) => {
      const r = await runCmd([...bundle, ...args], { env: { HOME: p.sb.dir, ...env }, cwd: "/" });
      if (args[0] === "start" && r.code === 0) p.sb.started.add(Number(r.stdout));
      return r;
    };
    const start = await cli(["start"]);
    assert.equal(start.code, 0, start.stderr);
    const pid = Number(start.stdout);
    await waitFor(() => logged(p.sb.log, "work begins"), "work begins");
    const cmdline = (readText(`/proc/${pid}/cmdline`) ?? "").split("\0");
    assert.ok(cmdline.includes(`${out}/project.js`), `the daemon runs the bundle: ${cmdline}`);
    assert.equal((await cli(["reload"])).code, 0);
    assert.ok(logged(p.sb.log, "reloaded my tables"));
    assert.equal((await cli(["stop"])).code, 0);
    await waitFor(() => gone(pid), "the daemon to exit");
  } finally {
    await p.sb.cleanup();
  }
});
