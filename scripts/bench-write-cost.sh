#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# bench-write-cost.sh [SERIES]: "make bench-write-cost".  What a synthetic
# uevent with a UUID and two pairs costs against a plain one, in one boot of
# the KTREE kernel (default 7.2) with SERIES applied (default patches/):
# bench/write-cost.sh writes BENCH_WRITES of each (default 20000) to
# /dev/null's uevent file, three rounds, alternating, without a device
# manager.  Prints each round's rates and their ratio (plain / synthetic:
# 1.00 means a UUID costs nothing).  Nothing is written to bench/.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"
cd "$here" || exit 1

series=${1:-$here/patches}
ktree=${KTREE:-7.2}
kernel=$(phase kernel "$here/kernel/build.sh" "$ktree" base "$series") ||
	die "kernel build failed"
make -s -C "$here/bench" >&2 || die "bench helpers build failed"

logdir=$SYNTH_CACHE/logs/bench-write-cost
rm -rf "$logdir"
mkdir -p "$logdir/stage/tests/bench"
cp bench/build/uevent_writes bench/write-cost.sh "$logdir/stage/tests/bench/"
echo "write-cost 1800 env BENCH_WRITES=${BENCH_WRITES:-20000} /tests/bench/write-cost.sh" \
	> "$logdir/write-cost.plan"
UDEV=${UDEV:-262} "$here/qemu-test/run.sh" --name write-cost \
	--kernel "$kernel" --plan "$logdir/write-cost.plan" --tool \
	--extra "$logdir/stage" --append synth.noudevd --logdir "$logdir" >&2 ||
	die "the write-cost boot failed: $logdir"
tr -d '\r' < "$logdir/write-cost.results" | grep '^# COST ' ||
	die "no COST lines in $logdir/write-cost.results"
