#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Selection alone, in a guest booted with synth.noudevd and the dummy
# netdevs: the CPU and memory each tool spends finding the group among all
# of them, with --dry-run (nothing is written).  What the full runs of
# guest.sh cost on top of this is the transaction itself.
. /tests/tap.sh
set -f
. /tests/bench/guest-lib.sh
B=/tests/bench
ROUNDS=${BENCH_ROUNDS:-5}
SIZES=$(echo "${BENCH_SIZES:-100,1000,10000}" | tr , " ")

for n in $SIZES; do
	g=$(globs $n)
	r=1
	while [ $r -le $ROUNDS ]; do
		for form in tool udevadm; do
			case $form in
			tool) line=$($B/runstat -- uevent-trigger --dry-run -q \
					-c change -s net $g) ;;
			udevadm) line=$($B/runstat -- udevadm trigger --dry-run \
					-c change -s net $g) ;;
			esac
			echo "# SELECT n=$n form=$form round=$r $line"
			verdict "$line" "select n=$n $form round $r"
		done
		r=$((r + 1))
	done
done
tap_done
