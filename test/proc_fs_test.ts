import assert from "node:assert/strict";
import { fdTableSize, procFs } from "../src/os/proc_fs.ts";
import { flockHolders, parseLockTable } from "../src/os/lock_table.ts";

Deno.test("fdTableSize reads FDSize, and falls back to the whole range", () => {
  const cases: [string | null, number][] = [
    ["Name:\tdeno\nFDSize:\t64\nGroups:\n", 64],
    ["FDSize:\t256", 256],
    ["FDSize:\t1048576\n", 4096], // never more than the fallback's bound
    ["FDSize:\t0\n", 4096],
    ["FDSize:\tlots\n", 4096],
    ["Name:\tno such line\n", 4096],
    [null, 4096],
  ];
  for (const [status, size] of cases) assert.equal(fdTableSize(status), size, String(status));
});

Deno.test("openLocks finds a file held on a descriptor far above the first 64", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "mydaemon-procfs-" });
  const held = `${dir}/held`, other = `${dir}/other`;
  Deno.writeTextFileSync(held, "");
  Deno.writeTextFileSync(other, "");
  // The table grows to fit fd 700 (FDSize 1024): a search bounded by 64 would miss it.
  const child = new Deno.Command("bash", {
    args: ["-c", `exec 700<"$1"; echo up; read _`, "bash", held],
    stdin: "piped",
    stdout: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  try {
    const reader = child.stdout.getReader();
    await reader.read(); // "up": fd 700 is open
    reader.releaseLock();
    const id = (p: string) => {
      const st = Deno.statSync(p);
      return { dev: st.dev, ino: st.ino! };
    };
    const proc = procFs();
    assert.equal(proc.openLocks(child.pid, id(held)), "");
    assert.equal(proc.openLocks(child.pid, id(other)), false);
  } finally {
    await writer.write(new TextEncoder().encode("\n"));
    await writer.close();
    await child.stdout.cancel().catch(() => {});
    await child.status;
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("openLocks gives the flock its descriptor holds, with the locker's pid", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "mydaemon-procfs-" });
  const path = `${dir}/locked`;
  Deno.writeTextFileSync(path, "");
  const script = "import fcntl, os, sys\n" +
    "os.dup2(os.open(sys.argv[1], os.O_RDONLY), 300)\n" +
    "fcntl.flock(300, fcntl.LOCK_EX)\n" +
    "print('up', flush=True)\n" +
    "sys.stdin.read()\n";
  const child = new Deno.Command("python3", {
    args: ["-c", script, path],
    stdin: "piped",
    stdout: "piped",
  }).spawn();
  try {
    const reader = child.stdout.getReader();
    await reader.read();
    reader.releaseLock();
    const st = Deno.statSync(path);
    const file = { dev: st.dev, ino: st.ino! };
    const open = procFs().openLocks(child.pid, file);
    assert.equal(typeof open, "string");
    assert.deepEqual(flockHolders(parseLockTable(open as string), file), [child.pid]);
  } finally {
    await child.stdin.close();
    await child.stdout.cancel().catch(() => {});
    await child.status;
    Deno.removeSync(dir, { recursive: true });
  }
});
