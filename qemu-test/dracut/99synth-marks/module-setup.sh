#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dracut module of qemu-test/lvm-boot.sh's dracut images (-a synth-marks),
# the dracut counterpart of lvm-root/etc/initramfs-tools/scripts: say on
# the console when the coldplug is done and when root is mounted
# (SYNTH-MARK coldplug-done T, SYNTH-MARK root-mounted T DEV TYPE).
#   systemd initrd: coldplug-done after systemd-udev-trigger.service
#   (ours: its events processed; stock: triggered), root-mounted after
#   sysroot.mount;
#   shell initrd: coldplug-done at the first initqueue round (after
#   init.sh's "udevadm settle", or ours), root-mounted in pre-pivot.
# With /etc/synth-dracut-fault (the image build's root) holding notool,
# crash, hang or stop, the tool of the image (installed by
# 90uevent-trigger, before this module) is removed, replaced by one
# killed by SIGSEGV, or by one that never returns (it says SYNTH-MARK
# hang-start T on the console, then sleeps 100000 s, or stops itself
# with SIGSTOP).
# shellcheck disable=SC2154

check() {
    return 255
}

depends() {
    return 0
}

install() {
    inst_script "$moddir/synth-mark" /usr/bin/synth-mark
    if dracut_module_included "systemd"; then
        inst_simple "$moddir/synth-mark-coldplug.service" \
            "$systemdsystemunitdir/synth-mark-coldplug.service"
        inst_simple "$moddir/synth-mark-root.service" \
            "$systemdsystemunitdir/synth-mark-root.service"
        $SYSTEMCTL -q --root "$initdir" add-wants sysinit.target synth-mark-coldplug.service
        $SYSTEMCTL -q --root "$initdir" add-wants initrd-root-fs.target synth-mark-root.service
    else
        inst_hook initqueue 00 "$moddir/mark-coldplug.sh"
        inst_hook pre-pivot 00 "$moddir/mark-root.sh"
    fi
    local fault
    fault=$(cat "$dracutsysrootdir/etc/synth-dracut-fault" 2> /dev/null)
    case "$fault" in
        notool)
            echo "synth fault notool: rm $initdir/usr/bin/uevent-trigger"
            rm -f "$initdir/usr/bin/uevent-trigger"
            ;;
        crash)
            echo "synth fault crash: $initdir/usr/bin/uevent-trigger killed by SIGSEGV"
            printf '#!/bin/sh\nkill -SEGV $$\n' > "$initdir/usr/bin/uevent-trigger"
            chmod 0755 "$initdir/usr/bin/uevent-trigger"
            ;;
        hang | stop)
            echo "synth fault $fault: $initdir/usr/bin/uevent-trigger never returns"
            # shellcheck disable=SC2016
            printf '%s\n' '#!/bin/sh' 'read -r up _ < /proc/uptime' \
                'echo "SYNTH-MARK hang-start $up" > /dev/console' \
                "$([ "$fault" = hang ] && echo 'exec sleep 100000' || echo 'kill -STOP $$')" \
                > "$initdir/usr/bin/uevent-trigger"
            chmod 0755 "$initdir/usr/bin/uevent-trigger"
            inst_multiple sleep
            ;;
    esac
    return 0
}
