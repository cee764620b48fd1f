#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# lvm-root.sh [--debs DIR] [--layout lvm|md|luks]
#
# The Debian root of the LVM boot (qemu-test/lvm-boot.sh), cached, and
# print the directory holding it:
#
#   root/      the root file system: bookworm (the host's suite) made by
#              mmdebstrap with systemd as /sbin/init, udev, lvm2,
#              initramfs-tools, e2fsprogs, Debian's stock kernel
#              (linux-image-amd64, its modules), busybox and uuid-dev
#              (for libsynthuevent-dev), then our
#              packages installed with dpkg -i (make deb: uevent-trigger,
#              libsynthuevent-dev) and the boot's own files (lvm-root/ of
#              this directory: the unit that reports the mounted root and
#              powers off, the initramfs scripts that log the time);
#   disk.img   a raw virtio disk: one LVM physical volume, volume group
#              vg0, logical volume root holding root/ as ext4, made by
#              lvm2's own pvcreate, vgcreate and lvcreate in a provisioning
#              guest (the host has no device-mapper): the root's own
#              Debian kernel and the initramfs its update-initramfs made,
#              booted on the ext4 image itself with
#              init=/usr/local/sbin/synth-provision;
#   disk2.img  with --layout md: the second disk; the two are one md
#              RAID1 (metadata 1.2, made with --assume-clean) and the PV is
#              the array (mdadm in the root: its initramfs hook and udev
#              rules assemble it at boot);
#              With --layout luks the PV is a LUKS2 volume on the disk
#              (cryptroot, PBKDF2 with few iterations: TCG), opened by a
#              keyfile in the root (/etc/keys/root.key, 0400) that
#              cryptsetup-initramfs puts in the image (KEYFILE_PATTERN,
#              UMASK=0077), /etc/crypttab naming it by its LUKS UUID;
#   layout     lvm, md or luks;
#   release    the stock kernel's release, in root/boot;
#   packages   dpkg-query -W of root/.
#
# A root or disk not used for a week is removed by the next call.
#
# Two cache levels under $SYNTH_CACHE/lvmroot/: base-KEY1/ is mmdebstrap's
# root, KEY1 the hash of the versions of every package it installs (the
# dependency closure of the packages asked for and of the Essential set,
# from scripts/debian-suite.sh bookworm's lists: the host's mirror, read
# at run time); KEY2/ adds our packages (the hash of their contents), the
# files of lvm-root/ and this script.
#
# --debs DIR: our .deb files from DIR; by default scripts/deb.sh builds
# them into $SYNTH_CACHE/lvmroot/deb-WORKTREE.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"

debs=
layout=lvm
while [ $# -gt 0 ]; do
	case "$1" in
	--debs) debs=$(cd "$2" && pwd); shift 2 ;;
	--layout) layout=$2; shift 2 ;;
	*) die "lvm-root.sh: unknown argument '$1'" ;;
	esac
done
[ "$(id -u)" = 0 ] || die "lvm-root.sh needs root (mmdebstrap, chroot, loop-free ext4)"

need_pkgs mmdebstrap e2fsprogs qemu-system-x86 dpkg-dev >&2

suite=bookworm
# The packages asked for; apt brings what they depend on.
pkgs="systemd systemd-sysv udev lvm2 initramfs-tools e2fsprogs
linux-image-amd64 busybox zstd uuid-dev"
case "$layout" in
lvm) ;;
md) pkgs="$pkgs mdadm" ;;
luks) pkgs="$pkgs cryptsetup cryptsetup-initramfs" ;;
*) die "--layout lvm, md or luks" ;;
esac
top=$SYNTH_CACHE/lvmroot
mkdir -p "$top"

# Our packages, from this work tree.
if [ -z "$debs" ]; then
	debs=$top/deb-${here##*/}
	"$here/scripts/deb.sh" "$debs" > /dev/null
fi
ls "$debs"/uevent-trigger_*.deb "$debs"/libsynthuevent-dev_*.deb > /dev/null ||
	die "no uevent-trigger and libsynthuevent-dev .deb in $debs"
# The shared library's package, where the packages' commit has it.
mapfile -t debfiles < <(ls "$debs"/uevent-trigger_*.deb \
	"$debs"/libsynthuevent-dev_*.deb "$debs"/libsynthuevent0_*.deb 2>/dev/null)

# The source line and the versions, from the host's mirror.
# shellcheck disable=SC2086
closure=$(suite_closure "$suite" $pkgs) || die "no package closure for $suite"
source_line=$(cat "$SYNTH_CACHE/apt/$suite/sources.list")
key1=$( {
	echo "$suite"
	echo "$closure"
	echo "$pkgs"
	sed -n '/^# mmdebstrap-begin/,/^# mmdebstrap-end/p' "$0"
} | sha256sum | cut -c1-16)
base=$top/base-$key1

exec 9> "$top/.lock"
flock 9
# Roots and disks not used for a week go (about 2 GB each); a root in use
# is touched on every call.
find "$top" -mindepth 2 -maxdepth 2 -name used -mtime +7 -printf '%h\n' |
	while read -r d; do
		log "removing $d, unused for a week"
		rm -rf "$d"
	done

# mmdebstrap-begin
if [ ! -e "$base/done" ]; then
	log "mmdebstrap $suite into $base (packages: ${pkgs//$'\n'/ })"
	rm -rf "$base"
	mkdir -p "$base"
	# No documentation; the kernel's postinst makes an initramfs we
	# never use (ours are made per boot), which costs a minute only.
	phase mmdebstrap mmdebstrap --variant=minbase \
		--include="$(printf '%s' "$pkgs" | tr -s ' \n' ,)" \
		--dpkgopt='path-exclude=/usr/share/man/*' \
		--dpkgopt='path-exclude=/usr/share/doc/*' \
		--dpkgopt='path-include=/usr/share/doc/*/copyright' \
		--dpkgopt='path-exclude=/usr/share/locale/*' \
		--aptopt='Acquire::Languages "none"' \
		"$suite" "$base/root" "$source_line" >&2 ||
		die "mmdebstrap failed"
	touch "$base/done"
fi
# mmdebstrap-end
touch "$base/used"

debsum=$(for f in "${debfiles[@]}"; do
	dpkg-deb -f "$f" Package Version
	dpkg-deb --fsys-tarfile "$f" | sha256sum
done | sha256sum | cut -c1-16)
key2=$( {
	echo "$key1"
	echo "$layout"
	echo "$debsum"
	cat "$0"
	(cd "$here/qemu-test/lvm-root" && find . -type f | LC_ALL=C sort |
		while read -r f; do echo "$f"; cat "$f"; done)
} | sha256sum | cut -c1-16)
out=$top/$key2
if [ -e "$out/disk.img" ]; then
	touch "$out/used"
	log "cached LVM root: $out"
	echo "$out"
	exit 0
fi

rm -rf "$out.tmp"
mkdir -p "$out.tmp"
root=$out.tmp/root
log "root: $base/root with our packages into $root"
cp -a "$base/root" "$root"

# Our packages, as a user installs them.  The chroot needs /proc and
# /dev for the maintainer scripts (and update-initramfs's trigger).
in_root() {
	# shellcheck disable=SC2016
	unshare --mount --propagation private sh -ec '
		r=$1; shift
		mount -t proc proc "$r/proc"
		mount --rbind /dev "$r/dev"
		mount -t sysfs sysfs "$r/sys"
		chroot "$r" "$@"' sh "$root" "$@"
}
mkdir -p "$root/tmp/debs"
cp "${debfiles[@]}" "$root/tmp/debs/"
in_root sh -c 'dpkg -i /tmp/debs/*.deb' >&2 || die "dpkg -i of our packages failed"
rm -rf "$root/tmp/debs"

# The boot's own files: the report unit, the initramfs scripts.
cp -a "$here/qemu-test/lvm-root/." "$root/"
chown -R 0:0 "$root/etc/systemd/system" "$root/etc/initramfs-tools" \
	"$root/usr/local/sbin"
in_root systemctl enable synth-lvm-report.service >&2
# A console with no login prompt and no network wait: the report is
# what the boot is for.
in_root systemctl mask serial-getty@ttyS0.service getty@tty1.service \
	systemd-timesyncd.service >&2 2>/dev/null || true
echo lvmroot > "$root/etc/hostname"
luks_uuid=
if [ "$layout" = luks ]; then
	luks_uuid=$(cat /proc/sys/kernel/random/uuid)
	install -d -m 0700 "$root/etc/keys"
	head -c 64 /dev/urandom > "$root/etc/keys/root.key"
	chmod 0400 "$root/etc/keys/root.key"
	echo "cryptroot UUID=$luks_uuid /etc/keys/root.key luks,initramfs" > "$root/etc/crypttab"
	mkdir -p "$root/etc/cryptsetup-initramfs"
	echo 'KEYFILE_PATTERN="/etc/keys/*.key"' >> "$root/etc/cryptsetup-initramfs/conf-hook"
	echo 'UMASK=0077' >> "$root/etc/initramfs-tools/initramfs.conf"
	echo "$luks_uuid" > "$out.tmp/luks-uuid"
fi
printf '/dev/mapper/vg0-root / ext4 errors=remount-ro 0 0\n' > "$root/etc/fstab"

# The stock kernel's release.
rel=$(find "$root/boot" -maxdepth 1 -name 'vmlinuz-*' -printf '%f\n' |
	sed 's/^vmlinuz-//' | sort -V | tail -n1)
[ -n "$rel" ] || die "no stock kernel in $root/boot"
echo "$rel" > "$out.tmp/release"
# With nothing enabled (the package's default setting) dpkg -i makes no
# image again (debian/uevent-trigger.postinst activates update-initramfs's
# trigger only with the setting enabled): that image holds nothing of
# ours (the packages of an older commit, --debs, put the tool in it).
ours_in=$(in_root lsinitramfs "/boot/initrd.img-$rel" |
	grep -x -e 'usr/bin/uevent-trigger' -e 'usr/lib/udev/initramfs-coldplug' |
	paste -sd' ') || true
log "update-initramfs after dpkg -i: /boot/initrd.img-$rel holds ${ours_in:-nothing of uevent-trigger}"
in_root dpkg-query -W > "$out.tmp/packages"

# The ext4 image of the root, sized to its contents with room to spare;
# then the provisioning guest puts it on LVM.
used=$(du -sm "$root" | cut -f1)
fs_mb=$((used + used / 2 + 256))
log "ext4 image of $used MB used, $fs_mb MB"
mke2fs -q -F -t ext4 -L root -d "$root" "$out.tmp/root.ext4" "${fs_mb}M" >&2 ||
	die "mke2fs failed"
# The disk: the LV, LVM's metadata and alignment.
disk_mb=$((fs_mb + 64))
truncate -s "${disk_mb}M" "$out.tmp/disk.img"
drives=(-drive "file=$out.tmp/disk.img,format=raw,if=virtio")
src=/dev/vdb
if [ "$layout" = md ]; then
	# md's metadata and bitmap on top.
	truncate -s "$((disk_mb + 64))M" "$out.tmp/disk.img"
	truncate -s "$((disk_mb + 64))M" "$out.tmp/disk2.img"
	drives+=(-drive "file=$out.tmp/disk2.img,format=raw,if=virtio")
	src=/dev/vdc
fi
# LUKS2's header.
[ "$layout" = luks ] && truncate -s "$((disk_mb + 64))M" "$out.tmp/disk.img"
echo "$layout" > "$out.tmp/layout"
console=$out.tmp/provision.console
# The provisioning guest boots the root's own kernel with the initramfs
# that dpkg -i made (the stock coldplug loads virtio; synth-provision
# loads dm-mod): no kernel of ours to build first.
log "provisioning guest: pvcreate, vgcreate, lvcreate, the copy"
timeout -s KILL 900 qemu-system-x86_64 \
	-machine q35 -cpu max -m 1024 -smp 2 \
	-display none -no-reboot -nodefaults -serial "file:$console" \
	"${drives[@]}" \
	-drive "file=$out.tmp/root.ext4,format=raw,if=virtio,readonly=on" \
	-kernel "$root/boot/vmlinuz-$rel" -initrd "$root/boot/initrd.img-$rel" \
	-append "console=ttyS0 panic=-1 root=$src ro rootfstype=ext4 fsck.mode=skip synth.layout=$layout${luks_uuid:+ synth.luks_uuid=$luks_uuid} init=/usr/local/sbin/synth-provision" \
	< /dev/null > "$out.tmp/provision.qemu" 2>&1 || true
if ! grep -q '^SYNTH-PROVISION OK' "$console"; then
	tail -n 40 "$console" >&2
	die "provisioning failed (console: $console)"
fi
rm -f "$out.tmp/root.ext4"
touch "$out.tmp/used"
rm -rf "$out"
mv "$out.tmp" "$out"
log "LVM root ready: $out"
echo "$out"
