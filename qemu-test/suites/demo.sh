#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The demo, run inside the VM: a group of loop devices triggered under one
# UUID, seen by a kernel-group listener and by udevd's listeners.  TAP.
devs="loop0 loop1 loop2 loop3"
uuid=$(cat /proc/sys/kernel/random/uuid)
n=0
result() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}

echo "1..3"
echo "# kernel $(uname -r), $(udevadm --version | sed 's/^/udev /')"
echo "# listening: udevadm monitor --kernel --udev --property"
udevadm monitor --kernel --udev --property > /tmp/monitor 2>&1 &
mon=$!
sleep 1

echo "# one transaction, UUID $uuid, four devices:"
ok=0
for d in $devs; do
	cmd="change $uuid UDEV_TRIGGER=1 DM_NAME=vg0-lv_root"
	echo "#   echo '$cmd' > /sys/block/$d/uevent"
	echo "$cmd" > /sys/block/$d/uevent || ok=1
done
result $ok "the kernel accepts UUID, '_' keys and LVM names"

if command -v uevent-trigger >/dev/null; then
	uuid2=$(cat /proc/sys/kernel/random/uuid)
	echo "# the same with the tool, waiting for exactly these events:"
	echo "#   uevent-trigger -v --subsystem-match=block --sysname-match='loop[0-3]' \\"
	echo "#       --uuid=$uuid2 --env=UDEV_TRIGGER=1 --wait-uevent"
	uevent-trigger -v --subsystem-match=block --sysname-match='loop[0-3]' \
		--uuid="$uuid2" --env=UDEV_TRIGGER=1 --wait-uevent 2>&1 |
		sed 's/^/#   | /'
fi
udevadm settle --timeout=30
sleep 1
kill $mon
echo "# what the listeners saw for UUID $uuid on loop0 (kernel, then udevd):"
awk -v u="SYNTH_UUID=$uuid" '
	/^(KERNEL|UDEV)\[/ { blk = $0; buf = ""; hit = 0; next }
	/^$/ {
		if (hit && blk ~ /\/loop0 / && !(substr(blk, 1, 1) in shown)) {
			print blk buf
			shown[substr(blk, 1, 1)] = 1
		}
		hit = 0
		next
	}
	{ buf = buf "\n  " $0; if ($0 == u) hit = 1 }' /tmp/monitor | sed 's/^/#   /'
k=$(grep -c "^SYNTH_UUID=$uuid" /tmp/monitor)
result $([ "$k" -ge 8 ] && echo 0 || echo 1) \
	"kernel and udevd each broadcast all four events ($k of 8 seen)"
a=$(grep -c "^SYNTH_ARG_DM_NAME=vg0-lv_root" /tmp/monitor)
result $([ "$a" -ge 8 ] && echo 0 || echo 1) \
	"SYNTH_ARG_DM_NAME reached every listener ($a of 8)"
