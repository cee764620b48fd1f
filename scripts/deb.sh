#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# deb.sh [OUTDIR]: build the Debian packages uevent-trigger,
# libsynthuevent0 and libsynthuevent-dev (and their -dbgsym) with Debian's
# own tools (dpkg-buildpackage -us -uc -b) from a copy of the work tree
# (tracked and untracked files, not the ignored ones), then run lintian on
# them.  Nothing is written into the
# work tree: the copy, the build log and the packages are in OUTDIR,
# $SYNTH_CACHE/deb by default.  Prints the paths of the .deb files.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"

need_pkgs dpkg-dev debhelper build-essential fakeroot musl-tools uuid-dev \
	linux-source-6.12 \
	lintian git

out=${1:-$SYNTH_CACHE/deb}
mkdir -p "$out"
out=$(cd "$out" && pwd)
case "$out/" in
"$here"/*) die "OUTDIR $out is inside the work tree" ;;
esac

version=$(dpkg-parsechangelog -l "$here/debian/changelog" -S Version)
arch=$(dpkg --print-architecture)
src=$out/uevent-trigger-$version
rm -rf "$src"
mkdir -p "$src"
(cd "$here" && git ls-files -z --cached --others --exclude-standard |
	xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
	tar --null -T - -cf -) | tar -xf - -C "$src"
rm -f "$out"/uevent-trigger_"$version"_"$arch".* \
	"$out"/*_"$version"_"$arch".deb "$out"/*_"$version"_"$arch".ddeb

log "dpkg-buildpackage -us -uc -b in $src (log: $out/build.log)"
if ! (cd "$src" && dpkg-buildpackage -us -uc -b) > "$out/build.log" 2>&1; then
	tail -n 40 "$out/build.log" >&2
	die "dpkg-buildpackage failed (log: $out/build.log)"
fi
changes=$out/uevent-trigger_${version}_$arch.changes
[ -f "$changes" ] || die "no $changes"

# Pedantic and informational tags shown, errors and warnings fail.
log "lintian --pedantic $changes"
lintian --pedantic --info --display-experimental --fail-on error,warning \
	"$changes" >&2 || die "lintian: see above"
ls "$out"/*_"$version"_"$arch".deb
