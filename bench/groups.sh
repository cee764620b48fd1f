# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by the guest scripts of the benchmark: the group of N devices,
# as sysname globs over dummy0..dummyN-1 (the shell must run with set -f).
globs() {
	case $1 in
	100) echo "-y dummy[0-9] -y dummy[1-9][0-9]" ;;
	1000) echo "-y dummy[0-9] -y dummy[1-9][0-9] -y dummy[1-9][0-9][0-9]" ;;
	10000) echo "-y dummy*" ;;
	esac
}
