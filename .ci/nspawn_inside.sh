#!/bin/sh
# Runs inside the booted container (.ci/nspawn.sh): installs the unit with
# `mydaemon service install` and drives it through systemctl.
set -eu

LOG=/tmp/daemon.log
fail() { echo "FAIL: $*"; systemctl status mydaemon --no-pager || true; journalctl -u mydaemon --no-pager | tail -n 30; exit 1; }
prop() { systemctl show -P "$1" mydaemon; }
expect() { [ "$(prop "$1")" = "$2" ] || fail "$1 is $(prop "$1"), expected $2"; }

# Waits up to $1 s until `cmd…` succeeds.
wait_for() {
  n=$(($1 * 10))
  shift
  until "$@"; do
    n=$((n - 1))
    [ "$n" -gt 0 ] || return 1
    sleep 0.1
  done
}

new_main() { p=$(prop MainPID); [ "$p" != 0 ] && [ "$p" != "$1" ] && [ "$(prop ActiveState)" = active ]; }
gave_up() { [ "$(prop ActiveState)" = failed ]; }
settled() { new_main "$1" || gave_up; }

# SIGKILL the daemon until systemd stops restarting it: the start limit ends the loop.
crash_loop() {
  systemctl start mydaemon
  kills=0 gaps=""
  while ! gave_up; do
    [ "$kills" -lt 8 ] || fail "still restarting after $kills crashes"
    pid=$(prop MainPID)
    kill -KILL "$pid"
    kills=$((kills + 1))
    t0=$(date +%s)
    wait_for 70 settled "$pid" || fail "neither restarted nor failed"
    gaps="$gaps $(($(date +%s) - t0))s"
  done
  # systemd 252 keeps Result=signal (the last failure) and says why it gave up in the journal.
  journalctl -u mydaemon --no-pager | grep -q "Start request repeated too quickly" ||
    fail "no start-limit message in the journal"
  echo "crash loop: restarted after$gaps; gave up after $kills crashes, Result=$(prop Result)"
  systemctl reset-failed mydaemon
}

# The --user unit, under root's own user manager.
user_unit() {
  systemctl start user@0.service || { journalctl -u user@0.service --no-pager | tail -n 15; fail "no user manager"; }
  export XDG_RUNTIME_DIR=/run/user/0 HOME=/root
  mydaemon service install --user --exec-path /usr/local/bin/mydaemon --log-file /tmp/user.log
  u() { systemctl --user "$@"; }
  u daemon-reload
  u start mydaemon
  [ "$(u show -P ActiveState mydaemon)" = active ] || fail "user unit is $(u show -P ActiveState mydaemon)"
  upid=$(u show -P MainPID mydaemon)
  u reload mydaemon
  u reload mydaemon
  [ "$(u show -P MainPID mydaemon)" = "$upid" ] || fail "user unit: MainPID changed"
  grep -q " reloaded count=2" /tmp/user.log || fail "user unit: no second reload in /tmp/user.log"
  u stop mydaemon
  [ "$(u show -P ActiveState mydaemon)" = inactive ] || fail "user unit did not stop"
  echo "user unit: started (MainPID $upid), reloaded twice, stopped"
}

main() {
  rm -f "$LOG"
  mydaemon service install --exec-path /usr/local/bin/mydaemon
  version=$(systemctl --version | sed -n '1s/^systemd \([0-9]*\).*/\1/p')
  if [ "$version" -ge 253 ]; then
    type=notify-reload
    grep -q '^RestartSteps=' /etc/systemd/system/mydaemon.service || fail "no RestartSteps= on $version"
  else
    type=notify
    grep -q '^ExecReload=/usr/local/bin/mydaemon reload' /etc/systemd/system/mydaemon.service ||
      fail "the unit has no ExecReload through mydaemon"
  fi
  echo "systemd $version: Type=$type"
  ! grep -q /bin/kill /etc/systemd/system/mydaemon.service || fail "the unit uses /bin/kill"
  [ ! -e /bin/kill ] || echo "note: this image has /bin/kill"
  systemctl daemon-reload
  systemctl start mydaemon
  expect ActiveState active
  expect Type "$type"
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
  user_unit
  crash_loop
  echo PASS
}

main "$@"
