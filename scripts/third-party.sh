#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# third-party.sh
#
# Build skarnet's skalibs and mdevd, statically, from the archives of the
# shared third-party folder ($SYNTH_THIRD_PARTY, default ../shared/third-party
# beside the work tree), and print the install prefix: PREFIX/bin/mdevd and
# PREFIX/bin/mdevd-coldplug, static binaries for the test initramfs.
#
# The archives are checked against the folder's SHA256SUMS first.  The
# build lives in $SYNTH_CACHE/third-party/HASH/ (HASH: of the checksums and
# of this recipe), is done once (flock: boots built side by side wait for
# it), and never touches the work tree.
#
# Exit status: 0 with the prefix on stdout; 3 with the reason on stderr when
# the folder does not exist (tests that need mdevd skip then); 1 when the
# archives do not verify or the build fails.
set -euo pipefail
shopt -s inherit_errexit
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"

src=${SYNTH_THIRD_PARTY:-$here/../shared/third-party}
if [ ! -d "$src" ]; then
	echo "third-party.sh: no third-party folder at $src: mdevd not available" >&2
	exit 3
fi
src=$(cd "$src" && pwd)
[ -r "$src/SHA256SUMS" ] || die "third-party.sh: $src/SHA256SUMS missing"

skalibs=$(awk '$2 ~ /^skalibs-.*\.tar\.gz$/ {print $2}' "$src/SHA256SUMS" | head -n1)
mdevd=$(awk '$2 ~ /^mdevd-.*\.tar\.gz$/ {print $2}' "$src/SHA256SUMS" | head -n1)
[ -n "$skalibs" ] && [ -n "$mdevd" ] ||
	die "third-party.sh: SHA256SUMS names no skalibs or mdevd archive"
(cd "$src" && grep -E " \*?($skalibs|$mdevd)\$" SHA256SUMS |
	sha256sum -c --quiet --strict -) >&2 ||
	die "third-party.sh: the archives in $src do not match SHA256SUMS"

need_pkgs gcc make tar gzip >&2

# The prefix is keyed by the archives' checksums and by this script (the
# recipe): the same inputs never rebuild.
key=$({
	grep -E " \*?($skalibs|$mdevd)\$" "$src/SHA256SUMS"
	sha256sum < "$0"
} | sha256sum | cut -c1-16)
top=$SYNTH_CACHE/third-party
prefix=$top/$key
mkdir -p "$top"
exec 9>"$top/lock"
flock 9
if [ -e "$prefix/.done" ]; then
	echo "$prefix"
	exit 0
fi

log "building ${skalibs%.tar.gz} and ${mdevd%.tar.gz} (static) into $prefix"
rm -rf "$prefix"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -C "$work" -xzf "$src/$skalibs"
tar -C "$work" -xzf "$src/$mdevd"
jobs=$(nproc)
if ! (
	set -e
	cd "$work/${skalibs%.tar.gz}"
	./configure --prefix="$prefix" --enable-static-libc
	make -j"$jobs"
	make install
	cd "$work/${mdevd%.tar.gz}"
	./configure --prefix="$prefix" \
		--with-sysdeps="$prefix/lib/skalibs/sysdeps" \
		--with-include="$prefix/include" --with-lib="$prefix/lib" \
		--enable-static-libc --disable-shared
	make -j"$jobs"
	make install
) > "$work/build.log" 2>&1; then
	tail -n 30 "$work/build.log" >&2
	rm -rf "$prefix"
	die "third-party.sh: build of skalibs/mdevd failed"
fi
for b in mdevd mdevd-coldplug; do
	[ -x "$prefix/bin/$b" ] || die "third-party.sh: $prefix/bin/$b not built"
	# A static binary: nothing else to carry into the guest.
	if readelf -d "$prefix/bin/$b" 2>/dev/null | grep -q NEEDED; then
		rm -rf "$prefix"
		die "third-party.sh: $b is not static"
	fi
done
cp "$work/build.log" "$prefix/build.log"
echo "${mdevd%.tar.gz} ${skalibs%.tar.gz}" > "$prefix/versions"
touch "$prefix/.done"
log "mdevd ready: $prefix"
echo "$prefix"
