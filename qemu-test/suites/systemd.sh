#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# uevent-trigger under systemd as PID 1, with systemd-udevd's service and
# sockets as the release ships them (qemu-test/systemd-boot.sh: udev 262
# on the patched 7.2, udev 247 on 5.10 with its stable queue).  Slow
# events come from the test rules (SLOW=N: the rules' RUN sleeps N
# seconds; the sleep carries the event's SYNTH_UUID in its environment,
# which is how the suite finds the worker running an event).
#
# Every case checks its own preconditions and says so in a test of its
# own (the worker ran our event when udevd was restarted, udevd really
# restarted with a new MainPID, the worker really died, udevd and its
# sockets really stopped, the other "udevd" really is in other
# namespaces), so that a failure of the tool is never one of the set-up,
# and the reverse.  What must hold at the moment of a restart or stop is
# proven afterwards from udevadm monitor's timestamps (CLOCK_MONOTONIC,
# as /proc/uptime here): the event still unbroadcast when the command
# began.  Each run of the tool is bounded (--timeout, and timeout -s KILL
# around it).
#
#   0. baseline: a device processed under systemd;
#   1. systemctl restart systemd-udevd while our event runs in a worker:
#      processed (exit 0);
#   2. the same while our event waits in udevd's queue behind an earlier
#      slow event of the same device: the old udevd never processes it
#      (247 drops it, never broadcast: the tool triggers it again,
#      retries >= 1; 262 serializes it for the next udevd, which runs it
#      only once something wakes it up: the tool wakes it and does not
#      trigger it again, retries 0, one broadcast of our UUID, under the
#      old SEQNUM), processed within 15 s of the restart's end;
#   3. systemctl stop of the service and every systemd-udevd*.socket while
#      our event is queued: exit 1, unconfirmed, the cause named, within
#      5 s of the stop's end (not at --timeout);
#   4. SIGKILL to the worker running our event: exit 1, failed (every
#      udevd, 247 included);
#   5. udevd stopped, a copy of sleep named systemd-udevd (exec'd from the
#      path of the real one) in its own PID and mount namespace: the tool
#      does not wait for it, ends within 10 s and says why;
#   6. --wait-source=kernel: the outcome is "emitted", not "processed".
#
# TAP, plan at the end; "#" lines say what the guest looked like (udevd's
# processes, cgroups and sockets, udevd's broadcasts, the journal of
# udevd's units).  "synth.udev_debug" on the kernel command line turns
# udevd's debug log on (kept across restarts by a runtime drop-in).
. /synth/suites/tap.sh
. /synth/suites/tool-lib.sh
tmp=/tmp/sysd
mkdir -p $tmp
svc=systemd-udevd.service
socks=$(systemctl list-unit-files --no-legend 'systemd-udevd*.socket' |
	awk '{ print $1 }' | paste -sd' ')

# Shell builtins where a loop runs over /proc: a fork costs milliseconds
# in an emulated guest.
now() { read -r up _ < /proc/uptime; echo "$up"; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
# lt A B: A < B, decimals.
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
main_pid() { systemctl show -p MainPID --value $svc; }
comm_of() { c=; read -r c < /proc/$1/comm 2>/dev/null; echo "$c"; }
ppid_of() {
	st=
	read -r st < /proc/$1/stat 2>/dev/null || return 0
	# shellcheck disable=SC2086
	set -- ${st##*) }
	echo "$2"
}
alive() { [ -n "$1" ] && [ -e /proc/$1 ] && ! grep -q '^State:.*Z' /proc/$1/status 2>/dev/null; }
myns=$(readlink /proc/self/ns/pid)

# rule_pid UUID: the pid of the rule's sleep running the event of UUID.
rule_pid() {
	for p in /proc/[0-9]*; do
		read -r c < $p/comm 2>/dev/null || continue
		[ "$c" = sleep ] || continue
		grep -qz "^SYNTH_UUID=$1\$" $p/environ 2>/dev/null &&
			{ echo ${p#/proc/}; return 0; }
	done
	return 1
}
# wait_rule UUID SECONDS: wait for it, print it.
wait_rule() {
	n=0
	while [ $n -lt $(($2 * 5)) ]; do
		rule_pid "$1" && return 0
		sleep 0.2
		n=$((n + 1))
	done
	return 1
}
# udevd_procs: "pid:comm" of every systemd-udevd or (udev-worker) process
# of this PID namespace.
udevd_procs() {
	for p in /proc/[0-9]*; do
		read -r c < $p/comm 2>/dev/null || continue
		case $c in
		systemd-udevd|'(udev-worker)') ;;
		*) continue ;;
		esac
		[ "$(readlink $p/ns/pid 2>/dev/null)" = "$myns" ] || continue
		printf '%s:%s ' "${p#/proc/}" "$c"
	done
}
# unit_procs: the processes of udevd's unit, by cgroup, with their comm.
unit_procs() {
	cg=/sys/fs/cgroup$(systemctl show -p ControlGroup --value $svc)
	[ -d "$cg" ] || { echo "no cgroup $cg"; return; }
	find "$cg" -name cgroup.procs | while read -r f; do
		d=${f%/cgroup.procs}
		printf '%s:' "${d#/sys/fs/cgroup}"
		while read -r p; do printf ' %s(%s,ppid %s)' "$p" "$(comm_of $p)" "$(ppid_of $p)"; done < "$f"
		echo
	done
}
# udevd_up: the service and its sockets started again, udevd settled.
udevd_up() {
	# shellcheck disable=SC2086
	timeout 60 systemctl start $socks $svc
	timeout 40 udevadm settle --timeout=30
}
# run_tool OUT ARGS...: the tool in the background, bounded; $pid.
run_tool() {
	o=$1
	shift
	timeout -s KILL 90 $T "$@" > $o 2> $o.err &
	pid=$!
}
# kernel_seqs UUID MON: the SEQNUMs of the kernel's events with UUID.
kernel_seqs() {
	awk -v u="SYNTH_UUID=$1" '
		/^(KERNEL|UDEV) *\[/ { t = $1; s = ""; m = 0; next }
		/^SEQNUM=/ { s = substr($0, 8) }
		$0 == u { m = 1 }
		/^$/ { if (t ~ /^KERNEL/ && m && s != "") print s; m = 0; s = "" }
		END { if (t ~ /^KERNEL/ && m && s != "") print s }' "$2"
}
# wait_kernel UUID MON SECONDS: wait for the kernel's event of UUID, print
# its SEQNUM.
wait_kernel() {
	n=0
	while [ $n -lt $(($3 * 5)) ]; do
		k=$(kernel_seqs "$1" "$2" | head -n1)
		[ -n "$k" ] && { echo "$k"; return 0; }
		sleep 0.2
		n=$((n + 1))
	done
	return 1
}
# udev_block SEQNUM MON: udevd's broadcast of SEQNUM, if any.
udev_block() {
	awk -v s="SEQNUM=$1" '
		/^(KERNEL|UDEV) *\[/ { if (u && f) exit; u = ($1 ~ /^UDEV/); b = $0 "\n"; f = 0; next }
		u { b = b $0 "\n"; if ($0 == s) f = 1 }
		END { if (u && f) printf "%s", b }' "$2" | sed '/^$/d'
}
broadcast() { [ -n "$(udev_block "$1" "$2")" ]; }
# udev_time SEQNUM MON: the monitor's time of udevd's broadcast of SEQNUM
# ("never" without one).
udev_time() {
	t=$(udev_block "$1" "$2" | sed -n '1s/^UDEV *\[\([0-9.]*\)\].*/\1/p')
	echo "${t:-never}"
}
# after T0 T: T is "never" or later than T0.
after() { [ "$2" = never ] || lt "$1" "$2"; }
# timeline MON UUID...: the monitor's events of those UUIDs, in order.
timeline() {
	mf=$1
	shift
	awk -v us="$*" '
		BEGIN { n = split(us, a, " "); for (i = 1; i <= n; i++) w["SYNTH_UUID=" a[i]] = i }
		function out() { if (h != "" && m) printf "#   %s seqnum %s uuid#%d%s\n", h, s, m, f }
		/^(KERNEL|UDEV) *\[/ { out(); h = $1 " " $2; s = ""; m = 0; f = ""; next }
		/^SEQNUM=/ { s = substr($0, 8) }
		/^UDEV_WORKER_FAILED=/ { f = " " $0 }
		$0 in w { m = w[$0] }
		END { out() }' "$mf"
}
retries() { grep -o '"retries":[0-9]*' "$1" | cut -d: -f2 | sort -n | tail -n1; }
# udev_count UUID MON: how many of udevd's broadcasts carry UUID.
udev_count() {
	awk -v u="SYNTH_UUID=$1" '
		/^(KERNEL|UDEV) *\[/ { b = ($1 ~ /^UDEV/); next }
		b && $0 == u { n++ }
		END { print n + 0 }' "$2"
}
# udevd's version, the number alone (262 of "262.1-1").
udev_version() { v=$(udevadm --version); v=${v%%[!0-9]*}; echo "${v:-0}"; }
# jcur: the journal's cursor now; jlog CURSOR: the lines since then of
# udevd, its workers and PID 1 about udevd's units, at most 30.
jcur() { journalctl -q -n 0 --show-cursor 2>/dev/null | sed -n 's/^-- cursor: //p'; }
# With synth.udev_debug: the debug lines about events, the queue and
# udevd's life, at most 150.
jlog() {
	journalctl -q --no-pager -o short-monotonic --after-cursor="$1" 2>/dev/null |
		grep -E 'systemd-udevd|udev-worker|udev (Control|Kernel)|Device Events|Udev Varlink|[Uu]dev.*[Ss]ocket' |
		grep -E -v 'rules.d|database|INOTIFY|callout|symlink|Probe|blkid|backing|flock|Notify message|Skipping file|varlink-|\.link' |
		if [ -n "$udev_debug" ]; then
			grep -E 'SEQNUM|[Qq]ueue|SIGTERM|[Ss]ignal|[Ee]xit|Stopp|Start|[Ss]erializ|[Ff][Dd][Ss]tore|[Kk]ill|[Bb]locked|[Rr]etry|[Ll]ocked|[Ww]orker|Deactivated|Received|[Dd]rop|[Dd]iscard|[Pp]ending'
		else
			tail -n 30
		fi | head -n 150 | cut -c1-200 | sed 's/^/#   journal: /'
}
show_run() {
	sed 's/^/# out: /' "$1"
	sed 's/^/# err: /' "$1.err"
}

udev_debug=
if grep -q synth.udev_debug /proc/cmdline; then
	udev_debug=1
	mkdir -p /run/systemd/system/$svc.d
	printf '[Service]\nEnvironment=SYSTEMD_LOG_LEVEL=debug\n' > /run/systemd/system/$svc.d/synth-debug.conf
	systemctl daemon-reload
	udevadm control --log-level=debug 2>/dev/null || udevadm control --log-priority=debug
fi
note "systemd $(systemctl --version | head -n1 | cut -d' ' -f2), udevadm $(udevadm --version), sockets: $socks"
note "$svc: $(systemctl show -p MainPID -p KillMode -p Type -p Restart -p ControlGroup -p Delegate -p TimeoutStopUSec $svc | paste -sd' ')"
note "ExecStart: $(systemctl show -p ExecStart --value $svc | sed 's/ ; .*//')"
for s in $socks; do
	note "$s: $(systemctl show -p Listen -p RemoveOnStop -p ActiveState $s | paste -sd' ')"
done
note "/run/udev: $(ls -l /run/udev | sed 1d | awk '{ print $1, $NF }' | paste -sd' ')"
note "udevd processes: $(udevd_procs)"
timeout 70 udevadm settle --timeout=60

# 0. Baseline.
u=$(uuid)
monitor_start $tmp/mon0
run_tool $tmp/j0 --settle --json --uuid=$u --timeout=30 -y loop0
wait $pid
rc=$?
monitor_stop
show_run $tmp/j0
s=$(grep -o '"seqnum":[0-9]*' $tmp/j0 | cut -d: -f2)
ok $([ $rc -eq 0 ] && [ "$(outcomes processed $tmp/j0)" -eq 1 ] &&
	broadcast "$s" $tmp/mon0; echo $?) \
	"0 baseline: loop0 processed under systemd, its SEQNUM broadcast by udevd (exit $rc)"
note "udevd's broadcast of a processed event:"
udev_block "$s" $tmp/mon0 | sed 's/^/#   /'

# 1. Restart while our event runs in a worker.
jc=$(jcur)
u=$(uuid)
monitor_start $tmp/mon1
mp0=$(main_pid)
run_tool $tmp/j1 --settle --json --uuid=$u --timeout=60 --env SLOW=6 -y loop5
sp=$(wait_rule $u 15)
w=$(ppid_of "$sp")
wp=$(ppid_of "$w")
t0=$(now)
timeout 60 systemctl restart $svc
trc=$?
tr=$(since $t0)
mp1=$(main_pid)
wait $pid
rc=$?
t1=$(since $t0)
monitor_stop
k=$(kernel_seqs $u $tmp/mon1 | head -n1)
bt=$(udev_time "$k" $tmp/mon1)
note "the rule's sleep $sp, its worker ${w:-?} (parent ${wp:-?}); systemctl restart began at $t0 s, took ${tr}s (exit $trc); SEQNUM $k broadcast by udevd at $bt"
show_run $tmp/j1
timeline $tmp/mon1 $u
jlog "$jc"
ok $([ -n "$sp" ] && [ -n "$k" ] && [ "$wp" = "$mp0" ] && after "$t0" "$bt"; echo $?) \
	"1 precondition: our event (SEQNUM $k) ran in worker $w of udevd $mp0 when the restart began"
ok $([ $trc -eq 0 ] && [ "$mp1" -gt 0 ] && [ "$mp1" != "$mp0" ] &&
	[ "$(systemctl is-active $svc)" = active ]; echo $?) \
	"1 precondition: udevd restarted, MainPID $mp0 -> $mp1"
ok $([ $rc -eq 0 ] && [ "$(outcomes processed $tmp/j1)" -eq 1 ]; echo $?) \
	"1 restart while our event runs in a worker: processed (exit $rc, ${t1}s after the restart began)"
timeout 40 udevadm settle --timeout=30

# 2. Restart while our event waits in udevd's queue behind an earlier slow
# event of the same device.  The earlier event sleeps 12 s: from its start
# to the restart (the tool's start and write, the kernel event seen, half a
# second) took 6 s in an idle CI run and 11 s with five guests beside it,
# where 8 s left the precondition unmet.  The stop waits for it, so a
# longer sleep costs only when the precondition would have failed anyway.
jc=$(jcur)
u0=$(uuid)
u=$(uuid)
monitor_start $tmp/mon2
mp0=$(main_pid)
echo "change $u0 SLOW=12" > /sys/devices/virtual/mem/full/uevent
sp0=$(wait_rule $u0 10)
run_tool $tmp/j2 --settle --json --uuid=$u --timeout=60 --env SLOW=3 -s mem -y full
k=$(wait_kernel $u $tmp/mon2 15)
sleep 0.5
t0=$(now)
timeout 60 systemctl restart $svc
trc=$?
tr=$(since $t0)
mp1=$(main_pid)
wait $pid
rc=$?
t1=$(since $t0)
timeout 40 udevadm settle --timeout=30
monitor_stop
k0=$(kernel_seqs $u0 $tmp/mon2 | head -n1)
bt0=$(udev_time "$k0" $tmp/mon2)
bt=$(udev_time "$k" $tmp/mon2)
s=$(grep -o '"seqnum":[0-9]*' $tmp/j2 | cut -d: -f2 | tail -n1)
note "earlier event SEQNUM ${k0:-?} (sleep $sp0) broadcast at $bt0; ours SEQNUM ${k:-?} broadcast at $bt; systemctl restart began at $t0 s, took ${tr}s (exit $trc)"
show_run $tmp/j2
note "the earlier event (uuid#1) and ours (uuid#2), as the monitor saw them:"
timeline $tmp/mon2 $u0 $u
jlog "$jc"
ok $([ -n "$sp0" ] && [ -n "$k" ] && after "$t0" "$bt0" && after "$t0" "$bt"; echo $?) \
	"2 precondition: when the restart began the earlier event ran and ours (SEQNUM $k) waited behind it"
ok $([ $trc -eq 0 ] && [ "$mp1" -gt 0 ] && [ "$mp1" != "$mp0" ] &&
	[ "$(systemctl is-active $svc)" = active ]; echo $?) \
	"2 precondition: udevd restarted, MainPID $mp0 -> $mp1"
# The old udevd never processed our event: udevd 247 drops its queue when
# it exits (never broadcast); 262 hands it to the next udevd ("Serialized
# N events" in the journal), which broadcasts it once it runs its queue:
# its rule takes 3 s, so that is after systemctl restart returned.
t0e=$(awk -v a="$t0" -v b="$tr" 'BEGIN { printf "%.2f", a + b }')
if [ "$bt" = never ]; then
	fate="never broadcast: dropped"
else
	fate="broadcast at $bt, after the restart's end ($t0e s): by the new udevd"
fi
ok $([ -n "$k" ] && after "$t0e" "$bt"; echo $?) \
	"2 the old udevd did not process our queued event (SEQNUM $k $fate)"
n2=$(udev_count "$u" $tmp/mon2)
if [ "$(udev_version)" -ge 258 ]; then
	# The queue saved for the next udevd: processed once, under the old
	# SEQNUM, never triggered again (issue 27).
	ok $([ $rc -eq 0 ] && [ "$(outcomes processed $tmp/j2)" -eq 1 ] &&
		[ "$(retries $tmp/j2)" = 0 ] && [ "$s" = "$k" ] &&
		[ "$n2" -eq 1 ] && broadcast "$s" $tmp/mon2 &&
		lt "$t1" "$(awk -v a="$tr" 'BEGIN { print a + 15 }')"; echo $?) \
		"2 restart while our event is queued: not triggered again (retries $(retries $tmp/j2)), processed once (SEQNUM $s, our event's $k; udevd broadcast our UUID $n2 times) within 15 s of the restart's end (exit $rc, ${t1}s after the restart began, restart took ${tr}s)"
else
	ok $([ $rc -eq 0 ] && [ "$(outcomes processed $tmp/j2)" -eq 1 ] &&
		[ "$(retries $tmp/j2)" -ge 1 ] 2>/dev/null &&
		broadcast "$s" $tmp/mon2 &&
		lt "$t1" "$(awk -v a="$tr" 'BEGIN { print a + 15 }')"; echo $?) \
		"2 restart while our event is queued: triggered again (retries $(retries $tmp/j2)), processed (SEQNUM $s; udevd broadcast our UUID $n2 times) within 15 s of the restart's end (exit $rc, ${t1}s after the restart began, restart took ${tr}s)"
fi

# 3. The service and its sockets stopped while our event is queued (the
# earlier event sleeps 12 s, as in 2).
jc=$(jcur)
u0=$(uuid)
u=$(uuid)
monitor_start $tmp/mon3
echo "change $u0 SLOW=12" > /sys/devices/virtual/mem/zero/uevent
sp0=$(wait_rule $u0 10)
run_tool $tmp/j3 --settle --json --uuid=$u --timeout=60 --env SLOW=1 -s mem -y zero
k=$(wait_kernel $u $tmp/mon3 15)
sleep 0.5
t0=$(now)
# shellcheck disable=SC2086
timeout 60 systemctl stop $svc $socks
trc=$?
tr=$(since $t0)
left=$(udevd_procs)
wait $pid
rc=$?
t1=$(since $t0)
states=$(for x in $svc $socks; do printf '%s=%s ' $x "$(systemctl is-active $x)"; done)
monitor_stop
k0=$(kernel_seqs $u0 $tmp/mon3 | head -n1)
bt0=$(udev_time "$k0" $tmp/mon3)
bt=$(udev_time "$k" $tmp/mon3)
note "earlier event SEQNUM ${k0:-?} broadcast at $bt0; ours SEQNUM ${k:-?} at $bt; systemctl stop began at $t0 s, took ${tr}s (exit $trc): $states"
note "/run/udev after the stop: $(ls -l /run/udev | sed 1d | awk '{ print $1, $NF }' | paste -sd' ')"
show_run $tmp/j3
timeline $tmp/mon3 $u0 $u
jlog "$jc"
ok $([ $trc -eq 0 ] && [ -n "$sp0" ] && [ -n "$k" ] && after "$t0" "$bt0" &&
	after "$t0" "$bt" && [ -z "$left" ] && ! echo "$states" | grep -q '=active'; echo $?) \
	"3 precondition: our event (SEQNUM $k) was queued when the stop began; the service and $socks stopped, no udevd process left (${left:-none})"
ok $([ $rc -eq 1 ] && [ "$(outcomes unconfirmed $tmp/j3)" -eq 1 ] &&
	grep -q '"manager_lost":"' $tmp/j3 && [ -s $tmp/j3.err ] &&
	lt "$t1" "$(awk -v a="$tr" 'BEGIN { print a + 5 }')"; echo $?) \
	"3 service and sockets stopped: exit 1, unconfirmed, the cause named, within 5 s of the stop's end (exit $rc, ${t1}s after the stop began, stop took ${tr}s)"
udevd_up
note "after the start: MainPID $(main_pid), $(udevd_procs)"

# 4. SIGKILL to the worker running our event.
jc=$(jcur)
u=$(uuid)
monitor_start $tmp/mon4
run_tool $tmp/j4 --settle --json --uuid=$u --timeout=60 --env SLOW=6 -y loop4
sp=$(wait_rule $u 15)
w=$(ppid_of "$sp")
mp0=$(main_pid)
wc=$(comm_of "$w")
wp=$(ppid_of "$w")
wcg=
read -r wcg < /proc/$w/cgroup 2>/dev/null
t0=$(now)
[ -n "$w" ] && [ "$w" != "$mp0" ] && [ "$wp" = "$mp0" ] && kill -KILL "$w"
n=0
while alive "$w" && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
dead=$(alive "$w" && { grep '^State' /proc/$w/status || echo alive; } || echo yes)
mp1=$(main_pid)
st=$(systemctl is-active $svc)
wait $pid
rc=$?
kill "$sp" 2>/dev/null
monitor_stop
k=$(kernel_seqs $u $tmp/mon4 | head -n1)
bt=$(udev_time "$k" $tmp/mon4)
note "worker $w ($wc, parent $wp) cgroup $wcg; udevd $mp0 cgroup $(cat /proc/$mp0/cgroup)"
unit_procs | sed 's/^/#   /'
show_run $tmp/j4
timeline $tmp/mon4 $u
jlog "$jc"
note "udevd's broadcast of SEQNUM $k (the killed worker's event), at $bt:"
udev_block "$k" $tmp/mon4 | sed 's/^/#   /'
ok $([ -n "$sp" ] && [ -n "$w" ] && [ "$w" != "$mp0" ] && [ "$wp" = "$mp0" ] &&
	after "$t0" "$bt"; echo $?) \
	"4 precondition: our event (SEQNUM $k) ran in worker $w of udevd $mp0 when it was killed"
ok $([ "$dead" = yes ] && [ "$mp1" = "$mp0" ] && [ "$st" = active ]; echo $?) \
	"4 precondition: the worker $w is dead, udevd $mp0 still runs (dead: $dead, MainPID $mp1, $svc $st)"
ok $([ $rc -eq 1 ] && [ "$(outcomes failed $tmp/j4)" -eq 1 ]; echo $?) \
	"4 worker killed: exit 1, reported failed (exit $rc, udevd $(udevadm --version))"
timeout 40 udevadm settle --timeout=30

# 5. A udevd of another PID and mount namespace, the real one stopped.
# shellcheck disable=SC2086
timeout 60 systemctl stop $svc $socks
left=$(udevd_procs)
bin=$(systemctl show -p ExecStart --value $svc | sed -n 's/.*path=\([^ ;]*\).*/\1/p')
[ -x "$bin" ] || bin=/lib/systemd/systemd-udevd
mkdir -p /run/synth-fake
cp /bin/sleep /run/synth-fake/systemd-udevd
# The copy is bound over the real udevd's path (its target, where that is
# a symbolic link to udevadm) in the new mount namespace: comm and exe
# say udevd.
unshare --pid --fork --mount-proc --kill-child sh -c \
	'mount --bind /run/synth-fake/systemd-udevd "$1" && exec "$1" 300' sh "$bin" &
ushare=$!
fake=
n=0
while [ -z "$fake" ] && [ $n -lt 50 ]; do
	for p in /proc/[0-9]*; do
		read -r c < $p/comm 2>/dev/null || continue
		[ "$c" = systemd-udevd ] &&
			[ "$(readlink $p/ns/pid)" != "$myns" ] && fake=${p#/proc/}
	done
	[ -n "$fake" ] || sleep 0.1
	n=$((n + 1))
done
note "the other udevd: pid $fake, comm $(comm_of "$fake"), exe $(readlink /proc/$fake/exe 2>/dev/null), ns $(readlink /proc/$fake/ns/pid) $(readlink /proc/$fake/ns/mnt) (ours $myns $(readlink /proc/self/ns/mnt))"
ok $([ -n "$fake" ] && [ -z "$left" ] &&
	[ "$(readlink /proc/$fake/ns/mnt)" != "$(readlink /proc/self/ns/mnt)" ] &&
	[ "$(systemctl is-active $svc)" != active ]; echo $?) \
	"5 precondition: udevd and its sockets stopped, a 'systemd-udevd' ($bin) runs in other PID and mount namespaces (pid $fake)"
t0=$(now)
run_tool $tmp/j5 -w --json --timeout=20 -y loop3
wait $pid
rc=$?
t1=$(since $t0)
show_run $tmp/j5
ok $([ $rc -ne 137 ] && [ "$(outcomes timeout $tmp/j5)" -eq 0 ] &&
	[ -s $tmp/j5.err ] && lt "$t1" 10; echo $?) \
	"5 a udevd of other namespaces is not waited for: ended in ${t1}s, no timeout, said why on stderr (exit $rc)"
# The init of a PID namespace ignores SIGTERM from outside, and unshare's
# parent ignores it too: SIGKILL.
kill -KILL "$fake" 2>/dev/null
kill -KILL $ushare 2>/dev/null
wait $ushare 2>/dev/null
udevd_up

# 6. The kernel as the only source: emitted, not processed.
run_tool $tmp/j6 --wait-source=kernel --json --timeout=30 -y loop1
wait $pid
rc=$?
show_run $tmp/j6
ok $([ $rc -le 1 ] && [ "$(outcomes emitted $tmp/j6)" -eq 1 ] &&
	[ "$(outcomes processed $tmp/j6)" -eq 0 ]; echo $?) \
	"6 --wait-source=kernel: reported emitted, not processed (exit $rc)"

timeout 40 udevadm settle --timeout=30
tap_done
