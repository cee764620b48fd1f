#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# dracut module of uevent-trigger: the tool in every initramfs (the small
# static musl build when installed), uevent-wait-vg for hooks, the setting
# (@SYSCONFDIR@/default/uevent-trigger) and, with UEVENT_TRIGGER_COLDPLUG=yes
# there, a pre-trigger hook: the coldplug of 99base's init.sh waits for
# exactly its own events instead of the whole udev queue.
#
# dracutsysrootdir, initdir and moddir are dracut's.
# shellcheck disable=SC2154

# called by dracut
check() {
    [[ -x $dracutsysrootdir@PKGLIBDIR@/uevent-trigger.static ]] && return 0
    require_binaries uevent-trigger || return 1
    return 0
}

# called by dracut
depends() {
    echo udev-rules
    return 0
}

# called by dracut
install() {
    local _conf=@SYSCONFDIR@/default/uevent-trigger _coldplug

    if [[ -x $dracutsysrootdir@PKGLIBDIR@/uevent-trigger.static ]]; then
        inst_binary @PKGLIBDIR@/uevent-trigger.static /usr/bin/uevent-trigger
    else
        inst_binary uevent-trigger
    fi
    inst_script @SBINDIR@/uevent-wait-vg /usr/sbin/uevent-wait-vg

    [[ -r $dracutsysrootdir$_conf ]] || return 0
    inst_simple "$_conf" /etc/default/uevent-trigger
    # shellcheck source=/dev/null
    _coldplug=$(. "$dracutsysrootdir$_conf" && echo "$UEVENT_TRIGGER_COLDPLUG")
    case $_coldplug in
        yes | y | 1 | true | on)
            inst_hook pre-trigger 50 "$moddir/uevent-trigger-coldplug.sh"
            ;;
    esac
    return 0
}
