#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh: the main job.  Build (or reuse) the patched kernel, boot it under
# QEMU with the real systemd-udevd, and show a group of devices triggered
# under one UUID: the writes, the events as a listener sees them, and the
# wait for exactly those events returning.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"

ktree=${KTREE:-6.12}
kdir=$(phase kernel "$here/kernel/build.sh" "$ktree" base "$here/patches") ||
	die "kernel build failed"
extra=$(mktemp -d)
trap 'rm -rf "$extra"' EXIT
echo "demo 300 /tests/demo.sh" > "$extra/demo.plan"
logdir=$SYNTH_CACHE/logs/demo
mkdir -p "$logdir"
"$here/qemu-test/run.sh" --name demo --kernel "$kdir" --plan "$extra/demo.plan" \
	--tool --logdir "$logdir" > "$logdir.verdict" 2>&1
rc=$?
sed -n '/^### SUITE demo/,/^### END demo/p' "$logdir/demo.results" |
	tr -d '\r' | grep -v '^###'
echo
tail -n 1 "$logdir.verdict"
[ $rc -eq 0 ] || cat "$logdir.verdict"
exit $rc
