#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kselftest-headers.sh DIR
#
# Put the kernel's kselftest harness into DIR for the unit tests:
# tools/testing/selftests/kselftest_harness.h and kselftest.h (all it
# includes of the kernel's tree), the two members taken from the tarball of
# Debian's linux-source-$KSELFTEST_KTREE (default 6.12) without unpacking
# the tree.  No Debian package ships the harness on its own.  The package is
# installed (as root) when missing, unless SKIP_DEPS is set (a package
# build has it in its Build-Depends).  The two files are kept in
# $SYNTH_CACHE/kselftest/PACKAGE_VERSION/, so that the tarball is read once
# per package version; where the cache cannot be written (a package build
# without a home), they are taken from the tarball straight into DIR.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
. "$here/scripts/lib.sh"

dir=${1:?usage: kselftest-headers.sh DIR}
pkg=linux-source-${KSELFTEST_KTREE:-6.12}
tarball=/usr/src/$pkg.tar.xz
files="kselftest.h kselftest_harness.h"

[ -n "${SKIP_DEPS:-}" ] || need_pkgs "$pkg" xz-utils
[ -r "$tarball" ] || die "no $tarball: install $pkg"
ver=$(pkg_version "$pkg") || die "$pkg is not installed"

# extract TO : the two members of the tarball into the directory TO.
extract() {
	local f members=()
	for f in $files; do
		members+=("$pkg/tools/testing/selftests/$f")
	done
	mkdir -p "$1"
	tar -xJf "$tarball" -C "$1" --strip-components=4 "${members[@]}" ||
		die "cannot take the kselftest harness from $tarball"
	for f in $files; do
		[ -s "$1/$f" ] || die "no $f in $tarball"
	done
}

cache=$SYNTH_CACHE/kselftest/${pkg}_$ver
if [ ! -e "$cache/.done" ] && mkdir -p "$SYNTH_CACHE/kselftest" 2>/dev/null &&
	[ -w "$SYNTH_CACHE/kselftest" ]; then
	exec 9> "$SYNTH_CACHE/kselftest/.lock"
	flock 9
	if [ ! -e "$cache/.done" ]; then
		log "kselftest harness from $pkg $ver"
		rm -rf "$cache.tmp"
		extract "$cache.tmp"
		touch "$cache.tmp/.done"
		rm -rf "$cache"
		mv "$cache.tmp" "$cache"
	fi
fi
mkdir -p "$dir"
if [ -e "$cache/.done" ]; then
	for f in $files; do
		cp "$cache/$f" "$dir/$f.tmp"
		mv "$dir/$f.tmp" "$dir/$f"
	done
else
	extract "$dir"
fi
