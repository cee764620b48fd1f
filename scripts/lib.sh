# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the build scripts: cache location, dependency install,
# phase timing.  Sourced, never executed.

SYNTH_CACHE=${SYNTH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/synth-uevent}
export SYNTH_CACHE

die() {
	echo "error: $*" >&2
	exit 1
}

log() {
	echo ">>> $*" >&2
}

# need_pkgs PKG... : apt-get install the packages that are not installed yet.
need_pkgs() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed$' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "installing missing packages: ${missing[*]}"
	[ "$(id -u)" = 0 ] || die "need root to apt-get install ${missing[*]}"
	# An update is cheap next to a failed install on a stale list.
	if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends "${missing[@]}" >&2; then
		apt-get update -q >&2 || die "apt-get update failed"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends "${missing[@]}" >&2 ||
			die "apt-get install ${missing[*]} failed"
	fi
}

# Packages every kernel build needs.
KBUILD_PKGS="gcc make flex bison bc libelf-dev libssl-dev xz-utils git perl
python3 cpio kmod"

# pkg_version PKG : the installed Debian version of PKG.
pkg_version() {
	dpkg-query -W -f='${Version}' "$1"
}

# phase NAME CMD... : run a command and print how long it took.
phase() {
	local name=$1 t0 rc
	shift
	t0=$(date +%s)
	"$@"
	rc=$?
	echo ">>> phase $name: $(($(date +%s) - t0))s (rc=$rc)" >&2
	return $rc
}

# udev_suite UDEV : the Debian suite whose udev the guest runs for UDEV:
# 247 bullseye, 252 bookworm, 257 trixie, 262 sid; a suite name as it is;
# "host" for the host's own udev.
udev_suite() {
	case "$1" in
	247) echo bullseye ;;
	252) echo bookworm ;;
	257) echo trixie ;;
	262) echo sid ;;
	host | bullseye | bookworm | trixie | forky | sid) echo "$1" ;;
	*)
		echo "unknown UDEV '$1': 247, 252, 257, 262, a Debian suite or host" >&2
		return 1
		;;
	esac
}
