#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# dracut module of uevent-trigger.
#
# Asked for (add_dracutmodules+=" uevent-trigger "): the tool (the small
# static musl build when installed) and uevent-wait-vg, for hooks of
# one's own that call them on purpose.
#
# With UEVENT_TRIGGER_COLDPLUG=yes in @SYSCONFDIR@/default/uevent-trigger
# (the same file and checks as the initramfs-tools hook: "sh -n", then
# read in a subshell under "set -e" with nothing on stderr, every value
# known) the module is included without being asked for, and our
# coldplug (@PKGDATADIR@/initramfs-tools/coldplug, as
# /usr/lib/uevent-trigger/coldplug, with the setting) does the coldplug:
#
#   - dracut's systemd initrd (98dracut-systemd): a drop-in for
#     systemd-udev-trigger.service whose ExecStart is
#     /usr/lib/uevent-trigger/dracut-coldplug followed by the stock
#     unit's own command line, read from the unit when the image is made:
#     our coldplug, and unless it exits 0 the stock "udevadm trigger".
#     Every unit ordered after systemd-udev-trigger.service
#     (dracut-initqueue.service among them) starts when our events are
#     processed;
#   - the shell initrd (dracut --omit systemd): a pre-trigger hook that
#     runs our coldplug and, when it exits 0, makes init.sh skip its own
#     "udevadm trigger" (twice) and the "udevadm settle" after them.
#
# A setting that fails the checks is refused with a line in dracut's
# output, and nothing but what was asked for is installed.  At boot, the
# kernel command line rd.uevent_trigger.coldplug=0 (or
# uevent_trigger.coldplug=no) gives udev's coldplug for that boot.
#
# dracutsysrootdir, systemdsystemunitdir, initdir are dracut's.
# shellcheck disable=SC2154

# _uevent_trigger_coldplug_enabled: 0 when the setting asks for our
# coldplug and passes the checks; otherwise 1, and a word from dracut
# (dwarn) when the file is there but refused.
_uevent_trigger_coldplug_enabled() {
    local conf=$dracutsysrootdir@SYSCONFDIR@/default/uevent-trigger values err errfile
    [[ -e $conf ]] || return 1
    _uevent_trigger_refuse() {
        dwarn "uevent-trigger: $conf: $*: not our coldplug in this image, udev's (fix the file, then rebuild the image)"
        return 1
    }
    [[ -r $conf ]] || { _uevent_trigger_refuse "cannot be read"; return 1; }
    err=$(sh -n "$conf" 2>&1) || { _uevent_trigger_refuse "syntax error: $err"; return 1; }
    errfile=$(mktemp) || { _uevent_trigger_refuse "mktemp failed"; return 1; }
    values=$(sh -c '
        set -e
        UEVENT_TRIGGER_COLDPLUG=no
        UEVENT_TRIGGER_WAIT_FOR_UDEV=no
        UEVENT_TRIGGER_TIMEOUT=120
        . "$1" > /dev/null
        printf "read %s %s\n" "$UEVENT_TRIGGER_COLDPLUG" "$UEVENT_TRIGGER_TIMEOUT"
    ' sh "$conf" 2> "$errfile")
    err=$(cat "$errfile")
    rm -f "$errfile"
    [[ $values == "read "* ]] ||
        { _uevent_trigger_refuse "fails when read under set -e${err:+: $err}"; return 1; }
    [[ -z $err ]] || { _uevent_trigger_refuse "prints errors when read: $err"; return 1; }
    read -r -a values <<< "$values"
    [[ ${#values[@]} -eq 3 ]] ||
        { _uevent_trigger_refuse "each UEVENT_TRIGGER_* value must be one word"; return 1; }
    [[ ${values[2]} =~ ^[0-9]+$ && ${values[2]} != 0 ]] ||
        { _uevent_trigger_refuse "unknown value UEVENT_TRIGGER_TIMEOUT=${values[2]} (seconds, 1 or more)"; return 1; }
    case ${values[1]} in
        yes | y | 1 | true | on) return 0 ;;
        no | n | 0 | false | off | '') return 1 ;;
    esac
    _uevent_trigger_refuse "unknown value UEVENT_TRIGGER_COLDPLUG=${values[1]} (yes or no)"
}

# called by dracut: with our coldplug asked for in the setting, included
# (0); else only when asked for (255).
check() {
    [[ -x $dracutsysrootdir@PKGLIBDIR@/uevent-trigger.static ]] ||
        require_binaries uevent-trigger || return 1
    _uevent_trigger_coldplug_enabled > /dev/null 2>&1 && return 0
    return 255
}

# called by dracut
depends() {
    return 0
}

# _uevent_trigger_stock_execstart: the stock trigger unit's command line,
# without the "-" prefix: one line, or nothing.
_uevent_trigger_stock_execstart() {
    local unit=$dracutsysrootdir$systemdsystemunitdir/systemd-udev-trigger.service
    [[ -f $unit ]] || return 1
    local lines
    lines=$(sed -n 's/^ExecStart=[-@:+!]*//p' "$unit")
    [[ -n $lines && $lines != *$'\n'* ]] || return 1
    printf '%s\n' "$lines"
}

# called by dracut
install() {
    if [[ -x $dracutsysrootdir@PKGLIBDIR@/uevent-trigger.static ]]; then
        inst_binary @PKGLIBDIR@/uevent-trigger.static /usr/bin/uevent-trigger
    else
        inst_binary uevent-trigger
    fi
    inst_script @SBINDIR@/uevent-wait-vg /usr/sbin/uevent-wait-vg

    _uevent_trigger_coldplug_enabled || return 0
    local stock
    if dracut_module_included "systemd"; then
        if ! stock=$(_uevent_trigger_stock_execstart); then
            dwarn "uevent-trigger: systemd-udev-trigger.service has not exactly one ExecStart=: not our coldplug in this image, udev's"
            return 0
        fi
        inst_simple @SYSCONFDIR@/default/uevent-trigger /etc/default/uevent-trigger
        inst_script @PKGDATADIR@/initramfs-tools/coldplug /usr/lib/uevent-trigger/coldplug
        inst_script "$moddir/dracut-coldplug" /usr/lib/uevent-trigger/dracut-coldplug
        mkdir -p "$initdir$systemdsystemunitdir/systemd-udev-trigger.service.d"
        {
            echo "# uevent-trigger: our coldplug, and unless it exits 0 the stock one."
            echo "[Service]"
            echo "ExecStart="
            echo "ExecStart=-/usr/lib/uevent-trigger/dracut-coldplug $stock"
            echo "StandardError=journal+console"
        } > "$initdir$systemdsystemunitdir/systemd-udev-trigger.service.d/uevent-trigger.conf"
        dinfo "uevent-trigger: coldplug of systemd-udev-trigger.service: ours, else $stock"
    else
        inst_simple @SYSCONFDIR@/default/uevent-trigger /etc/default/uevent-trigger
        inst_script @PKGDATADIR@/initramfs-tools/coldplug /usr/lib/uevent-trigger/coldplug
        inst_hook pre-trigger 90 "$moddir/pre-trigger.sh"
        dinfo "uevent-trigger: coldplug of init.sh: ours (pre-trigger hook), else init.sh's own"
    fi
    return 0
}
