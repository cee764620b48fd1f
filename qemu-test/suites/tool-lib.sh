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
