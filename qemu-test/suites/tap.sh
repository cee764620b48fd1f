# SPDX-License-Identifier: GPL-2.0
# TAP helpers for the shell suites (sourced).
tap_n=0
tap_fails=0
# ok COND DESCRIPTION: COND is an exit status.
ok() {
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_fails=$((tap_fails + 1))
	fi
}
skip() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1 # SKIP $2"
}
note() {
	echo "$@" | sed 's/^/# /'
}
tap_done() {
	echo "1..$tap_n"
	[ $tap_fails -eq 0 ]
}
