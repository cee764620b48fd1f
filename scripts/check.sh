#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh: every test of the project, as "make check" runs it.
#
#   1. series-check: the series applies to pristine 7.2 (mainline) and each
#      stable queue to its tree (6.12, 6.1, 5.10), each patch is
#      checkpatch --strict clean and builds;
#   2. host tests of the tools, a short libFuzzer run on its message and
#      command line parsers, host tests of the kernel fuzzer's model;
#   3. the kernels: patched 7.2, patched 7.2 with KASAN, 5.10 with its stable
#      queue, Debian's stock one;
#   4. boots under QEMU with the real systemd-udevd: the patched kernel (all
#      suites), the KASAN kernel (the parser selftest, the fuzzer and
#      kmemleak), 5.10 with its stable queue (the kselftest through
#      run_kselftest.sh: the fix cases pass, the cases of the new rules
#      skip), the stock kernel (tool suites);
#   5. tests of the runner itself: a failing suite, a panicking guest and a
#      series that does not apply must each be caught.
#
# Prints how long each phase took, a summary per phase and, last, one line
# "N passed, N failed, N skipped" over the whole run.  Exits 1 on any failure.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"
cd "$here"

ktree=${KTREE:-7.2}
# The stable trees booted with their queue and the mainline kselftest.
stable_ktrees=${STABLE_KTREES-5.10}
# series-check: KTREE[=ORIGIN] of every tree (see kernel/series-check.sh).
series_trees=${SERIES_TREES:-7.2 6.12 6.1 5.10}
logdir=$SYNTH_CACHE/logs/check
rm -rf "$logdir"
mkdir -p "$logdir"
export SYNTH_LOGDIR=$logdir

total_p=0 total_f=0 total_k=0
summary=()

# add_counts NAME P F K
add_counts() {
	total_p=$((total_p + $2))
	total_f=$((total_f + $3))
	total_k=$((total_k + $4))
	summary+=("$(printf '%-22s %4d passed %4d failed %4d skipped' "$1" "$2" "$3" "$4")")
}

# tap_phase NAME CMD... : run a host command printing TAP, count its results.
tap_phase() {
	local name=$1 out=$logdir/$1.tap rc p f k
	shift
	phase "$name" "$@" > "$out"
	rc=$?
	cat "$out"
	p=$(grep -E '^ok [0-9]+' "$out" | grep -c -v -i '# skip')
	k=$(grep -E '^(not )?ok [0-9]+' "$out" | grep -c -i '# skip')
	f=$(grep -E '^not ok [0-9]+' "$out" | grep -c -v -i '# skip')
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "$name: exit status $rc with no failed test: counted as one failure"
		f=1
	fi
	if [ $((p + f + k)) -eq 0 ]; then
		echo "$name: ran no test: counted as one failure"
		f=1
	fi
	add_counts "$name" "$p" "$f" "$k"
}

# boot_start NAME KERNEL_DIR PLAN [run.sh args]: a QEMU boot in the
# background (the guests have one CPU each: two boots share the machine's
# two cores); boot_finish NAME waits for it, prints it and counts it.
declare -A boot_pid
boot_start() {
	local name=$1 kdir=$2 plan=$3
	shift 3
	boot_pid[$name]=
	if [ -z "$kdir" ] || [ ! -e "$kdir/bzImage" ]; then
		echo "$name: no kernel to boot" > "$logdir/$name.out"
		return
	fi
	"$here/qemu-test/run.sh" --name "$name" --kernel "$kdir" \
		--plan "$plan" "$@" > "$logdir/$name.out" 2>&1 &
	boot_pid[$name]=$!
}
boot_finish() {
	local name=$1 p=0 f=1 k=0
	[ -n "${boot_pid[$name]}" ] && wait "${boot_pid[$name]}"
	cat "$logdir/$name.out"
	[ -e "$logdir/$name.counts" ] && read -r p f k < "$logdir/$name.counts"
	add_counts "boot:$name" "$p" "$f" "$k"
}

t_start=$(date +%s)

# shellcheck disable=SC2086
tap_phase series-check "$here/kernel/series-check.sh" "$here/patches" \
	$series_trees

if [ -e "$here/tools/Makefile" ]; then
	tap_phase tools-host make -s -C "$here/tools" check
	tap_phase tools-fuzz make -s -C "$here/tools" fuzz-check
fi
tap_phase selftests-host make -s -C "$here/selftests" check

kdir=$(phase kernel "$here/kernel/build.sh" "$ktree" base "$here/patches")
kasan=$(phase kernel-kasan "$here/kernel/build.sh" "$ktree" kasan "$here/patches")
stock=$(phase stock-kernel "$here/kernel/stock.sh")
declare -A stable_kdir
for st in $stable_ktrees; do
	stable_kdir[$st]=$(phase "kernel-$st" "$here/kernel/build.sh" "$st" \
		base "$here/patches")
done

# What the boots share is built and installed once, before they run side
# by side.
"$here/scripts/need-pkgs.sh" qemu-system-x86 busybox-static udev cpio gzip
make -s -C "$here/tools" static && make -s -C "$here/selftests" ||
	echo "build of the guest programs failed (the boots will say more)"

t_boots=$(date +%s)
boot_start patched "$kdir" "$here/qemu-test/plans/patched.plan" --tool
boot_start stock "$stock" "$here/qemu-test/plans/stock.plan" --tool \
	--tests "$kdir/selftests"
boot_finish patched
boot_finish stock
for st in $stable_ktrees; do
	boot_start "stable-$st" "${stable_kdir[$st]}" \
		"$here/qemu-test/plans/stable.plan" --tests "$kdir/selftests"
	boot_finish "stable-$st"
done
boot_start kasan "$kasan" "$here/qemu-test/plans/kasan.plan" --timeout 2400 \
	--append synth.noudevd
tap_phase runner-test "$here/qemu-test/runner-test.sh" "$kdir"
boot_finish kasan
echo ">>> phase boots (side by side): $(($(date +%s) - t_boots))s" >&2

echo
echo "=== summary ($(($(date +%s) - t_start))s) ==="
printf '%s\n' "${summary[@]}"
echo
echo "$total_p passed, $total_f failed, $total_k skipped"
[ "$total_f" -eq 0 ]
