#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# bench-mdevd.sh: "make bench-mdevd".  The mdevd part of make bench alone,
# one boot of about a minute, for a change of the tool's cost to be seen
# before the whole bench (an hour): the patched KTREE kernel (default 7.2)
# with 1000 dummy netdevs and mdevd -O 4 in place of udevd, and every
# device triggered by uevent-trigger --settle --wait-source=mdevd:4 and by
# mdevd-coldplug -O 4, alternating, BENCH_ROUNDS times (default 9).
# Prints each form's median wall time, CPU and RSS, and the tool's ratios,
# the first round left out (caches are cold in it).  Nothing is written to
# bench/: the figures of record are make bench's.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"
cd "$here" || exit 1

[ -d "${SYNTH_THIRD_PARTY:-$here/../shared/third-party}" ] ||
	die "no third-party folder (SYNTH_THIRD_PARTY, default ../shared/third-party): no mdevd to compare with"
need_pkgs gawk >&2
ktree=${KTREE:-7.2}
rounds=${BENCH_ROUNDS:-9}
[ "$rounds" -ge 2 ] 2> /dev/null || die "BENCH_ROUNDS: 2 or more"
patched=$(phase kernel "$here/kernel/build.sh" "$ktree" base "$here/patches") ||
	die "patched kernel build failed"
make -s -C "$here/bench" >&2 || die "bench helpers build failed"

logdir=$SYNTH_CACHE/logs/bench-mdevd
rm -rf "$logdir"
mkdir -p "$logdir/stage/tests/bench"
cp bench/build/runstat bench/guest-lib.sh bench/mdevd.sh \
	"$logdir/stage/tests/bench/"
echo "mdevd 3600 env BENCH_ROUNDS=$rounds /tests/bench/mdevd.sh" \
	> "$logdir/mdevd.plan"
UDEV=${UDEV:-262} "$here/qemu-test/run.sh" --name mdevd --kernel "$patched" \
	--plan "$logdir/mdevd.plan" --tool --extra "$logdir/stage" \
	--memory 3072 --append "synth.noudevd dummy.numdummies=1000" \
	--logdir "$logdir" >&2 || die "the mdevd boot failed: $logdir"

# "# MDEVD form=F round=R events=E wall_us=.. user_us=.. sys_us=..
# maxrss_kb=.. ...": medians per form, round 1 left out.
tr -d '\r' < "$logdir/mdevd.results" | gawk '
/^# MDEVD form=/ {
	for (i = 3; i <= NF; i++) {
		split($i, kv, "=")
		v[kv[1]] = kv[2]
	}
	if (v["round"] == 1)
		next
	f = v["form"]
	n[f]++
	wall[f, n[f]] = v["wall_us"] / 1000
	cpu[f, n[f]] = (v["user_us"] + v["sys_us"]) / 1000
	rss[f, n[f]] = v["maxrss_kb"]
}
function median(a, f,   i, k, t) {
	k = n[f]
	for (i = 1; i <= k; i++)
		t[i] = a[f, i]
	asort(t)
	return k % 2 ? t[(k + 1) / 2] : (t[k / 2] + t[k / 2 + 1]) / 2
}
END {
	if (!n["tool"] || !n["coldplug"]) {
		print "bench-mdevd: no results" > "/dev/stderr"
		exit 1
	}
	for (f in n)
		printf "%-8s wall %7.1f ms  CPU %7.1f ms  RSS %5d KiB  (median of %d)\n",
			f, m[f, "w"] = median(wall, f), m[f, "c"] = median(cpu, f),
			median(rss, f), n[f]
	printf "tool / mdevd-coldplug: wall %.2fx, CPU %.2fx\n",
		m["tool", "w"] / m["coldplug", "w"],
		m["tool", "c"] / m["coldplug", "c"]
}'
