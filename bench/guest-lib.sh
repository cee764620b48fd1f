# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by the guest scripts of the benchmark (after /tests/tap.sh; the
# shell runs with set -f).

# The group of N devices, as sysname globs over dummy0..dummyN-1.
globs() {
	case $1 in
	100) echo "-y dummy[0-9] -y dummy[1-9][0-9]" ;;
	1000) echo "-y dummy[0-9] -y dummy[1-9][0-9] -y dummy[1-9][0-9][0-9]" ;;
	10000) echo "-y dummy*" ;;
	esac
}

# verdict LINE DESCRIPTION: one TAP line, ok when runstat's LINE says exit=0.
verdict() {
	case "$1" in
	*exit=0*) ok 0 "$2" ;;
	*) ok 1 "$2" ;;
	esac
}

# profile TAG ARGS...: one uevent-trigger --settle run with the library's
# profile (SYNTH_UEVENT_PROFILE), printed as "# PROFILE TAG key=value...":
# CPU to the end of the selection, of the writes, of reading the kernel's
# and the manager's groups, and of the whole process.
profile() {
	tag=$1
	shift
	udevadm settle --timeout=1800 2> /dev/null
	p=$(SYNTH_UEVENT_PROFILE=1 uevent-trigger --settle --timeout=1800 -q \
		"$@" 2>&1 > /dev/null | sed -n 's/^uevent-trigger: profile: //p' |
		tr '\n' ' ')
	echo "# PROFILE $tag $p"
}
