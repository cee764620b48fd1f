#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Sourced by dracut's init.sh (the shell initrd) as a pre-trigger hook,
# after udevd started and before its coldplug.  module-setup.sh installs
# it only when the image's init.sh runs, right after its pre-trigger
# hooks, exactly these four udevadm calls (dracut 059 and 106):
#
#   udevadm control --reload      (passed through)
#   udevadm trigger --type=subsystems --action=add
#   udevadm trigger --type=devices --action=add
#   udevadm settle
#
# When our coldplug exits 0 it did that coldplug and waited for its own
# events: a shell function then answers the two triggers and the settle
# with success, passes the reload through, says on the console (kernel
# log) that they were skipped and removes itself.  The first udevadm
# call that is not the next one of that sequence (another pre-trigger
# hook's, a changed init.sh, an initqueue job's) disarms it at once: that
# call and every later one run as they are, so a skip that is not
# answered right away can never answer a later settle.  A disarm before
# the triggers means a second coldplug (init.sh's own), never none.
# Otherwise (our coldplug said why on the console) nothing changes.
#
# Nothing here waits but our coldplug, which its own watchdog bounds
# (the tool is killed after UEVENT_TRIGGER_TIMEOUT plus a grace, then it
# exits non-zero and init.sh's coldplug runs); the console lines go to
# /dev/kmsg, which does not block.
_uevent_trigger_say() {
	echo "uevent-trigger: $*" > /dev/kmsg 2> /dev/null || echo "uevent-trigger: $*" >&2
}
if [ -x /usr/lib/uevent-trigger/coldplug ] && /usr/lib/uevent-trigger/coldplug; then
	_uevent_trigger_next=reload
	udevadm() {
		case "$_uevent_trigger_next:$*" in
		"reload:control --reload")
			_uevent_trigger_next=subsystems
			command udevadm "$@"
			return
			;;
		"subsystems:trigger --type=subsystems --action=add")
			_uevent_trigger_next=devices
			return 0
			;;
		"devices:trigger --type=devices --action=add")
			_uevent_trigger_next=settle
			return 0
			;;
		"settle:settle")
			_uevent_trigger_say "coldplug done: init.sh's udevadm trigger and udevadm settle skipped"
			unset _uevent_trigger_next
			unset -f udevadm _uevent_trigger_say
			return 0
			;;
		esac
		case "$_uevent_trigger_next" in
		settle)
			_uevent_trigger_say "coldplug done: init.sh's udevadm trigger skipped; the next udevadm call is 'udevadm $*', not 'udevadm settle': it and every later one run"
			;;
		*)
			_uevent_trigger_say "init.sh's udevadm calls are not the expected ones ('udevadm $*' before its trigger): nothing skipped, init.sh's coldplug runs too"
			;;
		esac
		unset _uevent_trigger_next
		unset -f udevadm _uevent_trigger_say
		command udevadm "$@"
	}
else
	unset -f _uevent_trigger_say
fi
