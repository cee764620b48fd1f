#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# initramfs.sh OUT.cpio.gz KERNEL_DIR TESTS_DIR PLAN [EXTRA_DIR...]
#
# Build the test initramfs: Debian's busybox-static, the real systemd-udevd
# and udevadm from Debian's udev package with the libraries ldd lists, the
# rules in qemu-test/rules.d, our init, the kselftest programs of TESTS_DIR
# and the suites of qemu-test/suites in /tests, the modules of
# KERNEL_DIR (modules/, for the stock kernel), and
# the files of each EXTRA_DIR copied to the root.  PLAN is a file of suite
# lines "NAME TIMEOUT COMMAND..." run in order by /init.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"

out=${1:?usage: initramfs.sh OUT KERNEL_DIR TESTS_DIR PLAN [EXTRA_DIR...]}
kdir=${2:?}
tests=${3:?}
plan=${4:?}
shift 4

need_pkgs busybox-static udev cpio gzip >&2

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,etc/udev/rules.d,lib/modules,proc,sys,dev,run,tmp,tests,usr/bin,lib/systemd,var}

cp /bin/busybox "$root/bin/busybox"
cp /bin/udevadm "$root/bin/udevadm"
ln -s ../../bin/udevadm "$root/lib/systemd/systemd-udevd"

# The dynamic libraries udevadm needs, at the paths the loader looks in.
ldd /bin/udevadm | awk '/=> \//{print $3} /^\t\/lib/{print $1}' |
	while read -r lib; do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
mkdir -p "$root/lib64"
[ -e "$root/lib64/ld-linux-x86-64.so.2" ] ||
	cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"

cp "$here"/qemu-test/rules.d/*.rules "$root/etc/udev/rules.d/"
printf 'root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n' \
	> "$root/etc/passwd"
printf 'root:x:0:\ndisk:x:6:\nnogroup:x:65534:\n' > "$root/etc/group"

install -m 0755 "$here/qemu-test/init" "$root/init"
cp "$plan" "$root/etc/plan"
cp -a "$here"/qemu-test/suites/. "$root/tests/"
[ -d "$tests" ] && cp -a "$tests"/. "$root/tests/"
[ -d "$kdir/modules" ] && cp -a "$kdir"/modules/. "$root/lib/modules/"
for d in "$@"; do
	cp -a "$d"/. "$root/"
done

(cd "$root" && find . -print0 | sort -z |
	cpio --null -o -H newc --quiet --owner=0:0 | gzip -1) > "$out.tmp"
mv "$out.tmp" "$out"
