#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# systemd-boot.sh --name NAME --kernel DIR --udev 247|262|...
#                 [--tool FILE] [--timeout SECONDS] [--logdir DIR]
#                 [--memory MIB] [--udev-debug]
#
# Boot the kernel of DIR (bzImage, release) with systemd as PID 1: the
# root of qemu-test/systemd-root.sh UDEV (that Debian release's systemd
# and udev, their units and sockets as shipped) as the initramfs, booted
# with rdinit=/sbin/init, and a second cpio appended per boot with what
# is tested: the static uevent-trigger of this work tree (make -C tools
# static; --tool FILE: another build) in /usr/local/bin, the test rules
# (qemu-test/rules.d), the suite qemu-test/suites/systemd.sh and the unit
# that runs it once the boot reached multi-user.target
# (qemu-test/systemd-guest/), which powers the guest off after it.
#
# --udev-debug: udevd's debug log in the journal excerpts the suite prints
# (synth.udev_debug on the kernel command line).
#
# Judged on positive evidence only, from the second serial port and the
# console: the expected kernel booted; PID 1 is systemd, of the version of
# the root's systemd package, and udevadm is that udev; the suite started,
# printed a TAP plan and as many results, none failed, exited 0; the guest
# reached "### DONE"; no WARN, BUG or panic on the console.  QEMU's exit
# status is never trusted (a panic exits 0 under -no-reboot).
#
# Prints the TAP, a summary line like run.sh's and "N passed, N failed,
# N skipped", writes the counts to LOGDIR/NAME.counts (what
# scripts/check.sh reads) and exits 1 when the boot is not a clean pass.
# Logs: LOGDIR/NAME.console (kernel and systemd), NAME.results (the
# suite's port), NAME.qemu; LOGDIR is --logdir, else $SYNTH_LOGDIR, else
# $SYNTH_CACHE/logs.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"

name='' kdir='' udev='' tool='' timeout=900 memory=1536 extra=
logdir=${SYNTH_LOGDIR:-}
while [ $# -gt 0 ]; do
	case "$1" in
	--name) name=$2; shift 2 ;;
	--kernel) kdir=$2; shift 2 ;;
	--udev) udev=$2; shift 2 ;;
	--tool) tool=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--logdir) logdir=$2; shift 2 ;;
	--memory) memory=$2; shift 2 ;;
	--udev-debug) extra="$extra synth.udev_debug"; shift ;;
	*) die "systemd-boot.sh: unknown argument '$1'" ;;
	esac
done
[ -n "$name" ] && [ -n "$kdir" ] && [ -n "$udev" ] ||
	die "usage: systemd-boot.sh --name NAME --kernel DIR --udev UDEV ..."
[ -n "$logdir" ] || logdir=$SYNTH_CACHE/logs
mkdir -p "$logdir"
need_pkgs qemu-system-x86 cpio gzip >&2

console=$logdir/$name.console
results=$logdir/$name.results
rm -f "$console" "$results" "$logdir/$name.counts"
[ -e "$kdir/bzImage" ] || die "$name: no kernel in $kdir"

rootdir=$(phase "systemd-root-$udev" "$here/qemu-test/systemd-root.sh" "$udev") ||
	die "$name: no systemd root for udev $udev (qemu-test/systemd-root.sh failed)"
want_udev=$(sed -n 's/^udev=//p' "$rootdir/info")
want_systemd=$(sed -n 's/^systemd=//p' "$rootdir/info")

if [ -z "$tool" ]; then
	make -s -C "$here/tools" static >&2 || die "$name: tool build failed"
	tool=$here/tools/build/static/uevent-trigger
fi
[ -x "$tool" ] || die "$name: no tool $tool"

# What this boot tests, appended to the cached root: the kernel unpacks
# the second archive over the first.
stage=$logdir/$name.stage
rm -rf "$stage"
mkdir -p "$stage/usr/local/bin" "$stage/synth/suites" "$stage/etc/udev/rules.d" \
	"$stage/etc/systemd/system/multi-user.target.wants"
cp "$tool" "$stage/usr/local/bin/uevent-trigger"
cp -a "$here/qemu-test/systemd-guest/." "$stage/"
cp "$here/qemu-test/suites/systemd.sh" "$here/qemu-test/suites/tap.sh" \
	"$here/qemu-test/suites/tool-lib.sh" "$stage/synth/suites/"
cp "$here/qemu-test/rules.d/"*.rules "$stage/etc/udev/rules.d/"
ln -s ../synth-suite.service \
	"$stage/etc/systemd/system/multi-user.target.wants/synth-suite.service"
initrd=$logdir/$name.initrd
cp "$rootdir/root.cpio.gz" "$initrd"
(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort |
	cpio -o -H newc -R 0:0 --quiet | gzip -1) >> "$initrd" ||
	die "$name: the boot's cpio failed"

log "$name: $(cat "$kdir/release") with systemd $want_systemd (udev $want_udev) as PID 1"
t0=$(date +%s)
timeout -s KILL "$timeout" qemu-system-x86_64 \
	-machine q35 -cpu max -m "$memory" -smp 2 \
	-display none -no-reboot -nodefaults \
	-serial "file:$console" -serial "file:$results" \
	-kernel "$kdir/bzImage" -initrd "$initrd" \
	-append "console=ttyS0 rdinit=/sbin/init panic=-1 panic_on_warn=1 oops=panic loglevel=6 random.trust_cpu=on systemd.show_status=error$extra" \
	< /dev/null > "$logdir/$name.qemu" 2>&1
qrc=$?
secs=$(($(date +%s) - t0))
echo ">>> phase boot $name: ${secs}s (qemu rc=$qrc)" >&2
rm -f "$initrd"

problems=()
[ $qrc -eq 137 ] && problems+=("QEMU killed after ${timeout}s (guest hung)")
touch "$results" "$console"
res=$(tr -d '\r' < "$results")
field() { echo "$res" | sed -n "s/^### $1 //p" | head -n1; }

want=$(cat "$kdir/release")
got=$(field KERNEL)
[ "$got" = "$want" ] || problems+=("kernel '$want' expected, guest reported '${got:-nothing}'")
pid1=$(field PID1)
case "$pid1" in
"exe="*/lib/systemd/systemd" comm=systemd") ;;
*) problems+=("PID 1 is not systemd: '${pid1:-nothing}'") ;;
esac
sysv=$(field SYSTEMD)
case "$sysv" in
"systemd $want_udev "*) ;;
*) problems+=("systemd $want_udev ($want_systemd) expected, PID 1's systemctl said '${sysv:-nothing}'") ;;
esac
[ "$(field UDEVADM | sed 's/[^0-9].*//')" = "$want_udev" ] ||
	problems+=("udevadm $want_udev expected, the guest's said '$(field UDEVADM)'")
echo "$res" | grep -q '^### DONE' || problems+=("guest did not finish the suite")
splat=$(grep -E -m5 'WARNING:|BUG:|Kernel panic|Oops|general protection|UBSAN|Call Trace|Freezing execution' "$console")
[ -n "$splat" ] && problems+=("splat on the console:
$splat")

tap=$(echo "$res" | sed -n '/^### SUITE systemd/,/^### END systemd/p' | sed '1d;$d')
end=$(echo "$res" | sed -n 's/^### END systemd //p' | head -n1)
p=$(echo "$tap" | grep -E '^ok [0-9]+' | grep -c -v -i '# skip')
k=$(echo "$tap" | grep -E '^(not )?ok [0-9]+' | grep -c -i '# skip')
f=$(echo "$tap" | grep -E '^not ok [0-9]+' | grep -c -v -i '# skip')
planned=$(echo "$tap" | sed -n 's/^1\.\.\([0-9]*\).*/\1/p' | tail -n1)
bad=
if ! echo "$res" | grep -q '^### SUITE systemd'; then bad="never ran"
elif [ -z "$end" ]; then bad="did not finish"
elif [ -z "$planned" ]; then bad="no TAP plan"
elif [ $((p + f + k)) -ne "$planned" ]; then bad="planned $planned got $((p + f + k))"
elif [ $((p + f + k)) -eq 0 ]; then bad="ran no test"
elif [ "${end%% *}" != rc=0 ]; then bad="exit status ${end%% *}"
fi
[ "$f" -gt 0 ] && bad="${bad:+$bad, }$f failed"

echo "=== $name: $want, systemd $want_systemd, udev $want_udev, PID 1 ${pid1:-?}, ${secs}s ==="
[ -n "$(field FAILED-UNITS)" ] && echo "# failed units at the suite's start: $(field FAILED-UNITS)"
echo "$tap"
printf '%-28s %4d passed %4d failed %4d skipped  %s\n' systemd "$p" "$f" "$k" \
	"$([ -n "$bad" ] && echo "BAD: $bad" || echo ok)"
[ -n "$bad" ] && problems+=("suite systemd not clean: $bad")
for pr in "${problems[@]+"${problems[@]}"}"; do
	echo "$name: FAIL: $pr"
done
if [ ${#problems[@]} -gt 0 ]; then
	[ "$f" -gt 0 ] || f=1
	echo "--- $name: last lines of the console ($console)"
	tr -d '\r' < "$console" | tail -n 30
fi
echo "$p $f $k" > "$logdir/$name.counts"
echo "$name: $p passed, $f failed, $k skipped"
[ ${#problems[@]} -eq 0 ]
