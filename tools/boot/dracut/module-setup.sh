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
#     processed.  The start is bounded: TimeoutStartSec= is
#     UEVENT_TRIGGER_TIMEOUT, plus the coldplug's grace (30 s: its
#     watchdog kills the tool then), plus 30 s for the stock trigger
#     after it; when systemd kills the start there, the drop-in's
#     ExecStopPost= (dracut-coldplug --stop-post, on $SERVICE_RESULT)
#     runs the stock command.  Any override of the unit (a unit file or a
#     drop-in under /etc/systemd/system, or a drop-in in the unit's own
#     directory, which dracut copies into the image) is left alone:
#     nothing of our coldplug, said (dwarn);
#   - the shell initrd (dracut --omit systemd): a pre-trigger hook that
#     runs our coldplug and, when it exits 0, makes init.sh skip its own
#     "udevadm trigger" (twice) and the "udevadm settle" after them.
#     Installed only when the init.sh that dracut puts in the image (its
#     base module's) runs, right after "source_hook pre-trigger", exactly
#     the udevadm lines the hook answers, the settle the very next one
#     (dracut 059 and 106; not 112, which has no settle there): else
#     nothing of our coldplug, said (dwarn), and init.sh's own coldplug.
#
# A setting that fails the checks is refused with a line in dracut's
# output, and nothing but what was asked for is installed.  At boot, the
# kernel command line rd.uevent_trigger.coldplug=0 (or
# uevent_trigger.coldplug=no) gives udev's coldplug for that boot.
#
# dracutsysrootdir, dracutbasedir, systemdsystemunitdir,
# systemdsystemconfdir, initdir are dracut's.
# shellcheck disable=SC2154

# _uevent_trigger_coldplug_enabled: 0 when the setting asks for our
# coldplug and passes the checks (the seconds of UEVENT_TRIGGER_TIMEOUT
# in _uevent_trigger_timeout); otherwise 1, and a word from dracut
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
    # Decimal, 1 to 3600, no leading zero (the tool reads 00 as never).
    if ! [[ ${values[2]} =~ ^[1-9][0-9]{0,3}$ ]] || ((values[2] > 3600)); then
        _uevent_trigger_refuse "unknown value UEVENT_TRIGGER_TIMEOUT=${values[2]} (seconds, 1 to 3600)"
        return 1
    fi
    _uevent_trigger_timeout=${values[2]}
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

# _uevent_trigger_unit_overrides: the files that override or extend
# systemd-udev-trigger.service in the image's source root, one a line
# (none: nothing printed): a unit file or drop-ins under
# systemdsystemconfdir (/etc/systemd/system: dracut copies them into a
# host-only image; a mask is such a unit file), and drop-ins in the
# unit's own directory (dracut copies those into every image).
_uevent_trigger_unit_overrides() {
    local unit=systemd-udev-trigger.service f
    local etc=$dracutsysrootdir${systemdsystemconfdir:-/etc/systemd/system}
    for f in "$etc/$unit" "$etc/$unit.d/"*.conf \
        "$dracutsysrootdir$systemdsystemunitdir/$unit.d/"*.conf; do
        [[ -e $f || -L $f ]] && printf '%s\n' "${f#"$dracutsysrootdir"}"
    done
    return 0
}

# The udevadm lines init.sh runs right after "source_hook pre-trigger",
# in this order, that pre-trigger.sh answers (the reload passed through).
_uevent_trigger_init_lines=(
    'udevadm control --reload > /dev/null 2>&1 || :'
    'udevadm trigger --type=subsystems --action=add > /dev/null 2>&1'
    'udevadm trigger --type=devices --action=add > /dev/null 2>&1'
    'udevadm settle'
)

# _uevent_trigger_init_sh_check FILE: 0 when FILE (dracut's init.sh) has
# one "source_hook pre-trigger" line and the lines after it, blank lines
# and comments aside, begin with exactly _uevent_trigger_init_lines;
# else 1 and why on stdout.
_uevent_trigger_init_sh_check() {
    local file=$1 line n=0 i=0 hook=0
    [[ -f $file && -r $file ]] || { echo "$file cannot be read"; return 1; }
    while IFS= read -r line || [[ -n $line ]]; do
        i=$((i + 1))
        # Leading and trailing blanks aside.
        line=${line#"${line%%[![:space:]]*}"}
        line=${line%"${line##*[![:space:]]}"}
        if [[ $line == "source_hook pre-trigger" ]]; then
            hook=$((hook + 1))
            continue
        fi
        ((hook == 1 && n < ${#_uevent_trigger_init_lines[@]})) || continue
        [[ -z $line || $line == "#"* ]] && continue
        if [[ $line != "${_uevent_trigger_init_lines[n]}" ]]; then
            echo "$file line $i is '$line', not '${_uevent_trigger_init_lines[n]}'"
            return 1
        fi
        n=$((n + 1))
    done < "$file"
    ((hook == 1)) || { echo "$file has $hook 'source_hook pre-trigger' lines, not one"; return 1; }
    ((n == ${#_uevent_trigger_init_lines[@]})) ||
        { echo "$file ends before '${_uevent_trigger_init_lines[n]}'"; return 1; }
    return 0
}

# _uevent_trigger_init_sh: the init.sh dracut puts in the image as /init,
# its base module's (99base up to 106, 80base in 112).
_uevent_trigger_init_sh() {
    local dir
    if declare -F dracut_module_path > /dev/null; then
        dir=$(dracut_module_path base) || return 1
    else
        for dir in "$dracutbasedir"/modules.d/[0-9][0-9]base; do
            break
        done
    fi
    printf '%s\n' "$dir/init.sh"
}

# _uevent_trigger_coldplug_tools: what our coldplug runs besides the
# tool: its watchdog, "bounded" (/usr/lib/uevent-trigger/bounded, with
# sleep; without it, udev's coldplug), and awk for the summary of a run
# with devices not processed (without it, no list).  dracut's base
# module installs sleep too; awk is in no image by default.
_uevent_trigger_coldplug_tools() {
    inst_script @PKGDATADIR@/initramfs-tools/bounded /usr/lib/uevent-trigger/bounded
    inst_multiple -o sleep awk
}

# The coldplug's grace (its watchdog kills the tool this long after
# UEVENT_TRIGGER_TIMEOUT), and the time left to the stock trigger after
# it, in the systemd drop-in's TimeoutStartSec=.
_uevent_trigger_grace=30
_uevent_trigger_stock_margin=30

# called by dracut
install() {
    if [[ -x $dracutsysrootdir@PKGLIBDIR@/uevent-trigger.static ]]; then
        inst_binary @PKGLIBDIR@/uevent-trigger.static /usr/bin/uevent-trigger
    else
        inst_binary uevent-trigger
    fi
    inst_script @SBINDIR@/uevent-wait-vg /usr/sbin/uevent-wait-vg

    _uevent_trigger_coldplug_enabled || return 0
    local stock overrides init why tmo
    if dracut_module_included "systemd"; then
        overrides=$(_uevent_trigger_unit_overrides)
        if [[ -n $overrides ]]; then
            dwarn "uevent-trigger: systemd-udev-trigger.service is overridden (${overrides//$'\n'/, }): not our coldplug in this image, udev's (as overridden)"
            return 0
        fi
        if ! stock=$(_uevent_trigger_stock_execstart); then
            dwarn "uevent-trigger: systemd-udev-trigger.service has not exactly one ExecStart=: not our coldplug in this image, udev's"
            return 0
        fi
        tmo=$((_uevent_trigger_timeout + _uevent_trigger_grace + _uevent_trigger_stock_margin))
        inst_simple @SYSCONFDIR@/default/uevent-trigger /etc/default/uevent-trigger
        inst_script @PKGDATADIR@/initramfs-tools/coldplug /usr/lib/uevent-trigger/coldplug
        _uevent_trigger_coldplug_tools
        inst_script "$moddir/dracut-coldplug" /usr/lib/uevent-trigger/dracut-coldplug
        mkdir -p "$initdir$systemdsystemunitdir/systemd-udev-trigger.service.d"
        {
            echo "# uevent-trigger: our coldplug, and unless it exits 0 the stock one;"
            echo "# the stock one too when the start fails or times out:"
            echo "# UEVENT_TRIGGER_TIMEOUT=$_uevent_trigger_timeout, plus ${_uevent_trigger_grace} s (the coldplug's watchdog),"
            echo "# plus ${_uevent_trigger_stock_margin} s for the stock trigger."
            echo "[Service]"
            echo "ExecStart="
            echo "ExecStart=-/usr/lib/uevent-trigger/dracut-coldplug $stock"
            echo "ExecStopPost=-/usr/lib/uevent-trigger/dracut-coldplug --stop-post $stock"
            echo "TimeoutStartSec=$tmo"
            echo "StandardError=journal+console"
        } > "$initdir$systemdsystemunitdir/systemd-udev-trigger.service.d/uevent-trigger.conf"
        dinfo "uevent-trigger: coldplug of systemd-udev-trigger.service: ours, else $stock (TimeoutStartSec=$tmo)"
    else
        init=$(_uevent_trigger_init_sh)
        if ! why=$(_uevent_trigger_init_sh_check "$init"); then
            dwarn "uevent-trigger: init.sh's coldplug is not the one our pre-trigger hook knows ($why): not our coldplug in this image, udev's"
            return 0
        fi
        inst_simple @SYSCONFDIR@/default/uevent-trigger /etc/default/uevent-trigger
        inst_script @PKGDATADIR@/initramfs-tools/coldplug /usr/lib/uevent-trigger/coldplug
        _uevent_trigger_coldplug_tools
        inst_hook pre-trigger 90 "$moddir/pre-trigger.sh"
        dinfo "uevent-trigger: coldplug of init.sh: ours (pre-trigger hook), else init.sh's own"
    fi
    return 0
}
