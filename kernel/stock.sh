#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# stock.sh [KTREE]
#
# Fetch Debian's stock kernel image of KTREE (default 6.1; 7.2, 6.12, 6.1 or
# 5.10, from the suite scripts/lib.sh names for it) with "apt-get download",
# from the host's apt for the host's suite and through scripts/debian-suite.sh
# for any other, extract it without installing it, and print the directory
# holding:
#   bzImage    the vmlinuz
#   release    its "uname -r"
#   modules/   the few modules the tests load (decompressed), by name;
#              modules/order/ those of the order suite alone
#              (qemu-test/suites/order.sh), with list, the order it loads
#              them in
#
# The image is the one a metapackage of the suite depends on:
# linux-image-KTREE-amd64 where the suite has one (bookworm's 6.12), else
# linux-image-amd64, and only when its name is of KTREE.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"

ktree=${1:-6.1}
# Modules the tests load on the stock kernel, where these are not built in.
want_mods="dummy loop"
# The order suite's: an md device and a sound card (snd-dummy) to list,
# each module after those it needs.
order_mods="md-mod soundcore snd snd-timer snd-pcm snd-dummy"
# What a cached kernel directory holds: fetched again when this changes.
recipe="$want_mods | $order_mods"

need_pkgs xz-utils zstd apt >&2
suite=$(ktree_suite "$ktree") || exit 1
host=
[ "$suite" = "$(host_suite)" ] && host=1

# apt_cache ARGS... : apt-cache on the suite's package lists.
apt_cache() {
	if [ -n "$host" ]; then
		apt-cache "$@"
	else
		"$here/scripts/debian-suite.sh" "$suite" apt-cache "$@"
	fi
}

# fetch DIR PKG VERSION : download that .deb into DIR.
fetch() {
	if [ -n "$host" ]; then
		(cd "$1" && apt-get download -q "$2=$3" >&2)
	else
		[ "$(apt_cache policy "$2" | sed -n 's/^ *Candidate: //p')" = "$3" ] &&
			"$here/scripts/debian-suite.sh" "$suite" download --only "$1" "$2"
	fi
}

# image_of META : the linux-image package META depends on, if it is KTREE's.
image_of() {
	apt_cache depends "$1" 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[^ ]*\)$/\1/p' | head -n1 |
		grep -E "^linux-image-${ktree//./\\.}[.-]"
}

# image : the image package, with one refresh of the host's lists when it
# cannot be resolved (the other suites' lists are refreshed daily anyway).
image() {
	local meta
	for meta in "linux-image-$ktree-amd64" linux-image-amd64; do
		image_of "$meta" && return 0
	done
	[ -n "$host" ] || return 1
	apt-get update -q >&2
	for meta in "linux-image-$ktree-amd64" linux-image-amd64; do
		image_of "$meta" && return 0
	done
	return 1
}

pkg=$(image) || die "no stock $ktree kernel image in $suite"
ver=$(apt_cache policy "$pkg" | sed -n 's/^ *Candidate: //p')
out=$SYNTH_CACHE/stock/$pkg-$ver
cached() {
	[ -e "$out/bzImage" ] && [ "$(cat "$out/recipe" 2>/dev/null)" = "$recipe" ]
}
if cached; then
	echo "$out"
	exit 0
fi
# One fetch of a kernel at a time; whoever held the lock may have done it.
mkdir -p "$SYNTH_CACHE/stock"
exec 9> "$SYNTH_CACHE/stock/.$ktree.lock"
flock 9
if cached; then
	echo "$out"
	exit 0
fi

log "fetching stock kernel $pkg $ver ($suite)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# open PKG : download PKG $ver and unpack it into $tmp/x.
open_pkg() {
	mkdir -p "$tmp/$1"
	fetch "$tmp/$1" "$1" "$ver" || die "download of $1 $ver failed"
	dpkg-deb -x "$tmp/$1/$1"_*.deb "$tmp/x"
}

open_pkg "$pkg"
# Since 7.x the image package is empty: it depends on the kernel and its
# modules, each a package of its own.
for p in $(apt_cache depends "$pkg" |
	sed -n 's/^ *Depends: \(linux-\(binary\|modules\)-[^ ]*\)$/\1/p'); do
	open_pkg "$p"
done
# Before, the signed package of some releases only carried the image; the
# modules live in the unsigned one it was made from.
if ! ls "$tmp"/x/lib/modules/*/kernel >/dev/null 2>&1 &&
	! ls "$tmp"/x/usr/lib/modules/*/kernel >/dev/null 2>&1; then
	open_pkg "${pkg%-amd64}-amd64-unsigned"
fi

mkdir -p "$out.tmp/modules"
# /boot/vmlinuz-RELEASE, or since 7.x (/usr)/lib/modules/RELEASE/vmlinuz.
img=$(find "$tmp/x" -path '*/boot/vmlinuz-*' -o -path '*/modules/*/vmlinuz' |
	head -n1)
[ -n "$img" ] || die "no vmlinuz in $pkg $ver"
cp "$img" "$out.tmp/bzImage"
case "$img" in
*/boot/vmlinuz-*) echo "${img##*/vmlinuz-}" ;;
*) basename "$(dirname "$img")" ;;
esac > "$out.tmp/release"
# module NAME DIR : NAME.ko decompressed into DIR; false when the kernel
# has it built in (nothing to load).
module() {
	local f
	f=$(find "$tmp/x" -name "$1.ko*" | head -n1)
	[ -n "$f" ] || return 1
	case "$f" in
	*.xz) xz -dc "$f" > "$2/$1.ko" ;;
	*.zst) zstd -qdc "$f" > "$2/$1.ko" ;;
	*) cp "$f" "$2/$1.ko" ;;
	esac
}
for m in $want_mods; do
	module "$m" "$out.tmp/modules" || true
done
mkdir -p "$out.tmp/modules/order"
for m in $order_mods; do
	module "$m" "$out.tmp/modules/order" && echo "$m"
done > "$out.tmp/modules/order/list"
echo "$recipe" > "$out.tmp/recipe"
rm -rf "$out"
mv "$out.tmp" "$out"
log "stock kernel $(cat "$out/release") ($suite) ready: $out"
echo "$out"
