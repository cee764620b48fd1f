#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Guest side of the write-cost comparison (issue 29, point 8): in one boot
# (synth.noudevd), COUNT writes of a plain "change" and of "change" with a
# UUID and two pairs to /dev/null's uevent file, three rounds, alternating,
# and the ratio of their rates.
. /tests/tap.sh
file=/sys/devices/virtual/mem/null/uevent
count=${BENCH_WRITES:-20000}
for i in 1 2 3; do
	p=$(/tests/bench/uevent_writes "$count" "$file" change)
	ok $? "plain writes, round $i"
	s=$(/tests/bench/uevent_writes "$count" "$file" \
		"change 3f6a8e4c-6b36-4b1e-9a62-64c1a1e2d8f0 A=1 B=2")
	ok $? "UUID and two pairs, round $i"
	pr=${p##*per_sec=} sr=${s##*per_sec=}
	echo "# COST kernel=$(uname -r) round=$i plain_per_sec=$pr synth_per_sec=$sr ratio=$(awk "BEGIN { printf \"%.2f\", $pr / $sr }")"
done
tap_done
