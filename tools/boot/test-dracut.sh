# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
#
# Sourced by boot/test.sh (its ok, not_ok, check, $t, $stage, $here):
# the host tests of the dracut module.

# The dracut module, sourced as dracut sources it, with stand-ins for
# dracut's functions (each logs its call) and a stand-in
# systemd-udev-trigger.service.  The setting is the stage's
# /etc/default/uevent-trigger: the package's default plus the test's
# lines, put back as it was after each test.
dracut_mod=$stage/usr/lib/dracut/modules.d/90uevent-trigger
dconf=$stage/etc/default/uevent-trigger
cp "$here/boot/default" "$t/dconf.orig"
cp "$dconf" "$t/dconf.stage"
mkdir -p "$t/dsys/lib/systemd/system" "$t/dinit"
printf '%s\n' '[Service]' 'Type=oneshot' \
	'ExecStart=-udevadm trigger --type=all --action=add --prioritized-subsystem=module,block' \
	> "$t/dsys/lib/systemd/system/systemd-udev-trigger.service"
# dracut_module SYSTEMD(yes|no) SETTING...: check's status, then
# install's calls and status, then the drop-in, one line each.
dracut_module() {
	local sd=$1
	shift
	cp "$t/dconf.orig" "$dconf"
	printf '%s\n' "$@" >> "$dconf"
	rm -rf "$t/dinit"
	mkdir -p "$t/dinit"
	bash -c "
		inst_binary() { echo \"inst_binary \$*\"; }
		inst_script() { echo \"inst_script \$*\"; }
		inst_hook() { echo \"inst_hook \$*\"; }
		inst_simple() { echo \"inst_simple \$*\"; }
		dwarn() { echo \"dwarn \$*\"; }
		dinfo() { echo \"dinfo \$*\"; }
		require_binaries() { return 0; }
		dracut_module_included() { [ \"\$1\" = systemd ] && [ '$sd' = yes ]; }
		dracutsysrootdir=
		initdir='$t/dinit'
		moddir='$dracut_mod'
		systemdsystemunitdir='$t/dsys/lib/systemd/system'
		. '$dracut_mod/module-setup.sh'
		check; echo \"check \$?\"
		install; echo \"install \$?\""
	cat "$t/dinit/$t/dsys/lib/systemd/system/systemd-udev-trigger.service.d/uevent-trigger.conf" 2> /dev/null
	cp "$t/dconf.stage" "$dconf"
}
tools_lines="inst_binary $stage/usr/lib/uevent-trigger/uevent-trigger.static /usr/bin/uevent-trigger
inst_script $stage/usr/sbin/uevent-wait-vg /usr/sbin/uevent-wait-vg"
dracut_none() {
	local out
	out="$(dracut_module yes)|$(ls "$dracut_mod" | paste -sd' ')"
	[ "$out" = "check 255
$tools_lines
install 0|dracut-coldplug module-setup.sh pre-trigger.sh" ] || { printf '%s\n' "$out"; return 1; }
}
check "dracut module, nothing enabled: only when asked for (check 255), then the tool and uevent-wait-vg, no coldplug; the module's files" dracut_none
check "dracut module, COLDPLUG=yes, systemd initrd: included (check 0), our coldplug, the drop-in for systemd-udev-trigger.service with the stock unit's command line, no hook" \
	test "$(dracut_module yes UEVENT_TRIGGER_COLDPLUG=yes)" = "check 0
$tools_lines
inst_simple $stage/etc/default/uevent-trigger /etc/default/uevent-trigger
inst_script $stage/usr/share/uevent-trigger/initramfs-tools/coldplug /usr/lib/uevent-trigger/coldplug
inst_script $dracut_mod/dracut-coldplug /usr/lib/uevent-trigger/dracut-coldplug
dinfo uevent-trigger: coldplug of systemd-udev-trigger.service: ours, else udevadm trigger --type=all --action=add --prioritized-subsystem=module,block
install 0
# uevent-trigger: our coldplug, and unless it exits 0 the stock one.
[Service]
ExecStart=
ExecStart=-/usr/lib/uevent-trigger/dracut-coldplug udevadm trigger --type=all --action=add --prioritized-subsystem=module,block
StandardError=journal+console"
check "dracut module, COLDPLUG=yes, shell initrd: our coldplug and the pre-trigger hook, no drop-in" \
	test "$(dracut_module no UEVENT_TRIGGER_COLDPLUG=yes)" = "check 0
$tools_lines
inst_simple $stage/etc/default/uevent-trigger /etc/default/uevent-trigger
inst_script $stage/usr/share/uevent-trigger/initramfs-tools/coldplug /usr/lib/uevent-trigger/coldplug
inst_hook pre-trigger 90 $dracut_mod/pre-trigger.sh
dinfo uevent-trigger: coldplug of init.sh: ours (pre-trigger hook), else init.sh's own
install 0"
dracut_bad() {
	local out
	out=$(dracut_module yes UEVENT_TRIGGER_COLDPLUG=yes 'UEVENT_TRIGGER_TIMEOUT= 60')
	case "$out" in
	"check 255
$tools_lines
dwarn uevent-trigger: $dconf: fails when read under set -e: "*"60: not found: not our coldplug in this image, udev's (fix the file, then rebuild the image)
install 0") ;;
	*) printf '%s\n' "$out"; return 1 ;;
	esac
	out=$(dracut_module no UEVENT_TRIGGER_COLDPLUG=maybe)
	case "$out" in
	*"dwarn uevent-trigger: $dconf: unknown value UEVENT_TRIGGER_COLDPLUG=maybe (yes or no): not our coldplug"*"install 0") ;;
	*) printf '%s\n' "$out"; return 1 ;;
	esac
	case "$out" in *inst_hook* | *coldplug\ /usr/lib*) printf '%s\n' "$out"; return 1 ;; esac
}
check "dracut module, 'UEVENT_TRIGGER_TIMEOUT= 60' or an unknown value: refused (dwarn says why), not included unless asked for, no coldplug" dracut_bad

# At boot: the systemd flavour's dracut-coldplug and the shell flavour's
# pre-trigger hook, with our coldplug's path pointing at a stand-in that
# exits $COLDPLUG_RC, and a udevadm stand-in that logs its command line.
mkdir -p "$t/dbin"
printf '#!/bin/sh\nexit ${COLDPLUG_RC:-0}\n' > "$t/dbin/coldplug"
printf '#!/bin/sh\necho "udevadm $*" >> "%s"\n' "$t/udevadm.log" > "$t/dbin/udevadm"
chmod 0755 "$t/dbin/coldplug" "$t/dbin/udevadm"
sed "s|/usr/lib/uevent-trigger/coldplug|$t/dbin/coldplug|g" "$dracut_mod/dracut-coldplug" > "$t/dracut-coldplug"
sed "s|/usr/lib/uevent-trigger/coldplug|$t/dbin/coldplug|g" "$dracut_mod/pre-trigger.sh" > "$t/pre-trigger.sh"
# dracut_boot systemd|shell RC: the udevadm calls.
dracut_boot() {
	: > "$t/udevadm.log"
	if [ "$1" = systemd ]; then
		COLDPLUG_RC=$2 PATH="$t/dbin:$PATH" sh "$t/dracut-coldplug" \
			udevadm trigger --type=all --action=add
	else
		# init.sh's lines after the pre-trigger hook, and the initqueue's.
		COLDPLUG_RC=$2 PATH="$t/dbin:$PATH" sh -c ". '$t/pre-trigger.sh'
			udevadm control --reload
			udevadm trigger --type=subsystems --action=add
			udevadm trigger --type=devices --action=add
			udevadm settle
			udevadm settle --exit-if-exists=/x
			udevadm trigger --type=devices --action=add" 2> /dev/null
	fi
	cat "$t/udevadm.log"
}
check "dracut, systemd initrd: our coldplug exits 0: no udevadm trigger; it exits 3: the stock unit's command line, once" \
	test "$(dracut_boot systemd 0)|$(dracut_boot systemd 3)" = "|udevadm trigger --type=all --action=add"
check "dracut, shell initrd: our coldplug exits 0: init.sh's two triggers and its settle skipped, once, every other udevadm call passed; it exits 3: all of them run" \
	test "$(dracut_boot shell 0)|$(dracut_boot shell 3 | paste -sd,)" = "udevadm control --reload
udevadm settle --exit-if-exists=/x
udevadm trigger --type=devices --action=add|udevadm control --reload,udevadm trigger --type=subsystems --action=add,udevadm trigger --type=devices --action=add,udevadm settle,udevadm settle --exit-if-exists=/x,udevadm trigger --type=devices --action=add"

