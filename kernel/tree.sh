#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# tree.sh KTREE [SERIES | --path]
#
# Print the path of a git work tree of Debian's linux-source-KTREE, from the
# suite scripts/lib.sh names for KTREE: the host's installed package, or
# another suite's package fetched with scripts/debian-suite.sh and opened
# with dpkg-deb -x, never installed.  The
# pristine tree is unpacked once per package version into the cache and
# committed on branch "pristine".  With SERIES (patches/), the tree's queue
# is applied with "git am" on branch "synth" (fail loudly if it does not
# apply): SERIES/stable/KTREE/*.patch for a stable tree that has a queue,
# else the series on mainline, SERIES/0*.patch.  Without SERIES, the work
# tree is left at "pristine".
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"

ktree=${1:?usage: tree.sh KTREE [SERIES]}
series=${2:-}
pkg=linux-source-$ktree
path_only=
if [ "$series" = --path ]; then
	path_only=1
	series=
fi
if [ -n "$series" ]; then
	[ -d "$series" ] || die "no series directory $series"
	series=$(cd "$series" && pwd)
fi
shopt -s nullglob

need_pkgs $KBUILD_PKGS >&2
suite=$(ktree_suite "$ktree") || exit 1
ver=$(ktree_version "$ktree") || die "no $pkg in $suite"
src=$SYNTH_CACHE/src/$ktree-$ver

# tarball DIR : print the path of the source tarball of $pkg $ver, from the
# host's package, or from the other suite's .deb opened in DIR.
tarball() {
	if [ "$suite" = "$(host_suite)" ]; then
		echo "/usr/src/$pkg.tar.xz"
		return
	fi
	"$here/scripts/debian-suite.sh" "$suite" download --only "$1" "$pkg" >&2
	dpkg-deb -x "$1/$pkg"_*.deb "$1/x" ||
		die "cannot open the $pkg $ver package"
	echo "$1/x/usr/src/$pkg.tar.xz"
}

# Unpack once, whoever asks first; others wait for it.
mkdir -p "$SYNTH_CACHE/src"
exec 8> "$SYNTH_CACHE/src/.$ktree.unpack.lock"
flock 8
if [ ! -e "$src/.git/synth-ready" ]; then
	log "unpacking $pkg $ver into $src"
	rm -rf "$src" "$src.tmp" "$src.deb"
	mkdir -p "$src.tmp" "$src.deb"
	tb=$(tarball "$src.deb") || exit 1
	tar -C "$src.tmp" --strip-components=1 -xf "$tb"
	rm -rf "$src.deb"
	(
		cd "$src.tmp"
		git init -q -b pristine
		git config user.name "synth-uevent build"
		git config user.email "build@synth-uevent.invalid"
		git config gc.auto 0
		git add -A -f
		git commit -q -m "Debian $pkg $ver (pristine)"
		touch .git/synth-ready
	)
	mv "$src.tmp" "$src"
fi
flock -u 8

if [ -n "$path_only" ]; then
	echo "$src"
	exit 0
fi
cd "$src"
git am --abort >/dev/null 2>&1 || true
if [ -z "$series" ]; then
	if [ "$(git rev-parse HEAD)" != "$(git rev-parse pristine)" ]; then
		git checkout -q -f pristine
	fi
	git clean -q -fdx
	echo "$src"
	exit 0
fi

# The tree's queue: its stable backports, or the series on mainline.
queue=("$series"/0*.patch)
[ -d "$series/stable/$ktree" ] && queue=("$series/stable/$ktree"/*.patch)

# Re-apply only when the series changed: an unchanged tree keeps its
# timestamps, so an out-of-tree build stays incremental.
sum=$(cat /dev/null ${queue[@]+"${queue[@]}"} | sha256sum | cut -d' ' -f1)
if [ "$(git config synth.series || true)" = "$sum" ] &&
	[ "$(git symbolic-ref -q --short HEAD || true)" = synth ] &&
	git diff --quiet HEAD; then
	echo "$src"
	exit 0
fi
patches=()
for p in ${queue[@]+"${queue[@]}"}; do
	case "$p" in
	*/0000-cover-letter.patch) ;;
	*) patches+=("$p") ;;
	esac
done
git checkout -q -f -B synth pristine
git clean -q -fdx
if [ ${#patches[@]} -gt 0 ] &&
	! git am -q --whitespace=error-all "${patches[@]}" >&2; then
	git am --abort >/dev/null 2>&1 || true
	git checkout -q -f pristine
	git config --unset synth.series || true
	die "the series in $series does not apply to $pkg $ver"
fi
git config synth.series "$sum"
echo "$src"
