# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the build scripts: cache location, dependency install,
# phase timing.  Sourced, never executed.

SYNTH_CACHE=${SYNTH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/synth-uevent}
export SYNTH_CACHE
# The top of the work tree, whoever sources this file.
synth_top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

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
	# An update is cheap next to a failed install on a stale list.  Two
	# builds installing at once wait for each other's dpkg lock.
	local lock=(-o DPkg::Lock::Timeout=600)
	if ! DEBIAN_FRONTEND=noninteractive apt-get "${lock[@]}" install -y -q \
		--no-install-recommends "${missing[@]}" >&2; then
		apt-get "${lock[@]}" update -q >&2 || die "apt-get update failed"
		DEBIAN_FRONTEND=noninteractive apt-get "${lock[@]}" install -y -q \
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

# The kernel trees, in one place.  Per KTREE: the Debian suite whose
# linux-source-KTREE and stock linux-image are taken (the host's own suite
# through the host's apt, any other through scripts/debian-suite.sh), and
# the udev of the Debian release that ships that kernel, the pair the
# matrix boots.  6.12 comes from bookworm's security updates, and ships
# with trixie's udev.
SYNTH_KTREES="
7.2	sid	262
6.12	bookworm	257
6.1	bookworm	252
5.10	bullseye	247
"

# ktree_field KTREE N : field N (2 suite, 3 udev) of KTREE's line.
ktree_field() {
	local v
	v=$(echo "$SYNTH_KTREES" | awk -v k="$1" -v n="$2" '$1 == k { print $n }')
	if [ -z "$v" ]; then
		echo "unknown KTREE '$1':" $(ktrees) >&2
		return 1
	fi
	echo "$v"
}

# ktrees : every known KTREE, newest first.
ktrees() {
	echo "$SYNTH_KTREES" | awk 'NF { print $1 }'
}

ktree_suite() { ktree_field "$1" 2; }
ktree_udev() { ktree_field "$1" 3; }

# host_suite : the host's own Debian suite.
host_suite() {
	(. /etc/os-release && echo "${VERSION_CODENAME:-}")
}

# ktree_version KTREE : the version of linux-source-KTREE: installed from
# the host's apt when KTREE's suite is the host's, else the candidate of
# the other suite (never installed: see kernel/tree.sh).
ktree_version() {
	local suite
	suite=$(ktree_suite "$1") || return 1
	if [ "$suite" = "$(host_suite)" ]; then
		need_pkgs "linux-source-$1" >&2
		pkg_version "linux-source-$1"
	else
		"$synth_top/scripts/debian-suite.sh" "$suite" version \
			"linux-source-$1"
	fi
}

# check_logdir NAME : the log directory of NAME (check, matrix) for this work
# tree: two work trees sharing the cache never remove each other's logs.
check_logdir() {
	echo "$SYNTH_CACHE/logs/$1-${synth_top##*/}-$(printf %s "$synth_top" |
		sha256sum | cut -c1-8)"
}

# suite_closure SUITE PKG... : the package closure (name=version lines) of
# PKG..., SUITE's essential packages and apt, from SUITE's lists, updated
# first (scripts/debian-suite.sh): what a root made by mmdebstrap holds.
suite_closure() {
	local suite=$1 essential ds
	ds=$(dirname "${BASH_SOURCE[0]}")/debian-suite.sh
	shift
	"$ds" "$suite" update >&2 || return 1
	essential=$("$ds" "$suite" apt-cache dumpavail |
		awk '/^Package:/ { p = $2 } /^Essential: yes/ { print p }' | sort -u)
	# shellcheck disable=SC2086
	"$ds" "$suite" closure "$@" $essential apt
}
