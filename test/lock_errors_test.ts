import assert from "node:assert/strict";
import { OsError, RawFile } from "../src/files/raw_file.ts";
import { type Libc, libc } from "../src/os/libc.ts";
import { readIdDatabase } from "../src/os/identity.ts";

/** The real libc, but flock answers with `errno` (as NFS without lockd answers ENOLCK). */
function flockFails(errno: number): Libc {
  return { ...libc(), flock: () => -errno };
}

Deno.test("tryLock: only EWOULDBLOCK means held; ENOLCK is an error of its own", () => {
  const e = libc().platform.errno;
  const path = Deno.makeTempFileSync();
  try {
    const held = new RawFile(libc().open(path, 0, 0), flockFails(e.EWOULDBLOCK));
    assert.equal(held.tryLock(true), false);
    held.close();
    const nolck = new RawFile(libc().open(path, 0, 0), flockFails(37 /* ENOLCK */));
    assert.throws(() => nolck.tryLock(true), (err) => err instanceof OsError && err.errno === 37);
    nolck.close();
  } finally {
    Deno.removeSync(path);
  }
});

Deno.test("readIdDatabase: missing is empty, unreadable is said as such", () => {
  const dir = Deno.makeTempDirSync();
  try {
    assert.equal(readIdDatabase(`${dir}/absent`), "");
    assert.throws(
      () => readIdDatabase(dir),
      /cannot read \/.*: is a directory$/,
    );
  } finally {
    Deno.removeSync(dir);
  }
});
