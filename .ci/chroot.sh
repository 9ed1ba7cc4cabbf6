#!/usr/bin/env bash
# Runs mydaemon's platform suite inside a Debian 11 (bullseye, glibc 2.31)
# chroot with the pinned Deno for that architecture: amd64 natively, arm64
# under qemu-user. From source, then against the esbuild bundle.
#
#   .ci/chroot.sh amd64|arm64
#
# The chroot is built once with debootstrap and kept in $MYDAEMON_CI_CACHE
# (default /var/cache/mydaemon-ci); mounts live in a private mount namespace
# (unshare -m), so nothing outlives the run. Needs root.
set -euo pipefail

DENO_VERSION=2.9.6
SUITE=bullseye
MIRROR=http://deb.debian.org/debian
# The tests issue 8 names: lifecycle (start, N HUPs, rotation, stop), pid
# files (second start refused), errors (symlinked log refused), the libc
# binding itself, and the path walk and foreign-lock checks that use it most.
TESTS=(test/libc_test.ts test/e2e_lifecycle_test.ts test/e2e_pidfile_test.ts
  test/e2e_errors_test.ts test/e2e_symlink_walk_test.ts test/e2e_foreign_lock_test.ts)
# Under qemu each Deno start costs ~10x: arm64 runs the named behaviours only.
ARM64_FILTER='/struct stat|system calls|missingSymbol|start detaches|N SIGHUPs|log rotation|second start is refused|symlink planted at the log|stop: SIGTERM|status: 3 before/'

say() { printf 'chroot: %s\n' "$*" >&2; }

# qemu-user-static ships binfmt rules that a container without systemd never
# registers; register aarch64 with the F flag so the interpreter works in the chroot.
register_binfmt() {
  local dir=/proc/sys/fs/binfmt_misc
  [ -e "$dir/register" ] || mount -t binfmt_misc binfmt_misc "$dir"
  [ -e "$dir/qemu-aarch64" ] && return 0
  local conf=/usr/lib/binfmt.d/qemu-aarch64.conf
  [ -r "$conf" ] || { say "no $conf (install qemu-user-static)"; return 1; }
  local rule
  rule=$(grep -v '^#' "$conf" | head -n 1)
  case "$rule" in *F) ;; *) rule="${rule}F" ;; esac
  printf '%s' "$rule" >"$dir/register"
}

build_root() {
  local arch=$1 root=$2
  [ -e "$root/.complete" ] && return 0
  rm -rf "$root.tmp"
  say "debootstrap $SUITE $arch (cached afterwards in $root)"
  if [ "$arch" = amd64 ]; then
    debootstrap --variant=minbase "$SUITE" "$root.tmp" "$MIRROR" >"$root.log" 2>&1
  else
    debootstrap --variant=minbase --arch=arm64 --foreign "$SUITE" "$root.tmp" "$MIRROR" >"$root.log" 2>&1
    chroot "$root.tmp" /debootstrap/debootstrap --second-stage >>"$root.log" 2>&1
  fi
  rm -rf "$root"
  mv "$root.tmp" "$root"
  touch "$root/.complete"
}

# The pinned Deno for the chroot's architecture, from npm.
deno_for() {
  local arch=$1 cache=$2
  if [ "$arch" = amd64 ]; then
    npx --yes "deno@$DENO_VERSION" eval 'console.log(Deno.execPath())'
    return
  fi
  local pkg="$cache/deno-arm64-$DENO_VERSION"
  if [ ! -x "$pkg/package/deno" ]; then
    mkdir -p "$pkg"
    (cd "$pkg" && npm pack --silent "@deno/linux-arm64-glibc@$DENO_VERSION" >/dev/null &&
      tar -xzf deno-linux-arm64-glibc-"$DENO_VERSION".tgz)
  fi
  printf '%s\n' "$pkg/package/deno"
}

# Copies the work tree (with dist/mydaemon.js) to /work/repo in the chroot.
stage() {
  local repo=$1 root=$2 deno=$3
  rm -rf "$root/work/repo"
  mkdir -p "$root/work/repo" "$root/usr/local/bin"
  tar -C "$repo" --exclude=./.git --exclude=./node_modules -cf - . | tar -C "$root/work/repo" -xf -
  install -m 0755 "$deno" "$root/usr/local/bin/deno"
}

# Runs one pass of the suite in the chroot; $1 is MYDAEMON_TEST_CMD ('' = source).
run_pass() {
  local root=$1 cmd=$2 scale=$3 filter=$4
  MYDAEMON_TEST_CMD="$cmd" MYDAEMON_TEST_DEADLINE_SCALE="$scale" \
    unshare -m --propagation private /bin/sh -eu -c '
    root=$1; shift
    mount -t proc proc "$root/proc"
    mount --bind /dev "$root/dev"
    mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
    exec chroot "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root \
      DENO_NO_UPDATE_CHECK=1 NO_COLOR=1 MYDAEMON_TEST_CMD="$MYDAEMON_TEST_CMD" \
      MYDAEMON_TEST_DEADLINE_SCALE="$MYDAEMON_TEST_DEADLINE_SCALE" \
      /bin/sh -c "cd /work/repo && exec deno test --allow-all \"\$@\"" sh "$@"
  ' sh "$root" ${filter:+--filter "$filter"} "${TESTS[@]}" </dev/null
}

main() {
  local arch=${1:?usage: .ci/chroot.sh amd64|arm64}
  case "$arch" in amd64 | arm64) ;; *) say "unknown arch $arch"; exit 2 ;; esac
  local repo cache root deno scale=1 filter=""
  repo=$(cd "$(dirname "$0")/.." && pwd)
  cache=${MYDAEMON_CI_CACHE:-/var/cache/mydaemon-ci}
  root="$cache/$SUITE-$arch"
  mkdir -p "$cache"
  if [ "$arch" = arm64 ]; then
    register_binfmt
    scale=8 filter=$ARM64_FILTER
  fi
  build_root "$arch" "$root"
  deno=$(deno_for "$arch" "$cache")
  [ -f "$repo/dist/mydaemon.js" ] || { say "build dist/mydaemon.js first"; exit 1; }
  stage "$repo" "$root" "$deno"
  say "$SUITE/$arch: $(chroot "$root" /usr/local/bin/deno --version | head -n 1), $(chroot "$root" /usr/bin/ldd --version | head -n 1)"
  say "$SUITE/$arch: from source"
  run_pass "$root" "" "$scale" "$filter"
  say "$SUITE/$arch: the bundle"
  run_pass "$root" "/usr/local/bin/deno run $(bash "$repo/.ci/perms.sh") /work/repo/dist/mydaemon.js" "$scale" "$filter"
}

main "$@"
