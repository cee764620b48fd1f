#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# dracut pre-trigger hook of uevent-trigger, sourced by 99base's init.sh
# right before its coldplug:
#
#     udevadm trigger --type=subsystems --action=add > /dev/null 2>&1
#     udevadm trigger --type=devices --action=add > /dev/null 2>&1
#     udevadm settle
#
# It defines, in init.sh's own shell, a udevadm function for exactly these
# three calls: the first becomes "uevent-trigger --settle --type=all
# --action=add", a wait for the coldplug's own events; the second and the
# settle are then done already.  Every other call goes to the real
# udevadm, and the function removes itself after the settle.  If the tool
# fails, the real commands run as they would have.  Under systemd
# (dracut-systemd) init.sh does not run and this hook changes nothing:
# systemd-udev-trigger.service does the coldplug without a settle.
#
# The kernel command line rd.uevent_trigger.coldplug=0 turns it off.

# shellcheck source=/dev/null
type getargbool > /dev/null 2>&1 || . /lib/dracut-lib.sh

uevent_trigger_timeout=120
if [ -r /etc/default/uevent-trigger ]; then
    # shellcheck source=/dev/null
    uevent_trigger_timeout=$(. /etc/default/uevent-trigger && echo "${UEVENT_TRIGGER_TIMEOUT:-120}")
fi

# The coldplug's calls, in init.sh's order: start, then subsystems,
# devices, settle; over (the real udevadm again), or fallback.
uevent_trigger_state=start

udevadm() {
    case "$uevent_trigger_state:$*" in
        "start:trigger --type=subsystems --action=add")
            mkdir -p /run/initramfs
            uevent_trigger_rc=0
            uevent-trigger --settle --type=all --action=add --wait-daemon \
                --timeout="$uevent_trigger_timeout" --json \
                > /run/initramfs/uevent-trigger-coldplug.json \
                || uevent_trigger_rc=$?
            if [ "$uevent_trigger_rc" -eq 0 ]; then
                uevent_trigger_state=subsystems
                return 0
            fi
            warn "uevent-trigger coldplug: exit status $uevent_trigger_rc: udevadm trigger and settle"
            uevent_trigger_state=fallback
            ;;
        "subsystems:trigger --type=devices --action=add")
            uevent_trigger_state=devices
            return 0
            ;;
        "devices:settle")
            uevent_trigger_state=over
            unset -f udevadm
            info "uevent-trigger: coldplug events processed"
            return 0
            ;;
        fallback:settle)
            uevent_trigger_state=over
            unset -f udevadm
            ;;
    esac
    command udevadm "$@"
}

if ! getargbool 1 rd.uevent_trigger.coldplug \
    || ! getargbool 1 uevent_trigger.coldplug \
    || ! command -v uevent-trigger > /dev/null 2>&1; then
    unset -f udevadm
fi
