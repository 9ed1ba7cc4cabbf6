/**
 * The permissions the daemon needs, in one place: `deno task mydaemon`, the
 * self-relaunch under `deno run` and `deno compile` all use this list, so the
 * compiled binary is granted exactly what the source run is, and never `-A`.
 *
 * - read/write: log file, pid file, state file, config file, `/proc`.
 * - env: `MYDAEMON_*`, `HOME`, `XDG_RUNTIME_DIR`, `NOTIFY_SOCKET`, …
 * - run: relaunching itself detached, and `Deno.kill` for stop/reload.
 * - ffi: libc `open(O_NOFOLLOW)`, `umask`, `fcntl`, `signal`, `sendto`.
 * - sys: `Deno.uid()`/`Deno.gid()` for ownership checks.
 */
export const RUNTIME_PERMISSIONS: readonly string[] = [
  "--allow-read",
  "--allow-write",
  "--allow-env",
  "--allow-run",
  "--allow-ffi",
  "--allow-sys",
];
