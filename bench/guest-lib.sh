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
