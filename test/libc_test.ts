/**
 * The libc binding on this very machine: the `struct stat` offsets we read
 * agree with what Deno's own fstat says, through `fstat` and through the
 * `__fxstat` fallback of glibc < 2.33; missing symbols are named.
 */
import assert from "node:assert/strict";
import { fstatCall, libc, missingSymbol, platformFor } from "../src/os/libc.ts";
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

Deno.test("struct stat offsets match Deno.statSync, via fstat and via __fxstat", () => {
  const dir = Deno.makeTempDirSync({ prefix: "mydaemon-libc-" });
  try {
    const path = `${dir}/f`;
    Deno.writeTextFileSync(path, "x", { mode: 0o640 });
    Deno.chmodSync(path, 0o640);
    const want = Deno.statSync(path);
    const expected = [want.dev, want.ino, want.mode, want.uid];
    const lib = Deno.dlopen("libc.so.6", {
      __fxstat: { parameters: ["i32", "i32", "buffer"], result: "i32", optional: true },
    });
    try {
      withFd(path, (fd) => {
        const buf = new Uint8Array(libc().platform.stat.size);
        assert.equal(libc().fstat(fd, buf), 0);
        assert.deepEqual(fields(buf), expected, "fstat (as bound)");
        const viaFx = fstatCall(
          { fstat: null, __fxstat: lib.symbols.__fxstat },
          libc().platform.stat,
        );
        if (lib.symbols.__fxstat === null) return; // a glibc without the old entry point
        const fx = new Uint8Array(buf.length);
        assert.equal(viaFx!(fd, fx), 0);
        assert.deepEqual(fields(fx), expected, "__fxstat(_STAT_VER)");
        const raw = new RawFile(fd).stat();
        assert.deepEqual([raw.dev, raw.ino, raw.uid, raw.isFile], [
          want.dev,
          want.ino,
          want.uid,
          true,
        ]);
      });
    } finally {
      lib.close();
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("fstatCall: fstat first, else __fxstat with _STAT_VER, else nothing", () => {
  const calls: unknown[][] = [];
  const fstat = (...a: unknown[]) => (calls.push(["fstat", ...a]), 0);
  const fx = (...a: unknown[]) => (calls.push(["__fxstat", ...a]), 0);
  const buf = new Uint8Array(1);
  for (const arch of ["x86_64", "aarch64"]) {
    const layout = platformFor("linux", arch)!.stat;
    fstatCall({ fstat, __fxstat: fx }, layout)!(3, buf);
    fstatCall({ fstat: null, __fxstat: fx }, layout)!(4, buf);
    assert.equal(fstatCall({ fstat: null, __fxstat: null }, layout), undefined);
  }
  assert.deepEqual(calls, [
    ["fstat", 3, buf],
    ["__fxstat", 1, 4, buf], // _STAT_VER_LINUX on x86_64
    ["fstat", 3, buf],
    ["__fxstat", 0, 4, buf], // _STAT_VER on aarch64 (generic)
  ]);
});

Deno.test("missingSymbol names the C function; PlatformError is one line, exit 8", () => {
  const all = { open: 1, readAsync: 1 } as Record<string, unknown>;
  assert.equal(missingSymbol(all), "__errno_location");
  assert.equal(missingSymbol({ ...loadedKeys(), readAsync: null }), "read");
  assert.equal(missingSymbol({ ...loadedKeys(), flock: null }), "flock");
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
  ...["__errno_location", "open", "openat", "readlinkat", "unlinkat", "renameat", "close", "read"],
  ...["write", "flock", "ftruncate", "fsync"],
  ...["lseek", "fchmod", "fchown", "fcntl", "signal", "pipe", "setgroups", "setgid", "setuid"],
  "dup2",
  ...["socket", "sendto", "clock_gettime", "syscall", "posix_spawnp"],
  ...["posix_spawn_file_actions_init", "posix_spawn_file_actions_adddup2"],
  ...["posix_spawn_file_actions_destroy", "environ", "waitpidAsync", "readAsync"],
];
