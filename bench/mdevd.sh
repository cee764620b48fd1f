#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Against skarnet's mdevd, in a guest booted with synth.noudevd and the
# dummy netdevs: mdevd -O 4 handles every event (an mdev.conf line per
# device, no command) and rebroadcasts it to netlink group 3.  Both forms
# trigger "add" on every device and wait until mdevd handled it:
#
#   tool       uevent-trigger --settle --wait-source=mdevd:4 -c add
#   coldplug   mdevd-coldplug -O 4 (waits for the last of its events)
#
# ROUNDS rounds, alternating.  Prints "# MDEVD ..." (runstat's figures and
# how many devices each form triggered) and one TAP line per run.
. /tests/tap.sh
set -f
. /tests/bench/guest-lib.sh
B=/tests/bench
ROUNDS=${BENCH_ROUNDS:-5}

if ! command -v mdevd > /dev/null; then
	skip "mdevd" "mdevd not in this initramfs (no ../shared/third-party)"
	tap_done
	exit
fi
echo '.* 0:0 660' > /etc/mdev.conf
mdevd -O 4 > /tmp/mdevd.log 2>&1 &
sleep 1
n=$(uevent-trigger --dry-run -c add | wc -l)
note "MDEVD devices=$n dummies=$(ls /sys/class/net | grep -c '^dummy')"
r=1
while [ $r -le $ROUNDS ]; do
	for form in tool coldplug; do
		before=$(cat /sys/kernel/uevent_seqnum)
		case $form in
		tool) line=$($B/runstat -- uevent-trigger --settle \
				--wait-source=mdevd:4 --timeout=1800 -q -c add) ;;
		coldplug) line=$($B/runstat -- mdevd-coldplug -O 4) ;;
		esac
		events=$(( $(cat /sys/kernel/uevent_seqnum) - before ))
		echo "# MDEVD form=$form round=$r events=$events $line"
		verdict "$line" "mdevd $form round $r"
	done
	r=$((r + 1))
done
profile "n=mdevd" --wait-source=mdevd:4 -c add
kill %1
tap_done
