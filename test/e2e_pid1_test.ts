import assert from "node:assert/strict";
import { logLines, readText, sandbox, TEST_CMD, waitFor } from "./harness.ts";

/** Can this machine give us a fresh pid namespace (root, unshare present)? */
async function canUnshare(): Promise<string | null> {
  try {
    const out = await new Deno.Command("unshare", {
      args: ["--pid", "--fork", "sh", "-c", "echo $$"],
      stdout: "piped",
      stderr: "null",
    }).output();
    return new TextDecoder().decode(out.stdout).trim() === "1" ? null : "unshare gave no pid 1";
  } catch (err) {
    return `unshare unavailable: ${(err as Error).message}`;
  }
}

const why = await canUnshare();
if (why) console.error(`e2e_pid1_test: skipped: ${why}`);

for (const sig of ["SIGTERM", "SIGINT"] as const) {
  Deno.test({
    name: `as PID 1 of a container, ${sig} still stops 'run' gracefully with exit 0`,
    ignore: why !== null,
    fn: async () => {
      const sb = await sandbox();
      try {
        const child = new Deno.Command("unshare", {
          args: ["--pid", "--fork", "--kill-child", ...TEST_CMD, "run", ...sb.flags],
          env: { DENO_NO_UPDATE_CHECK: "1" },
          stdout: "null",
          stderr: "piped",
        }).spawn();
        sb.started.add(child.pid);
        // The daemon's pid as seen from inside its namespace is 1.
        await waitFor(() => readText(sb.pid)?.trim() === "1", "pid file saying 1");
        const inner = Number(
          readText(`/proc/${child.pid}/task/${child.pid}/children`)?.trim().split(" ")[0],
        );
        assert.ok(inner > 0, "found the namespaced process");
        sb.started.add(inner);
        Deno.kill(inner, sig);
        const out = await child.output();
        assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
        const lines = logLines(sb.log);
        assert.deepEqual(lines.map((l) => l.split(" ").slice(2, 4).join(" ")), [
          "1 started",
          "1 stopping",
          "1 stopped",
        ]);
        assert.ok(lines.slice(1).every((l) => l.endsWith(` signal=${sig}`)), lines.join("\n"));
        assert.equal(readText(sb.pid), null);
      } finally {
        await sb.cleanup();
      }
    },
  });
}
