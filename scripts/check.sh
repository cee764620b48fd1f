#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh: every test of the project, as "make check" runs it.
#
#   1. series-check: the series applies to pristine 7.2 (mainline) and each
#      stable queue to its tree (6.12, 6.1, 5.10), each patch is
#      checkpatch --strict clean and builds;
#   2. the kernels: patched 7.2, patched 7.2 with KASAN, the series' base
#      alone (7.2.13 with the reconstructed driver-core-next commits), 5.10
#      with its stable queue, Debian's stock 7.2, 6.12 and 5.10;
#   3. boots under QEMU with the real systemd-udevd: the patched kernel (all
#      suites, udev 262), the KASAN kernel (the kselftest, the fuzzer and
#      kmemleak), 5.10 with its stable queue (the kselftest through
#      run_kselftest.sh: the fix cases pass, the NUL padding cases may
#      fail without d516455c9405, the RFC's cases skip; the tool suite,
#      udev 247), the stock kernels, each with the udev of its
#      Debian release (7.2 with 262, 5.10 with 247: tool suites; extension
#      cases skip; 7.2 also runs libsynthuevent's event loop examples,
#      as the patched one does); the kselftest alone through
#      run_kselftest.sh on the series' base and on stock 6.12 (the bound's
#      cases fail there, as known: qemu-test/suites/kselftest-known.sh;
#      the RFC's cases skip; nothing else fails); 6.1 with 252 and the other pairs:
#      make check-matrix;
#   3b. the systemd-booted guests (qemu-test/systemd-boot.sh): a Debian root
#      with systemd as PID 1 and udevd's units and sockets as shipped,
#      the tool against udevd restarted, stopped, its worker killed, a
#      udevd of other namespaces (qemu-test/suites/systemd.sh): the patched
#      7.2 with sid's systemd and udev 262, 5.10 with its stable queue and
#      bullseye's 247 (SYSTEMD_KTREES, "7.2 5.10");
#   4. tests of the runner itself: a failing suite, a panicking guest and a
#      series that does not apply must each be caught;
#   5. meanwhile, on the host: tests of the tools, a short libFuzzer run on
#      its message and command line parsers, the boot scripts
#      (initramfs-tools hook with Debian's mkinitramfs, dracut hook,
#      uevent-wait-vg), host tests of the kernel fuzzer's model.
#
# The boots and the runner tests run CHECK_GUESTS (5) at a time, longest
# first, beside the host tests: a guest spends most of its time waiting
# on the slow rules and timeouts its suites are about, not computing.
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
# The systemd-booted guests: KTREE (the patched KTREE, or a stable tree of
# STABLE_KTREES with its queue), each with the udev of its release.
systemd_ktrees=${SYSTEMD_KTREES-7.2 5.10}
# series-check: KTREE[=ORIGIN] of every tree (see kernel/series-check.sh).
series_trees=${SERIES_TREES:-7.2 6.12 6.1 5.10}
logdir=$(check_logdir check)
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
	local name=$1
	shift
	phase "$name" "$@" > "$logdir/$name.tap"
	tap_count "$name" $?
}

# tap_count NAME RC : print and count the TAP of LOGDIR/NAME.tap, the output
# of a command that exited RC.
tap_count() {
	local name=$1 rc=$2 out=$logdir/$1.tap p f k
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

# bg NAME CMD... : CMD in the background, once fewer than CHECK_GUESTS of
# them run.  Its exit status lands in LOGDIR/NAME.rc.
guests=${CHECK_GUESTS:-5}
guest_pids=()
guests_running() {
	local n=0 pid
	for pid in "${guest_pids[@]}"; do
		kill -0 "$pid" 2>/dev/null && n=$((n + 1))
	done
	echo $n
}
bg() {
	local name=$1
	shift
	while [ "$(guests_running)" -ge "$guests" ]; do
		wait -n
	done
	{
		"$@"
		echo $? > "$logdir/$name.rc"
	} &
	guest_pids+=($!)
}

# boot_start NAME KERNEL_DIR PLAN [run.sh args]: a QEMU boot in the
# background; boot_finish NAME (after all have ended) prints it and counts
# it.
boot_start() {
	local name=$1 kdir=$2 plan=$3
	shift 3
	if [ -z "$kdir" ] || [ ! -e "$kdir/bzImage" ]; then
		echo "$name: no kernel to boot" > "$logdir/$name.out"
		return
	fi
	bg "$name" "$here/qemu-test/run.sh" --name "$name" --kernel "$kdir" \
		--plan "$plan" "$@" > "$logdir/$name.out" 2>&1
}
# systemd_start NAME KERNEL_DIR UDEV: a systemd-booted guest in the
# background, counted by boot_finish like the others.
systemd_start() {
	local name=$1 kdir=$2 udev=$3
	if [ -z "$kdir" ] || [ ! -e "$kdir/bzImage" ]; then
		echo "$name: no kernel to boot" > "$logdir/$name.out"
		return
	fi
	bg "$name" "$here/qemu-test/systemd-boot.sh" --name "$name" \
		--kernel "$kdir" --udev "$udev" > "$logdir/$name.out" 2>&1
}
boot_finish() {
	local name=$1 p=0 f=1 k=0
	cat "$logdir/$name.out"
	[ -e "$logdir/$name.counts" ] && read -r p f k < "$logdir/$name.counts"
	add_counts "boot:$name" "$p" "$f" "$k"
}

t_start=$(date +%s)

# shellcheck disable=SC2086
tap_phase series-check "$here/kernel/series-check.sh" "$here/patches" \
	$series_trees


kdir=$(phase kernel "$here/kernel/build.sh" "$ktree" base "$here/patches")
kasan=$(phase kernel-kasan "$here/kernel/build.sh" "$ktree" kasan "$here/patches")
# The series' base alone (7.2.13 with the reconstructed driver-core-next
# commits, none of ours): the kselftest there, the bound's cases failing as
# known (plans/kselftest.plan), the RFC's skipping.
base_kdir=$(phase kernel-base "$here/kernel/build.sh" "$ktree" base "$here/patches" base)
# Debian's stock kernels, each booted with the udev of its own release.
stocks="7.2 5.10"
# Debian's stock 6.12 (d516455c9405 from stable): the kselftest alone.
stock612=$(phase stock-kernel-6.12 "$here/kernel/stock.sh" 6.12)
declare -A stock
for k in $stocks; do
	stock[$k]=$(phase "stock-kernel-$k" "$here/kernel/stock.sh" "$k")
done
declare -A stable_kdir
for st in $stable_ktrees; do
	stable_kdir[$st]=$(phase "kernel-$st" "$here/kernel/build.sh" "$st" \
		base "$here/patches")
done

# What the boots share is built and installed once, before they run side
# by side.
"$here/scripts/need-pkgs.sh" qemu-system-x86 busybox-static udev cpio gzip \
	mmdebstrap
make -s -C "$here/tools" static && make -s -C "$here/selftests" ||
	echo "build of the guest programs failed (the boots will say more)"
# libsynthuevent's event loop examples (sd-event, GLib) with the host's
# libraries but the guest's libc: booted where the guest's glibc is at
# least the host's (udev 262's userland).
examples=$logdir/examples
make -s -C "$here/tools" examples-stage STAGE="$examples" ||
	echo "staging the library's examples failed (the boots will say more)"

t_boots=$(date +%s)
# The host tests, one after the other beside the guests (in no slot of
# theirs): each writes LOGDIR/NAME.tap and NAME.rc, counted at the end.
host_tests=(selftests-host)
[ -e "$here/tools/Makefile" ] && host_tests=(tools-host tools-fuzz tools-boot "${host_tests[@]}")
host_test() {
	case "$1" in
	tools-host) make -s -C "$here/tools" check ;;
	tools-fuzz) make -s -C "$here/tools" fuzz-check ;;
	tools-boot) make -s -C "$here/tools" boot-check ;;
	selftests-host) make -s -C "$here/selftests" check ;;
	esac
}
{
	for t in "${host_tests[@]}"; do
		phase "$t" host_test "$t" > "$logdir/$t.tap"
		echo $? > "$logdir/$t.rc"
	done
} &
# The patched kernel with the newest udevd (varlink control); each stock
# one with its own release's (5.10: the legacy control socket).
boot_start patched "$kdir" "$here/qemu-test/plans/patched.plan" --tool \
	--udev 262 --extra "$examples"
for k in $stocks; do
	if [ "$(ktree_udev "$k")" = 262 ]; then
		boot_start "stock-$k" "${stock[$k]}" \
			"$here/qemu-test/plans/stock-loops.plan" --tool \
			--tests "$kdir/selftests" --udev 262 --extra "$examples"
	else
		boot_start "stock-$k" "${stock[$k]}" \
			"$here/qemu-test/plans/stock.plan" --tool \
			--tests "$kdir/selftests" --udev "$(ktree_udev "$k")"
	fi
done
for st in $stable_ktrees; do
	boot_start "stable-$st" "${stable_kdir[$st]}" \
		"$here/qemu-test/plans/stable.plan" --tool --tests "$kdir/selftests" \
		--udev "$(ktree_udev "$st")"
done
for st in $systemd_ktrees; do
	if [ "$st" = "$ktree" ]; then
		systemd_start "systemd-$st" "$kdir" "$(ktree_udev "$st")"
	else
		systemd_start "systemd-$st" "${stable_kdir[$st]:-}" "$(ktree_udev "$st")"
	fi
done
boot_start series-base "$base_kdir" "$here/qemu-test/plans/kselftest.plan" \
	--tests "$kdir/selftests" --udev 262
boot_start stock-6.12 "$stock612" "$here/qemu-test/plans/kselftest.plan" \
	--tests "$kdir/selftests" --udev "$(ktree_udev 6.12)"
boot_start kasan "$kasan" "$here/qemu-test/plans/kasan.plan" --timeout 2400 \
	--append synth.noudevd
bg runner-test phase runner-test "$here/qemu-test/runner-test.sh" "$kdir" \
	> "$logdir/runner-test.tap"

wait
echo ">>> phase boots ($guests at a time, host tests beside): $(($(date +%s) - t_boots))s" >&2
for t in "${host_tests[@]}"; do
	tap_count "$t" "$(cat "$logdir/$t.rc" 2>/dev/null || echo 1)"
done
boot_finish patched
for k in $stocks; do
	boot_finish "stock-$k"
done
for st in $stable_ktrees; do
	boot_finish "stable-$st"
done
for st in $systemd_ktrees; do
	boot_finish "systemd-$st"
done
boot_finish series-base
boot_finish stock-6.12
boot_finish kasan
tap_count runner-test "$(cat "$logdir/runner-test.rc" 2>/dev/null || echo 1)"

echo
echo "=== summary ($(($(date +%s) - t_start))s) ==="
printf '%s\n' "${summary[@]}"
echo
echo "$total_p passed, $total_f failed, $total_k skipped"
[ "$total_f" -eq 0 ]
