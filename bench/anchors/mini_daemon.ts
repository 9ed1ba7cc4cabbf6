/**
 * The minimal Deno daemon: mydaemon's contract written by hand, the fastest
 * correct way, as the anchor for what Deno itself costs. Deno cannot fork,
 * so the launcher relaunches this file detached (setsid) and waits on a
 * readiness pipe (the child's stdout) for "ready". The daemon takes an
 * exclusive lock on its pid file (refusing if held), opens its log with
 * O_NOFOLLOW (libc `open` through FFI: Deno.open has no such flag), writes
 * every line with one `write(2)` on an O_APPEND descriptor, answers SIGHUP
 * with a "reload" line (Deno's signal listener is the queue) and SIGTERM by
 * removing its pid file and exiting.
 *
 * Usage: deno run --no-config --allow-read --allow-write --allow-run
 *        --allow-ffi --allow-env mini_daemon.ts LOGFILE PIDFILE
 */
const [log_path, pid_path] = Deno.args;
if (log_path === undefined || pid_path === undefined) {
  console.error("usage: mini_daemon.ts LOGFILE PIDFILE");
  Deno.exit(2);
}

async function launch(): Promise<number> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-config", ...PERMS, new URL(import.meta.url).pathname, ...Deno.args],
    env: { MINI_DAEMON_CHILD: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "null",
    detached: true,
  }).spawn();
  const { value } = await child.stdout.getReader().read();
  const ready = new TextDecoder().decode(value ?? new Uint8Array()) === `${child.pid}\n`;
  console.log(child.pid);
  return ready ? 0 : 1;
}

const PERMS = ["--allow-read", "--allow-write", "--allow-run", "--allow-ffi", "--allow-env"];
// O_NOFOLLOW differs between x86_64 (0o400000) and arm64 (0o100000).
const O_NOFOLLOW = Deno.build.arch === "aarch64" ? 0o100000 : 0o400000;
const O_LOG = 0o1 | 0o100 | 0o2000 | 0o2000000 | O_NOFOLLOW; // WRONLY|CREAT|APPEND|CLOEXEC

function daemon(log: string, pid_file: string): void {
  const libc = Deno.dlopen("libc.so.6", {
    open: { parameters: ["buffer", "i32", "u32"], result: "i32" },
    write: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  }).symbols;
  const enc = new TextEncoder();
  const pid = Deno.openSync(pid_file, { read: true, write: true, create: true });
  if (!pid.tryLockSync(true)) throw new Error(`${pid_file} is locked`);
  const fd = libc.open(enc.encode(`${log}\0`), O_LOG, 0o644);
  if (fd < 0) throw new Error(`cannot open ${log}`);
  const line = (what: string) => {
    const bytes = enc.encode(`${new Date().toISOString()} ${Deno.pid} ${what}\n`);
    libc.write(fd, bytes, BigInt(bytes.length));
  };
  Deno.addSignalListener("SIGHUP", () => line("reload"));
  Deno.addSignalListener("SIGTERM", () => {
    Deno.removeSync(pid_file);
    line("stop");
    Deno.exit(0);
  });
  pid.truncateSync(0);
  pid.writeSync(enc.encode(`${Deno.pid}\n`));
  line("start");
  Deno.stdout.writeSync(enc.encode(`${Deno.pid}\n`));
  Deno.stdout.close();
  // Signal listeners alone do not keep Deno alive; one far-off timer does,
  // without waking before it fires (24.8 days).
  setInterval(() => {}, 2 ** 31 - 1);
}

if (Deno.env.get("MINI_DAEMON_CHILD") === "1") daemon(log_path, pid_path);
else Deno.exit(await launch());
