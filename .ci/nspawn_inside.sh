#!/bin/sh
# Runs inside the booted container (.ci/nspawn.sh): installs the unit with
# `mydaemon service install` and drives it through systemctl.
set -eu

LOG=/tmp/daemon.log
fail() { echo "FAIL: $*"; systemctl status mydaemon --no-pager || true; journalctl -u mydaemon --no-pager | tail -n 30; exit 1; }
prop() { systemctl show -P "$1" mydaemon; }
expect() { [ "$(prop "$1")" = "$2" ] || fail "$1 is $(prop "$1"), expected $2"; }

main() {
  rm -f "$LOG"
  mydaemon service install --exec-path /usr/local/bin/mydaemon
  grep -q '^ExecReload=/usr/local/bin/mydaemon reload' /etc/systemd/system/mydaemon.service ||
    fail "the unit has no ExecReload through mydaemon"
  ! grep -q /bin/kill /etc/systemd/system/mydaemon.service || fail "the unit uses /bin/kill"
  [ ! -e /bin/kill ] || echo "note: this image has /bin/kill"
  systemctl daemon-reload
  systemctl start mydaemon
  expect ActiveState active
  expect Type notify
  pid=$(cat /run/mydaemon/mydaemon.pid)
  expect MainPID "$pid"
  echo "started: MainPID $pid, status: $(prop StatusText)"
  systemctl reload mydaemon
  systemctl reload mydaemon
  expect ActiveState active
  expect MainPID "$pid"
  n=$(grep -c '"reloaded"\|reloaded' "$LOG" || true)
  [ "$n" -ge 2 ] || fail "the log shows $n reloads, expected 2"
  echo "reloaded twice: $n reload lines in $LOG"
  systemctl stop mydaemon
  expect ActiveState inactive
  expect Result success
  [ ! -e /proc/"$pid" ] || fail "pid $pid still exists after stop"
  echo "stopped: Result=success"
  systemctl show -P ExecMainStatus mydaemon
  echo PASS
}

main "$@"
