/**
 * The libc binding on this very machine: the `struct stat` offsets we read
 * agree with what Deno's own fstat says; the system calls behave as libc's
 * functions of the same names; missing symbols are named.
 */
import assert from "node:assert/strict";
import { libc, missingSymbol } from "../src/os/libc.ts";
import { PlatformError } from "../src/os/platform_error.ts";
import { RawFile } from "../src/files/raw_file.ts";

const FLAGS_RDONLY = 0;

/** Opens `path` with raw libc and returns its fd, closing it after `body`. */
function withFd(path: string, body: (fd: number) => void): void {
  const c = libc();
  const fd = c.open(path, FLAGS_RDONLY | c.platform.flags.cloexec, 0);
  assert.ok(fd >= 0, `open ${path}: errno ${-fd}`);
  try {
    body(fd);
  } finally {
    c.close(fd);
  }
}

/** dev, ino, mode, uid read from a filled `struct stat` with the platform's offsets. */
function fields(buf: Uint8Array): [number, number, number, number] {
  const l = libc().platform.stat;
  const v = new DataView(buf.buffer);
  return [
    Number(v.getBigUint64(l.dev[0], true)),
    Number(v.getBigUint64(l.ino, true)),
    v.getUint32(l.mode[0], true),
    v.getUint32(l.uid, true),
  ];
}

Deno.test("struct stat offsets match Deno.statSync, through the fstat system call", () => {
  const dir = Deno.makeTempDirSync({ prefix: "mydaemon-libc-" });
  try {
    const path = `${dir}/f`;
    Deno.writeTextFileSync(path, "x", { mode: 0o640 });
    Deno.chmodSync(path, 0o640);
    const want = Deno.statSync(path);
    withFd(path, (fd) => {
      const buf = new Uint8Array(libc().platform.stat.size);
      assert.equal(libc().fstat(fd, buf), 0);
      assert.deepEqual(fields(buf), [want.dev, want.ino, want.mode, want.uid]);
      const raw = new RawFile(fd).stat();
      assert.deepEqual([raw.dev, raw.ino, raw.uid, raw.isFile, raw.size], [
        want.dev,
        want.ino,
        want.uid,
        true,
        1,
      ]);
    });
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("system calls: results as libc gives them, errors as -errno", () => {
  const c = libc();
  const dir = Deno.makeTempDirSync({ prefix: "mydaemon-libc-" });
  try {
    const { flags, errno } = c.platform;
    assert.equal(c.open(`${dir}/none`, 0, 0), -errno.ENOENT);
    const fd = c.open(`${dir}/f`, flags.creat | flags.rdwr | flags.cloexec, 0o600);
    assert.ok(fd >= 3, `open: ${fd}`);
    assert.equal(c.write(fd, new TextEncoder().encode("hello")), 5);
    assert.equal(c.seek(fd, 1), 1);
    const buf = new Uint8Array(8);
    assert.equal(c.read(fd, buf), 4);
    assert.equal(new TextDecoder().decode(buf.subarray(0, 4)), "ello");
    assert.equal(c.ftruncate(fd, 2), 0);
    assert.equal(c.fsync(fd), 0);
    assert.equal(c.fchmod(fd, 0o640), 0);
    assert.equal(Deno.statSync(`${dir}/f`).mode! & 0o777, 0o640);
    assert.equal(c.flock(fd, 2 | 4 /* LOCK_EX | LOCK_NB */), 0);
    assert.equal(c.dup2(fd, fd), fd);
    const viaFd = new Uint8Array(c.platform.stat.size), viaPath = new Uint8Array(viaFd.length);
    assert.equal(c.fstat(fd, viaFd), 0);
    assert.equal(c.stat(`/proc/self/fd/${fd}`, viaPath), 0, "stat follows the magic link");
    assert.deepEqual(fields(viaPath), fields(viaFd));
    assert.equal(c.stat(`${dir}/none`, viaPath), -errno.ENOENT);
    const dirfd = c.open(dir, flags.directory | flags.cloexec, 0);
    assert.equal(c.renameat(dirfd, "f", dirfd, "g"), 0);
    Deno.symlinkSync("g", `${dir}/l`);
    assert.deepEqual(c.readlinkat(dirfd, "l"), new TextEncoder().encode("g"));
    assert.equal(c.openat(dirfd, "l", flags.nofollow, 0), -errno.ELOOP);
    assert.equal(c.unlinkat(dirfd, "g"), 0);
    assert.equal(Deno.readDirSync(dir).toArray().map((e) => e.name).join(), "l");
    Deno.mkdirSync(`${dir}/d`);
    Deno.symlinkSync("d", `${dir}/ld`);
    const pathFlags = flags.path | flags.directory | flags.cloexec;
    const d = c.openNoLinks(`${dir}/d`, pathFlags);
    // -38 (ENOSYS): a kernel before 5.6, or a seccomp filter that does not know openat2.
    assert.ok(d >= 0 || d === -38, `openat2: ${d}`);
    if (d >= 0) {
      assert.equal(c.close(d), 0);
      assert.equal(c.openNoLinks(`${dir}/ld`, pathFlags), -errno.ELOOP, "a link on the way");
    }
    const [r, w] = c.pipe();
    assert.equal(c.pollReadable(r, 0), 0, "an empty pipe is not readable");
    assert.equal(c.write(w, new Uint8Array([7])), 1);
    assert.equal(c.pollReadable(r, 1000), 1);
    assert.equal(c.read(r, buf), 1);
    for (const x of [fd, dirfd, r, w]) assert.equal(c.close(x), 0);
    assert.equal(c.close(fd), -9 /* EBADF */);
    assert.equal(c.pollReadable(fd, 0), 1, "a closed descriptor answers at once (POLLNVAL)");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("missingSymbol names the C function; PlatformError is one line, exit 8", () => {
  const all = { open: 1, readAsync: 1 } as Record<string, unknown>;
  assert.equal(missingSymbol(all), "__errno_location");
  assert.equal(missingSymbol({ ...loadedKeys(), readAsync: null }), "read");
  assert.equal(missingSymbol({ ...loadedKeys(), setuid: null }), "setuid");
  assert.equal(missingSymbol(loadedKeys()), undefined);
  const e = new PlatformError("libc function flock", "linux/x86_64");
  assert.equal(e.message, "cannot start: libc function flock is not available on linux/x86_64");
  assert.equal(e.code, 8);
});

/** Every required symbol present, keyed as the binding keys them. */
function loadedKeys(): Record<string, unknown> {
  return Object.fromEntries(REQUIRED.map((k) => [k, 1]));
}

const REQUIRED = [
  ...["__errno_location", "signal", "setgroups", "setgid", "setuid"],
  ...["socket", "sendto", "clock_gettime", "syscall", "posix_spawnp"],
  ...["posix_spawn_file_actions_init", "posix_spawn_file_actions_adddup2"],
  ...["posix_spawn_file_actions_destroy", "environ", "waitpidAsync", "readAsync"],
];
