/* probe entry point and small shared helpers; see probe.h. */
#include "probe.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

long parse_long(const char *text, const char *what) {
  char *end = NULL;
  long value = strtol(text, &end, 10);
  if (end == text || *end != '\0') {
    fprintf(stderr, "probe: bad %s: %s\n", what, text);
    exit(64);
  }
  return value;
}

pid_t spawn(char **argv, const char *out_path) {
  pid_t pid = fork();
  if (pid != 0) return pid;
  if (strcmp(out_path, "-") != 0) {
    int fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || dup2(fd, 1) < 0) _exit(126);
    close(fd);
  }
  execvp(argv[0], argv);
  fprintf(stderr, "probe: exec %s: %s\n", argv[0], strerror(errno));
  _exit(127);
}

int wait_readable(int fd, int timeout_ms) {
  struct pollfd p = {.fd = fd, .events = POLLIN, .revents = 0};
  for (;;) {
    int n = poll(&p, 1, timeout_ms);
    if (n >= 0) return n > 0;
    if (errno != EINTR) return 0;
  }
}

void drain(int fd) {
  char buf[4096];
  while (read(fd, buf, sizeof buf) > 0) {
  }
}

long scan_new_lines(log_scan *scan) {
  static char buf[1 << 16];
  long hits = 0;
  int fd = open(scan->path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  for (;;) {
    ssize_t n = pread(fd, buf, sizeof buf - 1, scan->offset);
    if (n <= 0) break;
    buf[n] = '\0';
    char *line = buf;
    char *nl;
    while ((nl = memchr(line, '\n', (size_t)(buf + n - line))) != NULL) {
      *nl = '\0';
      if (strstr(line, scan->needle) != NULL) hits++;
      scan->offset += nl + 1 - line;
      line = nl + 1;
    }
    if (line == buf) break; /* a partial line longer than buf, or no newline yet */
  }
  close(fd);
  return hits;
}

static void usage(void) {
  fprintf(stderr,
          "usage: probe ready LOG NEEDLE OUTFILE TIMEOUT_MS -- CMD...\n"
          "       probe hup PID LOG NEEDLE COUNT GAP_US TIMEOUT_MS\n"
          "       probe storm PID COUNT\n"
          "       probe stop PID PIDFILE|- TIMEOUT_MS [-- CMD...]\n");
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage();
    return 64;
  }
  if (strcmp(argv[1], "ready") == 0) return probe_ready(argc - 2, argv + 2);
  if (strcmp(argv[1], "hup") == 0) return probe_hup(argc - 2, argv + 2);
  if (strcmp(argv[1], "storm") == 0) return probe_storm(argc - 2, argv + 2);
  if (strcmp(argv[1], "stop") == 0) return probe_stop(argc - 2, argv + 2);
  usage();
  return 64;
}
