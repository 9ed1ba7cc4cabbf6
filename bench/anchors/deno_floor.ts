/**
 * The Deno floor: the least a Deno daemon can do, run under daemonize(1)
 * (Deno cannot fork). A SIGHUP listener appends a "reload" line with one
 * write; SIGTERM removes the pid file, logs "stop" and exits. Whatever
 * mydaemon costs beyond this row is mydaemon's own; up to it, it is Deno's.
 *
 * Usage: deno run --allow-read --allow-write denoFloor.ts LOGFILE PIDFILE
 */
const [log_path, pid_path] = Deno.args;
if (log_path === undefined || pid_path === undefined) {
  throw new Error("usage: deno_floor.ts LOGFILE PIDFILE");
}
const log = Deno.openSync(log_path, { append: true, create: true });
const encoder = new TextEncoder();

function line(what: string): void {
  log.writeSync(encoder.encode(`${new Date().toISOString()} ${Deno.pid} ${what}\n`));
}

Deno.addSignalListener("SIGHUP", () => line("reload"));
Deno.addSignalListener("SIGTERM", () => {
  Deno.removeSync(pid_path);
  line("stop");
  Deno.exit(0);
});
Deno.writeTextFileSync(pid_path, `${Deno.pid}\n`);
line("start");
// Signal listeners alone do not keep the event loop alive; a timer that
// fires after 24.8 days does, without any wake-up before then.
setInterval(() => {}, 2 ** 31 - 1);
