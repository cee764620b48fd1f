#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# uevent-trigger against skarnet's mdevd (built from ../shared/third-party
# into the initramfs when that folder exists), in place of udevd: mdevd -O
# MASK rebroadcasts each uevent it handled to the netlink groups of MASK.
# Its mdev.conf runs a command for every event, SLOW=N seconds long, and
# records the SEQNUM once done: a device reported processed must be there.
# TAP, plan at the end.
. /tests/tap.sh
. /tests/tool-lib.sh
tmp=/tmp/mdevd
mkdir -p $tmp
done_file=$tmp/handled

seqnum_of() { grep -o '"seqnum":[0-9]*' "$1" | head -n 1 | cut -d: -f2; }

if ! command -v mdevd > /dev/null; then
	for t in "right mask" "mask by name" "group number" "wrong group" \
		"mask not served" "mdevd killed" "no mdevd"; do
		skip "mdevd: $t" "mdevd not in this initramfs (no ../shared/third-party to build it from)"
	done
	tap_done
	exit
fi

udevadm control --exit 2>/dev/null
sleep 1
cat > /etc/mdev.conf <<'CONF'
.* 0:0 660 *sleep ${SYNTH_ARG_SLOW:-0}; [ -z "$SYNTH_UUID" ] || echo "$SEQNUM" >> /tmp/mdevd/handled
CONF
: > $done_file

mdevd_start() {
	mdevd "$@" > $tmp/mdevd.log 2>&1 &
	mdevd_pid=$!
	sleep 1
}
mdevd_stop() {
	kill $mdevd_pid 2>/dev/null
	wait $mdevd_pid 2>/dev/null
}
# handled JSON: the reported SEQNUM was recorded by mdev.conf's command.
handled() { grep -qx "$(seqnum_of "$1")" $done_file; }

mdevd_start -O 4

# 1. --wait-source=mdevd: the mask is read from the running mdevd.
$T --settle --json --wait-source=mdevd --env SLOW=2 -y loop5 > $tmp/j1 2> $tmp/e1
rc=$?
sed 's/^/# /' $tmp/e1
ok $([ $rc -eq 0 ] && [ "$(outcomes processed $tmp/j1)" -eq 1 ] && handled $tmp/j1 &&
	grep -q '"wait_source":"mdevd","group":3' $tmp/j1; echo $?) \
	"mdevd -O 4, --wait-source=mdevd: group 3, processed after mdev.conf's command ran (exit $rc)"

# 2. mdevd's own notation for the mask.
$T --settle --json --wait-source=mdevd:4 --env SLOW=2 -y loop4 > $tmp/j2 2>&1
rc=$?
ok $([ $rc -eq 0 ] && [ "$(outcomes processed $tmp/j2)" -eq 1 ] && handled $tmp/j2; echo $?) \
	"--wait-source=mdevd:4: processed after the command ran (exit $rc)"

# 3. The group by number.
$T --settle --json --wait-source=group:3 --env SLOW=2 -y loop3 > $tmp/j3 2>&1
rc=$?
ok $([ $rc -eq 0 ] && [ "$(outcomes processed $tmp/j3)" -eq 1 ] && handled $tmp/j3; echo $?) \
	"--wait-source=group:3: processed after the command ran (exit $rc)"

# 4. The mask written as a group number: said at once, and that nothing
# arrives there, long before --timeout.
$T --settle --json --wait-source=group:4 --timeout=8 -y loop2 > $tmp/j4 2> $tmp/e4
rc=$?
sed 's/^/# /' $tmp/e4
ok $([ $rc -eq 1 ] && [ "$(outcomes timeout $tmp/j4)" -eq 1 ] &&
	grep -q "does not include group 4" $tmp/e4 &&
	grep -q "nothing has arrived on netlink group 4" $tmp/e4 &&
	grep -q "bitmask" $tmp/e4; echo $?) \
	"--wait-source=group:4 with mdevd -O 4: the -O mask rule named, silence said (exit $rc)"

# 5. A mask mdevd does not serve: refused before anything is written.
refused $tmp/o5 "$T --settle --wait-source=mdevd:8 -y loop2" \
	"does not include group 4.*nothing was triggered" \
	"--wait-source=mdevd:8 with mdevd -O 4: refused, nothing written"

# 6. mdevd killed while its command runs: the wait ends, unconfirmed.
$T --settle --json --wait-source=mdevd --timeout=100 --env SLOW=6 -y loop1 \
	> $tmp/j6 2> $tmp/e6 &
pid=$!
sleep 2
kill -9 $mdevd_pid
wait $pid
rc=$?
wait $mdevd_pid 2>/dev/null
sed 's/^/# /' $tmp/e6
ok $([ $rc -eq 1 ] && [ "$(outcomes unconfirmed $tmp/j6)" -eq 1 ] &&
	grep -q '"manager_lost":"mdevd is gone' $tmp/j6; echo $?) \
	"mdevd killed mid-run: exit 1, the device unconfirmed, the cause said (exit $rc)"

# 7. No mdevd at all.
refused $tmp/o7 "$T --settle --wait-source=mdevd -y loop1" "no mdevd process" \
	"--wait-source=mdevd without mdevd: refused, nothing written"

/lib/systemd/systemd-udevd --daemon --resolve-names=never
udevadm settle --timeout=30
tap_done
