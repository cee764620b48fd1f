#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A guest suite (TAP): the event loop examples of libsynthuevent (sd-event,
# GLib) against the guest's udevd, and the one-call form (synth-uevent-once,
# of run.sh --tool).  make -C tools examples-stage lays it out, with the
# examples and their libraries, for qemu-test/run.sh --extra.
. /tests/tap.sh
note "kernel $(uname -r)"
for p in synth-trigger-sd-event synth-trigger-glib; do
	$p /sys/devices/virtual/mem/null /sys/devices/virtual/mem/zero \
		/sys/class/mem/full > /tmp/$p.out 2>&1
	rc=$?
	sed 's/^/# /' /tmp/$p.out
	ok $([ $rc -eq 0 ] &&
		[ "$(grep -c ': processed (seqnum' /tmp/$p.out)" -eq 3 ]
		echo $?) "$p: a group processed by udevd, waited for in the loop (exit $rc)"
done
synth-uevent-once /sys/devices/virtual/mem/null change 10 > /tmp/once.out 2>&1
rc=$?
sed 's/^/# /' /tmp/once.out
ok $rc "synth_uevent() on this kernel"
tap_done
