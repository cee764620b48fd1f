#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# overflow-demo.sh: "make overflow-demo".  Shows what patch 2 of the
# series ("kobject: fail a synthetic uevent that overflows, without WARN")
# changes, on a device whose own variables do not fit after a synthetic
# uevent's arguments: qemu-test/overflow/uinput_overflow makes an input
# device with a PHYS of 1000 bytes and writes 32 pairs (within patch 1's
# bound) to its uevent file.  Two boots of 7.2 built with
# kernel/uinput.config, panic_on_warn=1:
#   - the series: the write must fail with E2BIG, without an event or a
#     WARN (4 of 4);
#   - the base and patch 1 only: add_uevent_var() WARN()s, the guest
#     panics, and this boot must fail with the WARN on its console.
# Not part of make check (two kernel builds of their own).
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"
cd "$here" || exit 1

need_pkgs gcc libc6-dev >&2
logdir=$SYNTH_CACHE/logs/overflow-demo
rm -rf "$logdir"
mkdir -p "$logdir/stage/tests" "$logdir/patch1/base"
gcc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -static \
	-o "$logdir/stage/tests/uinput_overflow" \
	qemu-test/overflow/uinput_overflow.c || die "uinput_overflow build failed"
echo "overflow 120 /tests/uinput_overflow" > "$logdir/overflow.plan"
cp patches/base/*.patch "$logdir/patch1/base/"
cp patches/0001-*.patch "$logdir/patch1/"

status=0
for series in patches "$logdir/patch1"; do
	name=series
	[ "$series" = patches ] || name=patch1
	kernel=$(phase kernel "$here/kernel/build.sh" 7.2 uinput "$series") ||
		die "kernel build failed ($name)"
	UDEV=${UDEV:-262} qemu-test/run.sh --name "overflow-$name" \
		--kernel "$kernel" --plan "$logdir/overflow.plan" \
		--extra "$logdir/stage" --append synth.noudevd \
		--logdir "$logdir" > "$logdir/$name.out" 2>&1
	rc=$?
	tr -d '\r' < "$logdir/overflow-$name.results" | grep -E '^(not )?ok|^# '
	warn=$(tr -d '\r' < "$logdir/overflow-$name.console" |
		grep -m1 'add_uevent_var' || true)
	case "$name" in
	series)
		if [ "$rc" = 0 ] && [ -z "$warn" ]; then
			echo "ok: with the series, E2BIG and no WARN"
		else
			echo "FAIL: with the series (rc $rc, ${warn:-no WARN})"
			status=1
		fi ;;
	patch1)
		if [ "$rc" != 0 ] && [ -n "$warn" ]; then
			echo "ok: without patch 2, the kernel WARNs: $warn"
		else
			echo "FAIL: without patch 2 (rc $rc, ${warn:-no WARN})"
			status=1
		fi ;;
	esac
done
exit $status
