#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# boot/test.sh [--root DIR]: host tests of the boot integration, TAP.
#
#   - shellcheck of every boot script;
#   - uevent-wait-vg: its command line, a VG that never comes, the
#     device-mapper names of a VG;
#   - the initramfs-tools hook run as mkinitramfs runs it (hook-functions,
#     DESTDIR) against a temporary image tree: nothing of ours with
#     nothing enabled; with UEVENT_TRIGGER_COLDPLUG=yes the musl build
#     (else the dynamic one with its libraries), our coldplug at the hook
#     point and udev's init-top/udev changed exactly as
#     patches/initramfs-tools/ proposes; a setting that fails "sh -n" or
#     "set -e" or holds an unknown value refused with a W: line; an /etc
#     override or an unknown udev script left alone;
#   - at boot, udev's init-top/udev as the hook leaves it, with stand-ins
#     for udevd, udevadm and uevent-trigger that log their command lines:
#     one "uevent-trigger --settle"; udev's coldplug, said on stderr, for
#     uevent_trigger.coldplug=no, a broken setting, an unknown value, the
#     tool missing, crashing, refusing its command line or triggering
#     nothing, a timeout out of 1..3600 (00, 08), a run that stopped
#     partway (status error, a device pending), and our coldplug
#     missing; the tool's exit 1 for some devices lists them once, no
#     second coldplug, also under klibc's sh without awk; a tool that
#     never returns or stops itself, under dash, klibc's sh and busybox
#     sh: stopped after its timeout and the grace, udev's coldplug; the
#     exit-1 summary of 20 000 devices in linear time under busybox;
#   - the hook on udev scripts: trixie's and sid's (the proposed patch
#     applies with no fuzz), and ones that name the hook point in
#     another way (refused);
#   - wait_for_udev: the root device's stack in scripts/local (init's
#     shell, PID 1, boot=local), the resume device's in
#     local-premount/resume, cryptroot's source before the open and its
#     mapping after, udevadm settle everywhere else;
#   - the dracut module, sourced with stand-ins for dracut's functions:
#     nothing enabled, only when asked for, the tool and uevent-wait-vg;
#     with UEVENT_TRIGGER_COLDPLUG=yes included, our coldplug and the
#     drop-in for systemd-udev-trigger.service (systemd initrd: its
#     TimeoutStartSec= from the timeout, its ExecStopPost=) or the
#     pre-trigger hook (shell initrd); a broken setting, a timeout out of
#     1..3600 (00 among them) refused; an override of the trigger unit
#     left alone; an init.sh whose coldplug lines differ, nothing of ours;
#     the real init.sh of dracut 059, 106 and 112 (their suites'
#     dracut-core, downloaded once into $SYNTH_CACHE/dracut-core);
#   - at boot in dracut, with stand-ins: our coldplug exiting 0 means no
#     stock trigger (systemd) or init.sh's trigger and settle skipped
#     (shell); any other status the stock coldplug, once; ExecStopPost=
#     runs the stock trigger unless the start succeeded; the skip
#     disarms itself at the first udevadm call it does not expect (with
#     each real init.sh's lines: 112's bare settle after the initqueue's
#     is never answered);
#   - as root: Debian's own mkinitramfs builds images with our hook in a
#     private mount namespace where the installed files (a staged
#     "make install-*", or the unpacked packages given by --root) are laid
#     over /usr and /etc; nothing on the host is changed: nothing enabled,
#     both enabled, and 'UEVENT_TRIGGER_TIMEOUT= 60' (the W: line).
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

# The plan is printed at the end (TAP allows it there).

# 1. shellcheck
check "shellcheck of the boot scripts" make -s -C "$here" lint SKIP_DEPS=1

# 2-5. uevent-wait-vg
export PATH="$here/build:$PATH"
# build/uevent-trigger runs on build/libsynthuevent.so.0 (unset again
# for mkinitramfs, which takes the libraries of the installed files).
export LD_LIBRARY_PATH="$here/build${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
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

# The initramfs-tools hook, as mkinitramfs runs it.  A staged install
# whose paths are those of the stage.
stage=$t/stage
make -s -C "$here" SKIP_DEPS=1 PREFIX="$stage/usr" SYSCONFDIR="$stage/etc" \
	INITRAMFSDIR="$stage/usr/share/initramfs-tools" \
	DRACUTDIR="$stage/usr/lib/dracut/modules.d" \
	install install-musl install-boot > "$t/stage.log" 2>&1 ||
	{ cat "$t/stage.log" >&2; echo "Bail out! make install-* failed"; exit 1; }
hook=$stage/usr/share/initramfs-tools/hooks/uevent-trigger
bounded=$stage/usr/share/uevent-trigger/initramfs-tools/bounded
conf=$stage/etc/default/uevent-trigger
cp "$conf" "$t/default.conf"
# setting KEY=VALUE|LINE...: the stage's setting, from the package's
# default, each KEY's line replaced (or LINE added at the end).
setting() {
	local s
	cp "$t/default.conf" "$conf"
	for s; do
		[ -n "$s" ] || continue
		if grep -q "^${s%%=*}=" "$conf"; then
			sed -i "s/^${s%%=*}=.*/$s/" "$conf"
		else
			printf '%s\n' "$s" >> "$conf"
		fi
	done
}
# Stand-ins that log their command lines to $FAKE_CALLS ($t/calls).
# The tool's: FAKE_TOOL_STATUS (exit status; "crash": killed by SIGSEGV;
# "hang": runs a long sleep and never returns; "stop": stops itself),
# FAKE_TOOL_JSON or the file FAKE_TOOL_JSON_FILE (its stdout).
fake=$t/fake
mkdir -p "$fake" "$t/fake-no-tool"
for p in udevadm uevent-trigger systemd-udevd; do
	cat > "$fake/$p" <<-STANDIN
	#!/bin/sh
	echo "$p \$*" >> "\${FAKE_CALLS:-$t/calls}"
	[ "$p" = uevent-trigger ] || exit 0
	[ -z "\${FAKE_TOOL_JSON:-}" ] || printf '%s\n' "\$FAKE_TOOL_JSON"
	[ -z "\${FAKE_TOOL_JSON_FILE:-}" ] || cat "\$FAKE_TOOL_JSON_FILE"
	case "\${FAKE_TOOL_STATUS:-0}" in
	crash) kill -SEGV \$\$ ;;
	hang) sleep 100000 ;;
	stop) kill -STOP \$\$ ;;
	esac
	exit "\${FAKE_TOOL_STATUS:-0}"
	STANDIN
	chmod +x "$fake/$p"
done
for p in udevadm systemd-udevd; do
	cp "$fake/$p" "$t/fake-no-tool/"
done
stock_udev=/usr/share/initramfs-tools/scripts/init-top/udev
# run_hook IMG: the hook with a fresh image tree holding udev's
# init-top/udev and initramfs-tools' functions, as when hooks run; its
# output in IMG.log.
run_hook() {
	rm -rf "$1"
	mkdir -p "$1/scripts/init-top"
	cp "$stock_udev" "$1/scripts/init-top/udev"
	printf 'wait_for_udev()\n{\n\techo stock settle\n}\n' > "$1/scripts/functions"
	DESTDIR=$1 CONFDIR=$t/etc-conf verbose=n sh "$hook" > "$1.log" 2>&1
}
hook_default() {
	setting &&
		run_hook "$t/img0" &&
		[ ! -e "$t/img0/usr/bin/uevent-trigger" ] &&
		cmp "$stock_udev" "$t/img0/scripts/init-top/udev" &&
		[ ! -s "$t/img0.log" ]
}
hook_coldplug() {
	setting UEVENT_TRIGGER_COLDPLUG=yes &&
		run_hook "$t/img1" &&
		cmp "$stage/usr/lib/uevent-trigger/uevent-trigger.static" "$t/img1/usr/bin/uevent-trigger" &&
		cmp "$stage/usr/sbin/uevent-wait-vg" "$t/img1/usr/sbin/uevent-wait-vg" &&
		cmp "$bounded" "$t/img1/usr/lib/uevent-trigger/bounded" &&
		cmp "$conf" "$t/img1/etc/default/uevent-trigger" &&
		cmp "$stage/usr/share/uevent-trigger/initramfs-tools/coldplug" \
			"$t/img1/usr/lib/udev/initramfs-coldplug" &&
		[ -x "$t/img1/scripts/init-top/udev" ] &&
		sh -n "$t/img1/scripts/init-top/udev" &&
		grep -q '^if \[ -x /usr/lib/udev/initramfs-coldplug \] && /usr/lib/udev/initramfs-coldplug; then$' \
			"$t/img1/scripts/init-top/udev" &&
		# udev's script, changed as the proposed patch changes it.
		cp "$stock_udev" "$t/udev.patched" &&
		patch -s "$t/udev.patched" < "$here/../patches/initramfs-tools/0001-init-top-udev-run-a-package-s-coldplug-first.patch" &&
		cmp "$t/udev.patched" "$t/img1/scripts/init-top/udev" &&
		[ "$(cat "$t/img1/scripts/functions")" = "$(printf 'wait_for_udev()\n{\n\techo stock settle\n}')" ]
}
# hook_refuses NAME LINE...: a setting with LINEs makes the hook say why
# on stderr and leave the image alone.
hook_refuses() {
	local img=$t/img-$1
	shift
	setting UEVENT_TRIGGER_COLDPLUG=yes UEVENT_TRIGGER_WAIT_FOR_UDEV=yes "$@" &&
		run_hook "$img" &&
		[ ! -e "$img/usr/bin/uevent-trigger" ] &&
		cmp "$stock_udev" "$img/scripts/init-top/udev" &&
		grep -q '^W: uevent-trigger: .*/etc/default/uevent-trigger: .*: nothing of uevent-trigger in this initramfs' "$img.log" ||
		{ cat "$img.log"; return 1; }
}
hook_bad_settings() {
	hook_refuses space 'UEVENT_TRIGGER_TIMEOUT= 60' &&
		grep -q 'fails when read under set -e: .*60: not found' "$t/img-space.log" &&
		hook_refuses syntax 'if true; then' &&
		grep -q 'syntax error' "$t/img-syntax.log" &&
		hook_refuses value 'UEVENT_TRIGGER_COLDPLUG=maybe' &&
		grep -q 'unknown value UEVENT_TRIGGER_COLDPLUG=maybe' "$t/img-value.log" &&
		hook_refuses timeout 'UEVENT_TRIGGER_TIMEOUT=soon' &&
		hook_refuses t00 'UEVENT_TRIGGER_TIMEOUT=00' &&
		grep -q 'unknown value UEVENT_TRIGGER_TIMEOUT=00 (seconds, 1 to 3600)' "$t/img-t00.log" &&
		hook_refuses t08 'UEVENT_TRIGGER_TIMEOUT=08' &&
		hook_refuses t3601 'UEVENT_TRIGGER_TIMEOUT=3601' &&
		hook_refuses tbig 'UEVENT_TRIGGER_TIMEOUT=99999999999999999999' &&
		hook_refuses exit 'exit 0' &&
		hook_refuses words 'UEVENT_TRIGGER_COLDPLUG="yes no"'
}
hook_overrides() {
	local rc
	mkdir -p "$t/etc-conf/scripts/init-top"
	cp "$stock_udev" "$t/etc-conf/scripts/init-top/udev"
	setting UEVENT_TRIGGER_COLDPLUG=yes && run_hook "$t/img5"
	rc=$?
	rm -rf "$t/etc-conf"
	[ $rc = 0 ] && cmp "$stock_udev" "$t/img5/scripts/init-top/udev" &&
		[ ! -e "$t/img5/usr/lib/udev/initramfs-coldplug" ] &&
		grep -q "^W: uevent-trigger: .*/scripts/init-top/udev overrides udev's script" "$t/img5.log" ||
		{ cat "$t/img5.log"; return 1; }
	# A udev script that is not the one we know: left alone, said.
	sed 's/^udevadm settle || true$/udevadm settle --timeout=60/' "$stock_udev" > "$t/udev.other"
	rm -rf "$t/img6"
	mkdir -p "$t/img6/scripts/init-top"
	cp "$t/udev.other" "$t/img6/scripts/init-top/udev"
	DESTDIR=$t/img6 CONFDIR=$t/etc-conf verbose=n sh "$hook" > "$t/img6.log" 2>&1 &&
		cmp "$t/udev.other" "$t/img6/scripts/init-top/udev" &&
		grep -q "does not hold its three coldplug lines" "$t/img6.log" ||
		{ cat "$t/img6.log"; return 1; }
	# udev's script with the proposed patch applied (hook_coldplug's):
	# not changed, our coldplug at its hook point.
	rm -rf "$t/img7"
	mkdir -p "$t/img7/scripts/init-top"
	cp "$t/udev.patched" "$t/img7/scripts/init-top/udev"
	DESTDIR=$t/img7 CONFDIR=$t/etc-conf verbose=n sh "$hook" > "$t/img7.log" 2>&1 &&
		cmp "$t/udev.patched" "$t/img7/scripts/init-top/udev" &&
		[ -x "$t/img7/usr/lib/udev/initramfs-coldplug" ]
}
# hook_on_script NAME FILE: the hook with FILE as the image's
# init-top/udev (COLDPLUG=yes); the image in $t/img-NAME.
hook_on_script() {
	rm -rf "$t/img-$1"
	mkdir -p "$t/img-$1/scripts/init-top"
	cp "$2" "$t/img-$1/scripts/init-top/udev"
	setting UEVENT_TRIGGER_COLDPLUG=yes &&
		DESTDIR=$t/img-$1 CONFDIR=$t/etc-conf verbose=n sh "$hook" > "$t/img-$1.log" 2>&1
}
# A udev script that names the hook point but not as the proposed change
# does: our coldplug is not installed, the script is left as it is.
hook_foreign_hook_point() {
	local hp=/usr/lib/udev/initramfs-coldplug
	# It runs the hook point and ignores its status.
	awk -v hp="$hp" '/^udevadm trigger --type=subsystems/ { print hp " || true" } { print }' \
		"$stock_udev" > "$t/udev.ignores"
	# The proposed block, and the hook point run once more elsewhere.
	{ cat "$t/udev.patched"; echo "$hp"; } > "$t/udev.twice"
	# The block with an "else" that does not trigger.
	sed 's/^\tudevadm trigger --type=devices --action=add$/\t:/' "$t/udev.patched" > "$t/udev.noelse"
	for v in ignores twice noelse; do
		hook_on_script "$v" "$t/udev.$v" &&
			cmp "$t/udev.$v" "$t/img-$v/scripts/init-top/udev" &&
			[ ! -e "$t/img-$v/usr/lib/udev/initramfs-coldplug" ] &&
			grep -q "^W: uevent-trigger: udev's init-top/udev runs $hp, but not as the proposed change does" "$t/img-$v.log" ||
			{ echo "case $v:"; cat "$t/img-$v.log"; return 1; }
	done
}
# udev_script SUITE: the init-top/udev of SUITE's udev package (the
# newest: trixie's 257, sid's 262), kept in the cache.
udev_script() {
	local d=${SYNTH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/synth-uevent}/udev-script/$1
	if [ ! -s "$d/udev" ]; then
		rm -rf "$d" && mkdir -p "$d/debs" "$d/x" &&
			"$here/../scripts/debian-suite.sh" "$1" download --only "$d/debs" udev > /dev/null 2>&1 &&
			dpkg-deb -x "$d"/debs/udev_*.deb "$d/x" &&
			cp "$d/x/usr/share/initramfs-tools/scripts/init-top/udev" "$d/udev" &&
			rm -rf "$d/x" || return 1
	fi
	echo "$d/udev"
}
# The newest udev scripts: changed as the proposed patch (made against
# them, with no fuzz) changes them.
hook_newest_udev() {
	local s v
	for v in trixie sid; do
		s=$(udev_script "$v") || { echo "no udev package of $v"; return 1; }
		cp "$s" "$t/udev.$v.want"
		patch -s --fuzz=0 "$t/udev.$v.want" < "$here/../patches/initramfs-tools/0001-init-top-udev-run-a-package-s-coldplug-first.patch" &&
			hook_on_script "$v" "$s" &&
			cmp "$t/udev.$v.want" "$t/img-$v/scripts/init-top/udev" &&
			[ -x "$t/img-$v/usr/lib/udev/initramfs-coldplug" ] ||
			{ echo "udev of $v:"; cat "$t/img-$v.log"; return 1; }
	done
}
hook_wait_for_udev() {
	setting UEVENT_TRIGGER_WAIT_FOR_UDEV=yes &&
		run_hook "$t/img4" &&
		cmp "$stock_udev" "$t/img4/scripts/init-top/udev" &&
		[ -x "$t/img4/usr/bin/uevent-trigger" ] &&
		grep -q '^wait_for_udev()' "$t/img4/scripts/functions"
}
# The staged tool runs on the stage's libsynthuevent.so.0: every library
# ldd lists for it (that one, libuuid, libc) is in the image, by its name
# (copy_exec puts /lib's under /usr/lib).
hook_dynamic() {
	local static=$stage/usr/lib/uevent-trigger/uevent-trigger.static rc lib
	mv "$static" "$t/static.away"
	setting UEVENT_TRIGGER_COLDPLUG=yes &&
		LD_LIBRARY_PATH=$stage/usr/lib run_hook "$t/img3" &&
		cmp "$stage/usr/bin/uevent-trigger" "$t/img3/usr/bin/uevent-trigger" &&
		ls "$t"/img3/usr/lib/*/libuuid.so.1 &&
		LD_LIBRARY_PATH=$stage/usr/lib ldd "$stage/usr/bin/uevent-trigger" |
			awk '$2 == "=>" && $3 ~ /^\// {print $3}' > "$t/img3.libs" &&
		grep -q '/libsynthuevent[.]so[.]0$' "$t/img3.libs" &&
		while read -r lib; do
			[ -n "$(find "$t/img3" -name "${lib##*/}")" ] ||
				echo "not in the image: $lib"
		done < "$t/img3.libs" > "$t/img3.missing" &&
		{ [ ! -s "$t/img3.missing" ] || { cat "$t/img3.missing"; false; }; }
	rc=$?
	mv "$t/static.away" "$static"
	return $rc
}
if [ -r /usr/share/initramfs-tools/hook-functions ] && [ -r "$stock_udev" ]; then
	check "hook, nothing enabled (the default): nothing of ours in the image, nothing said" hook_default
	check "hook, UEVENT_TRIGGER_COLDPLUG=yes: the musl build, the setting, our coldplug at udev's hook point, udev's script otherwise unchanged" hook_coldplug
	check "hook refuses a setting that fails under sh -n or set -e, or an unknown value, and says why (TIMEOUT= 60, syntax, COLDPLUG=maybe, TIMEOUT=soon, 00, 08, 3601 and 20 digits, exit, two words)" hook_bad_settings
	check "hook leaves an /etc override of init-top/udev and an unknown udev script alone, said; udev's script with the proposed patch is not changed" hook_overrides
	check "hook, a udev script that runs the hook point in another way (status ignored, run twice, no coldplug in its else): nothing of ours, said" hook_foreign_hook_point
	if udev_script sid > /dev/null && udev_script trixie > /dev/null; then
		check "hook, the newest udev scripts (trixie's 257, sid's 262): changed as the proposed patch changes them" hook_newest_udev
	else
		skip "hook, the newest udev scripts" "trixie's and sid's udev packages cannot be downloaded here"
	fi
	check "hook, UEVENT_TRIGGER_WAIT_FOR_UDEV=yes: the tool, our wait_for_udev, udev's init-top/udev untouched" hook_wait_for_udev
	check "hook without the musl build: the dynamic one and its libraries" hook_dynamic
	check "hook prereqs: udev" test "$(sh "$hook" prereqs)" = udev
else
	for w in "hook default" "hook coldplug" "hook bad settings" "hook overrides" "hook foreign" "hook newest" "hook wait_for_udev" "hook dynamic" "hook prereqs"; do
		skip "$w" "no initramfs-tools hook-functions or udev's init-top/udev"
	done
fi

# At boot: udev's init-top/udev as the hook leaves it, with its udevd and
# our coldplug's paths pointed at stand-ins, in a private mount namespace
# (/proc/cmdline bound, /run a tmpfs).
coldplug=$stage/usr/share/uevent-trigger/initramfs-tools/coldplug
# run_boot CMDLINE TOOL_STATUS [SETTING_LINE] [PATH] [NO_COLDPLUG]: the
# calls made, the exit status of udev's script, our status file; then
# "--- stderr" and what the scripts said.  BOOT_SH: the shell that runs
# udev's script ("sh -e", as its first line asks; "busybox sh", klibc's sh); BOOT_DIR: where the run's
# files go ($t; one each for runs side by side, which share the setting:
# BOOT_SETTING=keep leaves it as it is).  A PID namespace: nothing the
# stand-ins leave running outlives the run, which is killed after 120 s
# (a coldplug that hangs must not hang the test).
run_boot() {
	local path=${4:-$fake} d=${BOOT_DIR:-$t}
	mkdir -p "$d"
	echo "$1" > "$d/cmdline"
	rm -f "$d/calls" "$d/coldplug"
	[ "${BOOT_SETTING:-}" = keep ] || setting UEVENT_TRIGGER_COLDPLUG=yes "${3:-}"
	if [ -z "${5:-}" ]; then
		sed -e "s|/etc/default/uevent-trigger|$conf|" \
			-e "s|/usr/lib/uevent-trigger/bounded|$bounded|" \
			"$coldplug" > "$d/coldplug"
		chmod +x "$d/coldplug"
	fi
	sed -e "s|/usr/lib/udev/initramfs-coldplug|$d/coldplug|g" \
		-e "s|/lib/systemd/systemd-udevd|$fake/systemd-udevd|" \
		"$t/img1/scripts/init-top/udev" > "$d/udev-script"
	# An installed uevent-trigger (--root /, the autopkgtest) is hidden:
	# the tool is the stand-in in PATH, or none.
	FAKE_CALLS=$d/calls FAKE_TOOL_STATUS=$2 timeout -s KILL 120 \
		unshare --mount --pid --fork --kill-child --propagation private sh -c "
		mount -t proc proc /proc &&
		mount --bind '$d/cmdline' /proc/cmdline &&
		mount -t tmpfs none /run &&
		{ [ ! -e /usr/bin/uevent-trigger ] || mount --bind /dev/null /usr/bin/uevent-trigger; } &&
		PATH='${BOOT_PATH:-$path:/usr/bin:/bin}' quiet=y ${BOOT_SH:-sh -e} '$d/udev-script' 2> '$d/stderr'
		echo \"exit \$?\" >> '$d/calls'
		cat /run/initramfs/uevent-trigger-coldplug.status >> '$d/calls' 2> /dev/null" \
		> /dev/null 2>&1
	cat "$d/calls"
	echo "--- stderr"
	cat "$d/stderr"
}
ours="systemd-udevd --daemon --resolve-names=never
uevent-trigger --wait-consequences --type=all --action=add --wait-daemon --timeout=120 --json --quiet"
stock="udevadm trigger --type=subsystems --action=add
udevadm trigger --type=devices --action=add
udevadm settle
exit 0"
# boot_case NAME WANT_CALLS WANT_STDERR_PATTERN ARGS...: one test.
boot_case() {
	local name=$1 want=$2 pat=$3 got
	shift 3
	got=$(run_boot "$@")
	# Udev's coldplug: our status file says why, as stderr does.
	if [ "$(printf '%s\n' "${got%%
--- stderr*}" | grep -v '^stock ')" = "$want" ] && printf '%s\n' "${got#*--- stderr
}" | grep -q -- "$pat"; then
		ok "$name"
	else
		not_ok "$name"
		printf 'want:\n%s\n--- stderr: /%s/\ngot:\n%s\n' "$want" "$pat" "$got" | sed 's/^/# /'
	fi
}
if [ "$(id -u)" = 0 ] && unshare --mount true 2> /dev/null &&
	[ -e "$t/img1/scripts/init-top/udev" ]; then
	boot_case "boot: udevd as udev starts it, then one uevent-trigger --settle, no udevadm trigger" \
		"$ours
exit 0
done" '' "root=/dev/vda" 0
	boot_case "boot, uevent_trigger.coldplug=no on the command line (read first, a bad setting then unread): udev's coldplug, said" \
		"systemd-udevd --daemon --resolve-names=never
$stock" \
		"uevent_trigger.coldplug=no on the kernel command line: udev's coldplug" \
		"root=/dev/vda uevent_trigger.coldplug=no" 0 'UEVENT_TRIGGER_TIMEOUT= 60'
	boot_case "boot, 'UEVENT_TRIGGER_TIMEOUT= 60' in the setting: udev's coldplug, the error said" \
		"systemd-udevd --daemon --resolve-names=never
$stock" "error reading the setting: .*$conf.*60: not found: udev's coldplug" "quiet" 0 'UEVENT_TRIGGER_TIMEOUT= 60'
	boot_case "boot, a syntax error in the setting: udev's coldplug, said" \
		"systemd-udevd --daemon --resolve-names=never
$stock" "could not be read.*: udev's coldplug" "quiet" 0 'if true; then'
	boot_case "boot, UEVENT_TRIGGER_COLDPLUG=maybe: udev's coldplug, said" \
		"systemd-udevd --daemon --resolve-names=never
$stock" "unknown value UEVENT_TRIGGER_COLDPLUG=maybe" "quiet" 0 'UEVENT_TRIGGER_COLDPLUG=maybe'
	boot_case "boot, no uevent-trigger in the image: udev's coldplug, said" \
		"systemd-udevd --daemon --resolve-names=never
$stock" "uevent-trigger is not in the initramfs: udev's coldplug" "quiet" 0 "" "$t/fake-no-tool"
	boot_case "boot, the tool crashes (SIGSEGV): udev's coldplug after it, said" \
		"$ours
$stock" "killed by signal 11.*: udev's coldplug" "quiet" crash
	boot_case "boot, the tool refuses its command line (exit 2): udev's coldplug, said" \
		"$ours
$stock" "refused its command line (exit status 2)" "quiet" 2
	FAKE_TOOL_JSON='{"uuid":"u","action":"add","wait_source":"udev","fell_back":false,"status":"done","devices":[{"syspath":"/sys/devices/a","seqnum":1,"outcome":"processed","usec":1},{"syspath":"/sys/devices/vio/30000002","seqnum":0,"outcome":"failed","error":"No such device"},{"syspath":"/sys/devices/b","seqnum":3,"outcome":"timeout"}],"summary":{}}' \
		boot_case "boot, the tool exits 1 for two devices: no second coldplug, the two listed once" \
		"$ours
exit 0
devices 2" "2 device(s) not processed, not triggered again: /sys/devices/vio/30000002 (failed) /sys/devices/b (timeout)$" "quiet" 1
	FAKE_TOOL_JSON='{"uuid":"u","action":"add","wait_source":"udev","fell_back":false,"status":"done","devices":[{"syspath":"/sys/devices/pci0000:00/0000:00:04.0","seqnum":1,"outcome":"processed","usec":1,"reason":"broadcast","consequences":[{"action":"add","syspath":"/sys/devices/pci0000:00/0000:00:04.0/virtio1","seqnum":2,"cause":1,"outcome":"processed","reason":"broadcast"},{"action":"add","syspath":"/sys/devices/pci0000:00/0000:00:04.0/virtio1/block/vda","seqnum":3,"cause":2,"outcome":"timeout","reason":"timeout"},{"action":"add","syspath":"/sys/devices/pci0000:00/0000:00:04.0/virtio1/block/vda/vda1","seqnum":4,"cause":3,"outcome":"vanished","reason":"removed"}]},{"syspath":"/sys/devices/c","seqnum":5,"outcome":"processed","usec":1,"reason":"broadcast","consequences_lost":true}],"summary":{},"consequences":{"total":3}}' \
		boot_case "boot, the tool exits 1 for a consequence timed out and consequences unknown: no second coldplug, both listed, the devices counted once, then udevadm settle for what is unknown" \
		"$ours
udevadm settle --timeout=120
exit 0
devices 2" "2 device(s) not processed, not triggered again: /sys/devices/pci0000:00/0000:00:04.0/virtio1/block/vda (caused, timeout) /sys/devices/c (consequences unknown)$" "quiet" 1
	boot_case "boot, the tool exits 1 with no report: udev's coldplug, said" \
		"$ours
$stock" "exit status 1 and no report" "quiet" 1
	FAKE_TOOL_JSON='{"uuid":"u","action":"add","wait_source":"udev","fell_back":false,"status":"no answer","devices":[],"summary":{}}' \
		boot_case "boot, the tool exits 1 having triggered nothing: udev's coldplug, said" \
		"$ours
$stock" "could not trigger any device" "quiet" 1
	boot_case "boot, our coldplug missing from the image: udev's coldplug" \
		"systemd-udevd --daemon --resolve-names=never
$stock" "" "quiet" 0 "" "" gone
	for v in 00 08 3601 99999999999999999999; do
		boot_case "boot, UEVENT_TRIGGER_TIMEOUT=$v in the image's setting: udev's coldplug, said" \
			"systemd-udevd --daemon --resolve-names=never
$stock" "unknown value UEVENT_TRIGGER_TIMEOUT=$v in .*(seconds, 1 to 3600): udev's coldplug" \
			"quiet" 0 "UEVENT_TRIGGER_TIMEOUT=$v"
	done
	FAKE_TOOL_JSON='{"uuid":"u","action":"add","wait_source":"udev","fell_back":false,"status":"error","devices":[{"syspath":"/sys/devices/a","seqnum":1,"outcome":"processed","usec":1},{"syspath":"/sys/devices/pci0000:00","seqnum":0,"outcome":"pending"}],"summary":{}}' \
		boot_case "boot, the tool stops partway (exit 1, status error, a PCI host bridge pending): udev's coldplug, said" \
		"$ours
$stock" "stopped partway (exit status 1, status error): udev's coldplug" "quiet" 1
	FAKE_TOOL_JSON='{"uuid":"u","action":"add","wait_source":"udev","fell_back":false,"status":"done","devices":[{"syspath":"/sys/devices/a","seqnum":1,"outcome":"processed","usec":1},{"syspath":"/sys/devices/pci0000:00","seqnum":0,"outcome":"pending"}],"summary":{}}' \
		boot_case "boot, the tool exits 1 with status done but a device never written (pending): udev's coldplug, said" \
		"$ours
$stock" "stopped partway (exit status 1, 1 device(s) never triggered): udev's coldplug" "quiet" 1
	FAKE_TOOL_JSON='{"uuid":"u","action":"add","wait_source":"udev","fell_back":false,"status":"done","devices":[{"syspath":"/sys/devices/a","seqnum":1,"outcome":"processed","usec":1},{"syspath":"/sys/devices/b","seqnum":3,"outcome":"timeout"}],"summary":{}}' \
		BOOT_SH="/usr/lib/klibc/bin/sh -e" BOOT_PATH="$fake:/usr/lib/klibc/bin" \
		boot_case "boot under klibc's sh and tools (no awk), the tool exits 1 for a device: no second coldplug, the report named" \
		"$ours
exit 0
devices some" "coldplug done; some device(s) not processed, not triggered again: (no awk in the initramfs: see /run/initramfs/uevent-trigger-coldplug.json)$" "quiet" 1
	FAKE_TOOL_JSON='{"uuid":"u","action":"add","wait_source":"udev","fell_back":false,"status":"error","devices":[{"syspath":"/sys/devices/a","seqnum":1,"outcome":"processed","usec":1},{"syspath":"/sys/devices/b","seqnum":0,"outcome":"pending"}],"summary":{}}' \
		BOOT_SH="/usr/lib/klibc/bin/sh -e" BOOT_PATH="$fake:/usr/lib/klibc/bin" \
		boot_case "boot under klibc's sh and tools (no awk), the tool stops partway: udev's coldplug, said" \
		"$ours
$stock" "stopped partway (exit status 1, status other): udev's coldplug" "quiet" 1
else
	for w in ok cmdline space syntax value missing crash exit2 exit1 noreport none gone \
		t00 t08 t3601 tbig partial pending klibc1 klibcpartial; do
		skip "boot: $w" "needs root, unshare and the hook's image"
	done
fi

# A tool that never returns, in the three shells of initramfs images:
# killed after its timeout (1 s) and the grace (30 s), udev's coldplug
# after it, said.  Six runs side by side, about 35 s in all.
bb=$t/busybox-bin
mkdir -p "$bb"
if command -v busybox > /dev/null; then
	for a in awk sleep kill mkdir cat; do
		ln -sf "$(command -v busybox)" "$bb/$a"
	done
fi
# hang_run NAME SHELL PATH STATUS: run_boot in $t/hang-NAME, in the
# background; its output in $t/hang-NAME.out, its seconds in .secs.
hang_run() {
	(
		s0=$(date +%s)
		BOOT_DIR=$t/hang-$1 BOOT_SETTING=keep BOOT_SH=$2 BOOT_PATH=$3 \
			run_boot quiet "$4" > "$t/hang-$1.out"
		echo $(($(date +%s) - s0)) > "$t/hang-$1.secs"
	) &
}
# hang_case NAME: the verdict of one of them.
hang_case() {
	local got secs
	got=$(cat "$t/hang-$1.out")
	secs=$(cat "$t/hang-$1.secs")
	if [ "$(printf '%s\n' "${got%%
--- stderr*}" | grep -v '^stock ')" = "${ours%=120 *}=1 --json --quiet
$stock" ] && [ "$secs" -le 45 ] && printf '%s\n' "${got#*--- stderr
}" | grep -q "uevent-trigger did not return within 1 s and a grace of 30 s: stopped: udev's coldplug"; then
		ok "boot, the tool never returns ($1): stopped after ${secs} s, udev's coldplug, said"
	else
		not_ok "boot, the tool never returns ($1): stopped within 45 s, udev's coldplug, said"
		printf 'after %s s:\n%s\n' "$secs" "$got" | sed 's/^/# /'
	fi
}
# shell_of NAME: the shell and the PATH of that image's kind.
shell_of() {
	case "$1" in
	dash) echo "sh -e|$fake:/usr/bin:/bin" ;;
	klibc) echo "/usr/lib/klibc/bin/sh -e|$fake:/usr/lib/klibc/bin" ;;
	busybox) echo "busybox sh -e|$fake:$bb:/usr/bin:/bin" ;;
	esac
}
if [ "$(id -u)" = 0 ] && unshare --mount --pid --fork true 2> /dev/null &&
	[ -e "$t/img1/scripts/init-top/udev" ] && [ -x /usr/lib/klibc/bin/sh ] &&
	command -v busybox > /dev/null; then
	setting UEVENT_TRIGGER_COLDPLUG=yes UEVENT_TRIGGER_TIMEOUT=1
	for name in dash klibc busybox; do
		sp=$(shell_of "$name")
		for how in hang stop; do
			hang_run "$how-$name" "${sp%%|*}" "${sp#*|}" "$how"
		done
	done
	wait
	for name in dash klibc busybox; do
		for how in hang stop; do
			hang_case "$how-$name"
		done
	done
else
	for w in hang-dash stop-dash hang-klibc stop-klibc hang-busybox stop-busybox; do
		skip "boot, the tool never returns ($w)" "needs root, PID namespaces, the hook's image, klibc's sh and busybox"
	done
fi

# The exit-1 summary is one pass over the report: 20 000 devices (a
# third of them not processed) against 1 000, under busybox's sh and
# awk, the whole of udev's script timed; linear is 20 times, the
# quadratic walk it replaces 400 times.
# report_of N: a report of N devices, every third one vanished.
report_of() {
	awk -v n="$1" 'BEGIN {
		printf "{\"uuid\":\"u\",\"action\":\"add\",\"wait_source\":\"udev\",\"fell_back\":false,\"status\":\"done\",\"devices\":["
		for (i = 1; i <= n; i++)
			printf "%s{\"syspath\":\"/sys/devices/platform/dev%d\",\"seqnum\":%d,\"outcome\":\"%s\"%s}",
				(i > 1 ? "," : ""), i, i, (i % 3 ? "processed" : "vanished"),
				(i % 3 ? ",\"usec\":1" : "")
		printf "],\"summary\":{}}\n"
	}'
}
# summary_ms N: milliseconds of the run; its output in $t/sum-N.out.
summary_ms() {
	local a b
	report_of "$1" > "$t/report-$1.json"
	a=$(date +%s%N)
	FAKE_TOOL_JSON_FILE=$t/report-$1.json BOOT_DIR=$t/sum-$1 BOOT_SH="busybox sh -e" \
		BOOT_PATH="$fake:$bb:/usr/bin:/bin" run_boot quiet 1 > "$t/sum-$1.out"
	b=$(date +%s%N)
	echo $(((b - a) / 1000000))
}
summary_linear() {
	local small big
	setting UEVENT_TRIGGER_COLDPLUG=yes
	summary_ms 1000 > /dev/null
	small=$(summary_ms 1000)
	big=$(summary_ms 20000)
	echo "1000 devices: $small ms, 20000 devices: $big ms" | tee "$t/sum-times"
	grep -qx 'devices 6666' "$t/sum-20000.out" &&
		grep -q 'coldplug done; 6666 device(s) not processed, not triggered again: /sys/devices/platform/dev3 (vanished) .* /sys/devices/platform/dev60 (vanished) and 6646 more$' "$t/sum-20000.out" &&
		[ "$big" -le $((small * 40)) ] || { cat "$t/sum-20000.out"; return 1; }
}
if [ "$(id -u)" = 0 ] && unshare --mount --pid --fork true 2> /dev/null &&
	[ -e "$t/img1/scripts/init-top/udev" ] && command -v busybox > /dev/null; then
	check "boot, exit 1 with 20 000 devices under busybox: the summary in one pass (at most 40 times the time of 1 000), 20 listed and the count of the rest" summary_linear
	echo "# $(cat "$t/sum-times" 2> /dev/null)"
else
	skip "boot, exit-1 summary of 20 000 devices" "needs root, PID namespaces, the hook's image and busybox"
fi

# wait_for_udev at boot: the image's functions (the stand-in's with ours
# appended), sourced as init sources them, in a PID namespace (init's
# shell is PID 1).
# run_wait CMDLINE BOOT DEV_ID [pid1|resume|cryptroot|cryptopen]: the calls
# made.  pid1: in a PID namespace; resume: as $0 resume; cryptroot: as $0 cryptroot with
# CRYPTTAB_SOURCE and CRYPTTAB_NAME (cryptopen: with that mapping open:
# a device-mapper device dm-9 named so, on DEV_ID, in a /sys/class/block
# of the test's own, bound over the real one's dm-* entries).
run_wait() {
	local pidns= fakedm= argv0=${4:-sh}
	# cryptopen is cryptroot once its volume is open.
	[ "$argv0" = cryptopen ] && argv0=cryptroot
	echo "$1" > "$t/cmdline"
	rm -f "$t/calls"
	[ "${4:-}" = pid1 ] && pidns="--pid --fork"
	sed "s|/usr/lib/uevent-trigger/bounded|$bounded|g" "$t/img4/scripts/functions" > "$t/functions"
	if [ "${4:-}" = cryptopen ]; then
		rm -rf "$t/sysblock"
		mkdir -p "$t/sysblock/dm-9/dm" "$t/sysblock/dm-9/slaves/${3##*/}" "$t/sysblock/${3##*/}"
		echo test_crypt > "$t/sysblock/dm-9/dm/name"
		echo 254:9 > "$t/sysblock/dm-9/dev"
		fakedm="mount --bind '$t/sysblock' /sys/class/block || exit;"
	fi
	# shellcheck disable=SC2086
	PATH="$fake:$PATH" unshare --mount --propagation private $pidns sh -c "
		mount -t proc proc /proc && mount --bind '$t/cmdline' /proc/cmdline || exit
		$fakedm
		CRYPTTAB_NAME=test_crypt
		BOOT=$2
		. '$t/functions'
		resolve_device() { readlink -f \"\$1\"; }
		f() { local dev_id=\"\$1\"; wait_for_udev 10; }
		if [ \"\$0\" = cryptroot ]; then
			CRYPTTAB_SOURCE='$3'
			wait_for_udev 10
		elif [ -n '$3' ]; then
			f '$3'
		else
			wait_for_udev 10
		fi" "$argv0" > /dev/null 2>&1
	cat "$t/calls" 2> /dev/null
}
blk=
for b in /sys/class/block/*; do
	[ -e "$b/dev" ] && [ -b "/dev/${b##*/}" ] && [ ! -e "$b/slaves/"* ] 2> /dev/null &&
		{ blk=${b##*/}; break; }
done
if [ "$(id -u)" = 0 ] && unshare --mount --pid --fork true 2> /dev/null &&
	[ -e "$t/img4/scripts/functions" ] && [ -n "$blk" ]; then
	check "wait_for_udev in scripts/local (PID 1, boot=local): a change event to the root device's stack only" \
		test "$(run_wait quiet local "/dev/$blk" pid1)" = \
		"uevent-trigger --settle --quiet --action=change --timeout=10 /sys/class/block/$blk"
	check "wait_for_udev in local-top/cryptroot before the volume is open: a change event to its source's stack only" \
		test "$(run_wait quiet local "/dev/$blk" cryptroot)" = \
		"uevent-trigger --settle --quiet --action=change --timeout=10 /sys/class/block/$blk"
	check "wait_for_udev in local-top/cryptroot once the volume is open: the new mapping (and the source under it), not the source alone" \
		test "$(run_wait quiet local "/dev/$blk" cryptopen)" = \
		"uevent-trigger --settle --quiet --action=change --timeout=10 /sys/class/block/dm-9 /sys/class/block/$blk"
	check "wait_for_udev in local-premount/resume (its own process, boot=local): a change event to the resume device's stack only" \
		test "$(run_wait quiet local "/dev/$blk" resume)" = \
		"uevent-trigger --settle --quiet --action=change --timeout=10 /sys/class/block/$blk"
	wait_hang() {
		local got s0 s1
		s0=$(date +%s)
		got=$(FAKE_TOOL_STATUS=hang run_wait quiet local "/dev/$blk" pid1)
		s1=$(date +%s)
		[ "$got" = "uevent-trigger --settle --quiet --action=change --timeout=10 /sys/class/block/$blk
udevadm settle --timeout=10" ] && [ $((s1 - s0)) -le 25 ] ||
			{ echo "after $((s1 - s0)) s:"; echo "$got"; return 1; }
	}
	check "wait_for_udev in scripts/local, the tool never returns: stopped 10 s past its timeout of 10 s, then udevadm settle" wait_hang
	check "wait_for_udev elsewhere (boot=nfs, a script's own process, no device) and with uevent_trigger.wait_for_udev=no: stock settle" \
		test "$(run_wait quiet nfs "/dev/$blk" pid1)|$(run_wait quiet local "/dev/$blk")|$(run_wait quiet local "" pid1)|$(run_wait "quiet uevent_trigger.wait_for_udev=no" local "/dev/$blk" pid1)" = \
		"udevadm settle --timeout=10|udevadm settle --timeout=10|udevadm settle --timeout=10|udevadm settle --timeout=10"
else
	skip "wait_for_udev in scripts/local" "needs root, PID namespaces and a block device"
	skip "wait_for_udev in cryptroot" "needs root, PID namespaces and a block device"
	skip "wait_for_udev in cryptroot, open" "needs root, PID namespaces and a block device"
	skip "wait_for_udev in resume" "needs root, PID namespaces and a block device"
	skip "wait_for_udev, the tool never returns" "needs root, PID namespaces and a block device"
	skip "wait_for_udev elsewhere" "needs root, PID namespaces and a block device"
fi

# The dracut module: boot/test-dracut.sh.
# shellcheck source=tools/boot/test-dracut.sh
. "$here/boot/test-dracut.sh"

# Debian's mkinitramfs with our hook, in a private mount namespace
# where the installed files are laid over /usr and /etc.
kver=6.12.0-uevent-trigger-test
# mkinitramfs_img ROOT NAME SETTING...: build $t/initrd-NAME.img with
# the SETTING lines in /etc/default/uevent-trigger, unpack it into
# $t/initrd-NAME.img.d; mkinitramfs's output in $t/initrd-NAME.img.log.
mkinitramfs_img() {
	local r=$1 ov=$t/ov-$2 img=$t/initrd-$2.img s lower_usr lower_etc
	shift 2
	# --root /, the installed packages (autopkgtest): /usr and /etc alone
	# under the writable layer (overlayfs refuses /usr:/usr).
	lower_usr="'$r/usr':/usr" lower_etc="'$r/etc':/etc"
	if [ "$r" = / ]; then
		lower_usr=/usr lower_etc=/etc
	fi
	mkdir -p "$ov/usr/u" "$ov/usr/w" "$ov/etc/u" "$ov/etc/w"
	: > "$t/settings"
	for s; do
		printf '%s\n' "$s" >> "$t/settings"
	done
	env -u LD_LIBRARY_PATH unshare --mount --propagation private sh -ec "
		mount -t overlay overlay -o lowerdir=$lower_usr,upperdir='$ov/usr/u',workdir='$ov/usr/w' /usr
		mount -t overlay overlay -o lowerdir=$lower_etc,upperdir='$ov/etc/u',workdir='$ov/etc/w' /etc
		cat '$t/settings' >> /etc/default/uevent-trigger
		mkdir -p /usr/lib/modules/$kver
		mount -t tmpfs none /boot
		printf 'CONFIG_RD_ZSTD=y\\nCONFIG_BLK_DEV_INITRD=y\\n' > /boot/config-$kver
		mkinitramfs -o '$img' $kver" > "$img.log" 2>&1 || return 1
	mkdir -p "$img.d" && unmkinitramfs "$img" "$img.d" >> "$img.log" 2>&1
}
# img_dir NAME: the unpacked image's main directory.
img_dir() {
	local d=$t/initrd-$1.img.d
	[ -d "$d/main" ] && d=$d/main
	echo "$d"
}
if [ -n "$root" ]; then
	pkgroot=$root
else
	pkgroot=$t/pkgroot
	make -s -C "$here" SKIP_DEPS=1 PREFIX=/usr DESTDIR="$pkgroot" \
		install install-musl install-boot > "$t/pkgroot.log" 2>&1
fi
mk_no() {
	local d
	mkinitramfs_img "$pkgroot" no || { tail -n 20 "$t/initrd-no.img.log"; return 1; }
	d=$(img_dir no)
	[ ! -e "$d/usr/bin/uevent-trigger" ] && [ ! -e "$d/usr/lib/udev/initramfs-coldplug" ] &&
		cmp /usr/share/initramfs-tools/scripts/init-top/udev "$d/scripts/init-top/udev" &&
		cmp /usr/share/initramfs-tools/scripts/functions "$d/scripts/functions"
}
mk_yes() {
	local d
	mkinitramfs_img "$pkgroot" yes UEVENT_TRIGGER_COLDPLUG=yes UEVENT_TRIGGER_WAIT_FOR_UDEV=yes ||
		{ tail -n 20 "$t/initrd-yes.img.log"; return 1; }
	d=$(img_dir yes)
	cp /usr/share/initramfs-tools/scripts/init-top/udev "$t/udev.patched2"
	patch -s "$t/udev.patched2" < "$here/../patches/initramfs-tools/0001-init-top-udev-run-a-package-s-coldplug-first.patch" &&
		cmp "$pkgroot/usr/lib/uevent-trigger/uevent-trigger.static" "$d/usr/bin/uevent-trigger" &&
		[ -x "$d/usr/sbin/uevent-wait-vg" ] &&
		cmp "$pkgroot/usr/share/uevent-trigger/initramfs-tools/coldplug" "$d/usr/lib/udev/initramfs-coldplug" &&
		cmp "$t/udev.patched2" "$d/scripts/init-top/udev" &&
		grep -q '^UEVENT_TRIGGER_COLDPLUG=yes' "$d/etc/default/uevent-trigger" &&
		grep -q 'uevent_wait_stack' "$d/scripts/functions" &&
		grep -q '^/scripts/init-top/udev ' "$d/scripts/init-top/ORDER"
}
mk_bad() {
	local d
	mkinitramfs_img "$pkgroot" bad UEVENT_TRIGGER_COLDPLUG=yes 'UEVENT_TRIGGER_TIMEOUT= 60' ||
		{ tail -n 20 "$t/initrd-bad.img.log"; return 1; }
	d=$(img_dir bad)
	grep -q '^W: uevent-trigger: /etc/default/uevent-trigger: fails when read under set -e: .*60: not found: nothing of uevent-trigger in this initramfs' "$t/initrd-bad.img.log" &&
		[ ! -e "$d/usr/bin/uevent-trigger" ] &&
		cmp /usr/share/initramfs-tools/scripts/init-top/udev "$d/scripts/init-top/udev" ||
		{ cat "$t/initrd-bad.img.log"; return 1; }
}
if [ "$(id -u)" = 0 ] && command -v mkinitramfs > /dev/null &&
	[ -r /usr/share/initramfs-tools/scripts/init-top/udev ] &&
	unshare --mount true 2> /dev/null; then
	check "mkinitramfs, nothing enabled: nothing of ours, udev's init-top/udev and initramfs-tools' functions as they are" mk_no
	check "mkinitramfs, COLDPLUG=yes, WAIT_FOR_UDEV=yes: the tool, our coldplug at the hook point, udev's script with the proposed patch's change, our wait_for_udev" mk_yes
	check "mkinitramfs, 'UEVENT_TRIGGER_TIMEOUT= 60': the W: line says why, nothing of ours in the image" mk_bad
else
	for w in no yes bad; do
		skip "mkinitramfs, $w" "needs root, unshare, initramfs-tools and udev"
	done
fi

echo "1..$n"
[ "$failed" -eq 0 ]
