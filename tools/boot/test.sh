#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# boot/test.sh [--root DIR]: host tests of the boot integration, TAP.
#
#   - shellcheck of every boot script;
#   - uevent-wait-vg: its command line, a VG that never comes, the
#     device-mapper names of a VG;
#   - the initramfs-tools hook run as mkinitramfs runs it (hook-functions,
#     DESTDIR) against a temporary image tree: the musl build is taken,
#     else the dynamic one with its libraries; init-top/udev is ours only
#     with UEVENT_TRIGGER_COLDPLUG=yes, wait_for_udev ours only with
#     UEVENT_TRIGGER_WAIT_FOR_UDEV=yes;
#   - our init-top/udev and the dracut pre-trigger hook with stand-ins for
#     udevd, udevadm and uevent-trigger that log their command lines: the
#     coldplug is one "uevent-trigger --settle --type=all --action=add", the
#     stock one when turned off or when the tool fails;
#   - as root: Debian's own mkinitramfs builds an image with our hook in a
#     private mount namespace where the installed files (a staged
#     "make install-*", or the unpacked packages given by --root) are laid
#     over /usr and /etc; nothing on the host is changed.
#
# Needs the builds (make all musl), shellcheck and initramfs-tools-core.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
root=
[ "${1:-}" = --root ] && root=$(cd "$2" && pwd)

t=$(mktemp -d /tmp/uevent-boot-test.XXXXXX)
trap 'rm -rf "$t"' EXIT
n=0
failed=0
ok() {
	n=$((n + 1))
	echo "ok $n - $*"
}
not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $*"
}
skip() {
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}
# check NAME CMD...: one test, ok when CMD succeeds (its output shown on
# failure).
check() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		ok "$name"
	else
		not_ok "$name"
		printf '%s\n' "$out" | sed 's/^/# /'
	fi
}

echo "1..18"

# 1. shellcheck
check "shellcheck of the boot scripts" make -s -C "$here" lint SKIP_DEPS=1

# 2-5. uevent-wait-vg
export PATH="$here/build:$PATH"
wait_vg=$here/boot/uevent-wait-vg
status() {
	"$@" > /dev/null 2>&1
	echo $?
}
check "uevent-wait-vg: bad command lines exit 2 (no name, bad VG name, bad -t)" \
	test "$(status sh "$wait_vg")$(status sh "$wait_vg" 'a b')$(status sh "$wait_vg" -t x vg0)$(status sh "$wait_vg" -- -vg)" = 2222
vg_never() {
	local out rc
	out=$(sh "$wait_vg" -n -t 1 no-such-vg-here 2>&1)
	rc=$?
	[ "$rc" = 1 ] && [ "$out" = "uevent-wait-vg: not there after 1 s: no-such-vg-here" ]
}
check "uevent-wait-vg: a VG that never comes is reported after -t 1, exit 1" vg_never
check "uevent-wait-vg -n /dev/null: the device, its sysfs path" \
	sh -c "[ \"\$(sh '$wait_vg' -n /dev/null)\" = /sys/devices/virtual/mem/null ]"
sed -n '/^dm_name_glob() {/,/^}/p' "$wait_vg" > "$t/glob.sh"
check "uevent-wait-vg: device-mapper names of VGs vg0, my-vg (and not of vg0-x)" \
	sh -c ". '$t/glob.sh'
		g=\$(dm_name_glob vg0); h=\$(dm_name_glob my-vg)
		case vg0-root in \$g) ;; *) exit 1 ;; esac
		case vg0--x-lv in \$g) exit 1 ;; esac
		case my--vg-root in \$h) ;; *) exit 1 ;; esac
		case my-vg-root in \$h) exit 1 ;; esac"

# 6-10. the initramfs-tools hook, as mkinitramfs runs it.  A staged
# install whose paths are those of the stage.
stage=$t/stage
make -s -C "$here" SKIP_DEPS=1 PREFIX="$stage/usr" SYSCONFDIR="$stage/etc" \
	INITRAMFSDIR="$stage/usr/share/initramfs-tools" \
	DRACUTDIR="$stage/usr/lib/dracut/modules.d" \
	install install-musl install-boot > "$t/stage.log" 2>&1 ||
	{ cat "$t/stage.log" >&2; echo "Bail out! make install-* failed"; exit 1; }
hook=$stage/usr/share/initramfs-tools/hooks/uevent-trigger
# Stand-ins that log their command lines to $t/calls.
fake=$t/fake
mkdir -p "$fake"
for p in udevadm uevent-trigger systemd-udevd; do
	cat > "$fake/$p" <<EOF
#!/bin/sh
echo "$p \$*" >> "$t/calls"
[ "$p" = uevent-trigger ] && exit "\${FAKE_TOOL_STATUS:-0}"
exit 0
EOF
	chmod +x "$fake/$p"
done
# run_hook IMG: the hook with a fresh image tree holding the udev
# package's init-top/udev, as when hooks run.
run_hook() {
	rm -rf "$1"
	mkdir -p "$1/scripts/init-top"
	printf '#!/bin/sh\n# stock udev script\n' > "$1/scripts/init-top/udev"
	printf 'wait_for_udev()\n{\n\techo stock settle\n}\n' > "$1/scripts/functions"
	DESTDIR=$1 verbose=n sh "$hook"
}
hook_musl() {
	run_hook "$t/img1" &&
		cmp "$stage/usr/lib/uevent-trigger/uevent-trigger.static" "$t/img1/usr/bin/uevent-trigger" &&
		cmp "$stage/usr/sbin/uevent-wait-vg" "$t/img1/usr/sbin/uevent-wait-vg" &&
		cmp "$stage/etc/default/uevent-trigger" "$t/img1/etc/default/uevent-trigger" &&
		grep -q 'stock udev script' "$t/img1/scripts/init-top/udev"
}
hook_coldplug() {
	sed -i 's/^UEVENT_TRIGGER_COLDPLUG=.*/UEVENT_TRIGGER_COLDPLUG=yes/' \
		"$stage/etc/default/uevent-trigger"
	run_hook "$t/img2" &&
		cmp "$stage/usr/share/uevent-trigger/initramfs-tools/init-top/udev" "$t/img2/scripts/init-top/udev" &&
		[ -x "$t/img2/scripts/init-top/udev" ]
}
hook_wait_for_udev() {
	grep -q '^wait_for_udev' "$t/img2/scripts/functions" || return 1
	[ "$(sh -c ". '$t/img2/scripts/functions'; wait_for_udev")" = "stock settle" ] ||
		return 1
	sed -i 's/^UEVENT_TRIGGER_WAIT_FOR_UDEV=.*/UEVENT_TRIGGER_WAIT_FOR_UDEV=yes/' \
		"$stage/etc/default/uevent-trigger"
	run_hook "$t/img4" || return 1
	rm -f "$t/calls"
	PATH="$fake:$PATH" sh -c ". '$t/img4/scripts/functions'; wait_for_udev 10" &&
		[ "$(cat "$t/calls")" = "uevent-trigger --settle --quiet --subsystem-match=block --action=change --timeout=10" ] &&
		rm -f "$t/calls" &&
		PATH="$fake:$PATH" FAKE_TOOL_STATUS=2 sh -c ". '$t/img4/scripts/functions'; wait_for_udev" &&
		[ "$(cat "$t/calls")" = "uevent-trigger --settle --quiet --subsystem-match=block --action=change
udevadm settle" ] || return 1
	# uevent_trigger.wait_for_udev=no on the kernel command line: settle.
	[ "$(id -u)" = 0 ] && unshare --mount true 2> /dev/null || return 0
	rm -f "$t/calls"
	echo "quiet uevent_trigger.wait_for_udev=no" > "$t/cmdline"
	PATH="$fake:$PATH" unshare --mount --propagation private sh -c "
		mount --bind '$t/cmdline' /proc/cmdline &&
		. '$t/img4/scripts/functions' && wait_for_udev 10" &&
		[ "$(cat "$t/calls")" = "udevadm settle --timeout=10" ]
}
hook_dynamic() {
	local static=$stage/usr/lib/uevent-trigger/uevent-trigger.static rc
	mv "$static" "$t/static.away"
	run_hook "$t/img3" &&
		cmp "$stage/usr/bin/uevent-trigger" "$t/img3/usr/bin/uevent-trigger" &&
		ls "$t"/img3/usr/lib/*/libuuid.so.1
	rc=$?
	mv "$t/static.away" "$static"
	return $rc
}
if [ -r /usr/share/initramfs-tools/hook-functions ]; then
	check "hook: the musl build, uevent-wait-vg, the setting; init-top/udev left alone" hook_musl
	check "hook, UEVENT_TRIGGER_COLDPLUG=yes: init-top/udev is ours" hook_coldplug
	check "hook, UEVENT_TRIGGER_WAIT_FOR_UDEV=yes: wait_for_udev waits for block devices (udevadm settle if the tool refuses or uevent_trigger.wait_for_udev=no)" hook_wait_for_udev
	check "hook without the musl build: the dynamic one and its libraries" hook_dynamic
	check "hook prereqs: udev" test "$(sh "$hook" prereqs)" = udev
else
	for w in "hook: musl build" "hook: coldplug" "hook: wait_for_udev" "hook: dynamic" "hook prereqs"; do
		skip "$w" "no initramfs-tools hook-functions"
	done
fi

# 11-14. our init-top/udev with stand-ins, in a private mount namespace
# (its udevd path and /proc/cmdline are fixed; /run is a tmpfs there).
init_top=$stage/usr/share/uevent-trigger/initramfs-tools/init-top/udev
# run_init_top CMDLINE TOOL_STATUS: the calls the script made.
run_init_top() {
	echo "$1" > "$t/cmdline"
	rm -f "$t/calls"
	unshare --mount --propagation private sh -c "
		mount --bind '$t/cmdline' /proc/cmdline &&
		mount -t tmpfs none /run &&
		if [ -e /usr/lib/systemd/systemd-udevd ]; then
			mount --bind '$fake/systemd-udevd' /usr/lib/systemd/systemd-udevd
		else
			mount -t tmpfs none /usr/lib/systemd &&
			cp '$fake/systemd-udevd' /usr/lib/systemd/
		fi &&
		PATH='$fake':\$PATH FAKE_TOOL_STATUS=$2 quiet=y sh '$init_top'" \
		> /dev/null 2>&1
	cat "$t/calls"
}
if [ "$(id -u)" = 0 ] && unshare --mount true 2> /dev/null; then
	want="systemd-udevd --daemon --resolve-names=never
uevent-trigger --settle --type=all --action=add --wait-daemon --timeout=120 --json --quiet"
	stock="systemd-udevd --daemon --resolve-names=never
udevadm trigger --type=subsystems --action=add
udevadm trigger --type=devices --action=add
udevadm settle"
	check "init-top/udev: udevd as the udev package starts it, then one uevent-trigger --settle" \
		test "$(run_init_top "root=/dev/vda" 0)" = "$want"
	check "init-top/udev, uevent_trigger.coldplug=no: the stock coldplug" \
		test "$(run_init_top "root=/dev/vda uevent_trigger.coldplug=no" 0)" = "$stock"
	check "init-top/udev, the tool fails: the stock coldplug after it" \
		test "$(run_init_top "quiet" 1)" = "$want
${stock#*
}"
	check "init-top/udev prereqs: none" \
		sh -c "[ -z \"\$(sh '$init_top' prereqs)\" ]"
else
	for w in "init-top/udev" "init-top/udev off" "init-top/udev fails" "init-top/udev prereqs"; do
		skip "$w" "needs root and unshare"
	done
fi

# 15-16. the dracut pre-trigger hook, sourced as init.sh sources it, then
# init.sh's coldplug lines.
dracut_hook=$stage/usr/lib/dracut/modules.d/90uevent-trigger/uevent-trigger-coldplug.sh
# run_dracut ARGS TOOL_STATUS: the calls made by init.sh's coldplug and a
# later udevadm call of the main loop.
run_dracut() {
	rm -f "$t/calls"
	PATH="$fake:$PATH" FAKE_TOOL_STATUS=$2 unshare --mount --propagation private sh -c "
		mount -t tmpfs none /run || exit
		getargbool() { case ' $1 ' in *\" \$2=0 \"*) return 1 ;; esac; return 0; }
		warn() { :; }; info() { :; }
		. '$dracut_hook' > /dev/null
		udevadm trigger --type=subsystems --action=add > /dev/null 2>&1
		udevadm trigger --type=devices --action=add > /dev/null 2>&1
		udevadm settle
		udevadm settle --timeout=0" 2> /dev/null
	cat "$t/calls"
}
check "dracut hook: one uevent-trigger --settle for init.sh's coldplug, then the real udevadm" \
	test "$(run_dracut "" 0)" = "uevent-trigger --settle --type=all --action=add --wait-daemon --timeout=120 --json
udevadm settle --timeout=0"
check "dracut hook: rd.uevent_trigger.coldplug=0 leaves init.sh's coldplug alone; a failing tool falls back" \
	test "$(run_dracut "rd.uevent_trigger.coldplug=0" 0)
$(run_dracut "" 1)" = "udevadm trigger --type=subsystems --action=add
udevadm trigger --type=devices --action=add
udevadm settle
udevadm settle --timeout=0
uevent-trigger --settle --type=all --action=add --wait-daemon --timeout=120 --json
udevadm trigger --type=subsystems --action=add
udevadm trigger --type=devices --action=add
udevadm settle
udevadm settle --timeout=0"

# 17-18. Debian's mkinitramfs with our hook, in a private mount namespace
# where the installed files are laid over /usr and /etc.
kver=6.12.0-uevent-trigger-test
# mkinitramfs_img ROOT COLDPLUG IMG: build IMG, unpack it into IMG.d.
mkinitramfs_img() {
	local r=$1 ov=$t/ov-$2
	mkdir -p "$ov/usr/u" "$ov/usr/w" "$ov/etc/u" "$ov/etc/w"
	unshare --mount --propagation private sh -ec "
		mount -t overlay overlay -o lowerdir='$r/usr':/usr,upperdir='$ov/usr/u',workdir='$ov/usr/w' /usr
		mount -t overlay overlay -o lowerdir='$r/etc':/etc,upperdir='$ov/etc/u',workdir='$ov/etc/w' /etc
		sed -i -e 's/^UEVENT_TRIGGER_COLDPLUG=.*/UEVENT_TRIGGER_COLDPLUG=$2/' \
			-e 's/^UEVENT_TRIGGER_WAIT_FOR_UDEV=.*/UEVENT_TRIGGER_WAIT_FOR_UDEV=$2/' /etc/default/uevent-trigger
		mkdir -p /usr/lib/modules/$kver
		mount -t tmpfs none /boot
		printf 'CONFIG_RD_ZSTD=y\\nCONFIG_BLK_DEV_INITRD=y\\n' > /boot/config-$kver
		mkinitramfs -o '$3' $kver" > "$3.log" 2>&1 || return 1
	mkdir -p "$3.d" && unmkinitramfs "$3" "$3.d" >> "$3.log" 2>&1
}
if [ -n "$root" ]; then
	pkgroot=$root
else
	pkgroot=$t/pkgroot
	make -s -C "$here" SKIP_DEPS=1 PREFIX=/usr DESTDIR="$pkgroot" \
		install install-musl install-boot > "$t/pkgroot.log" 2>&1
fi
if [ "$(id -u)" = 0 ] && command -v mkinitramfs > /dev/null &&
	unshare --mount true 2> /dev/null; then
	img=$t/initrd-no.img
	if mkinitramfs_img "$pkgroot" no "$img"; then
		d=$img.d
		[ -d "$d/main" ] && d=$d/main
		check "mkinitramfs: the musl build, uevent-wait-vg and the setting in the image; stock init-top/udev and functions" \
			sh -c "cmp '$pkgroot/usr/lib/uevent-trigger/uevent-trigger.static' '$d/usr/bin/uevent-trigger' &&
				[ -x '$d/usr/sbin/uevent-wait-vg' ] && [ -r '$d/etc/default/uevent-trigger' ] &&
				cmp /usr/share/initramfs-tools/scripts/init-top/udev '$d/scripts/init-top/udev' &&
				cmp /usr/share/initramfs-tools/scripts/functions '$d/scripts/functions'"
	else
		not_ok "mkinitramfs (COLDPLUG=no) failed"
		sed 's/^/# /' "$img.log" | tail -n 20
	fi
	img=$t/initrd-yes.img
	if mkinitramfs_img "$pkgroot" yes "$img"; then
		d=$img.d
		[ -d "$d/main" ] && d=$d/main
		check "mkinitramfs, COLDPLUG=yes, WAIT_FOR_UDEV=yes: our init-top/udev in init-top/ORDER, our wait_for_udev" \
			sh -c "cmp '$pkgroot/usr/share/uevent-trigger/initramfs-tools/init-top/udev' '$d/scripts/init-top/udev' &&
				grep -q '^UEVENT_TRIGGER_COLDPLUG=yes' '$d/etc/default/uevent-trigger' &&
				grep -q 'uevent-trigger --settle --quiet --subsystem-match=block' '$d/scripts/functions' &&
				grep -q '^/scripts/init-top/udev ' '$d/scripts/init-top/ORDER'"
	else
		not_ok "mkinitramfs (COLDPLUG=yes) failed"
		sed 's/^/# /' "$img.log" | tail -n 20
	fi
else
	skip "mkinitramfs, COLDPLUG=no" "needs root, unshare and initramfs-tools"
	skip "mkinitramfs, COLDPLUG=yes" "needs root, unshare and initramfs-tools"
fi

[ "$failed" -eq 0 ]
