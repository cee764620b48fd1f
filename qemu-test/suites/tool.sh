#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# uevent-trigger against the real systemd-udevd, on whatever kernel booted.
# Which kernel rules apply is learnt by behaviour (a key with '_'), never
# from the version.  TAP, plan at the end.
. /tests/tap.sh
. /tests/tool-lib.sh
tmp=/tmp/tool
mkdir -p $tmp

count() { grep -c "$1" "$2"; }


# mid_run OUT 'CMD' ARGS...: run the tool with ARGS in the background, CMD
# a second later (while it waits; $pid is the tool), then wait for the tool;
# its exit status is left in $rc.
mid_run() {
	out=$1 cmd=$2
	shift 2
	$T "$@" > $out 2>&1 &
	pid=$!
	sleep 1
	eval "$cmd"
	wait $pid
	rc=$?
}

# kill_udevd: SIGKILL to the manager and its workers ("(udev-worker)" since
# 251) at once, so that the events they hold are lost.  The pids are found
# with shell builtins and stopped before any is killed: a worker must not
# get the time to finish its event while the others are looked for.
kill_udevd() {
	pids=
	for p in /proc/[0-9]*; do
		read -r c 2>/dev/null < $p/comm || continue
		case $c in
		systemd-udevd|'(udev-worker)') pids="$pids ${p#/proc/}" ;;
		esac
	done
	kill -STOP $pids
	kill -9 $pids
}

probe=$(uuid)
if echo "change $probe SYNTH_PROBE_KEY=1" > /sys/devices/virtual/mem/null/uevent 2>/dev/null; then
	ext=1
	note "kernel accepts extended arguments"
else
	ext=0
	note "kernel refuses extended arguments (mainline rules)"
fi
udevadm settle --timeout=30

# 1. A group of devices, one UUID, every one processed by udevd.
u=$(uuid)
monitor_start $tmp/mon1
$T --settle --json --uuid=$u -s block -y 'loop*' > $tmp/j1 2> $tmp/e1
rc=$?
monitor_stop
n=$(ls -d /sys/block/loop* | wc -l)
ok $rc "a group of $n loop devices is processed (exit $rc)"
ok $([ "$(outcomes processed $tmp/j1)" -eq "$n" ]; echo $?) \
	"every device reported processed ($(outcomes processed $tmp/j1)/$n)"
ok $([ "$(grep -c "^SYNTH_UUID=$u" $tmp/mon1)" -eq $((2 * n)) ]; echo $?) \
	"kernel and udevd both broadcast $n events with the one UUID"
seqs=$(grep -o '"seqnum":[0-9]*' $tmp/j1 | sort -u | wc -l)
ok $([ "$seqs" -eq "$n" ]; echo $?) "each device has its own SEQNUM ($seqs)"
# Each reported SEQNUM is one udevd broadcast (UDEV block of the monitor).
miss=0
for s in $(grep -o '"seqnum":[0-9]*' $tmp/j1 | cut -d: -f2); do
	awk -v s="SEQNUM=$s" '/^UDEV/{u=1} /^KERNEL/{u=0} u && $0==s {f=1} END{exit !f}' $tmp/mon1 || miss=$((miss + 1))
done
ok $miss "every processed SEQNUM was broadcast by udevd ($miss missing)"

# 2. Returns before unrelated slow work is done (decided by event order).
slow=$(uuid)
monitor_start $tmp/mon2
for d in /sys/devices/virtual/mem/*; do
	echo "change $slow SLOW=4" > $d/uevent
done
$T --settle -s block -y 'loop*' > $tmp/o2 2>&1
rc=$?
echo "### TOOL RETURNED" >> $tmp/mon2
udevadm settle --timeout=60
monitor_stop
ok $rc "the group is processed while unrelated slow events run (exit $rc)"
after=$(awk -v u="SYNTH_UUID=$slow" '/^### TOOL RETURNED/{r=1} /^UDEV/{blk=1} /^KERNEL/{blk=0} blk && r && $0==u {n++} END{print n+0}' $tmp/mon2)
total=$(awk -v u="SYNTH_UUID=$slow" '/^UDEV/{blk=1} /^KERNEL/{blk=0} blk && $0==u {n++} END{print n+0}' $tmp/mon2)
ok $([ "$after" -gt 0 ] && [ "$after" -eq "$total" ]; echo $?) \
	"returned before any of the $total slow events was processed ($after after)"

# 3. A failing worker is reported as failed, on every udevd: 251 and
# later say UDEV_WORKER_FAILED=1; 247 to 250 forward the kernel's event
# unchanged (no USEC_INITIALIZED) from the main process, where processed
# events come from a worker (issue 17).
$T --settle --json -y loop3 --env CRASH=1 > $tmp/j3 2> $tmp/e3
rc=$?
ok $([ $rc -eq 1 ]; echo $?) \
	"a killed udevd worker makes the run fail on udevd $(udevadm --version) (exit $rc)"
ok $([ "$(outcomes failed $tmp/j3)" -eq 1 ]; echo $?) \
	"the device is reported failed"
udevadm settle --timeout=30

# 4. The event left the kernel: no wait for udevd, and "emitted", never
# "processed": the kernel's word is not processing.
$T --wait-source=kernel --json -s block -y 'loop[01]' > $tmp/j4 2>&1
rc=$?
ok $rc "--wait-source=kernel (exit $rc)"
ok $([ "$(outcomes emitted $tmp/j4)" -eq 2 ] &&
	[ "$(outcomes processed $tmp/j4)" -eq 0 ] &&
	grep -q '"wait_source":"kernel"' $tmp/j4; echo $?) \
	"both devices reported emitted by the kernel, not processed"

# 5. A filtered kobject: accepted, nothing emitted, reported, not waited for.
$T --settle --json -y platform /sys/devices/platform > $tmp/j5 2>&1
rc=$?
ok $rc "a filtered kobject does not fail the run (exit $rc)"
ok $([ "$(outcomes no-event $tmp/j5)" -eq 1 ]; echo $?) \
	"it is reported as no-event"

# 6. A device removed while udevd works on our event (a 3 s rule): udevd
# finishes our event and broadcasts it before the removal, which it
# processes after ours, so it is processed, no hang; a removal alone is
# no outcome (issue 27).
if ip link add synthdel0 type dummy 2>/dev/null; then
	udevadm settle --timeout=30
	mid_run $tmp/j6 'ip link del synthdel0' \
		--settle --json --timeout=30 --env SLOW=3 -s net -y synthdel0
	ok $rc "a device removed while udevd works on its event: the run succeeds (exit $rc)"
	ok $([ "$(outcomes processed $tmp/j6)" -eq 1 ]; echo $?) \
		"it is reported processed (udevd finished our event)"
else
	skip "a device removed while udevd works on its event" "no dummy netdev support"
	skip "it is reported processed" "no dummy netdev support"
fi
udevadm settle --timeout=30

# 7. Lost broadcasts (ENOBUFS): the tool is stopped while udevd broadcasts
# into a minimal receive buffer.  Never "processed" without udevd's word.
u=$(uuid)
monitor_start $tmp/mon7
$T --settle --json --uuid=$u --timeout=20 --receive-buffer=1 --env SLOW=1 \
	-s mem -s block > $tmp/j7 2> $tmp/e7 &
pid=$!
sleep 0.3
kill -STOP $pid
sleep 3
kill -CONT $pid
wait $pid
rc=$?
monitor_stop
n7=$(ls -d /sys/class/mem/* /sys/class/block/* | wc -l)
ok $([ $rc -le 1 ]; echo $?) "lost broadcasts: the run ends in time (exit $rc)"
ok $(grep -q ENOBUFS $tmp/e7; echo $?) "the loss is said"
ok $(grep -q '"retries":' $tmp/j7; echo $?) "pending devices were triggered again"
false_ok=0
for s in $(grep -o '"seqnum":[0-9]*,"outcome":"processed"' $tmp/j7 | cut -d: -f2 | cut -d, -f1); do
	awk -v s="SEQNUM=$s" '/^UDEV/{u=1} /^KERNEL/{u=0} u && $0==s {f=1} END{exit !f}' $tmp/mon7 || false_ok=$((false_ok + 1))
done
ok $false_ok "no device reported processed without udevd's broadcast ($false_ok)"
acc=$(( $(outcomes processed $tmp/j7) + $(outcomes timeout $tmp/j7) +
	$(outcomes unconfirmed $tmp/j7) ))
ok $([ $acc -eq $n7 ]; echo $?) "every device accounted for ($acc of $n7)"
note "$(grep -o '"summary":{[^}]*}' $tmp/j7)"
udevadm settle --timeout=60

# 8. --env with '_' keys: passed on, or refused clearly by an older kernel.
u=$(uuid)
monitor_start $tmp/mon8
$T --settle --uuid=$u --env UDEV_TRIGGER=1 --env DM_NAME=vg0-lv_root \
	-y loop0 > $tmp/o8 2>&1
rc=$?
monitor_stop
if [ $ext = 1 ]; then
	ok $rc "--env UDEV_TRIGGER=1 on this kernel (exit $rc)"
	ok $([ "$(count '^SYNTH_ARG_UDEV_TRIGGER=1' $tmp/mon8)" -eq 2 ] &&
		[ "$(count '^SYNTH_ARG_DM_NAME=vg0-lv_root' $tmp/mon8)" -eq 2 ]; echo $?) \
		"kernel and udevd carry SYNTH_ARG_UDEV_TRIGGER and the LVM name"
else
	ok $([ $rc -eq 2 ]; echo $?) "--env UDEV_TRIGGER=1 is refused by this kernel (exit $rc)"
	ok $(grep -q "only accepts letters and digits" $tmp/o8 &&
		! grep -q "^SYNTH_UUID=$u" $tmp/mon8; echo $?) \
		"with a clear message, and nothing was emitted"
fi

# 9. A bad command line: status 2, the word named, nothing written.
before=$(cat /sys/kernel/uevent_seqnum)
$T --settle -s block --env 'A=b;c' > $tmp/o9 2>&1
rc=$?
after=$(cat /sys/kernel/uevent_seqnum)
ok $([ $rc -eq 2 ] && grep -q "A=b;c" $tmp/o9 && [ "$before" = "$after" ]; echo $?) \
	"a bad --env is refused before any write (exit $rc, seqnum $before -> $after)"
$T --dry-run -s block > $tmp/o10 2>&1
rc=$?
after2=$(cat /sys/kernel/uevent_seqnum)
ok $([ $rc -eq 0 ] && grep -q /sys/devices/virtual/block/loop0 $tmp/o10 &&
	[ "$after" = "$after2" ]; echo $?) "--dry-run lists and writes nothing"

# 10. The udevadm-compatible spelling and a single device by node.
$T -w -c change --name-match=/dev/loop1 -v > $tmp/o11 2>&1
rc=$?
ok $([ $rc -eq 0 ] && grep -q "loop1: processed" $tmp/o11; echo $?) \
	"--name-match=/dev/loop1 -w -v (exit $rc)"

# 11. The library's one-call form (SYNTH_ARG_LIBUDEV_TRIGGER=1 where the
# kernel takes it).
monitor_start $tmp/mon16
synth-uevent-once /sys/devices/virtual/block/loop6 change 30 > $tmp/o16 2>&1
rc=$?
monitor_stop
if [ $ext = 1 ]; then
	ok $([ $rc -eq 0 ] && grep -q "processed" $tmp/o16 &&
		[ "$(count '^SYNTH_ARG_LIBUDEV_TRIGGER=1' $tmp/mon16)" -eq 2 ]; echo $?) \
		"synth_uevent() triggers one device and waits (exit $rc)"
else
	# The kernel refuses the marker: the call goes on without it.
	ok $([ $rc -eq 0 ] && grep -q "processed, without the marker" $tmp/o16 &&
		! grep -q '^SYNTH_ARG_LIBUDEV_TRIGGER' $tmp/mon16; echo $?) \
		"synth_uevent() on a kernel that refuses its marker: processed without it (exit $rc)"
fi

# 12. Interrupted while waiting: what is known is reported, status 143.
mid_run $tmp/j14 'kill -TERM $pid' --settle --json --env SLOW=4 -y loop5
ok $([ $rc -eq 143 ] && grep -q '"status":"interrupted"' $tmp/j14 &&
	grep -q '"outcome":"pending"' $tmp/j14; echo $?) \
	"SIGTERM while waiting: exit 143, the pending device reported (exit $rc)"
udevadm settle --timeout=30

# 13. Not root: a clear error, nothing written.
refused $tmp/o15 "su -s /bin/sh -c '$T --settle -s block' nobody" \
	"needs root" "a non-root caller is refused, nothing written"

# 14. SIGINT while waiting: status 130, and the run leaves nothing behind.
mid_run $tmp/j17 'kill -INT $pid' --settle --json --env SLOW=4 -y loop4
ok $([ $rc -eq 130 ] && grep -q '"status":"interrupted"' $tmp/j17 &&
	grep -q '"outcome":"pending"' $tmp/j17 &&
	! kill -0 $pid 2>/dev/null; echo $?) \
	"SIGINT while waiting: exit 130, the pending device reported (exit $rc)"
udevadm settle --timeout=30

# 15. --timeout: the device still in udevd's hands is reported timeout, and
# the tool returned before udevd finished it (decided by event order).
u=$(uuid)
monitor_start $tmp/mon18
$T --settle --json --uuid=$u --timeout=2 --env SLOW=6 -y loop3 > $tmp/j18 2>&1
rc=$?
echo "### TOOL RETURNED" >> $tmp/mon18
udevadm settle --timeout=30
monitor_stop
late=$(awk -v u="SYNTH_UUID=$u" '/^### TOOL RETURNED/{r=1} /^UDEV/{blk=1} /^KERNEL/{blk=0} blk && r && $0==u {n++} END{print n+0}' $tmp/mon18)
ok $([ $rc -eq 1 ] && [ "$(outcomes timeout $tmp/j18)" -eq 1 ] &&
	[ "$late" -eq 1 ]; echo $?) \
	"--timeout=2 on a 6 s rule: exit 1, reported timeout, processed only after (exit $rc)"

# 16. udevd killed while it holds our events, then started again: the
# pending devices are triggered again and processed by the new udevd.  The
# tool may look while the new udevd has its control socket and not yet its
# uevent socket: then it triggers them again as for a socket-activated
# udevd ("which starts it"), and once more if the new udevd did not hold
# its uevent socket then ("was restarted").  Either way each device is
# triggered again, and processed on the new udevd's word.
u=$(uuid)
monitor_start $tmp/mon19
mid_run $tmp/j19 'kill_udevd; sleep 1;
	/lib/systemd/systemd-udevd --daemon --resolve-names=never' \
	--settle --json --uuid=$u --timeout=60 --env SLOW=5 -y loop5 -y loop6
monitor_stop
udevadm settle --timeout=30
miss=0
for s in $(grep -o '"seqnum":[0-9]*,"outcome":"processed"' $tmp/j19 | cut -d: -f2 | cut -d, -f1); do
	awk -v s="SEQNUM=$s" '/^UDEV/{u=1} /^KERNEL/{u=0} u && $0==s {f=1} END{exit !f}' $tmp/mon19 || miss=$((miss + 1))
done
grep -v '^{' $tmp/j19 | sed 's/^/# /'
ok $([ $rc -eq 0 ] && [ "$(outcomes processed $tmp/j19)" -eq 2 ] &&
	grep -q -e "udevd was restarted" -e "devices again, which starts it" \
		$tmp/j19 &&
	[ "$(grep -o '"retries":[12][,}]' $tmp/j19 | wc -l)" -eq 2 ] &&
	[ $miss -eq 0 ]; echo $?) \
	"udevd killed and restarted mid-run: both devices triggered again and processed (exit $rc)"

# 17. A device renamed while we wait: matched by SEQNUM, still processed.
if ip link add synthren0 type dummy 2>/dev/null; then
	udevadm settle --timeout=30
	mid_run $tmp/j20 'ip link set synthren0 name synthren1' \
		--settle --json --timeout=30 --env SLOW=2 -s net -y synthren0
	ok $([ $rc -eq 0 ] && [ "$(outcomes processed $tmp/j20)" -eq 1 ]; echo $?) \
		"a device renamed while waiting is still processed (exit $rc)"
	ip link del synthren1
else
	skip "a device renamed while waiting" "no dummy netdev support"
fi
udevadm settle --timeout=30

# 18. No sysfs: a clear error, nothing written.
refused $tmp/o21 "unshare -m sh -c 'umount /sys && $T --settle -s block'" \
	"not a mounted sysfs" "/sys not mounted: a clear error, nothing written"

# 19. udevd gone for good while it holds our event: the wait ends at once
# (not at --timeout), the device is reported unconfirmed and the cause named.
u=$(uuid)
mid_run $tmp/j22 'kill_udevd' \
	--settle --json --uuid=$u --timeout=100 --env SLOW=5 -y loop5
grep -v '^{' $tmp/j22 | sed 's/^/# /'
ok $([ $rc -eq 1 ] && [ "$(outcomes unconfirmed $tmp/j22)" -eq 1 ] &&
	grep -q '"manager_lost":"udevd is gone' $tmp/j22 &&
	grep -q "^uevent-trigger: udevd is gone" $tmp/j22; echo $?) \
	"udevd killed for good mid-run: exit 1, the device unconfirmed, the cause said (exit $rc)"

# 20. No udevd: auto waits for the kernel and says so without -v;
# --wait-source=udev and --wait-daemon are clear errors; nothing hangs.
mdev -d 2>/dev/null
$T --settle --json -s block -y loop2 > $tmp/j12 2> $tmp/e12
rc=$?
sed 's/^/# /' $tmp/e12
ok $([ $rc -eq 0 ] && grep -q "no udevd" $tmp/e12 &&
	grep -q '"wait_source":"kernel"' $tmp/j12 &&
	[ "$(outcomes emitted $tmp/j12)" -eq 1 ] &&
	grep -q '"wait_reason":"no udevd' $tmp/j12; echo $?) \
	"with busybox mdev -d as manager, auto waits for the kernel, says why, reports emitted (exit $rc)"
timeout 20 $T --wait-source=udev -s block -y loop2 > $tmp/o13 2>&1
rc=$?
ok $([ $rc -ne 0 ] && [ $rc -ne 143 ] && grep -q "udevd is not running" $tmp/o13; echo $?) \
	"--wait-source=udev without udevd: clear error, no hang (exit $rc)"
refused $tmp/o23 "$T --wait-daemon=1 --settle -s block -y loop2" \
	"wait-daemon: .*nothing was written" \
	"--wait-daemon=1 without udevd: exit 1, nothing written"
killall mdev 2>/dev/null

# 21. --wait-daemon waits for a udevd that is still starting.
(sleep 2; /lib/systemd/systemd-udevd --daemon --resolve-names=never) &
$T --wait-daemon=30 --settle --json -y loop2 > $tmp/j24 2> $tmp/e24
rc=$?
wait
ok $([ $rc -eq 0 ] && [ "$(outcomes processed $tmp/j24)" -eq 1 ] &&
	grep -q '"wait_source":"udev"' $tmp/j24; echo $?) \
	"--wait-daemon=30 waits for udevd started 2 s later, then processed by it (exit $rc)"
udevadm settle --timeout=30

# 22. A busy udevd is not an absent one: right after a storm of unrelated
# events, a run with a slow rule is processed only after udevd ran it
# (the rule's last program records the SEQNUM), never on the kernel's word.
n=0
while [ $n -lt ${STORM:-2000} ]; do
	for d in /sys/devices/virtual/mem/*/uevent; do
		echo change > $d
	done
	n=$((n + 1))
done
udevadm settle --timeout=300
read -r t0 _ < /proc/uptime
$T --settle --json -y loop5 --env SLOW=5 --env MARK=1 > $tmp/j25 2> $tmp/e25
rc=$?
read -r t1 _ < /proc/uptime
marked=$(grep -c "^$(grep -o '"seqnum":[0-9]*' $tmp/j25 | cut -d: -f2)\$" /run/synth-marks 2>/dev/null)
sed 's/^/# /' $tmp/e25
ok $([ $rc -eq 0 ] && [ "$(outcomes processed $tmp/j25)" -eq 1 ] &&
	grep -q '"wait_source":"udev"' $tmp/j25 && [ "$marked" = 1 ]; echo $?) \
	"after a storm of $((n * $(ls /sys/devices/virtual/mem | wc -l))) events: waited for udevd, processed only once its slow rule had run (exit $rc)"
note "storm run: $t0 -> $t1 s of uptime, $(grep -o '"wait_source":"[^"]*"' $tmp/j25) $(grep -o '"outcome":"[^"]*","usec":[0-9]*' $tmp/j25) $(grep -o '"wait_reason":"[^"]*"' $tmp/j25)"

tap_done
