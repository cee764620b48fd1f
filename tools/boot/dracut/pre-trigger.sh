#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Sourced by dracut's init.sh (the shell initrd) as a pre-trigger hook,
# after udevd started and before its coldplug ("udevadm trigger" for
# subsystems, then devices, then "udevadm settle").  When our coldplug
# exits 0 it did that coldplug and waited for its own events: init.sh's
# three commands are then skipped by a shell function that answers those
# three exact command lines with success, once each, and passes every
# other udevadm call through; after the "udevadm settle" it says so on
# the console (kernel log) and removes itself.  Otherwise (it said why on the console) nothing changes.
if [ -x /usr/lib/uevent-trigger/coldplug ] && /usr/lib/uevent-trigger/coldplug; then
	_uevent_trigger_skip="subsystems devices settle"
	udevadm() {
		case "$_uevent_trigger_skip:$*" in
		"subsystems devices settle:trigger --type=subsystems --action=add")
			_uevent_trigger_skip="devices settle"
			return 0
			;;
		"devices settle:trigger --type=devices --action=add")
			_uevent_trigger_skip="settle"
			return 0
			;;
		"settle:settle")
			echo "uevent-trigger: coldplug done: init.sh's udevadm trigger and udevadm settle skipped" > /dev/kmsg 2> /dev/null ||
				echo "uevent-trigger: coldplug done: init.sh's udevadm trigger and udevadm settle skipped" >&2
			unset _uevent_trigger_skip
			unset -f udevadm
			return 0
			;;
		esac
		command udevadm "$@"
	}
fi
