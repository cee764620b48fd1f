#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# build.sh KTREE VARIANT SERIES [STAGE]
#
# Build a bzImage of Debian's linux-source-KTREE (KTREE: one of the trees of
# scripts/lib.sh, from its Debian suite) out of tree and print the
# directory holding it.  VARIANT is "base" or "kasan" (kernel/VARIANT.config is
# merged on top of tinyconfig + base.config).  SERIES is a directory of
# patches to apply first, or "none" for the pristine tree.  STAGE (mainline
# only, kernel/tree.sh): "base" for the reconstructed driver-core-next
# without our patches, "fixes" without the RFC, "all" (the default).
#
# The result is cached by the hash of (source package version, series,
# config fragments, this recipe): a second call with the same inputs prints the
# cached directory without touching the tree.  The object directory is kept
# per (KTREE, VARIANT) so that a changed series rebuilds incrementally.
#
# The directory printed holds:
#   bzImage         the kernel
#   release         its "uname -r"
#   selftests/      the kselftests of tools/testing/selftests/uevent as
#                   "make install" lays them out (run_kselftest.sh, kselftest/,
#                   uevent/synth_uevent), linked statically for the initramfs;
#                   only for a tree that carries synth_uevent.c (the series
#                   on mainline; a stable queue does not hold the test)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"

ktree=${1:?usage: build.sh KTREE VARIANT SERIES}
variant=${2:?usage: build.sh KTREE VARIANT SERIES}
series=${3:?usage: build.sh KTREE VARIANT SERIES [STAGE]}
stage=${4:-all}

frags=("$here/kernel/base.config")
[ "$variant" = base ] || frags+=("$here/kernel/$variant.config")
for f in "${frags[@]}"; do
	[ -f "$f" ] || die "no config fragment $f"
done

need_pkgs $KBUILD_PKGS rsync >&2
ver=$(ktree_version "$ktree") || die "no linux-source-$ktree"

if [ "$series" = none ]; then
	tag=pristine
	series_sum=none
else
	series=$(cd "$series" && pwd)
	tag=synth
	[ "$stage" = all ] || tag=$stage
	series_sum=$(shopt -s nullglob
		echo "$stage"
		if [ -d "$series/stable/$ktree" ]; then
			cat "$series/stable/$ktree"/*.patch \
				"$series/stable/$ktree"/pending/*.patch
		else
			cat /dev/null "$series"/base/*.patch "$series"/0*.patch \
				"$series"/rfc/0*.patch
		fi | sha256sum)
fi
key=$( {
	echo "$ver"
	echo "$series_sum"
	cat "${frags[@]}" "$here/kernel/build.sh" "$here/kernel/tree.sh"
} | sha256sum | cut -c1-16)
out=$SYNTH_CACHE/kernels/$ktree-$variant-$tag-$key

if [ -e "$out/bzImage" ]; then
	log "cached kernel $ktree/$variant/$tag: $out"
	echo "$out"
	exit 0
fi

# One build per kernel tree at a time: its work tree is switched between
# the pristine and the series branches.  Whoever held the lock may have
# built this very kernel meanwhile.
mkdir -p "$SYNTH_CACHE/src"
exec 9> "$SYNTH_CACHE/src/.$ktree.build.lock"
flock 9
if [ -e "$out/bzImage" ]; then
	log "cached kernel $ktree/$variant/$tag: $out"
	echo "$out"
	exit 0
fi

if [ "$series" = none ]; then
	src=$("$here/kernel/tree.sh" "$ktree")
else
	src=$("$here/kernel/tree.sh" "$ktree" "$series" "$stage")
fi
# The stages of mainline share the object directory of the whole series:
# they differ in a few files, so switching between them rebuilds those.
objtag=$tag
case "$tag" in base | fixes) objtag=synth ;; esac
obj=$SYNTH_CACHE/obj/$ktree-$variant-$objtag
mkdir -p "$obj"
jobs=$(($(nproc) + 1))

log "configuring $ktree/$variant/$tag in $obj"
make -s -C "$src" O="$obj" ARCH=x86_64 tinyconfig >&2
"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" \
	"${frags[@]}" >/dev/null
make -s -C "$src" O="$obj" ARCH=x86_64 olddefconfig >&2

# merge_config only warns when Kconfig drops a request; fail instead, so a
# fragment can never silently stop meaning what it says.
bad=0
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=*)
		grep -qxF "$line" "$obj/.config" || {
			echo "config: $line was not kept" >&2
			bad=1
		}
		;;
	"# CONFIG_"*" is not set")
		opt=${line#\# }
		opt=${opt%% *}
		if grep -q "^$opt=" "$obj/.config"; then
			echo "config: $opt should be unset" >&2
			bad=1
		fi
		;;
	esac
done < <(cat "${frags[@]}")
[ $bad = 0 ] || die "config fragments not honoured for $ktree/$variant"

log "building $ktree/$variant/$tag bzImage (make -j$jobs)"
make -s -C "$src" O="$obj" ARCH=x86_64 -j"$jobs" bzImage >&2

rm -rf "$out.tmp"
mkdir -p "$out.tmp/selftests"
cp "$obj/arch/x86/boot/bzImage" "$out.tmp/bzImage"
make -s -C "$src" O="$obj" kernelrelease > "$out.tmp/release"
cp "$obj/.config" "$out.tmp/config"

# The selftest travels with the series: build and install it from this
# tree, the way KernelCI and LKFT do, to run with run_kselftest.sh.
sdir=$src/tools/testing/selftests
if [ -e "$sdir/uevent/synth_uevent.c" ]; then
	# The uapi headers of this tree, for $(KHDR_INCLUDES).
	make -s -C "$src" O="$obj" ARCH=x86_64 headers >&2
	make -s -C "$sdir" TARGETS=uevent CC="gcc -static" \
		KHDR_INCLUDES="-isystem $obj/usr/include" \
		INSTALL_PATH="$out.tmp/selftests" install >&2
	make -s -C "$sdir" TARGETS=uevent clean >&2
fi
rm -rf "$out"
mv "$out.tmp" "$out"
log "kernel $(cat "$out/release") ready: $out"
echo "$out"
