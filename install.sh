#!/bin/sh
# mydaemon installer: downloads the release binary for this machine, checks it
# against the release's SHA256SUMS and installs it as `mydaemon`.
#
#   curl -fsSL https://github.com/mydaemon/mydaemon/releases/latest/download/install.sh | sh
#   curl -fsSL .../install.sh | sh -s -- --version 0.1.0 --dir ~/bin
#
# Everything is in functions and `main "$@"` is the last line, so a download
# cut short runs nothing. Run with --help for options and exit codes.
set -eu

DEFAULT_BASE_URL="https://github.com/mydaemon/mydaemon/releases"
BINARY_NAME="mydaemon"

usage() {
	cat <<'EOF'
usage: install.sh [--version X] [--dir DIR] [--uninstall] [--help]
       curl -fsSL <url>/install.sh | sh -s -- [options]

Installs the mydaemon binary for this OS and CPU (Linux x86_64/aarch64 with
glibc), verified against the release's SHA256SUMS.

options:
  --version X    install release vX (default: the latest release)
  --dir DIR      install into DIR (default: /usr/local/bin as root,
                 else ~/.local/bin)
  --uninstall    remove DIR/mydaemon
  --help         show this text

environment:
  MYDAEMON_VERSION      same as --version (the option wins)
  MYDAEMON_INSTALL_DIR  same as --dir (the option wins)
  MYDAEMON_BASE_URL     fetch files as $MYDAEMON_BASE_URL/<file> (a mirror or a
                        local dist/ directory served over HTTP); the version is
                        then whatever that location holds
  default location: https://github.com/mydaemon/mydaemon/releases
                    /latest/download/<file> or /download/vX/<file>

exit codes:
  0  installed, already up to date, or uninstalled (or nothing to uninstall)
  2  bad arguments
  3  unsupported OS or CPU
  4  a required tool is missing (curl or wget; sha256sum or shasum; mktemp)
  5  download failed
  6  checksum mismatch, or the binary is not listed in SHA256SUMS
  7  cannot write the install directory
  8  this system cannot run the binary: musl libc (e.g. Alpine), a 32-bit
     userland on a 64-bit kernel, or a Rosetta-translated shell
  9  the installed binary failed `mydaemon --version`; it was removed and
     any previous binary restored

Downloads are HTTPS-only (curl --proto '=https' --tlsv1.2, GNU wget
--https-only) with 3 tries; plain http:// is accepted only for a loopback
MYDAEMON_BASE_URL (127.0.0.1, localhost, [::1]), e.g. a local test server.
EOF
}

say() {
	printf 'mydaemon-install: %s\n' "$*" >&2
}

die() {
	die_code=$1
	shift
	say "$*"
	exit "$die_code"
}

parse_args() {
	opt_version=${MYDAEMON_VERSION:-}
	opt_dir=${MYDAEMON_INSTALL_DIR:-}
	opt_uninstall=no
	while [ $# -gt 0 ]; do
		case $1 in
		--help | -h) usage && exit 0 ;;
		--uninstall) opt_uninstall=yes ;;
		--version=*) opt_version=${1#--version=} ;;
		--dir=*) opt_dir=${1#--dir=} ;;
		--version | --dir)
			[ $# -ge 2 ] || die 2 "cannot parse arguments: $1 needs a value (see --help)"
			if [ "$1" = --version ]; then opt_version=$2; else opt_dir=$2; fi
			shift
			;;
		*) die 2 "cannot parse arguments: unknown argument '$1' (see --help)" ;;
		esac
		shift
	done
	case $opt_version in
	*[!A-Za-z0-9._+-]*) die 2 "cannot parse arguments: bad version '$opt_version'" ;;
	esac
	opt_version=${opt_version#v}
}

# target_for OS ARCH: the release target for `uname -s` and `uname -m`.
target_for() {
	case "$1 $2" in
	"Linux x86_64" | "Linux amd64") echo x86_64-unknown-linux-gnu ;;
	"Linux aarch64" | "Linux arm64") echo aarch64-unknown-linux-gnu ;;
	*) return 1 ;;
	esac
}

# Each refusal below names why the binary could not run here (exit 8).
refuse_rosetta() {
	if command -v sysctl >/dev/null 2>&1 &&
		[ "$(sysctl -n sysctl.proc_translated 2>/dev/null || true)" = 1 ]; then
		die 8 "cannot install: this shell runs under Rosetta translation (x86_64 on Apple silicon), and macOS is not supported"
	fi
}

refuse_musl() {
	for musl_loader in /lib/ld-musl-*; do
		[ -e "$musl_loader" ] && die 8 "cannot install: this system uses musl libc ($musl_loader); the mydaemon binary needs glibc"
	done
	if command -v ldd >/dev/null 2>&1; then
		case $(ldd --version 2>&1 </dev/null || true) in
		*musl*) die 8 "cannot install: this system uses musl libc (ldd --version); the mydaemon binary needs glibc" ;;
		esac
	fi
}

refuse_32bit_userland() {
	if command -v getconf >/dev/null 2>&1 &&
		[ "$(getconf LONG_BIT 2>/dev/null || true)" = 32 ]; then
		die 8 "cannot install: 32-bit userland on a 64-bit kernel ($uname_sm, getconf LONG_BIT = 32); the mydaemon binary is 64-bit"
	fi
}

detect_target() {
	uname_sm=$(uname -sm) || die 3 "cannot detect platform: uname -sm failed"
	case $uname_sm in Darwin*) refuse_rosetta ;; esac
	target=$(target_for "${uname_sm%% *}" "${uname_sm##* }") ||
		die 3 "cannot install: unsupported platform '$uname_sm' (uname -sm); supported: Linux x86_64, Linux aarch64 (glibc); macOS is not supported yet"
	refuse_musl
	refuse_32bit_userland
}

# file_url FILE: where the release file FILE is downloaded from.
file_url() {
	if [ -n "${MYDAEMON_BASE_URL:-}" ]; then
		echo "${MYDAEMON_BASE_URL%/}/$1"
	elif [ -z "$opt_version" ] || [ "$opt_version" = latest ]; then
		echo "$DEFAULT_BASE_URL/latest/download/$1"
	else
		echo "$DEFAULT_BASE_URL/download/v$opt_version/$1"
	fi
}

pick_tools() {
	if command -v curl >/dev/null 2>&1; then
		downloader=curl
	elif command -v wget >/dev/null 2>&1; then
		downloader=wget
	else
		die 4 "cannot download: neither curl nor wget is installed"
	fi
	if command -v sha256sum >/dev/null 2>&1; then
		hasher="sha256sum"
	elif command -v shasum >/dev/null 2>&1; then
		hasher="shasum -a 256"
	else
		die 4 "cannot verify downloads: neither sha256sum nor shasum is installed"
	fi
}

# allowed_protos URL: the schemes a download of URL may use (and follow
# redirects to): plain http only for a loopback test server, else https.
allowed_protos() {
	case $1 in
	http://127.0.0.1[:/]* | http://localhost[:/]* | "http://[::1]"[:/]*) echo http,https ;;
	https://*) echo https ;;
	*) die 5 "cannot download $1: only https:// URLs are allowed (plain http only for loopback)" ;;
	esac
}

# download URL DEST: fetches URL into DEST, failing on HTTP errors and short reads.
download() {
	download_status=0
	protos=$(allowed_protos "$1")
	if [ "$downloader" = curl ]; then
		curl -fsSL --proto "=$protos" --proto-redir "=$protos" --tlsv1.2 --retry 2 \
			--connect-timeout 30 -o "$2" "$1" </dev/null || download_status=$?
	elif is_gnu_wget; then
		https_only=--https-only
		[ "$protos" = https ] || https_only=
		wget -q ${https_only:+"$https_only"} --tries=3 --waitretry=1 --timeout=30 -O "$2" "$1" </dev/null ||
			download_status=$?
	else
		wget -q -O "$2" "$1" </dev/null || download_status=$?
	fi
	[ "$download_status" -eq 0 ] ||
		die 5 "cannot download $1: $downloader failed (exit status $download_status)"
}

# GNU wget retries 20 times by default; busybox wget has no --tries.
is_gnu_wget() {
	case $(wget --version 2>/dev/null </dev/null || true) in
	*"GNU Wget"*) return 0 ;;
	*) return 1 ;;
	esac
}

# sha256_of FILE: the lowercase hex SHA-256 of FILE.
sha256_of() {
	sha256_out=$($hasher <"$1") || die 4 "cannot hash $1: $hasher failed"
	echo "${sha256_out%% *}"
}

# expected_sum SUMS NAME: NAME's digest in the sha256sum-format file SUMS.
expected_sum() {
	while IFS= read -r sums_line || [ -n "$sums_line" ]; do
		sums_hex=${sums_line%% *}
		sums_name=${sums_line#* }
		sums_name=${sums_name# }
		sums_name=${sums_name#\*}
		if [ "$sums_name" = "$2" ] && [ ${#sums_hex} -eq 64 ]; then
			case $sums_hex in *[!0-9a-f]*) return 1 ;; esac
			echo "$sums_hex"
			return 0
		fi
	done <"$1"
	return 1
}

pick_install_dir() {
	if [ -n "$opt_dir" ]; then
		install_dir=$opt_dir
	elif [ "$(id -u)" = 0 ]; then
		install_dir=/usr/local/bin
	else
		[ -n "${HOME:-}" ] || die 7 "cannot pick an install directory: HOME is not set (use --dir)"
		install_dir=$HOME/.local/bin
	fi
	install_path=$install_dir/$BINARY_NAME
}

cleanup() {
	if [ -n "${staged_path:-}" ]; then rm -f "$staged_path"; fi
	if [ -n "${backup_path:-}" ]; then rm -f "$backup_path"; fi
	if [ -n "${tmp_dir:-}" ]; then rm -rf "$tmp_dir"; fi
}

make_tmp_dir() {
	tmp_dir=$(mktemp -d 2>/dev/null) || die 4 "cannot create a temporary directory: mktemp -d failed"
}

path_hint() {
	case ":${PATH:-}:" in
	*":$install_dir:"*) ;;
	*) say "note: $install_dir is not on PATH; add it with: export PATH=\"$install_dir:\$PATH\"" ;;
	esac
}

# place FILE: installs FILE as install_path atomically (same-directory rename).
place() {
	mkdir -p "$install_dir" 2>/dev/null || die 7 "cannot create $install_dir"
	staged_path=$install_dir/.$BINARY_NAME.install.$$
	cp "$1" "$staged_path" 2>/dev/null || die 7 "cannot write $staged_path"
	chmod 755 "$staged_path" || die 7 "cannot chmod $staged_path"
	mv -f "$staged_path" "$install_path" 2>/dev/null || die 7 "cannot move $staged_path to $install_path"
	staged_path=
}

# backup_previous: keeps a copy of the binary being replaced, for rollback.
backup_previous() {
	backup_path=
	[ -f "$install_path" ] || return 0
	mkdir -p "$install_dir" 2>/dev/null || die 7 "cannot create $install_dir"
	backup_path=$install_dir/.$BINARY_NAME.previous.$$
	cp -p "$install_path" "$backup_path" 2>/dev/null || die 7 "cannot write $backup_path"
}

# verify_installed: the new binary must answer --version, else roll back.
verify_installed() {
	verify_status=0
	"$install_path" --version >/dev/null 2>&1 </dev/null || verify_status=$?
	if [ "$verify_status" -eq 0 ]; then
		[ -z "$backup_path" ] || rm -f "$backup_path"
		backup_path=
		return 0
	fi
	if [ -n "$backup_path" ]; then
		mv -f "$backup_path" "$install_path" 2>/dev/null || die 9 "installed $install_path fails '--version' (exit status $verify_status) and the previous binary could not be restored from $backup_path"
		backup_path=
		die 9 "cannot install $asset: '$install_path --version' failed (exit status $verify_status); previous binary restored"
	fi
	rm -f "$install_path"
	die 9 "cannot install $asset: '$install_path --version' failed (exit status $verify_status); removed it"
}

install_binary() {
	detect_target
	pick_tools
	pick_install_dir
	make_tmp_dir
	asset=$BINARY_NAME-$target
	if [ -n "${MYDAEMON_BASE_URL:-}" ] && [ -n "$opt_version" ]; then
		say "note: MYDAEMON_BASE_URL is set, so the version is whatever it serves ($opt_version ignored)"
	fi
	download "$(file_url SHA256SUMS)" "$tmp_dir/SHA256SUMS"
	want=$(expected_sum "$tmp_dir/SHA256SUMS" "$asset") ||
		die 6 "cannot verify $asset: SHA256SUMS has no valid entry for it; nothing installed"
	have=none
	if [ -f "$install_path" ] && [ -x "$install_path" ]; then have=$(sha256_of "$install_path"); fi
	if [ "$have" = "$want" ]; then
		say "already up to date: $install_path ($asset)"
		path_hint
		return 0
	fi
	download "$(file_url "$asset")" "$tmp_dir/$asset"
	got=$(sha256_of "$tmp_dir/$asset")
	[ "$got" = "$want" ] ||
		die 6 "cannot verify $asset: SHA-256 is $got but SHA256SUMS says $want; nothing installed"
	backup_previous
	place "$tmp_dir/$asset"
	verify_installed
	say "installed $install_path ($asset)"
	path_hint
}

uninstall_binary() {
	pick_install_dir
	if [ ! -e "$install_path" ]; then
		say "nothing to uninstall: $install_path does not exist"
		return 0
	fi
	rm -f "$install_path" 2>/dev/null || die 7 "cannot remove $install_path"
	[ ! -e "$install_path" ] || die 7 "cannot remove $install_path"
	say "removed $install_path"
}

main() {
	staged_path=
	backup_path=
	tmp_dir=
	trap cleanup EXIT
	trap 'exit 129' HUP
	trap 'exit 130' INT
	trap 'exit 143' TERM
	parse_args "$@"
	if [ "$opt_uninstall" = yes ]; then uninstall_binary; else install_binary; fi
}

main "$@"
