import assert from "node:assert/strict";
import { gone, sandbox, TEST_CMD, waitFor } from "./harness.ts";

/** `run --log-file -` with stderr appended to `out`, and JOURNAL_STREAM as given. */
function runWithStderrTo(out: string, pid: string, journalStream: string | null) {
  const env: Record<string, string> = { DENO_NO_UPDATE_CHECK: "1", OUT: out, HOME: "/nonexistent" };
  if (journalStream !== null) env.JOURNAL_STREAM = journalStream;
  const args = ["run", "--log-file", "-", "--pid-file", pid, "--log-level", "debug"];
  return new Deno.Command("sh", {
    args: ["-c", 'exec "$@" 2>>"$OUT"', "sh", ...TEST_CMD, ...args],
    env,
    clearEnv: true,
    stdin: "null",
    stdout: "null",
  }).spawn();
}

async function lifeOnStderr(
  sb: Awaited<ReturnType<typeof sandbox>>,
  name: string,
  stream: (st: Deno.FileInfo) => string | null,
): Promise<string[]> {
  const out = `${sb.dir}/${name}`;
  Deno.writeTextFileSync(out, "");
  const st = Deno.statSync(out);
  const child = runWithStderrTo(out, sb.pid, stream(st));
  sb.started.add(child.pid);
  const text = () => Deno.readTextFileSync(out);
  await waitFor(() => text().includes("started"), "the started line");
  Deno.kill(child.pid, "SIGHUP"); // a reload reopens stderr: the decision must hold
  await waitFor(() => text().includes("reloaded"), "the reloaded line");
  Deno.kill(child.pid, "SIGTERM");
  assert.equal((await child.status).code, 0, text());
  await waitFor(() => gone(child.pid), "run to exit");
  return text().split("\n").filter((l) => l !== "");
}

Deno.test("run under journald: <N> priority prefixes only when JOURNAL_STREAM names stderr", async () => {
  const sb = await sandbox();
  try {
    const journal = await lifeOnStderr(sb, "journal", (st) => `${st.dev}:${st.ino}`);
    assert.ok(journal.length >= 4, journal.join("\n"));
    for (const l of journal) assert.match(l, /^<[3-7]>\d{4}-\d\d-\d\dT/, l);
    const started = journal.find((l) => l.includes(" started "))!;
    assert.match(started, /^<6>\S+ INFO /);

    const other = await lifeOnStderr(sb, "other", (st) => `${st.dev}:${st.ino! + 1}`);
    assert.ok(other.some((l) => l.includes(" started ")), other.join("\n"));
    for (const l of other) assert.doesNotMatch(l, /^</, "not the journal's stream: no prefix");

    const none = await lifeOnStderr(sb, "none", () => null);
    for (const l of none) assert.doesNotMatch(l, /^</, "no JOURNAL_STREAM: no prefix");
  } finally {
    await sb.cleanup();
  }
});
