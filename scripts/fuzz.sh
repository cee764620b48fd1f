#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# fuzz.sh: the long fuzzer run ("make fuzz").  Boots the patched kernel
# built with KASAN and kmemleak, panic_on_warn=1, and runs selftests/
# synth_fuzz with WRITES writes (default 100000) from SEED (default random;
# the guest prints the one it used).  Every input the kernel and the model
# disagree on is saved to $SYNTH_CACHE/fuzz/<seed>-N.hex: copy it to
# selftests/corpus/ and it is replayed by every later run.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"

ktree=${KTREE:-6.12}
writes=${WRITES:-100000}
seed=${SEED:-}
kdir=$(phase kernel-kasan "$here/kernel/build.sh" "$ktree" kasan \
	"$here/patches") || die "kernel build failed"

logdir=$SYNTH_CACHE/logs/fuzz
mkdir -p "$logdir" "$SYNTH_CACHE/fuzz"
plan=$logdir/fuzz.plan
printf 'fuzz 36000 env SYNTH_FUZZ_WRITES=%s%s /tests/synth_fuzz\n' \
	"$writes" "${seed:+ SYNTH_FUZZ_SEED=$seed}" > "$plan"
"$here/qemu-test/run.sh" --name fuzz --kernel "$kdir" --plan "$plan" \
	--append synth.noudevd --timeout 36000 --logdir "$logdir"
rc=$?

results=$logdir/fuzz.results
tr -d '\r' < "$results" | grep -E '^# (seed|[0-9]+ (writes in|corpus|disagree))'
used=$(tr -d '\r' < "$results" | sed -n 's/^# seed \(0x[0-9a-f]*\).*/\1/p')
n=0
while read -r _ _ kind len hex; do
	n=$((n + 1))
	f=$SYNTH_CACHE/fuzz/${used:-unknown}-$n.hex
	printf '# found by make fuzz SEED=%s on a %s uevent file, %s bytes\n%s\n' \
		"${used:-unknown}" "$kind" "$len" "$hex" > "$f"
	echo "saved failing input: $f"
done < <(tr -d '\r' < "$results" | grep '^# REGRESSION ')
exit $rc
