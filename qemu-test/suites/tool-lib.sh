# SPDX-License-Identifier: GPL-2.0
# Helpers of the suites that run uevent-trigger (sourced, after tap.sh).
T=uevent-trigger

uuid() { cat /proc/sys/kernel/random/uuid; }
# outcomes OUTCOME JSON: how many devices of the run had OUTCOME.
outcomes() { grep -o "\"outcome\":\"$1\"" "$2" | wc -l; }

# refused OUT 'CMD' MESSAGE DESCRIPTION: CMD must exit 1 saying MESSAGE,
# with no uevent emitted meanwhile.
refused() {
	before=$(cat /sys/kernel/uevent_seqnum)
	sh -c "$2" > $1 2>&1
	rc=$?
	after=$(cat /sys/kernel/uevent_seqnum)
	sed 's/^/# /' $1
	ok $([ $rc -eq 1 ] && grep -q "$3" $1 && [ "$before" = "$after" ]
		echo $?) "$4 (exit $rc, seqnum $before -> $after)"
}

# A listener of udevd's and the kernel's broadcasts, for cross-checks:
# monitor_start FILE, then monitor_stop.  Appending: lines a suite adds
# keep their place among the events.
monitor_start() {
	: > "$1"
	udevadm monitor --udev --kernel --property >> "$1" 2>&1 &
	mon=$!
	sleep 1
}
monitor_stop() {
	sleep 1
	kill $mon 2>/dev/null
	wait $mon 2>/dev/null
}
