#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# systemd-root.sh UDEV
#
# The root of the systemd-booted guest (qemu-test/systemd-boot.sh) for one
# udev release (247 bullseye, 262 sid, or any UDEV of scripts/lib.sh's
# udev_suite), cached, and print the directory holding it:
#
#   root.cpio.gz   the root file system as a gzip'ed newc cpio, booted as
#                  the kernel's initramfs with rdinit=/sbin/init: that
#                  suite's systemd as PID 1, systemd-sysv, udev and
#                  util-linux (unshare), made by mmdebstrap --variant=minbase
#                  with the suite's own units and sockets as shipped; only
#                  what would stop an unattended boot is masked (gettys,
#                  firstboot, apt's timers) and /etc/machine-id is fixed;
#   packages       dpkg-query -W of the root;
#   info           suite=, systemd= (the version of the systemd package),
#                  udev= (its major version, as udevadm --version says).
#
# Nothing of this work tree's tool is in it: systemd-boot.sh appends a
# second cpio per boot (the tool, the suite, its unit and udev rules), so
# the root is cached on the package versions and the recipe alone.
#
# The cache key: the suite, the versions of every package installed (the
# dependency closure of the packages asked for and of the Essential set,
# from scripts/debian-suite.sh's private lists of that suite), the package
# list and the recipe (the lines between "recipe-begin" and "recipe-end").
# Under $SYNTH_CACHE/sysdroot/SUITE-KEY/; one not used for a week goes.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"

udev=${1:?usage: systemd-root.sh UDEV}
suite=$(udev_suite "$udev") || exit 1
[ "$suite" != host ] || die "systemd-root.sh: a Debian suite, not the host"
[ "$(id -u)" = 0 ] || die "systemd-root.sh needs root (mmdebstrap)"
need_pkgs mmdebstrap cpio gzip >&2

pkgs="systemd systemd-sysv udev util-linux"
top=$SYNTH_CACHE/sysdroot
mkdir -p "$top"

# shellcheck disable=SC2086
closure=$(suite_closure "$suite" $pkgs) || die "no package closure for $suite"
source_line=$(cat "$SYNTH_CACHE/apt/$suite/sources.list")
key=$( {
	echo "$suite"
	echo "$closure"
	echo "$pkgs"
	sed -n '/^# recipe-begin/,/^# recipe-end/p' "$0"
} | sha256sum | cut -c1-16)
out=$top/$suite-$key

exec 9> "$top/.lock.$suite"
flock 9
find "$top" -mindepth 2 -maxdepth 2 -name used -mtime +7 -printf '%h\n' |
	while read -r d; do
		log "removing $d, unused for a week"
		rm -rf "$d"
	done
if [ -e "$out/root.cpio.gz" ]; then
	touch "$out/used"
	log "cached systemd root ($suite): $out"
	echo "$out"
	exit 0
fi

# recipe-begin
# Acquire::Check-Valid-Until: a mirror frozen at a date (a snapshot) has a
# Release file past its Valid-Until, as scripts/debian-suite.sh tolerates
# by keeping its lists; the signature is still checked.
rm -rf "$out.tmp"
mkdir -p "$out.tmp"
root=$out.tmp/root
log "mmdebstrap $suite into $root (packages: $pkgs)"
phase "mmdebstrap-$suite" mmdebstrap --variant=minbase \
	--include="$(printf '%s' "$pkgs" | tr -s ' \n' ,)" \
	--dpkgopt='path-exclude=/usr/share/man/*' \
	--dpkgopt='path-exclude=/usr/share/doc/*' \
	--dpkgopt='path-include=/usr/share/doc/*/copyright' \
	--dpkgopt='path-exclude=/usr/share/locale/*' \
	--aptopt='Acquire::Languages "none"' \
	--aptopt='Acquire::Check-Valid-Until "false"' \
	"$suite" "$root" "$source_line" >&2 || die "mmdebstrap $suite failed"
# An unattended boot: no login prompts, no first-boot questions, no apt
# timers; everything else (udevd's service and sockets above all) as
# shipped.
for u in getty@tty1.service serial-getty@ttyS0.service \
	serial-getty@ttyS1.service console-getty.service \
	systemd-firstboot.service apt-daily.timer apt-daily-upgrade.timer \
	systemd-timesyncd.service getty-static.service e2scrub_reap.service \
	e2scrub_all.timer; do
	ln -sfn /dev/null "$root/etc/systemd/system/$u"
done
echo 5e7d0c0ffee0d15ea5e5e7d0c0ffee00 > "$root/etc/machine-id"
echo synth-systemd > "$root/etc/hostname"
: > "$root/etc/fstab"
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*
dpkg-query --admindir="$root/var/lib/dpkg" -W > "$out.tmp/packages"
[ -x "$root/sbin/init" ] || [ -L "$root/sbin/init" ] || die "no /sbin/init in $root"
{
	echo "suite=$suite"
	echo "systemd=$(awk '$1 == "systemd" { print $2 }' "$out.tmp/packages")"
	echo "udev=$(awk '$1 == "udev" { print $2 }' "$out.tmp/packages" |
		sed 's/^[0-9]*://; s/[^0-9].*//')"
} > "$out.tmp/info"
log "packing $root into root.cpio.gz"
(cd "$root" && find . -mindepth 1 | LC_ALL=C sort |
	cpio -o -H newc --quiet) | gzip -1 > "$out.tmp/root.cpio.gz"
rm -rf "$root"
# recipe-end
touch "$out.tmp/used"
rm -rf "$out"
mv "$out.tmp" "$out"
log "systemd root ready: $out ($(du -h "$out/root.cpio.gz" | cut -f1))"
echo "$out"
