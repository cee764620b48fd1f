#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# tree.sh KTREE [SERIES [STAGE] | --path]
#
# Print the path of a git work tree of Debian's linux-source-KTREE, from the
# suite scripts/lib.sh names for KTREE: the host's installed package, or
# another suite's package fetched with scripts/debian-suite.sh and opened
# with dpkg-deb -x, never installed.  The
# pristine tree is unpacked once per package version into the cache and
# committed on branch "pristine".  With SERIES (patches/), the tree's queue
# is applied with "git am" on branch "synth" (fail loudly if it does not
# apply):
#   - a stable tree that has a queue: SERIES/stable/KTREE/*.patch, then
#     SERIES/stable/KTREE/pending/*.patch (backports of our patches, to be
#     sent once they are in mainline), on "pristine";
#   - else mainline, on branch "upstream": "pristine"'s tree committed
#     again with fixed names and dates, so that its id is the same on every
#     machine.  SERIES/base/*.patch first (the commits of driver-core-next
#     that 7.2.13 lacks, reconstructed; branch "base" points at the last),
#     then the fixes, SERIES/0*.patch (branch "fixes"), then the RFC,
#     SERIES/rfc/0*.patch (cover letters left out).  STAGE stops early:
#     "base" after the base, "fixes" after the fixes; "all" (the default)
#     applies everything.
# Patches are applied with a fixed committer and the author's date as the
# commit date, so every commit id is reproducible too: the postings'
# base-commit: trailers name "upstream" (kernel/export.sh).  Without SERIES,
# the work tree is left at "pristine".
#
# tree.sh switches the branch of a tree that a build may be compiling: call
# it under the tree's build lock, as kernel/build.sh does.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"

ktree=${1:?usage: tree.sh KTREE [SERIES [STAGE]]}
series=${2:-}
stage=${3:-all}
case "$stage" in
base | fixes | all) ;;
*) die "unknown STAGE '$stage': base, fixes or all" ;;
esac
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

# Fixed names and dates: the same commit ids on every machine.
export GIT_COMMITTER_NAME="synth-uevent tree" \
	GIT_COMMITTER_EMAIL="tree@synth-uevent.invalid"

# The tree's queue: its stable backports, or the series on mainline.
start=pristine
base_patches=()
if [ -d "$series/stable/$ktree" ]; then
	queue=("$series/stable/$ktree"/*.patch
		"$series/stable/$ktree"/pending/*.patch)
else
	start=upstream
	want=$(git rev-parse pristine^{tree})
	if [ "$(git rev-parse -q --verify upstream^{tree} || true)" != "$want" ]; then
		id=$(GIT_AUTHOR_NAME="$GIT_COMMITTER_NAME" \
			GIT_AUTHOR_EMAIL="$GIT_COMMITTER_EMAIL" \
			GIT_AUTHOR_DATE="@0 +0000" GIT_COMMITTER_DATE="@0 +0000" \
			git commit-tree "$want" -m "Debian $pkg $ver")
		git branch -f upstream "$id"
	fi
	base_patches=("$series"/base/*.patch)
	queue=(${base_patches[@]+"${base_patches[@]}"})
	[ "$stage" = base ] || queue+=("$series"/0*.patch)
	[ "$stage" != all ] || queue+=("$series"/rfc/0*.patch)
fi

# Re-apply only when the series changed: an unchanged tree keeps its
# timestamps, so an out-of-tree build stays incremental.
sum=$( {
	echo "$start $stage"
	cat /dev/null ${queue[@]+"${queue[@]}"}
} | sha256sum | cut -d' ' -f1)
if [ "$(git config synth.series || true)" = "$sum" ] &&
	[ "$(git symbolic-ref -q --short HEAD || true)" = synth ] &&
	git diff --quiet HEAD; then
	echo "$src"
	exit 0
fi

# am PATCH... : apply with the author's date as the commit date.
am() {
	[ $# -gt 0 ] || return 0
	git am -q --whitespace=error-all --committer-date-is-author-date "$@" >&2
}
fixes=() rest=()
for p in ${queue[@]+"${queue[@]}"}; do
	case "$p" in
	*/0000-cover-letter.patch | */base/*) ;;
	*/rfc/*) rest+=("$p") ;;
	*) fixes+=("$p") ;;
	esac
done
git checkout -q -f -B synth "$start"
git clean -q -fdx
if ! am ${base_patches[@]+"${base_patches[@]}"} ||
	! git branch -f base HEAD ||
	! am ${fixes[@]+"${fixes[@]}"} ||
	! git branch -f fixes HEAD ||
	! am ${rest[@]+"${rest[@]}"}; then
	git am --abort >/dev/null 2>&1 || true
	git checkout -q -f pristine
	git config --unset synth.series || true
	die "the series in $series does not apply to $pkg $ver"
fi
git config synth.series "$sum"
echo "$src"
