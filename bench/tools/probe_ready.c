/*
 * probe ready LOG NEEDLE OUTFILE TIMEOUT_MS -- CMD...
 *
 * Time to ready: from fork+exec of the start command until BOTH the launcher
 * has exited AND a line containing NEEDLE is in LOG (either order). An empty
 * NEEDLE measures spawn-to-exit only. The launcher's stdout goes to OUTFILE.
 * Prints: ready_ns=N exit_ns=N line_ns=N status=S  (line_ns=-1 on timeout)
 */
#include "probe.h"

#include <libgen.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int watch_dir_of(const char *path) {
  char copy[4096];
  snprintf(copy, sizeof copy, "%s", path);
  int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  inotify_add_watch(fd, dirname(copy), IN_CREATE | IN_MODIFY | IN_MOVED_TO | IN_CLOSE_WRITE);
  return fd;
}

int probe_ready(int argc, char **argv) {
  if (argc < 6 || strcmp(argv[4], "--") != 0) return 64;
  struct stat st;
  log_scan scan = {.path = argv[0], .needle = argv[1], .offset = 0};
  if (stat(scan.path, &st) == 0) scan.offset = st.st_size;
  int want_line = argv[1][0] != '\0';
  long timeout_ms = parse_long(argv[3], "timeout");
  int notify = watch_dir_of(scan.path);

  int64_t t0 = now_ns();
  pid_t child = spawn(argv + 5, argv[2]);
  int pidfd = (int)syscall(SYS_pidfd_open, child, 0);
  int64_t exit_ns = -1, line_ns = want_line ? -1 : 0, deadline = t0 + timeout_ms * 1000000LL;
  int status = -1;
  while ((exit_ns < 0 || line_ns < 0) && now_ns() < deadline) {
    struct pollfd fds[2] = {{.fd = pidfd, .events = POLLIN, .revents = 0},
                            {.fd = notify, .events = POLLIN, .revents = 0}};
    int left_ms = (int)((deadline - now_ns()) / 1000000LL) + 1;
    if (line_ns < 0) {
      if (scan_new_lines(&scan) > 0) {
        line_ns = now_ns() - t0;
        continue;
      }
    }
    poll(fds, 2, left_ms);
    if (exit_ns < 0 && (fds[0].revents & POLLIN)) {
      waitpid(child, &status, 0);
      exit_ns = now_ns() - t0;
    }
    if (fds[1].revents & POLLIN) drain(notify);
  }
  if (exit_ns < 0) {
    waitpid(child, &status, 0);
    exit_ns = now_ns() - t0;
  }
  if (!want_line) line_ns = exit_ns;
  int64_t ready = line_ns < 0 ? -1 : (line_ns > exit_ns ? line_ns : exit_ns);
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  printf("ready_ns=%lld exit_ns=%lld line_ns=%lld status=%d\n", (long long)ready,
         (long long)exit_ns, (long long)line_ns, code);
  return 0;
}
