#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh: "make bench".  Never part of make check's verdict.
#
#   1. Boots the patched KTREE kernel (default 7.2; base config: no KASAN,
#      no debug options) with the real systemd-udevd of Debian's udev UDEV
#      (default 262, the newest: the udevadm users would compare with), that
#      release's udev rules and hwdb,
#      and N dummy netdevs (udevd started by the guest script, the dummies
#      without an add event), and runs bench/guest.sh: uevent-trigger --settle,
#      udevadm trigger --settle and udevadm trigger; udevadm settle on groups
#      of 100, 1 000 and 10 000 devices, idle and with slow unrelated work
#      queued, ROUNDS rounds each, alternating.
#   2. Boots it again with the dummy netdevs and without udevd, and times
#      the selection alone (--dry-run) of both tools (bench/select.sh).
#   3. Boots the patched, the pristine KTREE (same config, no series), the
#      pristine KTREE with the full SLUB allocator (kernel/slub.config) and
#      with -O2 (kernel/o2.config), and Debian's stock KTREE kernel without
#      udevd and times writes through each kernel's parser
#      (bench/uevent_writes).
#   4. Writes bench/results-KTREE-udevUDEV.md and the plot beside it.
#
# KTREE (7.2), UDEV (262), BENCH_ROUNDS (5), BENCH_SIZES ("100 1000
# 10000"), BENCH_SLOW (10 s, the least slow work), BENCH_SLOW_MAX (120 s,
# the most).
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"
cd "$here"

need_pkgs gnuplot-nox gawk >&2
ktree=${KTREE:-7.2}
udev=${UDEV:-262}
rounds=${BENCH_ROUNDS:-5}
sizes=${BENCH_SIZES:-"100 1000 10000"}
slow=${BENCH_SLOW:-10}
slow_max=${BENCH_SLOW_MAX:-120}
max=0
for n in $sizes; do [ "$n" -gt "$max" ] && max=$n; done

patched=$(phase kernel "$here/kernel/build.sh" "$ktree" base "$here/patches") ||
	die "patched kernel build failed"
pristine=$(phase kernel-pristine "$here/kernel/build.sh" "$ktree" base none) ||
	die "pristine kernel build failed"
stock=$(phase stock-kernel "$here/kernel/stock.sh" "$ktree") ||
	die "no stock kernel"
# What tinyconfig's choices cost a write: the pristine tree with the full
# SLUB allocator, and with -O2 (kernel/slub.config, kernel/o2.config).
slub=$(phase kernel-slub "$here/kernel/build.sh" "$ktree" slub none) ||
	die "pristine SLUB kernel build failed"
o2=$(phase kernel-o2 "$here/kernel/build.sh" "$ktree" o2 none) ||
	die "pristine -O2 kernel build failed"
make -s -C "$here/bench" >&2 || die "bench helpers build failed"

logdir=$SYNTH_CACHE/logs/bench
rm -rf "$logdir"
mkdir -p "$logdir"

# What the guest gets besides the usual initramfs: the helpers.  Debian's
# rules, hwdb and .link files come with the release's userland
# (--udev-rules debian).
stage=$logdir/stage
mkdir -p "$stage/tests/bench"
cp bench/build/runstat bench/build/uevent_writes bench/guest.sh \
	bench/guest-lib.sh bench/select.sh bench/writes.sh bench/mdevd.sh \
	"$stage/tests/bench/"
export UDEV=$udev

# The figures are only worth their ratios on an otherwise idle host: say
# what else ran, before the first boot and after the last.
host_load() {
	local others
	# pgrep warns of a pattern longer than a name (15), wrongly here.
	others=$(pgrep -c -x 'qemu-system-x86|cc1' 2> /dev/null || true)
	echo "$(cut -d' ' -f1-3 /proc/loadavg) $others"
}
echo "host # HOST when=start load_others=$(host_load | tr ' ' ,)" > "$logdir/host.results"

plan=$logdir/bench.plan
# The plan's command is split on blanks by the guest's shell: sizes travel
# with commas and become blanks again in guest.sh's environment.
echo "bench 14400 env BENCH_ROUNDS=$rounds BENCH_SIZES=${sizes// /,} BENCH_SLOW=$slow BENCH_SLOW_MAX=$slow_max /tests/bench/guest.sh" > "$plan"

"$here/qemu-test/run.sh" --name bench --kernel "$patched" --plan "$plan" \
	--tool --extra "$stage" --memory 3072 --timeout 14400 \
	--udev-rules debian \
	--append "synth.noudevd dummy.numdummies=$max" --logdir "$logdir"
bench_rc=$?

echo "select 1800 env BENCH_ROUNDS=$rounds BENCH_SIZES=${sizes// /,} /tests/bench/select.sh" \
	> "$logdir/select.plan"
"$here/qemu-test/run.sh" --name select --kernel "$patched" \
	--plan "$logdir/select.plan" --tool --extra "$stage" --memory 3072 \
	--append "synth.noudevd dummy.numdummies=$max" --logdir "$logdir"

# Against mdevd-coldplug: every device of a guest with 1000 dummy netdevs,
# mdevd in place of udevd (skipped without ../shared/third-party).
echo "mdevd 3600 env BENCH_ROUNDS=$rounds /tests/bench/mdevd.sh" \
	> "$logdir/mdevd.plan"
"$here/qemu-test/run.sh" --name mdevd --kernel "$patched" \
	--plan "$logdir/mdevd.plan" --tool --extra "$stage" --memory 3072 \
	--append "synth.noudevd dummy.numdummies=1000" --logdir "$logdir"

# Writes per second are noisy from boot to boot under TCG: three boots per
# kernel, alternating.
echo "writes 900 /tests/bench/writes.sh" > "$logdir/writes.plan"
for rep in 1 2 3; do
	for k in patched pristine stock slub o2; do
		"$here/qemu-test/run.sh" --name "writes-$k-$rep" --kernel "${!k}" \
			--plan "$logdir/writes.plan" --extra "$stage" \
			--append synth.noudevd --logdir "$logdir"
	done
done

# Every figure, tagged with the boot it came from.
results=$logdir/results.txt
echo "host # HOST when=end load_others=$(host_load | tr ' ' ,)" >> "$logdir/host.results"
for b in bench select mdevd writes-{patched,pristine,stock,slub,o2}-{1,2,3}; do
	[ -e "$logdir/$b.results" ] || continue
	tr -d '\r' < "$logdir/$b.results" | sed "s/^/${b%-[0-9]} /"
done > "$results"
cat "$logdir/host.results" >> "$results"
"$here/bench/report.sh" "$results" "$here/bench" \
	"$(cat "$patched/release")" "$(cat "$pristine/release")" \
	"$(cat "$stock/release")" "$rounds" "$slow" "$slow_max" \
	"$(git -C "$here" rev-parse --short HEAD)" ||
	die "report failed"
# One page per kernel tree and udevd, the older ones kept beside it.
name=$ktree-udev$udev
sed "s/(wall-time.png)/(wall-time-$name.png)/" bench/results.md \
	> "bench/results-$name.md"
mv bench/wall-time.png "bench/wall-time-$name.png"
rm bench/results.md
echo "bench: wrote bench/results-$name.md and bench/wall-time-$name.png"
exit $bench_rc
