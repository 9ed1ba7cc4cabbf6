/*
 * probe stop PID PIDFILE|- TIMEOUT_MS [-- CMD...]
 *
 * Stop latency: from SIGTERM (or, with CMD, from fork+exec of the stop
 * command) until the process is gone (pidfd readable: exited, zombie or
 * reaped), the pid file is removed (unless "-") and CMD has exited.
 * Prints: stop_ns=N gone_ns=N pidfile_ns=N cmd_ns=N status=S  (-1: timeout)
 */
#include "probe.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int64_t wait_unlinked(const char *path, int64_t t0, int64_t deadline) {
  if (strcmp(path, "-") == 0) return 0;
  const struct timespec tick = {.tv_sec = 0, .tv_nsec = 50000};
  while (access(path, F_OK) == 0) {
    if (now_ns() > deadline) return -1;
    nanosleep(&tick, NULL);
  }
  return now_ns() - t0;
}

static int64_t max3(int64_t a, int64_t b, int64_t c) {
  if (a < 0 || b < 0 || c < 0) return -1;
  int64_t m = a > b ? a : b;
  return m > c ? m : c;
}

int probe_stop(int argc, char **argv) {
  if (argc < 3) return 64;
  pid_t pid = (pid_t)parse_long(argv[0], "pid");
  const char *pid_file = argv[1];
  long timeout_ms = parse_long(argv[2], "timeout");
  int with_cmd = argc > 4 && strcmp(argv[3], "--") == 0;
  int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
  if (pidfd < 0) {
    perror("probe: pidfd_open");
    return 1;
  }
  int64_t t0 = now_ns(), deadline = t0 + timeout_ms * 1000000LL;
  pid_t child = -1;
  if (with_cmd) {
    child = spawn(argv + 4, "/dev/null");
  } else if (kill(pid, SIGTERM) != 0) {
    perror("probe: kill");
    return 1;
  }
  int64_t gone = wait_readable(pidfd, (int)timeout_ms) ? now_ns() - t0 : -1;
  int64_t unlinked = wait_unlinked(pid_file, t0, deadline);
  int64_t cmd = 0;
  int status = 0;
  if (child > 0) {
    waitpid(child, &status, 0);
    cmd = now_ns() - t0;
  }
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  printf("stop_ns=%lld gone_ns=%lld pidfile_ns=%lld cmd_ns=%lld status=%d\n",
         (long long)max3(gone, unlinked, cmd), (long long)gone, (long long)unlinked,
         (long long)cmd, code);
  return 0;
}
