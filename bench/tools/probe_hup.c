/*
 * probe hup PID LOG NEEDLE COUNT GAP_US TIMEOUT_MS
 *   One SIGHUP at a time: send, then block (inotify on LOG) until one more
 *   complete line containing NEEDLE is in the log; GAP_US pause before the
 *   next. Prints one `hup_ns=N` line per signal (`hup_ns=-1` on timeout, after
 *   which it stops).
 * probe storm PID COUNT
 *   COUNT SIGHUPs back to back. Prints: sent=N failed=N elapsed_ns=N
 */
#include "probe.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

static int64_t wait_for_line(log_scan *scan, int notify, int64_t t0, long timeout_ms) {
  int64_t deadline = t0 + timeout_ms * 1000000LL;
  for (;;) {
    if (scan_new_lines(scan) > 0) return now_ns() - t0;
    int64_t left = deadline - now_ns();
    if (left <= 0) return -1;
    if (wait_readable(notify, (int)(left / 1000000LL) + 1)) drain(notify);
  }
}

int probe_hup(int argc, char **argv) {
  if (argc != 6) return 64;
  pid_t pid = (pid_t)parse_long(argv[0], "pid");
  log_scan scan = {.path = argv[1], .needle = argv[2], .offset = 0};
  long count = parse_long(argv[3], "count");
  long gap_us = parse_long(argv[4], "gap");
  long timeout_ms = parse_long(argv[5], "timeout");
  int notify = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (notify < 0 || inotify_add_watch(notify, scan.path, IN_MODIFY) < 0) {
    perror("probe: inotify");
    return 1;
  }
  while (scan_new_lines(&scan) > 0) {
  }
  for (long i = 0; i < count; i++) {
    drain(notify);
    int64_t t0 = now_ns();
    if (kill(pid, SIGHUP) != 0) {
      perror("probe: kill");
      return 1;
    }
    int64_t took = wait_for_line(&scan, notify, t0, timeout_ms);
    printf("hup_ns=%lld\n", (long long)took);
    if (took < 0) break;
    if (gap_us > 0) {
      struct timespec gap = {.tv_sec = gap_us / 1000000L, .tv_nsec = (gap_us % 1000000L) * 1000L};
      nanosleep(&gap, NULL);
    }
  }
  return 0;
}

int probe_storm(int argc, char **argv) {
  if (argc != 2) return 64;
  pid_t pid = (pid_t)parse_long(argv[0], "pid");
  long count = parse_long(argv[1], "count");
  long failed = 0;
  int64_t t0 = now_ns();
  for (long i = 0; i < count; i++) {
    if (kill(pid, SIGHUP) != 0) failed++;
  }
  printf("sent=%ld failed=%ld elapsed_ns=%lld\n", count - failed, failed,
         (long long)(now_ns() - t0));
  return 0;
}
