#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The benchmark, in the guest: the patched kernel, the real systemd-udevd
# with Debian's rules (started here: the boot runs none), dummy0..dummyN-1
# (dummy.numdummies=N on the kernel command line) as the devices.  For each
# group size and scenario, ROUNDS rounds, alternating the three forms:
#
#   tool            uevent-trigger --settle
#   settle          udevadm trigger --settle
#   trigger_settle  udevadm trigger; udevadm settle
#
# Scenario "idle": nothing else queued.  "busy": just before each run, four
# unrelated devices get an event whose rule sleeps S seconds, S being 12
# times the tool's idle median at that N (so the unrelated work outlasts
# the group's own), at least BENCH_SLOW and at most BENCH_SLOW_MAX (udevd
# kills a worker after 180 s).  Once a form that does not wait for it has
# returned, the sleeps are cut short, so that the next run starts on an
# idle queue without waiting S seconds more.
#
# Each run prints "# RESULT ..." (runstat's figures) and one TAP line: ok
# when the form exited 0.
. /tests/tap.sh
set -f		# the globs are for the tools, not for this shell
. /tests/bench/guest-lib.sh
B=/tests/bench
ROUNDS=${BENCH_ROUNDS:-5}
SIZES=$(echo "${BENCH_SIZES:-100,1000,10000}" | tr , " ")
SLOW=${BENCH_SLOW:-10}
SLOW_MAX=${BENCH_SLOW_MAX:-120}
uuid() { cat /proc/sys/kernel/random/uuid; }

slow_load() {
	for d in null zero full random; do
		echo "change $(uuid) SLOW=$1" > /sys/devices/virtual/mem/$d/uevent
	done
}

# End the slow rules' "/bin/sleep S" early.
slow_release() {
	set +f
	for p in /proc/[0-9]*; do
		[ "$(tr '\0' ' ' 2>/dev/null < $p/cmdline)" = "/bin/sleep $1 " ] &&
			kill "${p#/proc/}" 2>/dev/null
	done
	set -f
}

# Seconds of slow work for a group whose idle runs took WALL_US... (median).
slow_for() {
	m=$(for w in "$@"; do echo "$w"; done | sort -n |
		awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
	s=$(( (${m:-0} * 12 + 999999) / 1000000 ))
	[ "$s" -lt "$SLOW" ] && s=$SLOW
	[ "$s" -gt "$SLOW_MAX" ] && s=$SLOW_MAX
	echo "$s"
}

# udevd starts here, not at boot: every device but the dummies gets its
# add event first, so each form's first event for a dummy is the change
# under test (as in the select and mdevd boots, which run no udevd).
if ! pidof systemd-udevd > /dev/null; then
	/lib/systemd/systemd-udevd --daemon --resolve-names=never
	udevadm trigger --action=add -S net
	udevadm trigger --action=add -s net -y lo -y 'eth*'
fi
udevadm settle --timeout=1800
total=$(ls /sys/class/net | grep -c '^dummy')
note "BENCH kernel=$(uname -r) udev=$(udevadm --version) cpus=$(nproc) dummies=$total rules=$(ls /usr/lib/udev/rules.d /etc/udev/rules.d | grep -c 'rules$')"

for n in $SIZES; do
	g=$(globs $n)
	if [ "$total" -lt "$n" ] || [ -z "$g" ]; then
		skip "n=$n" "only $total dummy devices"
		continue
	fi
	note "BENCH group n=$n: $g"
	idle_walls=
	for scen in idle busy; do
		if [ $scen = busy ]; then
			slow=$(slow_for $idle_walls)
			note "BENCH slow n=$n seconds=$slow"
		fi
		r=1
		while [ $r -le $ROUNDS ]; do
			for form in tool settle trigger_settle; do
				udevadm settle --timeout=1800
				[ $scen = busy ] && slow_load $slow
				u=$(uuid)
				case $form in
				tool)
					line=$($B/runstat --uuid $u -- uevent-trigger \
						--settle --timeout=1800 -q --uuid=$u \
						-c change -s net $g) ;;
				settle)
					line=$($B/runstat -- udevadm trigger --settle \
						-c change -s net $g) ;;
				trigger_settle)
					line=$($B/runstat -- sh -c "udevadm trigger -c change -s net $g && udevadm settle --timeout=1800") ;;
				esac
				[ $scen = busy ] && [ $form != trigger_settle ] &&
					slow_release $slow
				echo "# RESULT n=$n scenario=$scen form=$form round=$r $line"
				if [ $scen = idle ] && [ $form = tool ]; then
					w=${line#*wall_us=}
					idle_walls="$idle_walls ${w%% *}"
				fi
				verdict "$line" "n=$n $scen $form round $r"
			done
			r=$((r + 1))
		done
		# Where the tool's CPU goes: one more idle run, profiled.
		[ $scen = idle ] && profile "n=$n" -c change -s net $g
	done
done
udevadm settle --timeout=1800
tap_done
