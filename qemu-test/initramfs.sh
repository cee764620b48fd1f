#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# initramfs.sh OUT.cpio.gz KERNEL_DIR TESTS_DIR PLAN [EXTRA_DIR...]
#
# Build the test initramfs: the guest userland of one Debian release
# (busybox-static, the real systemd-udevd and udevadm of its udev package,
# and every shared library they need), the rules in qemu-test/rules.d, our
# init, the kselftest programs of TESTS_DIR and the suites of
# qemu-test/suites in /tests, the modules of KERNEL_DIR (modules/, for the
# stock kernel), skarnet's mdevd and mdevd-coldplug in /bin when
# scripts/third-party.sh can build them, and the files of each EXTRA_DIR
# copied to the root (the userland's own files win over an EXTRA_DIR's).
# PLAN is a file of suite lines "NAME TIMEOUT COMMAND..." run in order by
# /init.  Writes OUT.info ("key=value" lines: suite, udev version, mdevd),
# also in the guest as /etc/synth-userland.
#
# Environment:
#   UDEV=252        the release: 247 (bullseye), 252 (bookworm), 257
#                   (trixie), 262 (sid), a suite name, or "host" (the host's
#                   own /bin/busybox and /bin/udevadm with what ldd lists)
#   UDEV_RULES=     "debian": also the release's own udev rules, hwdb
#                   (compiled on the host), .link files and udev helper
#                   programs (ata_id, scsi_id, ...); default: none of them
#
# The packages of a release come from scripts/debian-suite.sh (a private apt
# configuration, nothing installed on the host) and are unpacked with
# dpkg-deb -x; the libraries are found from the unpacked tree by readelf
# (NEEDED, RUNPATH, and the required or recommended sonames of systemd's
# .note.dlopen), never by running the release's binaries on the host.
# The result is cached in $SYNTH_CACHE/userland/SUITE-HASH/ (HASH: of the
# package versions and of this recipe; SYNTH_USERLAND: another directory
# than $SYNTH_CACHE/userland).  Links in the unpacked packages are followed
# inside them, never on the host.
set -euo pipefail
shopt -s inherit_errexit
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"

out=${1:?usage: initramfs.sh OUT KERNEL_DIR TESTS_DIR PLAN [EXTRA_DIR...]}
kdir=${2:?}
tests=${3:?}
plan=${4:?}
shift 4

udev=${UDEV:-252}
udev_rules=${UDEV_RULES:-}
case "$udev_rules" in
'' | none) udev_rules= ;;
debian) ;;
*) die "initramfs.sh: UDEV_RULES='$udev_rules': none or debian" ;;
esac
suite=$(udev_suite "$udev") || die "initramfs.sh: bad UDEV"

need_pkgs cpio gzip binutils tar >&2

# The multiarch triplet of Debian's amd64 libraries.
triplet=x86_64-linux-gnu

# tree_path VPATH : the file in $tree for the guest path VPATH; a merged-/usr
# tree has /bin, /sbin, /lib and /lib64 under usr/ only.
tree_path() {
	local p=$1
	if [ -n "$merged" ]; then
		case "$p" in
		/bin/* | /sbin/* | /lib/* | /lib64/*) p=/usr$p ;;
		esac
	fi
	echo "$tree$p"
}

# link_next VPATH SRC : the guest path that the link SRC, found at the
# guest path VPATH, points to.
link_next() {
	local t
	t=$(readlink "$2")
	case "$t" in
	/*) echo "$t" ;;
	*) realpath -m -s "$(dirname "$1")/$t" ;;
	esac
}

# put VPATH : copy the guest path VPATH from the tree into $dest, as it is
# there: a symbolic link stays one, and what it points to is put as well.
put() {
	local v=$1 src n=0
	while :; do
		src=$(tree_path "$v")
		[ -e "$dest$v" ] || [ -L "$dest$v" ] && return 0
		[ -e "$src" ] || [ -L "$src" ] || die "userland $suite: no $v in the packages"
		mkdir -p "$dest$(dirname "$v")"
		cp -P --preserve=mode,timestamps,links "$src" "$dest$v"
		[ -L "$src" ] || return 0
		v=$(link_next "$v" "$src")
		n=$((n + 1))
		[ $n -lt 40 ] || die "userland $suite: link loop at $1"
	done
}

# has ROOT VPATH : the guest path VPATH is in ROOT ($tree or $dest), its
# symbolic links followed inside ROOT: an absolute link names a path of
# the guest (/lib/systemd/systemd-udevd -> /bin/udevadm of udev 247 and
# 252), never one of the host, whose files may differ or be absent.
has() {
	local root=$1 v=$2 f n=0
	while :; do
		if [ "$root" = "$tree" ]; then
			f=$(tree_path "$v")
		else
			f=$root$v
		fi
		[ -L "$f" ] || break
		v=$(link_next "$v" "$f")
		n=$((n + 1))
		[ $n -lt 40 ] || return 1
	done
	[ -e "$f" ]
}

# real_vpath VPATH : VPATH with its symbolic links followed inside the tree.
real_vpath() {
	local v=$1 src n=0
	while src=$(tree_path "$v") && [ -L "$src" ]; do
		v=$(link_next "$v" "$src")
		n=$((n + 1))
		[ $n -lt 40 ] || die "userland $suite: link loop at $1"
	done
	echo "$v"
}

# find_lib SONAME VPATH_OF_USER : the guest path the loader finds SONAME at
# for that object (its RUNPATH/RPATH, then the default directories).
find_lib() {
	local name=$1 obj=$2 dirs d origin
	origin=$(dirname "$(real_vpath "$obj")")
	dirs=$(readelf -d "$(tree_path "$(real_vpath "$obj")")" 2>/dev/null |
		sed -n 's/.*(R\(UN\)\{0,1\}PATH).*\[\(.*\)\]$/\2/p' | tr ':' ' ') || true
	dirs=${dirs//\$ORIGIN/$origin}
	dirs=${dirs//\$\{ORIGIN\}/$origin}
	for d in $dirs /lib/$triplet /usr/lib/$triplet /lib64 /usr/lib64 /lib /usr/lib; do
		if has "$tree" "$d/$name"; then
			echo "$d/$name"
			return 0
		fi
	done
	return 1
}

# dlopen_wanted VPATH : the sonames of systemd's .note.dlopen (the ELF note
# listing what a program dlopen()s) marked required or recommended.
dlopen_wanted() {
	local f tmpn
	f=$(tree_path "$(real_vpath "$1")")
	tmpn=$(mktemp)
	if objcopy -O binary --only-section=.note.dlopen "$f" "$tmpn" 2>/dev/null; then
		strings -n 8 "$tmpn" | grep -o '{[^{}]*}' |
			grep -E '"priority":"(required|recommended)"' |
			sed -n 's/.*"soname":\[\([^]]*\)\].*/\1/p' | tr ',' '\n' | tr -d '"' |
			sed '/^$/d'
	fi
	rm -f "$tmpn"
}

# put_elf VPATH... : put the programs and, recursively, every library they
# need, dlopen()ed ones included when the tree has them.
put_elf() {
	local queue=("$@") v real lib name
	local -A seen=()
	while [ ${#queue[@]} -gt 0 ]; do
		v=${queue[0]}
		queue=("${queue[@]:1}")
		put "$v"
		real=$(real_vpath "$v")
		[ -n "${seen[$real]:-}" ] && continue
		seen[$real]=1
		# The program interpreter (the dynamic loader), at the path the
		# kernel opens.
		lib=$(readelf -l "$(tree_path "$real")" 2>/dev/null |
			sed -n 's/.*Requesting program interpreter: \(.*\)\]$/\1/p') || true
		[ -n "$lib" ] && queue+=("$lib")
		while read -r name; do
			[ -n "$name" ] || continue
			lib=$(find_lib "$name" "$v") ||
				die "userland $suite: $name (needed by $v) is in none of the packages"
			queue+=("$lib")
		done < <(readelf -d "$(tree_path "$real")" 2>/dev/null |
			sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p')
		while read -r name; do
			# Optional: a library of a package outside the closure.
			lib=$(find_lib "$name" "$v") && queue+=("$lib")
		done < <(dlopen_wanted "$v")
	done
}

# build_userland SUITE DIR PACKAGES-FILE : unpack the packages into DIR/tree
# and put the guest's userland into DIR/root.
build_userland() {
	local deb v p
	tree=$2/tree dest=$2/root
	mkdir -p "$tree" "$dest" "$2/debs"
	"$here/scripts/debian-suite.sh" "$1" download "$2/debs" \
		$(awk '{print $1}' "$3") >&2
	for deb in "$2"/debs/*.deb; do
		dpkg-deb -x "$deb" "$tree"
	done
	rm -rf "$2/debs"
	merged=
	[ -e "$tree/bin" ] || merged=1
	if [ -n "$merged" ]; then
		mkdir -p "$dest"/usr/{bin,sbin,lib,lib64}
		for p in bin sbin lib lib64; do
			ln -s "usr/$p" "$dest/$p"
		done
	fi
	mkdir -p "$dest/bin" "$dest/lib/systemd"
	# busybox-static: one static program.
	for v in /bin/busybox /usr/bin/busybox; do
		has "$tree" "$v" && { put "$v"; break; }
	done
	has "$dest" /bin/busybox || die "userland $1: no busybox"
	# udevadm, and systemd-udevd (udevadm under another name so far: a
	# link, put as it is; a program of its own is put with its libraries).
	local progs=() have=" "
	for v in /bin/udevadm /usr/bin/udevadm /lib/systemd/systemd-udevd \
		/usr/lib/systemd/systemd-udevd; do
		p=$(tree_path "$v")
		[ -e "$p" ] || [ -L "$p" ] || continue
		case "$have" in *" $p "*) continue ;; esac
		have="$have$p "
		progs+=("$v")
	done
	[ ${#progs[@]} -ge 2 ] || die "userland $1: no udevadm or systemd-udevd"
	put_elf "${progs[@]}"
	# /init runs /bin/busybox and /lib/systemd/systemd-udevd.
	for v in /bin/udevadm /lib/systemd/systemd-udevd; do
		if [ -e "$dest$v" ] || [ -L "$dest$v" ]; then
			has "$dest" "$v" ||
				die "userland $1: $v leads to nothing in the guest"
			continue
		fi
		ln -s "$(real_vpath "${progs[0]}")" "$dest$v"
	done
	# coreutils' timeout: the kselftest runner (run_kselftest.sh) calls
	# /usr/bin/timeout --foreground, which busybox's timeout refuses.
	for v in /usr/bin/timeout /bin/timeout; do
		has "$tree" "$v" || continue
		put_elf "$v"
		has "$dest" /usr/bin/timeout ||
			{ mkdir -p "$dest/usr/bin"; ln -s "$v" "$dest/usr/bin/timeout"; }
		break
	done
	# The dynamic loader and libc, whatever the programs list.
	v=$(find_lib libc.so.6 "${progs[0]}") || die "userland $1: no libc.so.6"
	put_elf "$v" /lib64/ld-linux-x86-64.so.2
	v=$(sed -n 's/^udev //p' "$3")
	echo "$v" > "$2/version"
}

# userland SUITE : the directory of SUITE's userland (root/ for the guest,
# tree/ with every package unpacked), built once per set of package
# versions.
userland() {
	local s=$1 pkgs key dir top
	top=${SYNTH_USERLAND:-$SYNTH_CACHE/userland}
	mkdir -p "$top"
	pkgs=$("$here/scripts/debian-suite.sh" "$s" closure busybox-static udev libudev1 coreutils) ||
		die "userland $s: cannot resolve the packages"
	key=$({
		echo "$pkgs"
		declare -f tree_path link_next has put real_vpath find_lib \
			dlopen_wanted put_elf build_userland
	} | sha256sum | cut -c1-16)
	dir=$top/$s-$key
	(
		set -e
		flock 9
		[ -e "$dir/.done" ] && exit 0
		log "userland $s: unpacking $(echo "$pkgs" | wc -l) packages into $dir"
		rm -rf "$dir" "$dir.tmp"
		mkdir -p "$dir.tmp"
		echo "$pkgs" > "$dir.tmp/packages"
		build_userland "$s" "$dir.tmp" "$dir.tmp/packages"
		touch "$dir.tmp/.done"
		mv "$dir.tmp" "$dir"
		# Userlands of older package versions, unused for a day.
		find "$top" -maxdepth 1 -name "$s-*" ! -name "${dir##*/}" \
			! -newermt '1 day ago' -exec rm -rf {} +
	) 9>"$top/$s.lock"
	echo "$dir"
}

# debian_rules DIR ROOT : the release's rules, hwdb, .link files and udev
# helper programs from the unpacked tree of DIR into the guest ROOT.
debian_rules() {
	local d=$1 r=$2 f v hw
	tree=$d/tree dest=$r
	merged=
	[ -e "$tree/bin" ] || merged=1
	mkdir -p "$r/usr/lib/udev/rules.d" "$r/usr/lib/systemd/network"
	for f in "$tree"/lib/udev/rules.d/*.rules "$tree"/usr/lib/udev/rules.d/*.rules; do
		[ -e "$f" ] && cp "$f" "$r/usr/lib/udev/rules.d/"
	done
	for f in "$tree"/lib/systemd/network/*.link "$tree"/usr/lib/systemd/network/*.link; do
		[ -e "$f" ] && cp "$f" "$r/usr/lib/systemd/network/"
	done
	# The helpers of the rules, with their libraries.
	local helpers=()
	for f in "$tree"/lib/udev/* "$tree"/usr/lib/udev/*; do
		[ -f "$f" ] && [ -x "$f" ] || continue
		v=${f#"$tree"}
		helpers+=("$v")
	done
	[ ${#helpers[@]} -eq 0 ] || put_elf "${helpers[@]}"
	# hwdb.bin, compiled on the host from the release's hwdb.d (the
	# format is read by size fields, so any udev reads what another wrote).
	hw=$(mktemp -d)
	# etc/udev/hwdb.d: the one place every udev's systemd-hwdb reads.
	mkdir -p "$hw/etc/udev/hwdb.d"
	for f in "$tree"/lib/udev/hwdb.d/*.hwdb "$tree"/usr/lib/udev/hwdb.d/*.hwdb; do
		[ -e "$f" ] && cp "$f" "$hw/etc/udev/hwdb.d/"
	done
	if ls "$hw"/etc/udev/hwdb.d/*.hwdb >/dev/null 2>&1; then
		need_pkgs udev >&2
		systemd-hwdb update --root="$hw" >&2 &&
			[ -s "$hw/etc/udev/hwdb.bin" ] ||
			die "userland $suite: systemd-hwdb update failed"
		mkdir -p "$r/etc/udev"
		cp "$hw/etc/udev/hwdb.bin" "$r/etc/udev/hwdb.bin"
	fi
	rm -rf "$hw"
}

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

if [ "$suite" = host ]; then
	need_pkgs busybox-static udev >&2
	uland=
	mkdir -p "$root"/{bin,lib/systemd,lib64}
	cp /bin/busybox "$root/bin/busybox"
	cp /bin/udevadm "$root/bin/udevadm"
	ln -s ../../bin/udevadm "$root/lib/systemd/systemd-udevd"
	# The dynamic libraries udevadm needs, at the paths the loader looks in.
	ldd /bin/udevadm | awk '/=> \//{print $3} /^\t\/lib/{print $1}' |
		while read -r lib; do
			mkdir -p "$root$(dirname "$lib")"
			cp -L "$lib" "$root$lib"
		done
	[ -e "$root/lib64/ld-linux-x86-64.so.2" ] ||
		cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
	udev_version="$(pkg_version udev) (host)"
	[ -z "$udev_rules" ] || die "initramfs.sh: UDEV_RULES=debian needs a release, not UDEV=host"
else
	uland=$(userland "$suite")
	tar -C "$uland/root" -cf - . | tar -C "$root" -xf - --keep-directory-symlink
	udev_version=$(cat "$uland/version")
	case "$udev" in
	[0-9]*) [ "${udev_version%%[.~-]*}" = "$udev" ] ||
		echo "warning: UDEV=$udev asked, but $suite's udev is $udev_version" >&2 ;;
	esac
	[ -z "$udev_rules" ] || debian_rules "$uland" "$root"
fi

mkdir -p "$root"/{bin,sbin,etc/udev/rules.d,lib/modules,proc,sys,dev,run,tmp,tests,usr/bin,lib/systemd,var}

# skarnet's mdevd, when the third-party folder is there.
mdevd=absent
if tp=$("$here/scripts/third-party.sh"); then
	cp "$tp/bin/mdevd" "$tp/bin/mdevd-coldplug" "$root/bin/"
	mdevd=$(cat "$tp/versions")
else
	rc=$?
	[ $rc -eq 3 ] || die "initramfs.sh: mdevd build failed (scripts/third-party.sh exit $rc)"
fi

cp "$here"/qemu-test/rules.d/*.rules "$root/etc/udev/rules.d/"
printf 'root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n' \
	> "$root/etc/passwd"
printf 'root:x:0:\ndisk:x:6:\nnogroup:x:65534:\n' > "$root/etc/group"

install -m 0755 "$here/qemu-test/init" "$root/init"
cp "$plan" "$root/etc/plan"
cp -a "$here"/qemu-test/suites/. "$root/tests/"
[ -d "$tests" ] && cp -a "$tests"/. "$root/tests/"
[ -d "$kdir/modules" ] && cp -a "$kdir"/modules/. "$root/lib/modules/"
for d in "$@"; do
	# tar keeps the merged-/usr links (lib -> usr/lib) that cp would
	# refuse to copy a directory over.
	tar -C "$d" -cf - . | tar -C "$root" -xf - --keep-directory-symlink
done
# The userland's own files win: an extra dir's libraries (copied from the
# host by ldd, say) must not replace the release's libc.
[ -z "$uland" ] ||
	tar -C "$uland/root" -cf - . | tar -C "$root" -xf - --keep-directory-symlink

printf 'suite=%s\nudev=%s\nudev_rules=%s\nmdevd=%s\n' "$suite" \
	"$udev_version" "${udev_rules:-test}" "$mdevd" > "$out.info.tmp"
cp "$out.info.tmp" "$root/etc/synth-userland"

(cd "$root" && find . -print0 | sort -z |
	cpio --null -o -H newc --quiet --owner=0:0 | gzip -1) > "$out.tmp"
mv "$out.tmp" "$out"
mv "$out.info.tmp" "$out.info"
