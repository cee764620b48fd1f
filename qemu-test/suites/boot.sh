#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The test VM itself: what every other suite takes for granted.  TAP.
n=0
fails=0
check() {
	n=$((n + 1))
	desc=$1
	shift
	if "$@" >/dev/null 2>&1; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc"
		fails=$((fails + 1))
	fi
}
echo "1..5"
check "sysfs is mounted" test -e /sys/kernel/uevent_seqnum
check "devtmpfs is mounted" test -c /dev/null
check "systemd-udevd is running" pidof systemd-udevd
check "udevd answers its control socket" udevadm control --ping
uuid=$(cat /proc/sys/kernel/random/uuid)
echo "change $uuid" > /sys/devices/virtual/mem/null/uevent
check "a synthetic change passes udevd's rules" sh -c \
	'udevadm settle --timeout=30 && udevadm info --query=property --path=/devices/virtual/mem/null | grep -qx SYNTH_TEST_SEEN=1'
[ $fails -eq 0 ]
