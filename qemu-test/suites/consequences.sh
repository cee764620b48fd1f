#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# uevent-trigger --wait-consequences against the real systemd-udevd: a loop
# device with a partition table, triggered with RESCAN=1 (its rule reads
# the table again: the kernel removes and adds the partition below it while
# udevd processes our event), the partition's add taking 2 s (its rule),
# and meanwhile an unrelated event that takes 5 s (SLOW=5 on another loop
# device).  The partition's rule writes the uptime at which its 2 s end
# (udevd broadcasts the add after that), read against the uptime at which
# the tool returned: with --settle the rule ends after it; with
# --wait-consequences before it, and the report names that partition as
# the one consequence, processed.  A second listener, udevadm monitor,
# gets a line the moment the tool returns: the unrelated event is
# processed after it.  (The monitor's lines do not order the partition's
# add against the tool's return: the monitor may print a broadcast it got
# before the tool exited after the tool's line.)  TAP, plan at the end.
. /tests/tap.sh
. /tests/tool-lib.sh
tmp=/tmp/consequences
mkdir -p $tmp

# A 4 MiB disk image, one partition (type 0x83, sectors 2048 to 6143).
img=$tmp/disk.img
dd if=/dev/zero of=$img bs=1M count=4 2>/dev/null
printf '\000\000\002\000\203\000\000\000\000\010\000\000\000\020\000\000' |
	dd of=$img bs=1 seek=446 conv=notrunc 2>/dev/null
printf '\125\252' | dd of=$img bs=1 seek=510 conv=notrunc 2>/dev/null
loop=$(losetup -f)
name=${loop#/dev/}
dev=/sys/devices/virtual/block/$name
part=$dev/${name}p1
losetup -P "$loop" $img
udevadm settle --timeout=30
# The unrelated slow event's device: another loop device.
for other in /sys/devices/virtual/block/loop*; do
	[ "$other" != "$dev" ] && break
done
touch /run/synth-slow-partitions

# line_of FILE PATTERN: the first line of FILE matching PATTERN, or 0.
line_of() {
	n=$(grep -n -m1 -- "$2" "$1" | cut -d: -f1)
	echo "${n:-0}"
}

# run_case N OPTION: the tool with OPTION on the disk alone (-y: a path
# argument would select its partition too), the unrelated event
# queued just before; the monitor's lines in $tmp/monN, with RETURNED the
# moment the tool returned; its report in $tmp/jN, exit status in $rc;
# then the lines of the partition's add, of the tool's return and of the
# unrelated event's broadcast, in $add $ret $slow, and in $ended the uptime
# at which the partition's rule ended (0: it did not run).
run_case() {
	: > /run/synth-slow-partitions
	monitor_start $tmp/mon$1
	echo "change $(uuid) SLOW=5" > $other/uevent
	read -r t0 _ < /proc/uptime
	$T $2 --json -v -c change --env RESCAN=1 -s block -y $name \
		> $tmp/j$1 2> $tmp/e$1
	rc=$?
	read -r t1 _ < /proc/uptime
	echo RETURNED >> $tmp/mon$1
	udevadm settle --timeout=30
	monitor_stop
	add=$(line_of $tmp/mon$1 "^UDEV .* add  *${part#/sys} ")
	ret=$(line_of $tmp/mon$1 '^RETURNED$')
	slow=$(line_of $tmp/mon$1 "^UDEV .* change  *${other#/sys} ")
	ended=$(tail -n 1 /run/synth-slow-partitions | cut -d' ' -f1)
	ended=${ended:-0}
	sed 's/^/# /' $tmp/e$1
	note "$2: the tool ran from $t0 to $t1 s of uptime, the partition's rule ended at $ended; monitor lines: partition's add processed $add, tool returned $ret, unrelated slow event $slow"
}

# before A B: is the uptime A, not 0, before the uptime B?  by A B: not
# after it (/proc/uptime counts hundredths: what happened just before B
# may read as B).
before() {
	awk -v a="$1" -v b="$2" 'BEGIN { exit !(a > 0 && a < b) }'
}
by() {
	awk -v a="$1" -v b="$2" 'BEGIN { exit !(a > 0 && a <= b) }'
}

if ! [ -e "$part" ]; then
	ok 1 "a partition on $loop to read again (none: $(ls $dev | tr '\n' ' '))"
	tap_done
	exit
fi

# 1. --settle: our event only; the partition's add is processed after.
run_case 1 --settle
ok $([ $rc -eq 0 ] && [ "$(outcomes processed $tmp/j1)" -eq 1 ] &&
	before "$t1" "$ended"; echo $?) \
	"--settle returns before the add of the partition its event caused is processed (exit $rc)"

# 2. --wait-consequences: that partition, processed, and nothing else.
run_case 2 --wait-consequences
caused=$(grep -o '{"action":"[a-z]*","syspath":"[^"]*","seqnum":[0-9]*,"cause":[0-9]*,"outcome":"[a-z-]*"' $tmp/j2)
note "$caused"
ok $([ $rc -eq 0 ] && [ "$(echo "$caused" | grep -c .)" -eq 1 ] &&
	echo "$caused" | grep -q "\"action\":\"add\",\"syspath\":\"$part\".*\"outcome\":\"processed\"" &&
	[ "$add" -gt 0 ] && by "$ended" "$t1"; echo $?) \
	"--wait-consequences waits for the add of ${part##*/}, its one consequence, processed (exit $rc)"
ok $([ $rc -eq 0 ] && [ "$slow" -gt "$ret" ]; echo $?) \
	"--wait-consequences does not wait for an unrelated slow event queued meanwhile"
ok $(grep -q "caused: add $part .*processed" $tmp/e2; echo $?) \
	"-v prints the consequence under its device"

rm -f /run/synth-slow-partitions
losetup -d "$loop"
tap_done
