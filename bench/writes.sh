#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Kernel side of the benchmark: writes per second through the parser of
# whatever kernel booted (booted with synth.noudevd), three runs.
. /tests/tap.sh
for i in 1 2 3; do
	line=$(/tests/bench/uevent_writes ${BENCH_WRITES:-20000})
	rc=$?
	echo "# WRITES kernel=$(uname -r) run=$i $line"
	ok $rc "writes run $i"
done
tap_done
