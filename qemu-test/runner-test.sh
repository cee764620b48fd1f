#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# runner-test.sh KERNEL_DIR
#
# Tests of the test runner itself, in TAP: it must pass a clean boot and
# catch a failing suite, a suite that never ran, a guest that panics, and a
# series that no longer applies.  Each failure case is a real boot of the
# kernel of KERNEL_DIR (or a real "git am"), not a simulation.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"

kdir=${1:?usage: runner-test.sh KERNEL_DIR}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/extra/tests" "$tmp/logs"

cat > "$tmp/extra/tests/pass.sh" <<'SH'
#!/bin/sh
echo "1..2"
echo "ok 1 - first"
echo "ok 2 - second # SKIP not here"
SH
cat > "$tmp/extra/tests/fail.sh" <<'SH'
#!/bin/sh
echo "1..2"
echo "ok 1 - fine"
echo "not ok 2 - deliberate failure"
exit 1
SH
cat > "$tmp/extra/tests/panic.sh" <<'SH'
#!/bin/sh
echo "1..1"
echo c > /proc/sysrq-trigger
echo "ok 1 - survived a crash"
SH
cat > "$tmp/extra/tests/short.sh" <<'SH'
#!/bin/sh
echo "1..3"
echo "ok 1 - only one of three"
SH
chmod +x "$tmp"/extra/tests/*.sh

n=0
fails=0
# expect WANT NAME DESCRIPTION PLAN-LINES : boot with that plan, check the
# runner's verdict (0: pass, 1: fail) and, for a failure, that it names
# the reason REASON.
expect() {
	local want=$1 name=$2 desc=$3 reason=$4 plan=$5 rc out
	n=$((n + 1))
	printf '%s\n' "$plan" > "$tmp/$name.plan"
	out=$("$here/qemu-test/run.sh" --name "$name" --kernel "$kdir" \
		--tests "$tmp/none" --plan "$tmp/$name.plan" \
		--extra "$tmp/extra" --logdir "$tmp/logs" \
		--append synth.noudevd --timeout 300 2>&1)
	rc=$?
	if [ "$rc" -eq "$want" ] && grep -q -- "$reason" <<<"$out"; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc (runner exit $rc, wanted $want)"
		sed 's/^/# /' <<<"$out" | tail -n 30
		fails=$((fails + 1))
	fi
}

echo "1..7"
expect 0 clean "a clean boot passes" "1 passed, 0 failed, 1 skipped" \
	"pass 60 /tests/pass.sh"
expect 1 failing "a failing test fails the boot" "1 failed" \
	"pass 60 /tests/pass.sh
fail 60 /tests/fail.sh"
expect 1 missing "a suite that never ran fails the boot" "BAD: no TAP plan" \
	"pass 60 /tests/pass.sh
gone 60 /tests/does-not-exist"
expect 1 short "a suite with fewer results than planned fails" "planned 3 got 1" \
	"short 60 /tests/short.sh"
expect 1 panic "a guest that panics fails the boot" "kernel splat" \
	"panic 60 /tests/panic.sh"

# The guest userland of a release whose systemd-udevd is an absolute link
# (udev 247: /lib/systemd/systemd-udevd -> /bin/udevadm), built on a host
# without udevadm: in a mount namespace whose bin directory hides it (an
# overlay with a whiteout), the userland built afresh in a directory of
# its own (SYNTH_USERLAND).  Links must be followed inside the unpacked
# packages, never on the host.
n=$((n + 1))
mkdir -p "$tmp/hide"
desc="a userland whose systemd-udevd links to /bin/udevadm builds on a host without udevadm"
# shellcheck disable=SC2016
if out=$(unshare -m --propagation private bash -c '
	set -e
	mount -t tmpfs tmpfs "$1"
	i=0
	for d in $(readlink -f /bin/udevadm /usr/bin/udevadm 2>/dev/null |
		xargs -r -n1 dirname | sort -u); do
		i=$((i + 1))
		mkdir "$1/up$i" "$1/work$i"
		mknod "$1/up$i/udevadm" c 0 0
		mount -t overlay overlay \
			-o "lowerdir=$d,upperdir=$1/up$i,workdir=$1/work$i" "$d"
	done
	if [ -e /bin/udevadm ] || [ -e /usr/bin/udevadm ]; then
		echo "udevadm still on the host"
		exit 1
	fi
	SYNTH_USERLAND=$2 UDEV=247 "$3/qemu-test/initramfs.sh" "$4" "$5" "$6" "$7"
	' sh "$tmp/hide" "$tmp/userland" "$here" "$tmp/ul.cpio.gz" "$kdir" \
	"$tmp/none" "$tmp/clean.plan" 2>&1) &&
	ul=$(ls -d "$tmp"/userland/bullseye-*/root) &&
	[ "$(readlink "$ul/lib/systemd/systemd-udevd")" = /bin/udevadm ] &&
	[ -f "$ul/bin/udevadm" ] && [ ! -L "$ul/bin/udevadm" ]; then
	echo "ok $n - $desc"
else
	echo "not ok $n - $desc"
	sed 's/^/# /' <<<"$out" | tail -n 10
	fails=$((fails + 1))
fi

# A series that does not apply: break one context line of a real patch.
n=$((n + 1))
mkdir -p "$tmp/series"
cp "$here"/patches/0*.patch "$tmp/series/"
first=$(ls "$tmp"/series/0*.patch | grep -v 0000-cover | head -n1)
sed -i '0,/^ \t/s/^ \t/ \tbroken_context();\n \t/' "$first"
# Under the tree's build lock: applying switches the branch of a tree that
# a build may be compiling.
kt=${KTREE:-7.2}
mkdir -p "$SYNTH_CACHE/src"
if out=$(flock "$SYNTH_CACHE/src/.$kt.build.lock" \
	"$here/kernel/tree.sh" "$kt" "$tmp/series" 2>&1); then
	echo "not ok $n - a series that does not apply is refused"
	fails=$((fails + 1))
elif grep -q "does not apply" <<<"$out"; then
	echo "ok $n - a series that does not apply is refused"
else
	echo "not ok $n - a series that does not apply is refused (other error)"
	sed 's/^/# /' <<<"$out" | tail -n 10
	fails=$((fails + 1))
fi
[ $fails -eq 0 ]
