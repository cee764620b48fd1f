#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# dracut module of uevent-trigger: only when asked for
# (add_dracutmodules+=" uevent-trigger "), the tool (the small static
# musl build when installed) and uevent-wait-vg, for hooks of one's own
# that call them on purpose.  It changes nothing in dracut's coldplug:
# under systemd (98dracut-systemd, always there in dracut 059)
# systemd-udev-trigger.service does it and init.sh's pre-trigger hooks
# are never reached, and no replacement of ours has been booted in a
# real dracut image yet.  /etc/default/uevent-trigger is not read here.
#
# dracutsysrootdir is dracut's.
# shellcheck disable=SC2154

# called by dracut: 255, only when asked for.
check() {
    [[ -x $dracutsysrootdir@PKGLIBDIR@/uevent-trigger.static ]] ||
        require_binaries uevent-trigger || return 1
    return 255
}

# called by dracut
depends() {
    return 0
}

# called by dracut
install() {
    if [[ -x $dracutsysrootdir@PKGLIBDIR@/uevent-trigger.static ]]; then
        inst_binary @PKGLIBDIR@/uevent-trigger.static /usr/bin/uevent-trigger
    else
        inst_binary uevent-trigger
    fi
    inst_script @SBINDIR@/uevent-wait-vg /usr/sbin/uevent-wait-vg
    return 0
}
