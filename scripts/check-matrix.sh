#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# check-matrix.sh: "make check-matrix".  Every kernel tree of scripts/lib.sh
# booted under QEMU with the udevd Debian ships beside it, and the patched
# trees, two boots at a time:
#
#   stock KTREE    Debian's image (kernel/stock.sh) with the udev of the
#                  release that ships it; plan stock.plan (boot, tool
#                  suite: extension cases skip);
#   patched KTREE  kernel/build.sh KTREE base patches: the series on 7.2
#                  (mainline), a stable tree's queue (patches/stable/KTREE)
#                  elsewhere.  Mainline boots patched.plan; a stable tree
#                  stable.plan, with the kselftest of the patched 7.2 build.
#                  A tree the patches do not apply to (kernel/tree.sh KTREE
#                  patches fails) is listed as waiting, not booted;
#   lvm root       qemu-test/lvm-boot.sh --boots 1: the Debian root on LVM
#                  booted to systemd with its own initramfs, ours and
#                  stock, on the patched 7.2 (lvm variant) and on Debian's
#                  kernel of that root (docs/boot.md);
#   lvm dracut     the same root's dracut images, both flavours, --cases
#                  "hang stop": the tool never returns, or stops itself;
#   lvm faults     qemu-test/lvm-boot.sh --boots 1 --kernels stock
#                  --cases faults: the ours image of that root on
#                  Debian's kernel with one fault each (a broken setting,
#                  refused by the hook or met at boot, the tool missing,
#                  the tool crashing, a device whose event fails), each
#                  reaching the root with udev's coldplug or ours, the
#                  console saying why.
#
# Writes the table of results to docs/matrix.md (MATRIX_OUT= elsewhere) and
# exits 1 when a cell that ran did not pass.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"
cd "$here"

out=${MATRIX_OUT:-$here/docs/matrix.md}
logdir=$(check_logdir matrix)
rm -rf "$logdir"
mkdir -p "$logdir"
export SYNTH_LOGDIR=$logdir

# The patched cells: KTREE and the udev it boots with, the newest udev
# that runs on that tree's release (the stock cells give the pairs).
patched_cells="7.2:262 6.12:262 6.1:252 5.10:247"

cells=()
declare -A kdir udev note

# probe CELL KTREE : does the series apply?  Under the tree's build lock,
# since applying it switches the branch of a tree a build may be compiling.
probe() {
	local out
	mkdir -p "$SYNTH_CACHE/src"
	out=$(flock "$SYNTH_CACHE/src/.$2.build.lock" \
		"$here/kernel/tree.sh" "$2" "$here/patches" 2>&1) && return 0
	echo "$out" | tail -n 5 >&2
	if grep -q 'does not apply' <<<"$out"; then
		note[$1]="waiting for series v2 (the series does not apply to $2)"
	else
		note[$1]="no $2 tree"
	fi
	return 1
}

t_start=$(date +%s)
# Mainline's kselftest, from the patched 7.2 build, for the stable trees.
sel=$(phase kernel-7.2 "$here/kernel/build.sh" 7.2 base "$here/patches")
[ -n "$sel" ] && sel=$sel/selftests
for k in $(ktrees); do
	c=stock-$k
	cells+=("$c")
	udev[$c]=$(ktree_udev "$k")
	kdir[$c]=$(phase "$c" "$here/kernel/stock.sh" "$k") ||
		note[$c]="no stock kernel"
done
for pc in $patched_cells; do
	k=${pc%%:*} c=patched-${pc%%:*}
	cells+=("$c")
	udev[$c]=${pc#*:}
	probe "$c" "$k" || continue
	kdir[$c]=$(phase "$c" "$here/kernel/build.sh" "$k" base "$here/patches") ||
		note[$c]="build failed"
done

"$here/scripts/need-pkgs.sh" qemu-system-x86 busybox-static cpio gzip
make -s -C "$here/tools" static && make -s -C "$here/selftests" ||
	echo "build of the guest programs failed (the boots will say more)"

# boot CELL : one boot, its output in LOGDIR/CELL.out.
boot() {
	local c=$1 args=(--tool --udev "${udev[$1]}")
	case "$c" in
	stock-*) args+=(--plan "$here/qemu-test/plans/stock.plan") ;;
	*) if [ -d "$here/patches/stable/${c#patched-}" ]; then
		args+=(--plan "$here/qemu-test/plans/stable.plan" --tests "$sel")
	else
		args+=(--plan "$here/qemu-test/plans/patched.plan")
	fi ;;
	esac
	"$here/qemu-test/run.sh" --name "$c" --kernel "${kdir[$c]}" "${args[@]}" \
		> "$logdir/$c.out" 2>&1
}

# Two boots at a time: the guests have one CPU's worth each.  The patched
# boots, the longer ones, first.
t_boots=$(date +%s)
running=0
for c in $(printf '%s\n' "${cells[@]}" | sort -s -t- -k1,1); do
	[ -n "${note[$c]:-}" ] && continue
	if [ $running -ge 2 ]; then
		wait -n
		running=$((running - 1))
	fi
	log "matrix: booting $c (udev ${udev[$c]})"
	boot "$c" &
	running=$((running + 1))
done
wait
echo ">>> phase boots: $(($(date +%s) - t_boots))s" >&2

# The Debian root on LVM, booted with its own initramfs on the patched
# 7.2 (lvm variant) and on Debian's kernel in that root: one boot per
# kernel, image (ours, stock) and case (plain, slow rule); after the
# cells, with the machine to itself.
phase lvm-boot "$here/qemu-test/lvm-boot.sh" --boots 1 \
	> "$logdir/lvm-root.out" 2>&1
# Its fault boots, on Debian's kernel (modular: without a coldplug no
# storage driver loads), in a log directory of their own.
SYNTH_LOGDIR=$logdir/faults phase lvm-faults "$here/qemu-test/lvm-boot.sh" \
	--boots 1 --kernels stock --cases faults > "$logdir/lvm-faults.out" 2>&1
# The same root's dracut images (bookworm's 059), both flavours: the
# tool that never returns and the tool that stops itself.
for f in systemd shell; do
	SYNTH_LOGDIR=$logdir/dracut-$f phase "lvm-dracut-$f" \
		"$here/qemu-test/lvm-boot.sh" --boots 1 --initramfs "dracut-$f" \
		--cases "hang stop" > "$logdir/lvm-dracut-$f.out" 2>&1
done

# row CELL : print the boot's output and write the cell's line of the
# table to fd 3; counts the cells that did not pass.
bad=0
row() {
	local c=$1 p=0 f=0 k=0 verdict release uv suites when
	when=$(date -u +%Y-%m-%d)
	if [ -n "${note[$c]:-}" ]; then
		echo "$c: ${note[$c]}"
		case "${note[$c]}" in waiting*) ;; *) bad=$((bad + 1)) ;; esac
		echo "| ${c/-/ } | - | ${udev[$c]} | - | - | - | - | ${note[$c]} | $when |" >&3
		return
	fi
	cat "$logdir/$c.out"
	[ -e "$logdir/$c.counts" ] && read -r p f k < "$logdir/$c.counts"
	if grep -q "^$c: FAIL" "$logdir/$c.out" || [ ! -e "$logdir/$c.counts" ]; then
		verdict="**FAIL**"
		bad=$((bad + 1))
	else
		verdict=pass
	fi
	release=$(cat "${kdir[$c]}/release")
	uv=$(sed -n 's/^udev=//p' "$logdir/$c.info" 2>/dev/null)
	# Per suite "name p/f/s", from the runner's summary lines.
	suites=$(awk '/ passed +[0-9]+ failed +[0-9]+ skipped  (ok|BAD)/ {
			printf "%s%s %d/%d/%d", sep, $1, $2, $4, $6; sep = ", " }' \
		"$logdir/$c.out")
	when=$(date -u -r "$logdir/$c.out" +%Y-%m-%d)
	echo "| ${c/-/ } | $release | ${uv:-${udev[$c]}} | $p | $f | $k | $suites | $verdict | $when |" >&3
}

# lvm_row NAME OUT INFODIR WHAT : an LVM boot's line of the table to fd 3.
lvm_row() {
	local p=0 f=0 verdict=pass rel uv when
	cat "$2"
	read -r p f < <(sed -n 's/^lvm boot: \([0-9]*\) passed, \([0-9]*\) failed.*/\1 \2/p' \
		"$2")
	if [ -z "$p" ] || [ "$f" != 0 ]; then
		verdict="**FAIL**"
		bad=$((bad + 1))
	fi
	rel=$(sed -n 's/^releases=//p' "$3/info" 2>/dev/null)
	uv=$(sed -n 's/^udev=//p' "$3/info" 2>/dev/null)
	when=$(date -u -r "$2" +%Y-%m-%d)
	echo "| $1 | ${rel:--} | ${uv:-252} | ${p:-0} | ${f:-1} | 0 | $4 | $verdict | $when |" >&3
}

table=$logdir/matrix.md
rev=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD 2>/dev/null || rev="$rev with local changes"
{
	echo "# The matrix: kernels × udevd"
	echo
	echo "Regenerated by \`make check-matrix\` (scripts/check-matrix.sh), at"
	echo "commit $rev, $(date -u '+%Y-%m-%d %H:%M UTC').  Each cell is one boot under QEMU"
	echo "(TCG) with the real systemd-udevd of that Debian release: *stock* is"
	echo "Debian's own kernel image (\`stock.plan\`: boot and the tool suite,"
	echo "whose extension cases skip), *patched* the Debian tree with the series"
	echo "(7.2, \`patched.plan\`) or its stable queue (\`stable.plan\`: mainline's"
	echo "kselftest through run_kselftest.sh, the tool suite).  Counts are test"
	echo "results; per suite passed/failed/skipped.  The last row is the Debian"
	echo "root on LVM booted to systemd with its own initramfs"
	echo "(\`qemu-test/lvm-boot.sh --boots 1\`): its counts are boots, its kernels"
	echo "the patched 7.2 (\`kernel/lvm.config\`) and Debian's kernel in that root;"
	echo "then that root's fault boots on Debian's kernel (\`--cases faults\`),"
	echo "and its dracut images' hang boots (\`--initramfs dracut-systemd|dracut-shell"
	echo "--cases \"hang stop\"\`)."
	echo
	echo "| kernel | release | udev | passed | failed | skipped | suites | result | date |"
	echo "| --- | --- | --- | ---: | ---: | ---: | --- | --- | --- |"
} > "$table"
for c in "${cells[@]}"; do
	row "$c" 3>>"$table"
done
lvm_row "lvm root" "$logdir/lvm-root.out" "$logdir/lvm" \
	"boots of [docs/boot.md](boot.md): ours and stock initramfs, plain and slow rule, each kernel" 3>>"$table"
lvm_row "lvm faults" "$logdir/lvm-faults.out" "$logdir/faults/lvm" \
	"ours with a fault ([docs/boot.md](boot.md)): broken setting (refused by the hook; met at boot), tool missing, tool crashing, a device's event failing, the tool never returning or stopping itself, a run stopped partway, a timeout of 00" 3>>"$table"
lvm_row "lvm dracut systemd" "$logdir/lvm-dracut-systemd.out" "$logdir/dracut-systemd/lvm" \
	"dracut 059's systemd initrd of that root: the tool never returns, the tool stops itself" 3>>"$table"
lvm_row "lvm dracut shell" "$logdir/lvm-dracut-shell.out" "$logdir/dracut-shell/lvm" \
	"dracut 059's shell initrd of that root: the same" 3>>"$table"
cp "$table" "$out"

echo
echo "=== matrix ($(($(date +%s) - t_start))s): $out ==="
sed -n '/^| kernel/,$p' "$table"
[ "$bad" -eq 0 ]
