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
mkdir -p "$t/dsys/lib/systemd/system" "$t/dsys/etc/systemd/system" "$t/dinit"
printf '%s\n' '[Service]' 'Type=oneshot' \
	'ExecStart=-udevadm trigger --type=all --action=add --prioritized-subsystem=module,block' \
	> "$t/dsys/lib/systemd/system/systemd-udev-trigger.service"
# dracut's base module, as dracut_module_path names it ($DRACUT_BASE):
# by default a stand-in whose init.sh runs the lines of 059 and 106
# after its pre-trigger hooks.
mkdir -p "$t/dbase"
printf '%s\n' 'source_hook pre-udev' 'source_hook pre-trigger' '' \
	'udevadm control --reload > /dev/null 2>&1 || :' '# then the rest' \
	'udevadm trigger --type=subsystems --action=add > /dev/null 2>&1' \
	'udevadm trigger --type=devices --action=add > /dev/null 2>&1' \
	'udevadm settle' '' 'source_hook pre-mount' > "$t/dbase/init.sh"
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
		inst_multiple() { echo \"inst_multiple \$*\"; }
		inst_simple() { echo \"inst_simple \$*\"; }
		dwarn() { echo \"dwarn \$*\"; }
		dinfo() { echo \"dinfo \$*\"; }
		require_binaries() { return 0; }
		dracut_module_included() { [ \"\$1\" = systemd ] && [ '$sd' = yes ]; }
		dracut_module_path() { [ \"\$1\" = base ] && echo '${DRACUT_BASE:-$t/dbase}'; }
		dracutsysrootdir=
		initdir='$t/dinit'
		moddir='$dracut_mod'
		systemdsystemunitdir='$t/dsys/lib/systemd/system'
		systemdsystemconfdir='$t/dsys/etc/systemd/system'
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
# dropin_want TIMEOUT TIMEOUTSTARTSEC: install's output and the drop-in
# in the systemd initrd with our coldplug.
dropin_want() {
	local stock="udevadm trigger --type=all --action=add --prioritized-subsystem=module,block"
	cat <<-EOF
	check 0
	$tools_lines
	inst_simple $stage/etc/default/uevent-trigger /etc/default/uevent-trigger
	inst_script $stage/usr/share/uevent-trigger/initramfs-tools/coldplug /usr/lib/uevent-trigger/coldplug
	inst_script $stage/usr/share/uevent-trigger/initramfs-tools/bounded /usr/lib/uevent-trigger/bounded
	inst_multiple -o sleep awk
	inst_script $dracut_mod/dracut-coldplug /usr/lib/uevent-trigger/dracut-coldplug
	dinfo uevent-trigger: coldplug of systemd-udev-trigger.service: ours, else $stock (TimeoutStartSec=$2)
	install 0
	# uevent-trigger: our coldplug, and unless it exits 0 the stock one;
	# the stock one too when the start fails or times out:
	# UEVENT_TRIGGER_TIMEOUT=$1, plus 30 s (the coldplug's watchdog),
	# plus 30 s for the stock trigger.
	[Service]
	ExecStart=
	ExecStart=-/usr/lib/uevent-trigger/dracut-coldplug $stock
	ExecStopPost=-/usr/lib/uevent-trigger/dracut-coldplug --stop-post $stock
	TimeoutStartSec=$2
	StandardError=journal+console
	EOF
}
check "dracut module, COLDPLUG=yes, systemd initrd: included (check 0), our coldplug, the drop-in for systemd-udev-trigger.service with the stock unit's command line, TimeoutStartSec=180 (120 + 30 + 30) and the stock command as ExecStopPost=, no hook" \
	test "$(dracut_module yes UEVENT_TRIGGER_COLDPLUG=yes)" = "$(dropin_want 120 180)"
# What the shell flavour installs with our coldplug.
shell_want="check 0
$tools_lines
inst_simple $stage/etc/default/uevent-trigger /etc/default/uevent-trigger
inst_script $stage/usr/share/uevent-trigger/initramfs-tools/coldplug /usr/lib/uevent-trigger/coldplug
inst_script $stage/usr/share/uevent-trigger/initramfs-tools/bounded /usr/lib/uevent-trigger/bounded
inst_multiple -o sleep awk
inst_hook pre-trigger 90 $dracut_mod/pre-trigger.sh
dinfo uevent-trigger: coldplug of init.sh: ours (pre-trigger hook), else init.sh's own
install 0"
check "dracut module, COLDPLUG=yes, shell initrd: our coldplug and the pre-trigger hook, no drop-in" \
	test "$(dracut_module no UEVENT_TRIGGER_COLDPLUG=yes)" = "$shell_want"
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
# The timeout: decimal 1 to 3600 without a leading zero, everywhere.
dracut_timeouts() {
	local v out bad=0
	for v in 00 0 007 3601 99999999999999999999 0x10 -1; do
		out=$(dracut_module yes UEVENT_TRIGGER_COLDPLUG=yes "UEVENT_TRIGGER_TIMEOUT=$v")
		case "$out" in
		"check 255
$tools_lines
dwarn uevent-trigger: $dconf: unknown value UEVENT_TRIGGER_TIMEOUT=$v (seconds, 1 to 3600): not our coldplug in this image, udev's (fix the file, then rebuild the image)
install 0") ;;
		*) echo "TIMEOUT=$v:"; printf '%s\n' "$out"; bad=1 ;;
		esac
	done
	for v in 1:61 3600:3660; do
		out=$(dracut_module yes UEVENT_TRIGGER_COLDPLUG=yes "UEVENT_TRIGGER_TIMEOUT=${v%:*}")
		[ "$out" = "$(dropin_want "${v%:*}" "${v#*:}")" ] ||
			{ echo "TIMEOUT=${v%:*}:"; printf '%s\n' "$out"; bad=1; }
	done
	return $bad
}
check "dracut module: UEVENT_TRIGGER_TIMEOUT 00, 0, 007, 3601, 2^64+, 0x10, -1 refused (dwarn); 1 and 3600 taken, TimeoutStartSec= 61 and 3660" dracut_timeouts
# An admin's override of systemd-udev-trigger.service is left alone.
dracut_overrides() {
	local etc=$t/dsys/etc/systemd/system vendor=$t/dsys/lib/systemd/system/systemd-udev-trigger.service.d
	local f out bad=0 unit=systemd-udev-trigger.service
	for f in "$etc/$unit.d/override.conf" "$etc/$unit" "$etc/$unit:mask" "$vendor/50-other.conf"; do
		mkdir -p "$etc/$unit.d" "$vendor"
		case "$f" in
		*:mask) f=${f%:mask}; ln -s /dev/null "$f" ;;
		*) printf '%s\n' '[Service]' 'ExecStart=' 'ExecStart=-udevadm trigger --action=add' > "$f" ;;
		esac
		out=$(dracut_module yes UEVENT_TRIGGER_COLDPLUG=yes)
		rm -rf "${etc:?}/$unit" "$etc/$unit.d" "$vendor"
		case "$out" in
		"check 0
$tools_lines
dwarn uevent-trigger: systemd-udev-trigger.service is overridden ($f): not our coldplug in this image, udev's (as overridden)
install 0") ;;
		*) echo "$f:"; printf '%s\n' "$out"; bad=1 ;;
		esac
	done
	# An empty drop-in directory overrides nothing.
	mkdir -p "$etc/$unit.d"
	out=$(dracut_module yes UEVENT_TRIGGER_COLDPLUG=yes)
	rm -rf "$etc/$unit.d"
	[ "$out" = "$(dropin_want 120 180)" ] || { echo "empty $unit.d:"; printf '%s\n' "$out"; bad=1; }
	return $bad
}
check "dracut module, systemd initrd, systemd-udev-trigger.service overridden (/etc drop-in override.conf, /etc unit file, /etc mask, a drop-in in the unit's directory): nothing of our coldplug, dwarn names the file; an empty /etc drop-in directory is no override" dracut_overrides
# The shell initrd with an init.sh whose coldplug lines differ: nothing of
# our coldplug.
dracut_init_changed() {
	local out
	mkdir -p "$t/dbase-changed"
	grep -v '^udevadm settle$' "$t/dbase/init.sh" > "$t/dbase-changed/init.sh"
	out=$(DRACUT_BASE=$t/dbase-changed dracut_module no UEVENT_TRIGGER_COLDPLUG=yes)
	[ "$out" = "check 0
$tools_lines
dwarn uevent-trigger: init.sh's coldplug is not the one our pre-trigger hook knows ($t/dbase-changed/init.sh line 9 is 'source_hook pre-mount', not 'udevadm settle'): not our coldplug in this image, udev's
install 0" ] || { printf '%s\n' "$out"; return 1; }
	out=$(DRACUT_BASE=$t/no-such-base dracut_module no UEVENT_TRIGGER_COLDPLUG=yes)
	[ "$out" = "check 0
$tools_lines
dwarn uevent-trigger: init.sh's coldplug is not the one our pre-trigger hook knows ($t/no-such-base/init.sh cannot be read): not our coldplug in this image, udev's
install 0" ] || { printf '%s\n' "$out"; return 1; }
}
check "dracut module, shell initrd, init.sh without the settle after its triggers, or no init.sh: nothing of our coldplug, dwarn says which line" dracut_init_changed

# At boot: the systemd flavour's dracut-coldplug and the shell flavour's
# pre-trigger hook, with our coldplug's path pointing at a stand-in that
# exits $COLDPLUG_RC, and a udevadm stand-in that logs its command line.
mkdir -p "$t/dbin"
printf '#!/bin/sh\nexit ${COLDPLUG_RC:-0}\n' > "$t/dbin/coldplug"
printf '#!/bin/sh\necho "udevadm $*" >> "%s"\n' "$t/udevadm.log" > "$t/dbin/udevadm"
chmod 0755 "$t/dbin/coldplug" "$t/dbin/udevadm"
sed "s|/usr/lib/uevent-trigger/coldplug|$t/dbin/coldplug|g" "$dracut_mod/dracut-coldplug" > "$t/dracut-coldplug"
# The console (/dev/kmsg) is a file of the test's, never the host's.
sed -e "s|/usr/lib/uevent-trigger/coldplug|$t/dbin/coldplug|g" \
	-e "s|/dev/kmsg|$t/kmsg|g" "$dracut_mod/pre-trigger.sh" > "$t/pre-trigger.sh"
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
# dracut_stop_post SERVICE_RESULT [EXIT_CODE EXIT_STATUS]: the udevadm calls
# of the drop-in's ExecStopPost= as systemd runs it, then its stderr.
dracut_stop_post() {
	: > "$t/udevadm.log"
	SERVICE_RESULT=$1 EXIT_CODE=${2-} EXIT_STATUS=${3-} COLDPLUG_RC=0 PATH="$t/dbin:$PATH" \
		sh "$t/dracut-coldplug" --stop-post udevadm trigger --type=all --action=add 2> "$t/stop-post.err"
	cat "$t/udevadm.log" "$t/stop-post.err"
}
dracut_stop_posts() {
	local r out bad=0
	out=$(dracut_stop_post timeout killed TERM)
	[ "$out" = "udevadm trigger --type=all --action=add
uevent-trigger: systemd-udev-trigger.service ended with result 'timeout' (killed TERM): udev's coldplug (udevadm trigger, udevadm settle)" ] ||
		{ echo "timeout:"; printf '%s\n' "$out"; bad=1; }
	for r in resources signal core-dump; do
		out=$(dracut_stop_post "$r")
		case "$out" in
		"udevadm trigger --type=all --action=add
uevent-trigger: systemd-udev-trigger.service ended with result '$r' "*) ;;
		*) echo "$r:"; printf '%s\n' "$out"; bad=1 ;;
		esac
	done
	for r in success ''; do
		out=$(dracut_stop_post "$r" exited 0)
		[ -z "$out" ] || { echo "'$r':"; printf '%s\n' "$out"; bad=1; }
	done
	return $bad
}
check "dracut, systemd initrd, ExecStopPost=: the start timed out (SERVICE_RESULT=timeout), could not run or was killed: the stock command, said; success (and every later stop) or no result: nothing" dracut_stop_posts
# The skip disarms itself at the first udevadm call that is not the next
# one it expects: another pre-trigger hook's call before init.sh's lines
# (nothing skipped: a second coldplug), or a call between the triggers
# and the settle (the later settle runs).
dracut_disarm() {
	local out
	: > "$t/udevadm.log"
	: > "$t/kmsg"
	COLDPLUG_RC=0 PATH="$t/dbin:$PATH" sh -c ". '$t/pre-trigger.sh'
		udevadm control --property=X=1
		udevadm control --reload
		udevadm trigger --type=subsystems --action=add
		udevadm trigger --type=devices --action=add
		udevadm settle" 2> /dev/null
	out="$(paste -sd, "$t/udevadm.log")|$(cat "$t/kmsg")"
	[ "$out" = "udevadm control --property=X=1,udevadm control --reload,udevadm trigger --type=subsystems --action=add,udevadm trigger --type=devices --action=add,udevadm settle|uevent-trigger: init.sh's udevadm calls are not the expected ones ('udevadm control --property=X=1' before its trigger): nothing skipped, init.sh's coldplug runs too" ] ||
		{ printf '%s\n' "$out"; return 1; }
	: > "$t/udevadm.log"
	: > "$t/kmsg"
	COLDPLUG_RC=0 PATH="$t/dbin:$PATH" sh -c ". '$t/pre-trigger.sh'
		udevadm control --reload
		udevadm trigger --type=subsystems --action=add
		udevadm trigger --type=devices --action=add
		udevadm info --export-db
		udevadm settle" 2> /dev/null
	out="$(paste -sd, "$t/udevadm.log")|$(cat "$t/kmsg")"
	[ "$out" = "udevadm control --reload,udevadm info --export-db,udevadm settle|uevent-trigger: coldplug done: init.sh's udevadm trigger skipped; the next udevadm call is 'udevadm info --export-db', not 'udevadm settle': it and every later one run" ] ||
		{ printf '%s\n' "$out"; return 1; }
}
check "dracut, shell initrd: an udevadm call before init.sh's reload disarms the skip (all run, said); one between the triggers and the settle too (the settle runs, said)" dracut_disarm

# dracut's real init.sh: 059 (bookworm), 106 (trixie), 112 (sid), from
# the suites' dracut-core packages (scripts/debian-suite.sh, a private apt
# configuration; the .debs kept in $SYNTH_CACHE/dracut-core).
dcache=${SYNTH_CACHE:-$HOME/.cache/synth-uevent}/dracut-core
# dracut_init_sh SUITE VERSION: the base module directory of that
# version's dracut-core, unpacked under $t; nothing when there is none.
dracut_init_sh() {
	local suite=$1 ver=$2 deb d=$t/dracut-$2
	mkdir -p "$dcache/$suite"
	deb=$(ls "$dcache/$suite/dracut-core_$ver"-*.deb 2> /dev/null | tail -n1)
	if [ -z "$deb" ]; then
		"$here/../scripts/debian-suite.sh" "$suite" download --only "$dcache/$suite" \
			dracut-core > "$t/download-$suite.log" 2>&1
		deb=$(ls "$dcache/$suite/dracut-core_$ver"-*.deb 2> /dev/null | tail -n1)
	fi
	[ -n "$deb" ] || return 1
	mkdir -p "$d"
	dpkg-deb -x "$deb" "$d" || return 1
	for d in "$d"/usr/lib/dracut/modules.d/[0-9][0-9]base; do
		[ -r "$d/init.sh" ] && echo "$d"
	done
}
# dracut_real_boot BASEDIR RC: init.sh's own lines from after its
# pre-trigger hooks to its initqueue, with our hook, then the initqueue's
# settle (udevsettle) and a later bare settle (lvm_scan, 68lvmmerge's
# cleanup): the udevadm calls, then the console.
dracut_real_boot() {
	sed -n '/^source_hook pre-trigger$/,/^make_trace_mem "hook initqueue"/p' "$1/init.sh" |
		sed '1d;$d' > "$t/init-lines.sh"
	: > "$t/udevadm.log"
	: > "$t/kmsg"
	COLDPLUG_RC=$2 PATH="$t/dbin:$PATH" sh -c ". '$t/pre-trigger.sh'
		. '$t/init-lines.sh'
		udevadm settle --exit-if-exists=/x
		udevadm settle" 2> /dev/null
	paste -sd, "$t/udevadm.log"
	cat "$t/kmsg"
}
# same GOT WANT: 0 when equal, else both shown.
same() {
	[ "$1" = "$2" ] && return 0
	printf 'got:\n%s\nwant:\n%s\n' "$1" "$2"
	return 1
}
for v in bookworm:059 trixie:106 sid:112; do
	suite=${v%:*} ver=${v#*:}
	base=$(dracut_init_sh "$suite" "$ver")
	if [ -z "$base" ]; then
		reason="no dracut-core $ver in $dcache/$suite"
		have=$(cd "$dcache/$suite" 2> /dev/null && ls dracut-core_*.deb 2> /dev/null | tail -n1)
		[ -z "$have" ] || reason="$reason ($suite's is now $have)"
		[ -s "$t/download-$suite.log" ] &&
			reason="$reason; scripts/debian-suite.sh: $(tail -n1 "$t/download-$suite.log")"
		skip "dracut module, shell initrd, dracut $ver's init.sh ($suite)" "$reason"
		skip "dracut, shell initrd at boot, dracut $ver's init.sh ($suite)" "$reason"
		continue
	fi
	if [ "$ver" = 112 ]; then
		check "dracut module, shell initrd, dracut $ver's init.sh ($suite): no settle after its triggers: nothing of our coldplug, dwarn says which line" \
			same "$(DRACUT_BASE=$base dracut_module no UEVENT_TRIGGER_COLDPLUG=yes)" "check 0
$tools_lines
dwarn uevent-trigger: init.sh's coldplug is not the one our pre-trigger hook knows ($base/init.sh line $(grep -n '^make_trace_mem "hook initqueue"' "$base/init.sh" | cut -d: -f1) is 'make_trace_mem \"hook initqueue\" '1:shortmem' '2+:mem' '3+:slab'', not 'udevadm settle'): not our coldplug in this image, udev's
install 0"
		# Were the hook there anyway (an image made before this check,
		# init.sh changed after it): the triggers skipped, the next
		# settles run, the bare one too.
		check "dracut, shell initrd at boot, dracut $ver's init.sh ($suite): the hook disarms at the initqueue's settle; the later bare udevadm settle runs, never answered by the skip" \
			same "$(dracut_real_boot "$base" 0)" "udevadm control --reload,udevadm settle --exit-if-exists=/x,udevadm settle
uevent-trigger: coldplug done: init.sh's udevadm trigger skipped; the next udevadm call is 'udevadm settle --exit-if-exists=/x', not 'udevadm settle': it and every later one run"
	else
		check "dracut module, shell initrd, dracut $ver's init.sh ($suite): its reload, triggers and settle as the hook knows them: our coldplug and the pre-trigger hook" \
			same "$(DRACUT_BASE=$base dracut_module no UEVENT_TRIGGER_COLDPLUG=yes)" "$shell_want"
		check "dracut, shell initrd at boot, dracut $ver's init.sh ($suite): our coldplug exits 0: its triggers and settle skipped, said, the later settles run; exits 3: all run" \
			same "$(dracut_real_boot "$base" 0)|$(dracut_real_boot "$base" 3)" "udevadm control --reload,udevadm settle --exit-if-exists=/x,udevadm settle
uevent-trigger: coldplug done: init.sh's udevadm trigger and udevadm settle skipped|udevadm control --reload,udevadm trigger --type=subsystems --action=add,udevadm trigger --type=devices --action=add,udevadm settle,udevadm settle --exit-if-exists=/x,udevadm settle"
	fi
done
