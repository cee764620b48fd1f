#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kselftest-known.sh COLLECTION:TEST [CASE...]
#
# Run one kselftest through run_kselftest.sh on a kernel known to lack a
# fix that it tests, and judge it case by case.  The kselftest fails where
# a fix tagged for stable is missing (its policy: a missing backport is a
# bug, not a skip), so its own verdict is "fail" there; the plan names the
# cases (fixture.variant.test) that such a kernel may fail, and why, next
# to the plan line.  Prints TAP, one line per case of the kselftest: a
# pass, a skip, or a failure of a case not named, as the kselftest said;
# a named case's failure as "ok ... fails, known".  The kselftest's own
# output follows as comments.
. /tests/tap.sh
test=${1:?usage: kselftest-known.sh COLLECTION:TEST [CASE...]}
shift
known=" $* "
out=$(/tests/run_kselftest.sh -t "$test" 2>&1 | tr -d '\r')
cases=$(echo "$out" | sed -n 's/^# \(not \)\{0,1\}ok [0-9][0-9]* \([^ ]*\).*/\2/p')
[ -n "$cases" ] || ok 1 "$test reported no case"
for c in $cases; do
	line=$(echo "$out" | grep -E "^# (not )?ok [0-9]+ $c( |\$)" | head -n 1)
	case "$line" in
	"# ok "*"# SKIP"*) skip "$c" "${line#*# SKIP }" ;;
	"# ok "*) ok 0 "$c" ;;
	*)
		case "$known" in
		*" $c "*) ok 0 "$c fails, known on this kernel" ;;
		*) ok 1 "$c" ;;
		esac
		;;
	esac
done
for c in $known; do
	echo "$cases" | grep -qxF "$c" || ok 1 "$c named as known but not run"
done
note "$out"
tap_done
