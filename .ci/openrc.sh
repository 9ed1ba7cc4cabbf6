#!/usr/bin/env bash
# Runs the generated OpenRC script under real OpenRC in a Debian 12 chroot
# (openrc is never installed on the host, where it would replace sysvinit):
# `mydaemon service install` (OpenRC detected), then start -> reload twice ->
# stop through rc-service and supervise-daemon, checking states and the log;
# then the LSB init script (`--manager sysv`) and its exit codes in each state.
#
#   .ci/openrc.sh        (needs root and dist/mydaemon.js)
#
# The chroot is cached in $MYDAEMON_CI_CACHE (default /var/cache/mydaemon-ci);
# mounts live in a private mount and pid namespace, so nothing outlives the run.
set -euo pipefail

DENO_VERSION=2.9.6
SUITE=bookworm
MIRROR=http://deb.debian.org/debian

say() { printf 'openrc: %s\n' "$*" >&2; }

build_root() {
  local root=$1
  [ -e "$root/.complete" ] && return 0
  command -v debootstrap >/dev/null ||
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
  rm -rf "$root.tmp"
  say "debootstrap $SUITE with openrc (cached afterwards in $root)"
  debootstrap --variant=minbase --include=openrc "$SUITE" "$root.tmp" "$MIRROR" >"$root.log" 2>&1
  rm -rf "$root"
  mv "$root.tmp" "$root"
  touch "$root/.complete"
}

stage() {
  local repo=$1 root=$2 deno
  deno=$(npx --yes "deno@$DENO_VERSION" eval 'console.log(Deno.execPath())')
  mkdir -p "$root/opt/mydaemon" "$root/usr/local/bin"
  install -m 0755 "$deno" "$root/usr/local/bin/deno"
  install -m 0644 "$repo/dist/mydaemon.js" "$root/opt/mydaemon/mydaemon.js"
  printf '#!/bin/sh\nDENO_NO_UPDATE_CHECK=1 exec /usr/local/bin/deno run %s /opt/mydaemon/mydaemon.js "$@"\n' \
    "$(bash "$repo/.ci/perms.sh")" >"$root/usr/local/bin/mydaemon"
  chmod 0755 "$root/usr/local/bin/mydaemon"
  rm -f "$root/etc/init.d/mydaemon" "$root/etc/logrotate.d/mydaemon"
}

# The check, run by /bin/sh in the chroot.
INSIDE='
set -eu
fail() { echo "FAIL: $*"; cat /tmp/daemon.log 2>/dev/null | tail -n 20; exit 1; }
# Waits up to 20 s until the log has $1 lines matching $2.
wait_log() { i=0; until [ "$(cat /tmp/daemon.log 2>/dev/null | grep -c "$2" || true)" -ge "$1" ]; do
  i=$((i + 1)); [ "$i" -le 200 ] || fail "no $1 x \"$2\" in the log"; sleep 0.1; done; }
openrc sysinit >/dev/null 2>&1 || true
touch /run/openrc/softlevel
mydaemon service install --exec-path /usr/local/bin/mydaemon
head -n 1 /etc/init.d/mydaemon | grep -qx "#!/sbin/openrc-run" || fail "not an openrc-run script"
rc-service mydaemon start
wait_log 1 " started "
rc-service mydaemon status || fail "status is not started"
pid=$(cat /run/mydaemon/mydaemon.pid)
rc-service mydaemon reload
wait_log 1 " reloaded count=1"
rc-service mydaemon reload
wait_log 1 " reloaded count=2"
[ "$(cat /run/mydaemon/mydaemon.pid)" = "$pid" ] || fail "the daemon was replaced"
echo "started pid $pid, reloaded twice"
rc-service mydaemon stop
! rc-service mydaemon status >/dev/null 2>&1 || fail "still started after stop"
[ ! -e "/proc/$pid" ] || fail "pid $pid still exists after stop"
echo "OpenRC: PASS"
# The LSB script, run as init would run it: LSB exit codes for each state.
mydaemon service uninstall >/dev/null
rm -f /tmp/daemon.log
mydaemon service install --manager sysv --exec-path /usr/local/bin/mydaemon
code() { set +e; /etc/init.d/mydaemon "$1" >/dev/null 2>&1; c=$?; set -e; [ "$c" = "$2" ] || fail "sysv $1: exit $c, expected $2"; }
code status 3
code reload 7
code stop 0
code start 0
code start 0
code status 0
code reload 0
code reload 0
wait_log 1 " reloaded count=2"
code stop 0
code status 3
code bogus 2
echo "SysV: PASS"
'

main() {
  local repo cache root
  repo=$(cd "$(dirname "$0")/.." && pwd)
  cache=${MYDAEMON_CI_CACHE:-/var/cache/mydaemon-ci}
  root="$cache/$SUITE-openrc"
  [ "$(id -u)" -eq 0 ] || { say "FAILED: needs root"; exit 1; }
  [ -f "$repo/dist/mydaemon.js" ] || { say "build dist/mydaemon.js first"; exit 1; }
  mkdir -p "$cache"
  build_root "$root"
  stage "$repo" "$root"
  timeout 120 unshare -m -p -f --propagation private /bin/sh -eu -c '
    root=$1; shift
    mount -t proc proc "$root/proc"
    mount --bind /dev "$root/dev"
    mount -t tmpfs tmpfs "$root/run"
    mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
    exec chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      HOME=/root /bin/sh -c "$1"
  ' sh "$root" "$INSIDE" </dev/null
  say "ok: OpenRC script (supervise-daemon) and LSB script: start, reload twice, stop"
}

main "$@"
