/*
 * probe: the timing helper of bench/. Every latency the bench reports is
 * taken here, in C, with CLOCK_MONOTONIC and blocking waits (inotify, pidfd),
 * so the measurement floor is a few microseconds and is the same for every
 * subject. Results go to stdout as `key=value` words, one line per sample.
 */
#ifndef PROBE_H
#define PROBE_H
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Monotonic clock in nanoseconds. */
int64_t now_ns(void);
/* Parse a decimal integer argument or exit with usage error. */
long parse_long(const char *text, const char *what);
/* Fork and exec argv with stdout to out_path ("-" keeps it), stdin/stderr kept. */
pid_t spawn(char **argv, const char *out_path);
/* Block until fd is readable or timeout_ms passes; 1 readable, 0 timeout. */
int wait_readable(int fd, int timeout_ms);
/* Drain an inotify fd without blocking. */
void drain(int fd);

/* Scans a growing log for complete lines containing a needle. */
typedef struct {
  const char *path;
  const char *needle;
  off_t offset; /* first byte not yet consumed (always just after a '\n') */
} log_scan;

/* Number of new complete lines that contain the needle (advances offset). */
long scan_new_lines(log_scan *scan);

int probe_ready(int argc, char **argv);
int probe_hup(int argc, char **argv);
int probe_storm(int argc, char **argv);
int probe_stop(int argc, char **argv);

#endif
