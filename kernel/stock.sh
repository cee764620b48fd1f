#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# stock.sh [META]
#
# Fetch Debian's stock kernel image (the package META, default
# linux-image-amd64, depends on) with "apt-get download", extract it without
# installing it, and print the directory holding:
#   bzImage    the vmlinuz
#   release    its "uname -r"
#   modules/   the few modules the tests load (decompressed), by name
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"

meta=${1:-linux-image-amd64}
# Modules the tests load on the stock kernel, where these are not built in.
want_mods="dummy loop"

need_pkgs xz-utils zstd apt >&2
pkg=$(apt-cache depends "$meta" 2>/dev/null |
	sed -n 's/^ *Depends: \(linux-image-[^ ]*\)$/\1/p' | head -n1)
if [ -z "$pkg" ]; then
	apt-get update -q >&2
	pkg=$(apt-cache depends "$meta" |
		sed -n 's/^ *Depends: \(linux-image-[^ ]*\)$/\1/p' | head -n1)
fi
[ -n "$pkg" ] || die "cannot resolve $meta to a kernel image package"
ver=$(apt-cache policy "$pkg" | sed -n 's/^ *Candidate: //p')
out=$SYNTH_CACHE/stock/$pkg-$ver
if [ -e "$out/bzImage" ]; then
	echo "$out"
	exit 0
fi

log "fetching stock kernel $pkg $ver"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get download -q "$pkg=$ver" >&2) ||
	die "apt-get download $pkg failed"
dpkg-deb -x "$tmp"/*.deb "$tmp/x"
# The signed package only carries the image; modules live in the unsigned
# one it was made from.
if ! ls "$tmp"/x/lib/modules/*/kernel >/dev/null 2>&1 &&
	! ls "$tmp"/x/usr/lib/modules/*/kernel >/dev/null 2>&1; then
	unsigned=${pkg%-amd64}-amd64-unsigned
	(cd "$tmp" && apt-get download -q "$unsigned=$ver" >&2) ||
		die "apt-get download $unsigned failed"
	dpkg-deb -x "$tmp"/"$unsigned"_*.deb "$tmp/x"
fi

mkdir -p "$out.tmp/modules"
cp "$tmp"/x/boot/vmlinuz-* "$out.tmp/bzImage"
basename "$tmp"/x/boot/vmlinuz-* | sed 's/^vmlinuz-//' > "$out.tmp/release"
for m in $want_mods; do
	f=$(find "$tmp/x" -name "$m.ko*" | head -n1)
	# Built in on this kernel: nothing to load.
	[ -n "$f" ] || continue
	case "$f" in
	*.xz) xz -dc "$f" > "$out.tmp/modules/$m.ko" ;;
	*.zst) zstd -qdc "$f" > "$out.tmp/modules/$m.ko" ;;
	*) cp "$f" "$out.tmp/modules/$m.ko" ;;
	esac
done
rm -rf "$out"
mv "$out.tmp" "$out"
log "stock kernel $(cat "$out/release") ready: $out"
echo "$out"
