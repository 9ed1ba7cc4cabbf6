#!/usr/bin/env python3
"""The classic fork/setsid Python daemon, the "seed" anchor of bench/.

Written out faithfully from the original snippet; the only changes are that
the log path and a pid file path come from argv (each bench run uses its own
temp dir), the pid is written to that pid file, and timestamps are taken
with strftime at full (microsecond) precision. Everything else -- fork, exit
in the parent, setsid, umask(0), chdir("/"), /dev/null on fds 0-2, the
start-up line, the SIGHUP handler that appends a reload line, and the
`while True: signal.signal(...); time.sleep(2)` loop -- is as in the original.

Usage: seed_daemon.py LOGFILE PIDFILE
"""
import os
import signal
import sys
import time
from datetime import datetime

logfile = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("SEED_LOG", "/tmp/daemon.log")
pidfile = sys.argv[2] if len(sys.argv) > 2 else os.environ.get("SEED_PID", "/tmp/daemon.pid")


def now():
    return datetime.now().strftime("%Y-%m-%d %H:%M:%S.%f")


pid = os.fork()
if pid:
    sys.exit()

os.setsid()
os.umask(0)
os.chdir("/")
fd = open("/dev/null", "a+")
os.dup2(fd.fileno(), 0)
os.dup2(fd.fileno(), 1)
os.dup2(fd.fileno(), 2)

# Added for the bench: tell the harness which process to signal.
with open(pidfile, "w") as f:
    f.write("%d\n" % os.getpid())

with open(logfile, "a") as f:
    f.write("Daemon start up at %s\n" % now())


def reload(a, b):
    with open(logfile, "a") as f:
        f.write("Daemon reload at %s\n" % now())


while True:
    signal.signal(signal.SIGHUP, reload)
    time.sleep(2)
