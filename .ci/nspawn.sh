#!/usr/bin/env bash
# Runs the generated systemd unit under a real systemd: boots a Debian 12
# (bookworm, systemd 252) chroot with systemd-nspawn, where a one-shot unit
# installs mydaemon's unit with `mydaemon service install`, then checks
# start -> reload twice -> stop (states, MainPID, the log), the same for a
# --user unit under root's user manager, a crash loop into the start limit,
# and powers off.
#
#   .ci/nspawn.sh [stable|backports]   (needs root and dist/mydaemon.js)
#
# stable: systemd 252 (Type=notify + ExecReload=mydaemon reload); backports:
# systemd 254 from bookworm-backports (Type=notify-reload, RestartSteps=).
#
# The chroot is cached in $MYDAEMON_CI_CACHE (default /var/cache/mydaemon-ci).
# Where systemd-nspawn cannot boot a container at all, it says SKIPPED with the
# container's console (MYDAEMON_CI_STRICT=1: fails); a check that started and
# did not finish, or failed, always fails.
set -euo pipefail

DENO_VERSION=2.9.6
SUITE=bookworm
MIRROR=http://deb.debian.org/debian
BOOT_TIMEOUT=150
# libpam-systemd: logind sessions, which root's user manager (the --user unit) needs.
PKGS=systemd,systemd-sysv,dbus,libpam-systemd

say() { printf 'nspawn: %s\n' "$*" >&2; }

need_tools() {
  local pkgs=()
  command -v systemd-nspawn >/dev/null || pkgs+=(systemd-container)
  command -v debootstrap >/dev/null || pkgs+=(debootstrap)
  if [ "${#pkgs[@]}" -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >/dev/null
  fi
}

build_root() {
  local root=$1
  if [ -e "$root/.complete" ]; then
    # A cache from before a package was added: add what is missing.
    chroot "$root" dpkg -s ${PKGS//,/ } >/dev/null 2>&1 ||
      chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
        sh -c "apt-get update -qq && apt-get install -y -qq ${PKGS//,/ }" >>"$root.log" 2>&1
    return 0
  fi
  rm -rf "$root.tmp"
  say "debootstrap $SUITE with systemd (cached afterwards in $root)"
  debootstrap --variant=minbase --include="$PKGS" "$SUITE" "$root.tmp" "$MIRROR" >"$root.log" 2>&1
  rm -rf "$root"
  mv "$root.tmp" "$root"
  touch "$root/.complete"
}

# The bundle, the pinned Deno and a /usr/local/bin/mydaemon wrapper that the unit runs.
stage() {
  local repo=$1 root=$2 deno perms
  deno=$(npx --yes "deno@$DENO_VERSION" eval 'console.log(Deno.execPath())')
  perms=$(bash "$repo/.ci/perms.sh")
  mkdir -p "$root/opt/mydaemon" "$root/usr/local/bin"
  install -m 0755 "$deno" "$root/usr/local/bin/deno"
  install -m 0644 "$repo/dist/mydaemon.js" "$root/opt/mydaemon/mydaemon.js"
  printf '#!/bin/sh\nDENO_NO_UPDATE_CHECK=1 exec /usr/local/bin/deno run %s /opt/mydaemon/mydaemon.js "$@"\n' \
    "$perms" >"$root/usr/local/bin/mydaemon"
  chmod 0755 "$root/usr/local/bin/mydaemon"
  install -m 0755 "$repo/.ci/nspawn_inside.sh" "$root/usr/local/bin/ci-inside.sh"
  cat >"$root/etc/systemd/system/ci-inside.service" <<'UNIT'
[Unit]
Description=mydaemon CI: service install, start, reload twice, stop
After=multi-user.target

[Service]
Type=oneshot
StandardOutput=journal+console
ExecStart=/bin/sh -c '/usr/local/bin/ci-inside.sh >/ci-log 2>&1; echo $? >/ci-rc'
ExecStartPost=/bin/systemctl poweroff --no-block

[Install]
WantedBy=multi-user.target
UNIT
  ln -sf ../ci-inside.service "$root/etc/systemd/system/multi-user.target.wants/ci-inside.service"
  rm -f "$root/ci-log" "$root/ci-rc" "$root/etc/systemd/system/mydaemon.service"
}

# systemd 254 from bookworm-backports, on a copy of the stable chroot.
build_backports() {
  local stable=$1 root=$2
  [ -e "$root/.complete" ] && return 0
  say "systemd from $SUITE-backports (cached afterwards in $root)"
  rm -rf "$root.tmp"
  cp -a "$stable" "$root.tmp"
  rm -f "$root.tmp/.complete"
  echo "deb $MIRROR $SUITE-backports main" >"$root.tmp/etc/apt/sources.list.d/backports.list"
  chroot "$root.tmp" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
    sh -c "apt-get update -qq && apt-get install -y -qq -t $SUITE-backports ${PKGS//,/ }" >"$root.log" 2>&1
  mv "$root.tmp" "$root"
  touch "$root/.complete"
}

main() {
  local repo cache root flavour=${1:-stable}
  repo=$(cd "$(dirname "$0")/.." && pwd)
  cache=${MYDAEMON_CI_CACHE:-/var/cache/mydaemon-ci}
  root="$cache/$SUITE-systemd"
  case "$flavour" in stable | backports) ;; *) say "usage: .ci/nspawn.sh [stable|backports]"; exit 2 ;; esac
  [ "$(id -u)" -eq 0 ] || { say "FAILED: needs root"; exit 1; }
  [ -f "$repo/dist/mydaemon.js" ] || { say "build dist/mydaemon.js first"; exit 1; }
  mkdir -p "$cache"
  need_tools
  build_root "$root"
  if [ "$flavour" = backports ]; then
    build_backports "$root" "$cache/$SUITE-backports-systemd"
    root="$cache/$SUITE-backports-systemd"
  fi
  stage "$repo" "$root"
  say "booting $SUITE with systemd-nspawn"
  local rc=0
  timeout "$BOOT_TIMEOUT" systemd-nspawn --quiet --boot --register=no --keep-unit \
    --directory="$root" --machine=mydaemon-ci </dev/null >"$cache/nspawn-console.log" 2>&1 || rc=$?
  if [ ! -e "$root/ci-rc" ]; then
    if [ -e "$root/ci-log" ]; then
      say "FAILED: the check started but did not finish within ${BOOT_TIMEOUT}s:"
      cat "$root/ci-log" >&2
      exit 1
    fi
    # The container never got to the check: this machine cannot boot one.
    say "container console (systemd-nspawn exit $rc):"
    tail -n 30 "$cache/nspawn-console.log" >&2
    if [ "${MYDAEMON_CI_STRICT:-0}" = 1 ]; then say "FAILED: cannot boot a container"; exit 1; fi
    say "SKIPPED: systemd-nspawn cannot boot a container on this machine (MYDAEMON_CI_STRICT=1 fails instead)"
    exit 0
  fi
  cat "$root/ci-log" >&2
  [ "$(cat "$root/ci-rc")" = 0 ] || { say "FAILED"; exit 1; }
  say "ok: $SUITE $flavour: units started, reloaded twice, stopped; crash loop stopped"
}

main "$@"
