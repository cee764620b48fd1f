#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# lvm-boot.sh [--boots N] [--jobs N] [--kernels "patched stock"]
#             [--cases "plain slow resume"] [--debs DIR] [--layout lvm|md]
#             [--ours-setting KEY=VALUE]... [--without-hook] [--out FILE]
#             [--docs FILE] [--timeout SECONDS]
#             [--initramfs initramfs-tools|dracut-systemd|dracut-shell]
#             [--dracut-suite bookworm|trixie|sid] [--boot-files-from REV]
#
# A real boot of a Debian root on LVM: the root of qemu-test/lvm-root.sh
# (bookworm, systemd, lvm2, initramfs-tools and our packages) on logical
# volume vg0/root of a virtio disk, root=/dev/vg0/root, with an initramfs
# made by that root's own mkinitramfs (in a chroot, our hook among its
# hooks), on two kernels: "patched", kernel/build.sh 7.2 lvm patches (the
# series, everything built in), and "stock", Debian's linux-image-amd64
# installed in the root (its modules in the initramfs).
#
# Per kernel, two initramfs images that differ only by the root's
# /etc/default/uevent-trigger: "ours" with UEVENT_TRIGGER_COLDPLUG=yes and
# UEVENT_TRIGGER_WAIT_FOR_UDEV=yes (the coldplug and scripts/local's
# wait_for_udev wait for their own events), "stock" with both no (the
# udev package's coldplug, udevadm settle).  Every image holds the slow
# rule qemu-test/lvm-slow.rules (10 s for the add event of a virtio-rng
# device) and the root's marks (lvm-root/etc/initramfs-tools).
#
# Boots, N of each (default 3), ours and stock side by side (--jobs, 2):
#   plain   the boot as it is;
#   slow    synth.hotplug=yes: after the coldplug the guest asks for the
#           virtio-rng device and QEMU's monitor hot-plugs it (device_add
#           on a PCIe root port); its add event is in udevd's queue, its
#           rule running, while scripts/local waits for the root device.
#
# Each boot is judged on positive evidence from the serial console, never
# on QEMU's exit status: the initramfs mounted root (SYNTH-MARK
# root-mounted), systemd as PID 1 of the root on that kernel reported
# / as ext4 on /dev/vg0/root, device-mapper device vg0-root with LVM's dm
# UUID (synth-lvm-report), ours left the coldplug's JSON report in
# /run/initramfs (udevd waited on, done, no fallback) and stock did not,
# no panic nor initramfs shell; in a slow boot the rule started, and
# root was mounted less than 10 s after its start with ours, before the
# rule's end (nobody waited for it), and 8 s or more after it with stock
# (udevadm settle waited for it, up to its 10 s timeout; else the case
# proves nothing).
#   resume  slow, and resume=/dev/vg0/root on the kernel command line:
#           initramfs-tools' local-premount/resume looks for the resume
#           device (local_device_setup, its wait_for_udev) in its own
#           process after the root is found; the root LV holds no
#           hibernation image, so nothing resumes, but stock's
#           "udevadm settle" there waits for the slow rule again.
#
# Fault cases (--cases; "faults" is all nine), each an ours image with
# one fault, booted once per kernel (no stock twin), which must reach the
# root with udev's coldplug or ours and say why:
#   badconf    'UEVENT_TRIGGER_TIMEOUT= 60' in the root's setting (issue
#              18's typo): the hook refuses it (its W: line in the
#              mkinitramfs output), nothing of ours in the image, udev's
#              coldplug;
#   confimage  the same line added to the image's copy after our hook (a
#              later hook): at boot our coldplug cannot read it, says so
#              on the console, udev's coldplug;
#   notool     the tool removed from the image by a later hook: said,
#              udev's coldplug;
#   crash      the tool replaced by one killed by SIGSEGV: said, udev's
#              coldplug;
#   devfail    lvm-fail.rules in the image: the udev worker of /dev/null's
#              add event is killed, the event fails, the tool exits 1:
#              our coldplug stands (no second coldplug), the console
#              lists that one device once.
#   hang       the tool replaced by one that never returns, with
#              UEVENT_TRIGGER_TIMEOUT=5: the coldplug's watchdog stops it
#              after 5 s and the grace of 30 s, said, udev's coldplug;
#   stop       the same with a tool that stops itself (SIGSTOP);
#   partial    the tool replaced by one that reports a run stopped
#              partway (status error, a PCI host bridge never written)
#              and exits 1: said, udev's coldplug (before, the coldplug
#              stood and the disk's controller never got its event);
#   timeout00  UEVENT_TRIGGER_TIMEOUT=00 added to the image's setting
#              (the tool reads 00 as "never"): said, udev's coldplug.
#
# Coldplug forms (--cases), each an ours image with another coldplug in
# our coldplug's place, booted once per kernel beside plain's ours and
# stock, to measure the four forms in one run (docs/boot.md):
#   nocons     our coldplug with --settle for --wait-consequences (ours
#              without the consequences);
#   trigsettle "udevadm trigger --settle" (subsystems, then devices) in
#              our coldplug's place: udev's waits for its own events
#              (--uuid lists them: a line per event written);
# plain's ours is ours with the consequences, plain's stock udevadm
# trigger and udevadm settle.  Every boot's report says how many events
# the coldplug waited for (SYNTH-LVM-EVENTS: emitted while it ran, what
# settle waits for; triggered by trigger --settle; our devices and
# consequences), and plain's ours on the stock kernel must list the
# virtio disk, and the partition of a data disk beside it, as
# consequences of a PCI device's event, and every consequence processed
# (SYNTH-LVM-CAUSED).
#
# --layout md: the root's PV is an md RAID1 of two virtio disks
# (lvm-root.sh --layout md, mdadm in the root); --layout luks: a LUKS2
# volume on the disk, opened by a keyfile in the image
# (cryptsetup-initramfs).  Checked in systemd's report: what lies under
# the LV's device-mapper device (vda; md on vda and vdb; dm-crypt on
# vda).
#
# --debs DIR: our packages from DIR (lvm-root.sh --debs), e.g. another
# commit's, to show a check failing there.
#
# --ours-setting KEY=VALUE: one more setting of the ours images (e.g.
# UEVENT_TRIGGER_WAIT_FOR_UDEV=no); --without-hook: the ours images made
# without our initramfs-tools hook.  Both exist to show that the checks
# fail when our part is missing.
#
# Prints a line per boot and a table of times (seconds since the kernel
# started: coldplug done, root mounted, systemd's report), writes the table
# to --out (default $LOGDIR/boot.md) and, with --docs FILE, between the
# lines "<!-- lvm-boot begin -->" and "<!-- lvm-boot end -->" of FILE
# (docs/boot.md; "<!-- lvm-boot dracut-systemd begin -->" and so on with
# --initramfs) with the commit and the date, and exits 1 when a boot
# fails.  Logs: $LOGDIR, check_logdir lvm ($SYNTH_LOGDIR/lvm when set).
#
# --initramfs dracut-systemd|dracut-shell: the images are made by
# Debian's dracut (bookworm's 059, its .deb files from the host's mirror
# by scripts/debian-suite.sh, unpacked into the overlay of the root in
# place of initramfs-tools), "dracut -N -a 'lvm synth-marks'", in the
# shell flavour with --omit "systemd ..." (no 98dracut-systemd); our
# module comes in only through the setting (UEVENT_TRIGGER_COLDPLUG=yes:
# its check() includes it).  The stock kernel only; cases plain, notool
# and crash (the fault put in by the test's own dracut module,
# qemu-test/dracut/99synth-marks, which also prints the marks), and
# cmdoff (rd.uevent_trigger.coldplug=0 on the kernel command line: said,
# udev's coldplug, no report), hang and stop (the tool replaced by one
# that says SYNTH-MARK hang-start, then never returns or stops itself,
# UEVENT_TRIGGER_TIMEOUT=5 in the image: the root must be reached with
# udev's coldplug, the console saying that the watchdog of our coldplug
# stopped the tool after 5 s and the grace of 30 s, the coldplug done
# 5 to 65 s after the tool started); "faults" is those five.  Without
# the watchdog, the systemd drop-in's TimeoutStartSec= (5 + 30 + 30 s)
# and its ExecStopPost= still bring udev's coldplug (said differently).
# --dracut-suite bookworm|trixie|sid: the dracut packages of that suite
# (059, 106, 112; default bookworm), unpacked in the bookworm root.  With
# sid's 112 the shell flavour runs only the plain case: its ours image
# must hold nothing of our coldplug (dracut says why: init.sh has no
# settle after its triggers), and our pre-trigger hook, if there, must
# never answer a udevadm call.
# --boot-files-from REV: the boot files (tools/boot: hook, coldplug,
# dracut module) of commit REV installed over the package's in the
# overlay (make install-boot), e.g. main's, to show a check failing
# there; by default those of this work tree are installed the same way
# in dracut mode (the package in the cached root may be older);
# "--boot-files-from package": none, the installed package's as they are
# (with --debs of this tree's packages: the module as users get it).
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"

boots=3 jobs=2 kernels="patched stock" out='' nohook='' docs='' debs=''
cases="plain slow"
layout=lvm
all_faults="badconf confimage notool crash devfail hang stop partial timeout00"
all_forms="nocons trigsettle"
ours_settings=(UEVENT_TRIGGER_COLDPLUG=yes UEVENT_TRIGGER_WAIT_FOR_UDEV=yes)
timeout=600
initramfs="initramfs-tools"
bootfiles_from=
dracut_suite=bookworm
while [ $# -gt 0 ]; do
	case "$1" in
	--boots) boots=$2; shift 2 ;;
	--jobs) jobs=$2; shift 2 ;;
	--kernels) kernels=$2; shift 2 ;;
	--cases) cases=${2//,/ }; shift 2 ;;
	--debs) debs=$2; shift 2 ;;
	--layout) layout=$2; shift 2 ;;
	--ours-setting) ours_settings+=("$2"); shift 2 ;;
	--without-hook) nohook=1; shift ;;
	--out) out=$2; shift 2 ;;
	--docs) docs=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--initramfs) initramfs=$2; shift 2 ;;
	--boot-files-from) bootfiles_from=$2; shift 2 ;;
	--dracut-suite) dracut_suite=$2; shift 2 ;;
	*) die "lvm-boot.sh: unknown argument '$1'" ;;
	esac
done
case "$boots$jobs" in
*[!0-9]*) die "--boots and --jobs take numbers" ;;
esac
case "$initramfs" in
initramfs-tools) ;;
dracut-systemd | dracut-shell)
	kernels=stock
	all_faults="notool crash cmdoff hang stop"
	case "$dracut_suite" in
	bookworm | trixie | sid) ;;
	*) die "--dracut-suite bookworm, trixie or sid" ;;
	esac
	# 112's init.sh has no settle after its triggers: our module puts
	# nothing of its coldplug in the shell image, and the ours plain
	# boot checks just that.
	[ "$initramfs:$dracut_suite:${cases// /}" = dracut-shell:sid:plain ] ||
		[ "$initramfs:$dracut_suite" != dracut-shell:sid ] ||
		die "--initramfs dracut-shell --dracut-suite sid: --cases plain only (dracut 112: nothing of our coldplug in the image)"
	;;
*) die "--initramfs initramfs-tools, dracut-systemd or dracut-shell" ;;
esac
cases=${cases//faults/$all_faults}
for c in $cases; do
	case " plain slow resume $all_faults $all_forms " in
	*" $c "*) ;;
	*) die "unknown case '$c': plain slow resume $all_faults (or faults) $all_forms" ;;
	esac
	[ "$initramfs" != initramfs-tools ] && { [ "$c" = slow ] || [ "$c" = resume ]; } &&
		die "no slow case with --initramfs $initramfs"
done
# A fault or a form: an ours image of its own, no stock twin.
is_fault() {
	case " $all_faults $all_forms " in *" $1 "*) return 0 ;; esac
	return 1
}
[ "$(id -u)" = 0 ] || die "lvm-boot.sh needs root (chroot, mount namespaces)"

logdir=${SYNTH_LOGDIR:-$(check_logdir lvm)}
[ -n "${SYNTH_LOGDIR:-}" ] && logdir=$logdir/lvm
rm -rf "$logdir"
mkdir -p "$logdir"
[ -n "$out" ] || out=$logdir/boot.md

need_pkgs qemu-system-x86 util-linux >&2

# A data disk with an MS-DOS partition table and one partition (sectors
# 2048 to the end of its 8 MiB), written by hand: on Debian's kernel its
# disk and partition are added while virtio_blk, loaded by a rule, probes
# it, and must be listed as consequences of a PCI device's event.
data=$logdir/data.img
truncate -s 8M "$data"
printf '\000\000\000\000\203\000\000\000\000\010\000\000\000\070\000\000' |
	dd of="$data" bs=1 seek=446 conv=notrunc status=none
printf '\125\252' | dd of="$data" bs=1 seek=510 conv=notrunc status=none

lvmroot=$(phase lvm-root "$here/qemu-test/lvm-root.sh" --layout "$layout" \
	${debs:+--debs "$debs"}) ||
	die "no LVM root (qemu-test/lvm-root.sh failed)"
root=$lvmroot/root

# dracut: Debian's packages (unpacked, not configured: no image is made
# for every kernel at install time), and the boot files to install.
# Another suite's dracut: its dracut-install needs a newer libc and
# libkmod than bookworm's (106: GLIBC_2.38, LIBKMOD_33; 112 also
# LIBSYSTEMD_257), so it runs on its own suite's (the closure of
# dracut-install, in DIR/run, unpacked under /opt in the overlay and
# started by its own loader); everything else, and every file dracut
# puts in the image, is the bookworm root's.
dracut_debs=
if [ "$initramfs" != initramfs-tools ]; then
	dracut_debs=$SYNTH_CACHE/dracut-debs/$dracut_suite
	rm -rf "$dracut_debs"
	mkdir -p "$dracut_debs"
	phase dracut-debs "$here/scripts/debian-suite.sh" bookworm download --only \
		"$dracut_debs" kpartx pkg-config pkgconf pkgconf-bin libpkgconf3 >&2 ||
		die "no dracut packages"
	if [ "$dracut_suite" = bookworm ]; then
		phase dracut-debs-bookworm "$here/scripts/debian-suite.sh" bookworm \
			download --only "$dracut_debs" dracut dracut-core >&2 ||
			die "no dracut packages"
	else
		# Not the package dracut there: kernel hooks and an
		# update-initramfs, which dpkg will not put over
		# initramfs-tools' (112).
		phase "dracut-debs-$dracut_suite" "$here/scripts/debian-suite.sh" \
			"$dracut_suite" download --only "$dracut_debs" \
			dracut-core dracut-install >&2 ||
			die "no dracut packages of $dracut_suite"
		phase "dracut-install-$dracut_suite" "$here/scripts/debian-suite.sh" \
			"$dracut_suite" download "$dracut_debs/run" dracut-install >&2 ||
			die "no libraries for dracut-install of $dracut_suite"
	fi
fi
bootsrc=
if [ "$bootfiles_from" = package ]; then
	log "boot files: the packages' own, as installed in the root"
elif [ -n "$bootfiles_from" ]; then
	bootsrc=$logdir/bootfiles
	mkdir -p "$bootsrc"
	git -C "$here" archive "$bootfiles_from" tools/Makefile tools/boot |
		tar -x -C "$bootsrc" || die "no tools/boot at $bootfiles_from"
	log "boot files of $bootfiles_from ($(git -C "$here" rev-parse --short "$bootfiles_from"))"
elif [ "$initramfs" != initramfs-tools ]; then
	bootsrc=$here
fi
declare -A kimage krel kconf
for k in $kernels; do
	case "$k" in
	patched)
		kdir=$(phase kernel-7.2-lvm "$here/kernel/build.sh" 7.2 lvm \
			"$here/patches") || die "kernel/build.sh 7.2 lvm patches failed"
		kimage[$k]=$kdir/bzImage
		krel[$k]=$(cat "$kdir/release")
		kconf[$k]=$kdir/config
		;;
	stock)
		krel[$k]=$(cat "$lvmroot/release")
		kimage[$k]=$root/boot/vmlinuz-${krel[$k]}
		kconf[$k]=
		;;
	*) die "unknown kernel '$k': patched or stock" ;;
	esac
done

# fault_files FAULT: a directory with the stand-in tool of FAULT
# (uevent-trigger) and the lines it adds to the image's setting
# (setting): hang, a tool that never returns; stop, one that stops
# itself; both with a timeout of 5 s (the coldplug's watchdog stops them
# 35 s in); partial, one that reports a run stopped partway (EPERM, a
# PCI host bridge never written) and exits 1, having written nothing.
fault_files() {
	local d=$logdir/fault-files-$1
	rm -rf "$d"
	mkdir -p "$d"
	: > "$d/setting"
	case "$1" in
	hang | stop)
		printf '%s\n' '#!/bin/sh' "$([ "$1" = hang ] && echo 'sleep 100000' || echo 'kill -STOP $$')" \
			> "$d/uevent-trigger"
		echo UEVENT_TRIGGER_TIMEOUT=5 > "$d/setting"
		;;
	trigsettle)
		cat > "$d/coldplug" <<-'EOF'
		#!/bin/sh
		# lvm-boot.sh's trigsettle form, in our coldplug's place.
		# --uuid: a line for each event written, which --settle waits for.
		udevadm trigger --type=subsystems --action=add --settle --uuid > /run/synth-trigsettle.list
		udevadm trigger --type=devices --action=add --settle --uuid >> /run/synth-trigsettle.list
		exit 0
		EOF
		;;
	partial)
		cat > "$d/uevent-trigger" <<-'EOF'
		#!/bin/sh
		echo '{"uuid":"u","action":"add","wait_source":"udev","fell_back":false,"status":"error","devices":[{"syspath":"/sys/devices/pci0000:00","seqnum":0,"outcome":"pending"}],"summary":{"pending":1}}'
		echo "uevent-trigger: /sys/devices/pci0000:00/uevent: Permission denied" >&2
		exit 1
		EOF
		;;
	esac
	echo "$d"
}

# mkinitrd KERNEL MODE : the root's own mkinitramfs, in a chroot on an
# overlay of the root (nothing in the cached root changes), with the
# setting of MODE in /etc/default/uevent-trigger and the slow rule in
# /etc/udev/rules.d (the udev hook takes local rules).  The patched
# kernel has no module: an empty /lib/modules/RELEASE, depmod'ed, and its
# config in /boot for mkinitramfs's compression check.
mkinitrd() {
	local k=$1 mode=${2%%-*} fault='' img=$logdir/initrd-$1-$2.img ov settings=()
	[ "$2" = "$mode" ] || fault=${2#*-}
	ov=$(mktemp -d "$logdir/overlay.XXXXXX")
	mkdir -p "$ov/upper" "$ov/work" "$ov/root"
	if [ "$mode" = ours ]; then
		settings=("${ours_settings[@]}")
	else
		settings=(UEVENT_TRIGGER_COLDPLUG=no UEVENT_TRIGGER_WAIT_FOR_UDEV=no)
	fi
	[ "$fault" = badconf ] && settings+=("UEVENT_TRIGGER_TIMEOUT= 60")
	# shellcheck disable=SC2016
	unshare --mount --propagation private bash -ec '
		root=$1 ov=$2 rel=$3 kconf=$4 rules=$5 nohook=$6 img=$7 fault=$8
		failrules=$9 initramfs=${10} dracut_debs=${11} bootsrc=${12}
		marks=${13} faultdir=${14}
		shift 14
		m=$ov/root
		mount -t overlay overlay \
			-o "lowerdir=$root,upperdir=$ov/upper,workdir=$ov/work" "$m"
		mount -t proc proc "$m/proc"
		mount --rbind /dev "$m/dev"
		mount -t sysfs sysfs "$m/sys"
		mount -t tmpfs tmpfs "$m/tmp"
		conf=$m/etc/default/uevent-trigger
		if [ -n "$bootsrc" ]; then
			echo "--- boot files of $bootsrc (make install-boot):"
			make -s -C "$bootsrc/tools" install-boot DESTDIR="$m" \
				PREFIX=/usr SYSCONFDIR=/etc > /dev/null
			ls -l "$m/usr/lib/dracut/modules.d/90uevent-trigger"
		fi
		for s; do
			grep -q "^${s%%=*}=" "$conf" || {
				echo "no ${s%%=*} in /etc/default/uevent-trigger" >&2
				exit 1
			}
			sed -i "s/^${s%%=*}=.*/$s/" "$conf"
		done
		if [ "$initramfs" != initramfs-tools ]; then
			# hang, stop: a short timeout, so that the watchdog of the
			# coldplug (timeout + 30 s) and TimeoutStartSec= of the
			# drop-in (timeout + 60 s) come soon.
			[ "$fault" = hang ] || [ "$fault" = stop ] &&
				sed -i "s/^UEVENT_TRIGGER_TIMEOUT=.*/UEVENT_TRIGGER_TIMEOUT=5/" "$conf"
			echo "--- /etc/default/uevent-trigger:"
			grep "^UEVENT" "$conf"
			echo "--- dracut unpacked:"
			mkdir -p "$m/tmp/debs"
			cp "$dracut_debs"/*.deb "$m/tmp/debs/"
			chroot "$m" sh -c "dpkg --force-conflicts --force-depends --unpack /tmp/debs/*.deb" > /dev/null
			chroot "$m" dpkg-query -W dracut-core
			if [ -d "$dracut_debs/run" ]; then
				rt=/opt/synth-dracut-run
				mkdir -p "$m$rt"
				for d in "$dracut_debs"/run/*.deb; do
					dpkg-deb -x "$d" "$m$rt"
				done
				ld=$(cd "$m$rt" && find . -name ld-linux-x86-64.so.2 -type f | head -n1)
				[ -n "$ld" ] || { echo "no loader in $dracut_debs/run" >&2; exit 1; }
				# The programs of dracut that need that libc:
				# dracut-install, and lsinitrd helpers (skipcpio,
				# extractinitrd), whichever the version has.
				for b in dracut-install skipcpio extractinitrd; do
					[ -f "$m/usr/lib/dracut/$b" ] || continue
					[ "$b" = dracut-install ] ||
						mv "$m/usr/lib/dracut/$b" "$m$rt/usr/lib/dracut/$b"
					printf "%s\n" "#!/bin/sh" \
						"exec $rt/${ld#./} --library-path $rt/usr/lib/x86_64-linux-gnu:$rt/lib/x86_64-linux-gnu $rt/usr/lib/dracut/$b \"\$@\"" \
						> "$m/usr/lib/dracut/$b"
					chmod 0755 "$m/usr/lib/dracut/$b"
					echo "--- $b on the libraries of its own suite:"
					cat "$m/usr/lib/dracut/$b"
				done
				chroot "$m" /usr/lib/dracut/dracut-install --version
			fi
			cp -r "$marks" "$m/usr/lib/dracut/modules.d/"
			case "$fault" in
			notool | crash | hang | stop) echo "$fault" > "$m/etc/synth-dracut-fault" ;;
			esac
			omit=
			[ "$initramfs" = dracut-shell ] &&
				omit="systemd systemd-initrd systemd-udevd dracut-systemd systemd-journald systemd-sysusers systemd-tmpfiles systemd-modules-load systemd-sysctl systemd-ask-password"
			echo "--- dracut -N -a \"lvm synth-marks\"${omit:+ --omit \"$omit\"}"
			chroot "$m" dracut -N --force --verbose --compress zstd \
				-a "lvm synth-marks" ${omit:+--omit "$omit"} \
				--kver "$rel" /tmp/initrd.img
			echo "--- the image:"
			chroot "$m" lsinitrd /tmp/initrd.img |
				grep -E "uevent-trigger|synth|systemd-udev-trigger|pre-trigger|dracut-systemd" || true
			cp "$m/tmp/initrd.img" "$img"
			exit 0
		fi
		cp "$rules" "$m/etc/udev/rules.d/99-synth-slow.rules"
		# The faults put in the image after our hook (PREREQ).
		fh=$m/etc/initramfs-tools/hooks/zz-synth-fault
		case "$fault" in
		confimage) act="echo \"UEVENT_TRIGGER_TIMEOUT= 60\" >> \"\$DESTDIR/etc/default/uevent-trigger\"" ;;
		notool) act="rm -f \"\$DESTDIR/usr/bin/uevent-trigger\"" ;;
		crash) act="printf \"#!/bin/sh\\nkill -SEGV \\\$\\\$\\n\" > \"\$DESTDIR/usr/bin/uevent-trigger\"; chmod 0755 \"\$DESTDIR/usr/bin/uevent-trigger\"" ;;
		devfail) cp "$failrules" "$m/etc/udev/rules.d/99-synth-fail.rules"; act= ;;
		hang | stop | partial)
			# The stand-in and the setting lines made by fault_files.
			cp -r "$faultdir" "$m/etc/synth-fault"
			act="cp /etc/synth-fault/uevent-trigger \"\$DESTDIR/usr/bin/uevent-trigger\"; chmod 0755 \"\$DESTDIR/usr/bin/uevent-trigger\"; cat /etc/synth-fault/setting >> \"\$DESTDIR/etc/default/uevent-trigger\""
			;;
		timeout00) act="echo UEVENT_TRIGGER_TIMEOUT=00 >> \"\$DESTDIR/etc/default/uevent-trigger\"" ;;
		nocons) act="sed -i s/--wait-consequences/--settle/ \"\$DESTDIR/usr/lib/udev/initramfs-coldplug\"; grep -n -e --settle -e --wait-consequences \"\$DESTDIR/usr/lib/udev/initramfs-coldplug\"" ;;
		trigsettle)
			cp -r "$faultdir" "$m/etc/synth-fault"
			act="cp /etc/synth-fault/coldplug \"\$DESTDIR/usr/lib/udev/initramfs-coldplug\"; chmod 0755 \"\$DESTDIR/usr/lib/udev/initramfs-coldplug\""
			;;
		*) act= ;;
		esac
		if [ -n "$act" ]; then
			printf "%s\n" "#!/bin/sh" "PREREQ=\"uevent-trigger\"" \
				"[ \"\$1\" = prereqs ] && { echo \"\$PREREQ\"; exit 0; }" \
				"echo \"synth fault $fault: $act\"" "$act" > "$fh"
			chmod 0755 "$fh"
			echo "--- fault hook $fh:"
			cat "$fh"
		fi
		if [ -n "$kconf" ]; then
			mkdir -p "$m/lib/modules/$rel"
			(cd "$m/lib/modules/$rel" &&
				touch modules.order modules.builtin modules.builtin.modinfo)
			cp "$kconf" "$m/boot/config-$rel"
			chroot "$m" depmod "$rel"
		fi
		[ -z "$nohook" ] ||
			rm "$m/usr/share/initramfs-tools/hooks/uevent-trigger"
		echo "--- /etc/default/uevent-trigger:"
		grep "^UEVENT" "$conf"
		chroot "$m" mkinitramfs -v -o /tmp/initrd.img "$rel"
		cp "$m/tmp/initrd.img" "$img"' sh "$root" "$ov" "${krel[$k]}" \
		"${kconf[$k]}" "$here/qemu-test/lvm-slow.rules" \
		"$([ "$mode" = ours ] && echo "$nohook")" "$img" "$fault" \
		"$here/qemu-test/lvm-fail.rules" "$initramfs" "$dracut_debs" \
		"$bootsrc" "$here/qemu-test/dracut/99synth-marks" \
		"$(fault_files "$fault")" "${settings[@]}" \
		> "$logdir/initrd-$k-$2.log" 2>&1
	local rc=$?
	rm -rf "$ov"
	if [ $rc -ne 0 ]; then
		tail -n 30 "$logdir/initrd-$k-$2.log" >&2
		return 1
	fi
	echo "$img"
}

# What the boots run, for scripts/check-matrix.sh's row.
{
	echo "layout=$layout"
	echo "initramfs=$initramfs"
	echo "releases=$(for k in $kernels; do echo "${krel[$k]}"; done | paste -sd, | sed 's/,/, /g')"
	echo "udev=$(awk '$1 == "udev" { print $2 }' "$lvmroot/packages")"
} > "$logdir/info"

# The images: ours and stock for plain and slow, ours-FAULT per fault.
images=()
for c in $cases; do
	if is_fault "$c"; then
		images+=("ours-$c")
	else
		images+=(ours stock)
	fi
done
declare -A initrd
for k in $kernels; do
	for mode in $(printf '%s\n' "${images[@]}" | awk '!seen[$0]++'); do
		initrd[$k-$mode]=$(phase "initrd-$k-$mode" mkinitrd "$k" "$mode") ||
			die "mkinitramfs for $k ($mode) failed: $logdir/initrd-$k-$mode.log"
	done
done

# boot NAME KERNEL MODE CASE : one boot, its console in LOGDIR/NAME.console.
boot() {
	local name=$1 k=$2 mode=$3 case=$4 console=$logdir/$1.console fault=
	is_fault "$case" && fault=$case
	local mon=$logdir/$1.monitor append qpid catpid rc
	append="console=ttyS0 root=/dev/vg0/root ro fsck.mode=skip panic=-1 random.trust_cpu=on"
	# dracut: no shell waiting at the console when the boot fails.
	[ "$initramfs" = initramfs-tools ] || append="$append rd.shell=0 rd.emergency=poweroff"
	[ "$case" = slow ] && append="$append synth.hotplug=yes"
	[ "$case" = resume ] && append="$append synth.hotplug=yes resume=/dev/vg0/root"
	[ "$case" = cmdoff ] && append="$append rd.uevent_trigger.coldplug=0"
	local disk2=()
	[ -e "$lvmroot/disk2.img" ] &&
		disk2=(-drive "file=$lvmroot/disk2.img,format=raw,if=virtio,snapshot=on")
	rm -f "$console" "$mon.in" "$mon.out"
	mkfifo "$mon.in" "$mon.out"
	timeout -s KILL "$timeout" qemu-system-x86_64 \
		-machine q35 -cpu max -m 1024 -smp 2 \
		-display none -no-reboot -nodefaults \
		-serial "file:$console" -monitor "pipe:$mon" \
		-device pcie-root-port,id=rp1,chassis=1,slot=1 \
		-drive "file=$lvmroot/disk.img,format=raw,if=virtio,snapshot=on" \
		"${disk2[@]}" \
		-drive "file=$data,format=raw,if=virtio,snapshot=on" \
		-kernel "${kimage[$k]}" -initrd "${initrd[$k-$mode${fault:+-$fault}]}" \
		-append "$append" < /dev/null > "$logdir/$name.qemu" 2>&1 &
	qpid=$!
	# Drain the monitor's echo; plug the device when the guest asks.
	cat "$mon.out" > /dev/null 2>&1 &
	catpid=$!
	if [ "$case" = slow ] || [ "$case" = resume ]; then
		while kill -0 $qpid 2>/dev/null; do
			if grep -q SYNTH-PLUG-REQUEST "$console" 2>/dev/null; then
				# shellcheck disable=SC2016
				timeout 10 sh -c 'echo "$1" > "$2"' sh \
					"device_add virtio-rng-pci,id=rng1,bus=rp1,disable-legacy=on" \
					"$mon.in"
				break
			fi
			sleep 0.2
		done
	fi
	wait $qpid
	rc=$?
	kill $catpid 2>/dev/null
	echo "$rc" > "$logdir/$name.qemu-rc"
	rm -f "$mon.in" "$mon.out"
}

# mark CONSOLE WORD : the time of "SYNTH-MARK WORD T".
mark() {
	tr -d '\r' < "$1" | sed -n "s/.*SYNTH-MARK $2 \([0-9.]*\).*/\1/p" | head -n1
}

# judge NAME KERNEL MODE CASE : the verdict line, and a line of numbers in
# LOGDIR/times (name kernel mode case coldplug mounted report waited).
judge() {
	local name=$1 k=$2 mode=$3 case=$4 c=$logdir/$1.console problems=()
	local cold mounted report rep start waited=- line
	touch "$c"
	[ "$(cat "$logdir/$name.qemu-rc")" = 137 ] &&
		problems+=("QEMU killed after ${timeout}s")
	cold=$(mark "$c" coldplug-done)
	mounted=$(mark "$c" root-mounted)
	[ -n "$cold" ] || problems+=("no coldplug-done mark")
	[ -n "$mounted" ] || problems+=("the initramfs never mounted root")
	# systemd's report: this kernel, systemd as PID 1, / the ext4 of
	# device-mapper device vg0-root made by LVM (root= names it
	# /dev/vg0/root; /dev/mapper/vg0-root is the same node).
	line=$(tr -d '\r' < "$c" | grep -m1 '^SYNTH-LVM-ROOT ')
	rep="release=${krel[$k]} pid1=systemd source=/dev/vg0/root fstype=ext4 dm=vg0-root dm_uuid=LVM-"
	case "${line/source=\/dev\/mapper\/vg0-root /source=/dev/vg0/root }" in
	"SYNTH-LVM-ROOT $rep uptime="*) report=${line##*uptime=} ;;
	'') problems+=("no report from systemd in the root") ;;
	*) problems+=("report '$line', wanted '$rep'") ;;
	esac
	# The md layout: the LV on an md array of the two disks.
	line=$(tr -d '\r' < "$c" | grep -m1 '^SYNTH-LVM-STACK')
	case "$layout:$line" in
	"lvm:SYNTH-LVM-STACK vda" | "md:SYNTH-LVM-STACK md"*"(vda+vdb)" | "luks:SYNTH-LVM-STACK dm-"*"(vda)") ;;
	*) problems+=("the LV is not on the $layout layout's devices: ${line:-no SYNTH-LVM-STACK line}") ;;
	esac
	# Which coldplug ran: ours leaves its JSON report in /run/initramfs
	# (moved into the root), waited for udevd, done; udev's runs when
	# ours says so on the console ("...: udev's coldplug (udevadm
	# trigger, udevadm settle)").
	line=$(tr -d '\r' < "$c" | grep -m1 '^SYNTH-LVM-COLDPLUG ')
	local said n refused events ev
	said=$(tr -d '\r' < "$c" | grep -a "udev's coldplug (udevadm trigger, udevadm settle)" | head -n1)
	case "$mode:$case" in
	stock:*)
		[ -z "$line" ] ||
			problems+=("uevent-trigger ran the coldplug of a stock image")
		;;
	ours:trigsettle)
		[ -z "$line" ] ||
			problems+=("uevent-trigger ran the coldplug of the trigsettle form")
		[ -z "$said" ] || problems+=("udev's coldplug ran: $said")
		;;
	ours:plain | ours:slow | ours:resume | ours:nocons)
		refused=$(grep -m1 '^W: uevent-trigger: .*nothing of uevent-trigger in this initramfs' \
			"$logdir/initrd-$k-ours.log")
		[ -n "$refused" ] || refused=$(grep -m1 'uevent-trigger: .*not our coldplug in this image' \
			"$logdir/initrd-$k-ours.log")
		[ -z "$refused" ] ||
			problems+=("our hook refused the setting, the image is a stock one: $refused")
		if [ -z "$line" ]; then
			problems+=("no JSON report of uevent-trigger's coldplug in /run/initramfs")
		else
			case "$line" in
			*'"wait_source":"udev"'*'"fell_back":false,"status":"done"'*) ;;
			*) problems+=("uevent-trigger's coldplug: $line") ;;
			esac
		fi
		[ -z "$said" ] || problems+=("udev's coldplug ran: $said")
		[ "$initramfs" != dracut-shell ] ||
			grep -aq "uevent-trigger: coldplug done: init.sh's udevadm trigger and udevadm settle skipped" "$c" ||
			problems+=("init.sh's own coldplug was not skipped (no line from our pre-trigger hook)")
		[ "$initramfs" != dracut-systemd ] ||
			grep -q "uevent-trigger: coldplug of systemd-udev-trigger.service: ours" "$logdir/initrd-$k-ours.log" ||
			problems+=("dracut did not put our drop-in for systemd-udev-trigger.service in the image")
		grep -q 'W: uevent-trigger coldplug: exit status' "$c" &&
			problems+=("uevent-trigger's coldplug failed, the stock one ran after it")
		;;
	ours:badconf)
		grep -q "^W: uevent-trigger: /etc/default/uevent-trigger: .*60: not found: nothing of uevent-trigger in this initramfs" \
			"$logdir/initrd-$k-ours-badconf.log" ||
			problems+=("mkinitramfs did not say why it left the broken setting out (W: uevent-trigger: ...)")
		[ -z "$line" ] || problems+=("uevent-trigger ran the coldplug with a broken setting: $line")
		;;
	ours:confimage)
		case "$said" in
		*"/etc/default/uevent-trigger"*"60: not found: udev's coldplug"*) ;;
		*) problems+=("the console does not say that the setting is broken and udev's coldplug runs") ;;
		esac
		;;
	ours:notool)
		case "$said" in
		*"uevent-trigger is not in the initramfs: udev's coldplug"*) ;;
		*) problems+=("the console does not say that the tool is missing and udev's coldplug runs") ;;
		esac
		;;
	ours:cmdoff)
		case "$said" in
		*"rd.uevent_trigger.coldplug=0 on the kernel command line: udev's coldplug"*) ;;
		*) problems+=("the console does not say that the command line turned ours off and udev's coldplug runs") ;;
		esac
		[ -z "$line" ] || problems+=("uevent-trigger ran the coldplug with rd.uevent_trigger.coldplug=0: $line")
		;;
	ours:crash)
		case "$said" in
		*"killed by signal 11"*"udev's coldplug"*) ;;
		*) problems+=("the console does not say that the tool crashed and udev's coldplug runs") ;;
		esac
		;;
	ours:hang | ours:stop)
		case "$said" in
		*"uevent-trigger did not return within 5 s and a grace of 30 s: stopped: udev's coldplug"*) ;;
		*) problems+=("the console does not say that the tool was stopped after 5 s and the grace and udev's coldplug runs") ;;
		esac
		[ -z "$line" ] || problems+=("the JSON report of a tool that never returned was taken: $line")
		# dracut: the stand-in of 99synth-marks says when it started;
		# udev's coldplug done within the timeout and the grace (35 s,
		# the watchdog's polling drifts under load) and 30 s for udev's
		# coldplug after it (init.sh's trigger and settle; under systemd
		# the drop-in's TimeoutStartSec= is 65 s).
		if [ "$initramfs" != initramfs-tools ]; then
			local hung
			hung=$(mark "$c" hang-start)
			if [ -z "$hung" ]; then
				problems+=("the hanging tool never started (no SYNTH-MARK hang-start)")
			elif [ -n "$cold" ]; then
				awk -v h="$hung" -v c="$cold" 'BEGIN { exit !(c - h >= 5 && c - h <= 65) }' ||
					problems+=("coldplug done $(awk -v h="$hung" -v c="$cold" 'BEGIN { printf "%.2f", c - h }')s after the tool started, not within 5 to 65 s")
			fi
		fi
		;;
	ours:partial)
		case "$said" in
		*"uevent-trigger stopped partway (exit status 1, status error): udev's coldplug"*) ;;
		*) problems+=("the console does not say that the run stopped partway and udev's coldplug runs") ;;
		esac
		grep -aq "coldplug done;" "$c" &&
			problems+=("a run that stopped partway was taken as a coldplug done: $(grep -a -m1 'coldplug done;' "$c")")
		;;
	ours:timeout00)
		case "$said" in
		*"unknown value UEVENT_TRIGGER_TIMEOUT=00 in /etc/default/uevent-trigger (seconds, 1 to 3600): udev's coldplug"*) ;;
		*) problems+=("the console does not say that UEVENT_TRIGGER_TIMEOUT=00 is refused and udev's coldplug runs") ;;
		esac
		[ -z "$line" ] || problems+=("uevent-trigger ran the coldplug with UEVENT_TRIGGER_TIMEOUT=00: $line")
		;;
	ours:devfail)
		grep -aq 'SYNTH-FAIL-RULE killing worker' "$c" ||
			problems+=("the failing rule never ran")
		case "$line" in
		*'"wait_source":"udev"'*'"failed":1'*) ;;
		*) problems+=("no JSON report with one failed device: ${line:-none}") ;;
		esac
		[ -z "$said" ] || problems+=("a second coldplug, udev's, after ours: $said")
		grep -q 'W: uevent-trigger coldplug: exit status' "$c" &&
			problems+=("uevent-trigger's coldplug exited 1, the stock one ran after it")
		n=$(tr -d '\r' < "$c" | grep -ac "not processed, not triggered again: /sys/devices/virtual/mem/null (failed)$")
		[ "$n" = 1 ] ||
			problems+=("the console lists the failed device $n times, not once")
		;;
	esac
	# dracut 112's shell initrd: the ours image must be a stock one, said
	# by dracut (init.sh has no settle after its triggers), and our
	# pre-trigger hook must never answer a udevadm call (before issue 26
	# its skip, still armed, answered a later bare settle and said the
	# coldplug was done).
	if [ "$initramfs:$dracut_suite:$mode:$case" = dracut-shell:sid:ours:plain ]; then
		local kept=() p
		for p in "${problems[@]}"; do
			case "$p" in
			"our hook refused the setting, the image is a stock one: "*"init.sh's coldplug is not the one our pre-trigger hook knows"* | \
				"no JSON report of uevent-trigger's coldplug in /run/initramfs" | \
				"init.sh's own coldplug was not skipped"*) ;;
			*) kept+=("$p") ;;
			esac
		done
		problems=("${kept[@]}")
		grep -q "uevent-trigger: init.sh's coldplug is not the one our pre-trigger hook knows (.*line [0-9]* is 'make_trace_mem \"hook initqueue\".*not 'udevadm settle'): not our coldplug in this image" \
			"$logdir/initrd-$k-ours.log" ||
			problems+=("dracut did not say that 112's init.sh is not the one our pre-trigger hook knows")
		[ -z "$line" ] || problems+=("uevent-trigger ran the coldplug in a 112 shell image: $line")
		if grep -aq "uevent-trigger: coldplug done: init.sh's udevadm trigger" "$c"; then
			problems+=("our pre-trigger hook answered udevadm calls of 112's init.sh: $(tr -d '\r' < "$c" | grep -a -m1 "uevent-trigger: coldplug done: init.sh's")")
		fi
	fi
	local bad='Kernel panic|ALERT!|Gave up waiting|BUG:|Oops|\(initramfs\)|Could not boot|Entering emergency mode|Starting emergency|emergency shell'
	if grep -qE "$bad" "$c"; then
		problems+=("panic or initramfs shell: $(grep -m1 -E "$bad" "$c")")
	fi
	if [ "$case" = slow ] || [ "$case" = resume ]; then
		start=$(tr -d '\r' < "$c" | sed -n 's/.*SYNTH-SLOW-RULE start \([0-9.]*\).*/\1/p' | head -n1)
		if [ -z "$start" ]; then
			problems+=("the slow rule never started (plugged: $(mark "$c" plugged))")
		elif [ -n "$mounted" ]; then
			waited=$(awk -v a="$mounted" -v b="$start" 'BEGIN { printf "%.2f", a - b }')
			# The rule sleeps 10 s: it ends 10 s after its start or later.
			if [ "$mode" = ours ]; then
				awk -v w="$waited" 'BEGIN { exit !(w < 10) }' ||
					problems+=("root mounted ${waited}s after the slow rule started, not before its end: ours waited for it")
			else
				awk -v w="$waited" 'BEGIN { exit !(w >= 8) }' ||
					problems+=("root mounted ${waited}s after the slow rule started: stock did not wait, the case proves nothing")
			fi
		fi
	fi
	# The events the coldplug waited for, by its form.
	ev=$(tr -d '\r' < "$c" | grep -m1 '^SYNTH-LVM-EVENTS ')
	case "$mode:$case" in
	stock:*) events=$(echo "$ev" | sed -n 's/.* emitted=\([0-9]*\).*/\1/p') ;;
	ours:trigsettle) events=$(echo "$ev" | sed -n 's/.* triggered=\([0-9]*\).*/\1/p') ;;
	*) events=$(echo "$ev" | awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } print v["devices"] + v["consequences"] }') ;;
	esac
	[ -n "$ev" ] || problems+=("no SYNTH-LVM-EVENTS line in systemd's report")
	# Ours with consequences on Debian's kernel (virtio drivers are
	# modules, loaded by udev's rules while the PCI devices' events are
	# processed): the disk is a consequence, every consequence processed.
	if [ "$mode:$case:$k:$initramfs" = ours:plain:stock:initramfs-tools ]; then
		tr -d '\r' < "$c" | grep -q '^SYNTH-LVM-CAUSED under=/sys/devices/pci[^ ]* "action":"add","syspath":"/sys/devices/pci[^"]*/block/vda"' ||
			problems+=("the report lists no add of vda as a consequence of a PCI device's event")
		tr -d '\r' < "$c" | grep -q '^SYNTH-LVM-CAUSED under=/sys/devices/pci[^ ]* "action":"add","syspath":"/sys/devices/pci[^"]*/block/vd[a-z]/vd[a-z]1"' ||
			problems+=("the report lists no add of the data disk's partition as a consequence of a PCI device's event")
		n=$(tr -d '\r' < "$c" | grep '^SYNTH-LVM-CAUSED ' | grep -vc '"outcome":"processed"')
		[ "$n" = 0 ] || problems+=("$n consequences not processed")
	fi
	echo "$name $k $mode $case ${cold:--} ${mounted:--} ${report:--} $waited ${events:--}" >> "$logdir/times"
	if [ ${#problems[@]} -eq 0 ]; then
		echo "$name: pass (${krel[$k]}, $mode, $case: coldplug done ${cold}s, root mounted ${mounted}s, systemd's report ${report}s${start:+, slow rule started ${start}s})"
		return 0
	fi
	for p in "${problems[@]}"; do
		echo "$name: FAIL: $p"
	done
	echo "--- $name: last lines of the console ($c)"
	tr -d '\r' < "$c" | tail -n 25
	return 1
}

# The boots: per kernel and case, ours and stock side by side.
runs=()
for k in $kernels; do
	for case in $cases; do
		for i in $(seq 1 "$boots"); do
			if is_fault "$case"; then
				runs+=("$k-ours-$case-$i")
			else
				runs+=("$k-ours-$case-$i" "$k-stock-$case-$i")
			fi
		done
	done
done
: > "$logdir/times"
t0=$(date +%s)
running=0
for r in "${runs[@]}"; do
	IFS=- read -r k mode case _ <<<"$r"
	if [ "$running" -ge "$jobs" ]; then
		wait -n
		running=$((running - 1))
	fi
	log "lvm boot $r"
	boot "$r" "$k" "$mode" "$case" &
	running=$((running + 1))
done
wait
echo ">>> phase lvm-boots: $(($(date +%s) - t0))s (${#runs[@]} boots)" >&2

failed=0
for r in "${runs[@]}"; do
	IFS=- read -r k mode case _ <<<"$r"
	judge "$r" "$k" "$mode" "$case" || failed=$((failed + 1))
done

# The table: per kernel, image and case, the mean (min-max) of each time.
stat() {
	awk -v k="$1" -v m="$2" -v c="$3" -v f="$4" '
		$2 == k && $3 == m && $4 == c && $f != "-" {
			v = $f + 0; s += v; n++
			if (n == 1 || v < lo) lo = v
			if (n == 1 || v > hi) hi = v
		}
		END {
			if (!n) { print "-"; exit }
			if (n == 1) printf "%.2f", s
			else printf "%.2f (%.2f-%.2f)", s / n, lo, hi
		}' "$logdir/times"
}
count() {
	awk -v k="$1" -v m="$2" -v c="$3" '$2 == k && $3 == m && $4 == c { n++ }
		END { print n + 0 }' "$logdir/times"
}
{
	echo "| kernel | initramfs | case | boots | coldplug done (s) | root mounted (s) | systemd's report (s) | root mounted after the slow rule started (s) | events waited for |"
	echo "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
	for k in $kernels; do
		for case in $cases; do
			for mode in ours stock; do
				is_fault "$case" && [ "$mode" = stock ] && continue
				echo "| $k ${krel[$k]} | $mode | $case | $(count "$k" "$mode" "$case") | $(stat "$k" "$mode" "$case" 5) | $(stat "$k" "$mode" "$case" 6) | $(stat "$k" "$mode" "$case" 7) | $(stat "$k" "$mode" "$case" 8) | $(stat "$k" "$mode" "$case" 9 | sed 's/\.00//g') |"
			done
		done
	done
} > "$out"
echo
cat "$out"
echo
# The docs' lines: lvm-boot, or lvm-boot dracut-systemd|dracut-shell.
marker=lvm-boot
[ "$initramfs" = initramfs-tools ] || marker="lvm-boot $initramfs"
if [ -n "$docs" ]; then
	if ! grep -q "^<!-- $marker begin -->\$" "$docs" ||
		! grep -q "^<!-- $marker end -->\$" "$docs"; then
		die "no $marker begin and end lines in $docs"
	fi
	rev=$(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo unknown)
	git -C "$here" diff --quiet HEAD 2>/dev/null || rev="$rev with local changes"
	{
		echo "Measured by \`qemu-test/lvm-boot.sh --boots $boots --jobs $jobs${bootfiles_from:+ --boot-files-from $bootfiles_from}$([ "$initramfs" = initramfs-tools ] || echo " --initramfs $initramfs")\` at commit"
		echo "$rev, $(date -u '+%Y-%m-%d %H:%M UTC'): $((${#runs[@]} - failed)) boots passed, $failed failed."
		if [ ${#ours_settings[@]} -gt 2 ] || [ -n "$nohook" ]; then
			echo "Ours with: ${ours_settings[*]}${nohook:+, without our hook}."
		fi
		echo
		cat "$out"
	} > "$logdir/docs-table"
	awk -v table="$logdir/docs-table" -v b="<!-- $marker begin -->" -v e="<!-- $marker end -->" '
		$0 == e {
			while ((getline l < table) > 0) print l
			skip = 0
		}
		!skip { print }
		$0 == b { skip = 1 }' "$docs" > "$docs.tmp" &&
		mv "$docs.tmp" "$docs"
fi
echo "lvm boot: $((${#runs[@]} - failed)) passed, $failed failed (logs: $logdir)"
[ "$failed" -eq 0 ]
