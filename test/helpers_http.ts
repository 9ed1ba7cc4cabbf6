/**
 * Test helpers for the release artifacts: a local release server (Deno.serve
 * on 127.0.0.1, port 0), running install.sh piped into `sh` with a fake HOME
 * and a PATH holding only the tools a test grants, and the start → SIGHUP →
 * stop flow run against a bundle or an installed binary.
 */

import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { gone, logLines, sandbox, waitFor } from "./harness.ts";

/** How the server answers for one file. */
export type ServeMode = "ok" | "not_found" | "truncate" | "hang";

/** A release directory served over HTTP. */
export interface ReleaseServer {
  /** `http://127.0.0.1:<port>`: the value for MYDAEMON_BASE_URL. */
  readonly base_url: string;
  /** Request paths in arrival order. */
  readonly requests: string[];
  /** Resolves when a request for `name` arrives. */
  requested(name: string): Promise<void>;
  /** Lets every `hang` response end (truncated). */
  release(): void;
  /** Stops the server and waits until it has. */
  close(): Promise<void>;
}

/** Serves `files` by name; `modes` overrides how a name is answered (default `ok`). */
export function serveRelease(
  files: ReadonlyMap<string, Uint8Array<ArrayBuffer>>,
  modes: Readonly<Record<string, ServeMode>> = {},
): ReleaseServer {
  const controller = new AbortController();
  const requests: string[] = [];
  const waiters = new Map<string, PromiseWithResolvers<void>>();
  const hang = Promise.withResolvers<void>();
  const waiter = (name: string) => {
    const found = waiters.get(name) ?? Promise.withResolvers<void>();
    waiters.set(name, found);
    return found;
  };
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal: controller.signal, onListen: () => {} },
    (request) => {
      const name = new URL(request.url).pathname.replace(/^\//, "");
      requests.push(name);
      waiter(name).resolve();
      const body = files.get(name);
      const mode = modes[name] ?? "ok";
      if (body === undefined || mode === "not_found") return new Response("", { status: 404 });
      if (mode === "ok") return new Response(body);
      return cutShort(body, mode === "hang" ? hang.promise : Promise.resolve());
    },
  );
  return {
    base_url: `http://127.0.0.1:${server.addr.port}`,
    requests,
    requested: (name) => waiter(name).promise,
    release: () => hang.resolve(),
    close: async () => {
      hang.resolve();
      controller.abort();
      await server.finished;
    },
  };
}

/** Announces the whole length, sends a part, waits for `until`, then drops the connection. */
function cutShort(body: Uint8Array<ArrayBuffer>, until: Promise<void>): Response {
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(body.slice(0, Math.floor(body.length / 2)));
    },
    async pull(controller) {
      await until;
      controller.close();
    },
  });
  return new Response(stream, { headers: { "content-length": String(body.length) } });
}

/** The repository's install.sh. */
export const INSTALL_SH = fileURLToPath(new URL("../install.sh", import.meta.url));

/** Tools install.sh needs besides a downloader and a hasher. */
export const BASE_TOOLS = ["mktemp", "mkdir", "cp", "chmod", "mv", "rm", "cat"] as const;

/** Makes `dir` a PATH directory holding symlinks to only `tools`, plus `fakes` as scripts. */
export async function makeToolDir(
  dir: string,
  tools: readonly string[],
  fakes: Readonly<Record<string, string>> = {},
): Promise<string> {
  await Deno.mkdir(dir, { recursive: true });
  for (const tool of tools) await Deno.symlink(await which(tool), `${dir}/${tool}`);
  for (const [name, script] of Object.entries(fakes)) {
    await Deno.writeTextFile(`${dir}/${name}`, `#!/bin/sh\n${script}\n`, { mode: 0o755 });
  }
  return dir;
}

async function which(tool: string): Promise<string> {
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    const path = `${dir}/${tool}`;
    const info = await Deno.stat(path).catch(() => undefined);
    if (info?.isFile) return path;
  }
  throw new Error(`test needs ${tool} on PATH`);
}

/** A fake `uname` answering `-sm` with `answer`, failing on anything else. */
export function fakeUname(answer: string): string {
  return `[ "$*" = -sm ] || { echo "fake uname: unexpected args: $*" >&2; exit 99; }\necho '${answer}'`;
}

/** A fake `id` for a non-root user, so tests never touch /usr/local/bin. */
export const FAKE_ID = `[ "$*" = -u ] || exit 99\necho 1000`;

/** How one install.sh run ended. */
export interface InstallRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** One install.sh run: piped into `/bin/sh` (`cat install.sh | sh [-s -- args]`). */
export interface InstallSpawn {
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

/** Starts `cat install.sh | sh -s -- args` with exactly `env`; returns the child. */
export async function spawnInstall(spec: InstallSpawn): Promise<Deno.ChildProcess> {
  const script = await Deno.readFile(INSTALL_SH);
  const child = new Deno.Command("/bin/sh", {
    args: spec.args.length === 0 ? [] : ["-s", "--", ...spec.args],
    env: { ...spec.env },
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(script);
  await writer.close();
  return child;
}

/** Runs install.sh to completion (see `spawnInstall`); kills it after `timeout_ms`. */
export async function runInstall(spec: InstallSpawn, timeout_ms = 20_000): Promise<InstallRun> {
  const child = await spawnInstall(spec);
  let timed_out = false;
  const timer = setTimeout(() => {
    timed_out = true;
    child.kill("SIGKILL");
  }, timeout_ms);
  const output = await child.output().finally(() => clearTimeout(timer));
  if (timed_out) throw new Error(`install.sh ${spec.args.join(" ")} ran over ${timeout_ms} ms`);
  const text = new TextDecoder();
  return {
    code: output.code,
    stdout: text.decode(output.stdout),
    stderr: text.decode(output.stderr),
  };
}

/** Polls `check` every 20 ms until it holds, failing after `timeout_ms`. */
export async function poll(what: string, check: () => Promise<boolean>, timeout_ms = 10_000) {
  const deadline = Date.now() + timeout_ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout_ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * `start`, SIGHUP, `stop` through `cmd` (the bundle under `deno run`, or a
 * binary), from a temp dir holding no deno.json; checks the log says
 * `started`, `reloaded` and `stopped`, and the daemon is gone.
 */
export async function lifecycleFlow(cmd: readonly string[], env: Record<string, string> = {}) {
  const sb = await sandbox(cmd);
  try {
    const start = await sb.cli(["start"], { env, cwd: sb.dir });
    assert.equal(start.code, 0, start.stderr);
    const pid = Number(start.stdout.trim());
    assert.ok(Number.isInteger(pid) && pid > 0, `start printed ${JSON.stringify(start.stdout)}`);
    const has = (msg: string) => logLines(sb.log).some((l) => l.includes(` ${pid} ${msg}`));
    await waitFor(() => has("started"), "the started line");
    Deno.kill(pid, "SIGHUP");
    await waitFor(() => has("reloaded"), "the reloaded line");
    const stop = await sb.cli(["stop"], { env, cwd: sb.dir });
    assert.equal(stop.code, 0, stop.stderr);
    await waitFor(() => gone(pid), `daemon pid ${pid} to exit`);
    assert.ok(has("stopped"), `no stopped line in:\n${logLines(sb.log).join("\n")}`);
  } finally {
    await sb.cleanup();
  }
}
