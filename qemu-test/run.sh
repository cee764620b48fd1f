#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh --name NAME --kernel DIR --plan FILE [--tests DIR] [--extra DIR]...
#        [--tool] [--tool-build static|musl] [--append ARGS] [--timeout SECONDS] [--logdir DIR]
#        [--memory MIB] [--udev 247|252|257|262|SUITE|host]
#        [--udev-rules debian]
#
# Boot the kernel of DIR (bzImage, release, modules/), with the kselftest
# programs of the --tests DIR (default DIR/selftests) and our selftests/
# (the fuzzer, its corpus) in /tests, with --tool
# the static uevent-trigger in /usr/bin (--tool-build musl: the musl build), under
# qemu-system-x86_64 with the test initramfs and the suites of FILE, and judge
# the run on positive evidence only: the expected kernel booted, every suite
# of the plan reported a TAP plan and as many results, exited 0 with no
# failure, the guest said it was done, and the console shows no WARN, BUG,
# KASAN report or panic.  A guest that panics exits QEMU with status 0 under
# -no-reboot; that is why the exit status of QEMU is never trusted.
#
# The guest's userland (busybox, udevadm, systemd-udevd and their libraries)
# comes from one Debian release: --udev (default $UDEV, else 252): 247
# bullseye, 252 bookworm, 257 trixie, 262 sid, or "host" for the host's own
# binaries; --udev-rules debian adds that release's udev rules, hwdb and
# helpers to the test rules (see initramfs.sh).  The udev version the guest
# runs is printed with the kernel's and kept in LOGDIR/NAME.info.
#
# Prints a summary per suite and "N passed, N failed, N skipped" for the
# boot, writes the three counts to LOGDIR/NAME.counts, and exits 1 when the
# boot is not a clean pass.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"

name='' kdir='' tests='' plan='' append='' timeout=600 memory=1024
logdir=${SYNTH_LOGDIR:-}
extras=()
tool=
tool_build=static
udev=${UDEV:-252}
udev_rules=${UDEV_RULES:-}
while [ $# -gt 0 ]; do
	case "$1" in
	--name) name=$2; shift 2 ;;
	--kernel) kdir=$2; shift 2 ;;
	--plan) plan=$2; shift 2 ;;
	--tests) tests=$2; shift 2 ;;
	--extra) extras+=("$2"); shift 2 ;;
	--tool) tool=1; shift ;;
	--tool-build) tool_build=$2; shift 2 ;;
	--append) append=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--logdir) logdir=$2; shift 2 ;;
	--memory) memory=$2; shift 2 ;;
	--udev) udev=$2; shift 2 ;;
	--udev-rules) udev_rules=$2; shift 2 ;;
	*) die "run.sh: unknown argument '$1'" ;;
	esac
done
[ -n "$name" ] && [ -n "$kdir" ] && [ -n "$plan" ] ||
	die "usage: run.sh --name NAME --kernel DIR --plan FILE ..."
[ -n "$logdir" ] || logdir=$SYNTH_CACHE/logs
mkdir -p "$logdir"

need_pkgs qemu-system-x86 >&2

console=$logdir/$name.console
results=$logdir/$name.results
initrd=$logdir/$name.initrd.gz
rm -f "$console" "$results" "$logdir/$name.counts" "$logdir/$name.info"
[ -n "$tests" ] || tests=$kdir/selftests
stage=$logdir/$name.stage
rm -rf "$stage"
mkdir -p "$stage/usr/bin" "$stage/tests"
# Our own tests outside the series: the fuzzer and its corpus.
make -s -C "$here/selftests" >&2 || die "$name: selftests build failed"
cp "$here/selftests/build/synth_fuzz" "$stage/tests/"
cp -r "$here/selftests/corpus" "$stage/tests/"
if [ -n "$tool" ]; then
	# The static uevent-trigger, as an initramfs would carry it.
	make -s -C "$here/tools" static >&2 || die "$name: tool build failed"
	cp "$here/tools/build/static/uevent-trigger" \
		"$here/tools/build/static/synth-uevent-once" "$stage/usr/bin/"
	case "$tool_build" in
	static) ;;
	musl)
		# The small static musl build the initramfs hook prefers.
		make -s -C "$here/tools" musl >&2 || die "$name: musl build failed"
		cp "$here/tools/build/musl/uevent-trigger" "$stage/usr/bin/"
		;;
	*) die "run.sh: --tool-build '$tool_build': static or musl" ;;
	esac
fi
extras+=("$stage")
UDEV=$udev UDEV_RULES=$udev_rules \
	"$here/qemu-test/initramfs.sh" "$initrd" "$kdir" "$tests" "$plan" \
	${extras[@]+"${extras[@]}"} || die "$name: initramfs build failed"
cp "$initrd.info" "$logdir/$name.info"
guest_udev=$(sed -n 's/^udev=//p' "$initrd.info")
guest_suite=$(sed -n 's/^suite=//p' "$initrd.info")
echo ">>> $name: guest udev $guest_udev ($guest_suite), mdevd: $(sed -n 's/^mdevd=//p' "$initrd.info")" >&2

# random.trust_cpu=on: the guest's crng ready at boot from the CPU's RDRAND,
# as on Debian's kernels (CONFIG_RANDOM_TRUST_CPU=y up to 6.1, the default
# since 6.2); our tinyconfig-based 5.10 and 6.1 builds lack it, and there
# every libuuid caller stalls 1 s (eight 125 ms retries of getrandom).
t0=$(date +%s)
timeout -s KILL "$timeout" qemu-system-x86_64 \
	-machine q35 -cpu max -m "$memory" -smp 2 \
	-display none -no-reboot -nodefaults \
	-serial "file:$console" -serial "file:$results" \
	-kernel "$kdir/bzImage" -initrd "$initrd" \
	-append "console=ttyS0 panic=-1 panic_on_warn=1 oops=panic loglevel=6 random.trust_cpu=on $append" \
	</dev/null >"$logdir/$name.qemu" 2>&1
qrc=$?
echo ">>> phase boot $name: $(($(date +%s) - t0))s (qemu rc=$qrc)" >&2

problems=()
[ $qrc -eq 137 ] && problems+=("QEMU killed after ${timeout}s (guest hung)")
touch "$results" "$console"

want=$(cat "$kdir/release")
got=$(sed -n 's/^### KERNEL \([^[:space:]]*\).*/\1/p' "$results" | tr -d '\r' | head -n1)
[ "$got" = "$want" ] ||
	problems+=("kernel '$want' expected, guest reported '${got:-nothing}'")
grep -q '^### DONE' "$results" || problems+=("guest did not finish the plan")
# udevd says its version when it starts: it must be the one packed.
said=$(tr -d '\r' < "$console" |
	sed -n 's/.*[Ss]tarting \(systemd-udevd \)\{0,1\}version \([^ ]*\).*/\2/p' | head -n1)
if [ -n "$said" ] && [ "$said" != "${guest_udev% (host)}" ]; then
	problems+=("guest udevd reported version $said, $guest_udev packed")
fi

splat=$(grep -E -m5 'WARNING:|BUG:|Kernel panic|KASAN|Oops|general protection|UBSAN|suspected memory leak|Call Trace' "$console")
[ -n "$splat" ] && problems+=("kernel splat on the console:
$splat")

# Per suite: the TAP plan, results, failures and skips, and the exit code.
summary=$(tr -d '\r' < "$results" | awk -v plan_file="$plan" '
	BEGIN {
		while ((getline line < plan_file) > 0) {
			split(line, w, /[ \t]+/)
			if (w[1] == "" || substr(w[1], 1, 1) == "#")
				continue
			order[++n] = w[1]
		}
	}
	/^### SUITE / { cur = $3; seen[cur] = 1; next }
	/^### END / {
		sub(/^rc=/, "", $4); rc[$3] = $4; ended[$3] = 1; cur = ""; next
	}
	cur == "" { next }
	/^1\.\.[0-9]+/ { planned[cur] = substr($1, 4) + 0; next }
	/^ok [0-9]+/ {
		if ($0 ~ /# [Ss][Kk][Ii][Pp]/) skip[cur]++; else pass[cur]++
		next
	}
	/^not ok [0-9]+/ {
		if ($0 ~ /# [Ss][Kk][Ii][Pp]/) skip[cur]++; else fail[cur]++
		next
	}
	END {
		for (i = 1; i <= n; i++) {
			s = order[i]
			p = pass[s] + 0; f = fail[s] + 0; k = skip[s] + 0
			bad = ""
			if (!seen[s]) bad = "never ran"
			else if (!ended[s]) bad = "did not finish"
			else if (!(s in planned)) bad = "no TAP plan"
			else if (p + f + k != planned[s]) bad = "planned " planned[s] " got " (p + f + k)
			else if (p + f + k == 0) bad = "ran no test"
			else if (rc[s] != 0) bad = "exit status " rc[s]
			if (f) bad = bad (bad ? ", " : "") f " failed"
			printf "%-28s %4d passed %4d failed %4d skipped  %s\n", \
				s, p, f, k, bad ? "BAD: " bad : "ok"
			tp += p; tf += f; tk += k
			if (bad) nbad++
		}
		printf "COUNTS %d %d %d %d\n", tp, tf, tk, nbad
	}')
counts=$(echo "$summary" | sed -n 's/^COUNTS //p')
read -r np nf nk nbad <<<"$counts"
echo "=== $name: $want, udev $guest_udev ($guest_suite${said:+, udevd said $said}) ==="
echo "$summary" | grep -v '^COUNTS '
if [ "$nbad" -gt 0 ]; then
	problems+=("$nbad suite(s) not clean")
	# A suite that failed counts at least one failure even without TAP.
	[ "$nf" -gt 0 ] || nf=$nbad
fi

for p in "${problems[@]+"${problems[@]}"}"; do
	echo "$name: FAIL: $p"
done
if [ ${#problems[@]} -gt 0 ]; then
	[ "$nf" -gt 0 ] || nf=1
	echo "--- $name: last lines of the results log ($results)"
	tail -n 40 "$results"
	echo "--- $name: last lines of the console ($console)"
	tail -n 40 "$console"
fi
echo "$np $nf $nk" > "$logdir/$name.counts"
echo "$name: $np passed, $nf failed, $nk skipped"
[ ${#problems[@]} -eq 0 ]
