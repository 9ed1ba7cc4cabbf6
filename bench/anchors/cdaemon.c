/*
 * cdaemon: the minimal C daemon anchor of bench/.
 *
 * fork, exit the parent, setsid, umask(0), chdir("/"), /dev/null on fds 0-2,
 * write a start line to the log, then sleep in the signal mask until a signal
 * arrives: SIGHUP sets a flag and the main loop writes a "reload" line;
 * SIGTERM removes the pid file and exits. The loop is `pause()` made race-free
 * (sigsuspend with SIGHUP/SIGTERM blocked outside it), so a signal that lands
 * between the flag check and the sleep is never lost.
 *
 * Usage: cdaemon [--foreground] LOGFILE PIDFILE
 *   --foreground: skip fork/setsid/chdir/stdio (for running under daemonize(1)).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t hup_flag = 0;
static volatile sig_atomic_t term_flag = 0;

static void on_hup(int sig) { (void)sig; hup_flag = 1; }
static void on_term(int sig) { (void)sig; term_flag = 1; }

/* One log line, one write(2) on an O_APPEND fd: lines never tear. */
static void log_line(int fd, const char *what) {
  struct timespec ts;
  struct tm tm;
  char stamp[32], line[128];
  clock_gettime(CLOCK_REALTIME, &ts);
  gmtime_r(&ts.tv_sec, &tm);
  strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
  int n = snprintf(line, sizeof line, "%s.%06ldZ %d %s\n", stamp, ts.tv_nsec / 1000L,
                   (int)getpid(), what);
  if (n > 0 && write(fd, line, (size_t)n) < 0) _exit(3);
}

static void daemonize(void) {
  pid_t pid = fork();
  if (pid < 0) exit(1);
  if (pid > 0) exit(0);
  setsid();
  umask(0);
  if (chdir("/") != 0) _exit(1);
  int null = open("/dev/null", O_RDWR);
  if (null < 0) _exit(1);
  dup2(null, 0);
  dup2(null, 1);
  dup2(null, 2);
  if (null > 2) close(null);
}

static void write_pid(const char *path) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) _exit(2);
  dprintf(fd, "%d\n", (int)getpid());
  close(fd);
}

int main(int argc, char **argv) {
  int foreground = argc > 1 && strcmp(argv[1], "--foreground") == 0;
  if (argc - foreground != 3) {
    fprintf(stderr, "usage: cdaemon [--foreground] LOGFILE PIDFILE\n");
    return 64;
  }
  const char *log_path = argv[1 + foreground];
  const char *pid_path = argv[2 + foreground];
  if (!foreground) daemonize();

  sigset_t blocked, waiting;
  sigemptyset(&blocked);
  sigaddset(&blocked, SIGHUP);
  sigaddset(&blocked, SIGTERM);
  sigprocmask(SIG_BLOCK, &blocked, &waiting);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_hup;
  sigaction(SIGHUP, &sa, NULL);
  sa.sa_handler = on_term;
  sigaction(SIGTERM, &sa, NULL);

  int log = open(log_path, O_WRONLY | O_APPEND | O_CREAT, 0644);
  if (log < 0) _exit(2);
  write_pid(pid_path);
  log_line(log, "start");
  for (;;) {
    while (!hup_flag && !term_flag) sigsuspend(&waiting);
    if (term_flag) break;
    hup_flag = 0;
    log_line(log, "reload");
  }
  unlink(pid_path);
  log_line(log, "stop");
  return 0;
}
