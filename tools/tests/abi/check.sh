#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# check.sh BUILD_DIR: the library as others link it, TAP output.
#  - a program with its own device_free, path_fmt, strv_push, index_put
#    and devtab_add links against the static and the shared library;
#  - the shared library's dynamic symbols are all synth_ names, and the
#    static archive defines no other global name;
#  - the shared library's ABI is the one committed in abi/ (abidiff).
# CC, ABIDIFF may be set; VERSION (the Makefile's) is checked against the
# header's and the soname's.
B=${1:-build}
CC=${CC:-cc}
ABIDIFF=${ABIDIFF:-abidiff}
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
n=0 rc=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() {
	n=$((n + 1)); echo "not ok $n - $1"; rc=1
	[ -s "$t/log" ] && sed 's/^/# /' "$t/log" | head -n 20
}
echo "1..7"

if $CC -Iinclude -o "$t/clash-static" tests/abi/clash.c "$B/libsynthuevent.a" \
	-luuid >"$t/log" 2>&1 && "$t/clash-static" >>"$t/log" 2>&1; then
	ok "a program with its own device_free, path_fmt, strv_push, index_put links with the static library"
else
	nok "a program with its own device_free, path_fmt, strv_push, index_put links with the static library"
fi

if [ -e "$B/libsynthuevent.so" ] &&
   $CC -Iinclude -o "$t/clash-shared" tests/abi/clash.c -L"$B" -lsynthuevent \
	>"$t/log" 2>&1 &&
   LD_LIBRARY_PATH=$B "$t/clash-shared" >>"$t/log" 2>&1; then
	ok "the same links with the shared library and runs"
else
	nok "the same links with the shared library and runs"
fi

if [ -e "$B/libsynthuevent.so" ] &&
   nm -D --defined-only "$B/libsynthuevent.so" | awk '$2 ~ /[TDBRVWi]/ {print $3}' \
	| sed 's/@.*//' | grep -v '^synth_' >"$t/log"; then
	nok "nm -D: only synth_ names exported (others above)"
elif [ -e "$B/libsynthuevent.so" ]; then
	ok "nm -D: only synth_ names exported ($(nm -D --defined-only "$B/libsynthuevent.so" | grep -c ' T ') functions)"
else
	echo "no $B/libsynthuevent.so" >"$t/log"; nok "nm -D: only synth_ names exported"
fi

# The archive's global names: the shared library's, no internal synth_
# helper (synth_logf, synth_listen_open...) either.
nm -g --defined-only "$B/libsynthuevent.a" 2>/dev/null | awk 'NF == 3 {print $3}' \
	| sort >"$t/static"
nm -D --defined-only "$B/libsynthuevent.so" 2>/dev/null \
	| awk 'NF == 3 && $2 != "A" {print $3}' | sed 's/@.*//' | sort >"$t/shared"
if ! [ -s "$t/shared" ]; then
	echo "no symbols in $B/libsynthuevent.so" >"$t/log"
	nok "the static archive defines the shared library's names and no other"
elif ! diff "$t/shared" "$t/static" >"$t/log"; then
	nok "the static archive defines the shared library's names and no other (< shared only, > static only)"
else
	ok "the static archive defines the shared library's names and no other ($(wc -l <"$t/static"))"
fi

if ! command -v "$ABIDIFF" >/dev/null; then
	echo "no $ABIDIFF" >"$t/log"; nok "abidiff against abi/libsynthuevent.so.0.abi"
elif [ ! -e abi/libsynthuevent.so.0.abi ] || [ ! -e "$B/libsynthuevent.so" ]; then
	echo "no abi/libsynthuevent.so.0.abi or $B/libsynthuevent.so" >"$t/log"
	nok "abidiff against abi/libsynthuevent.so.0.abi"
# The public header's types only: struct synth_trigger is opaque, and its
# layout is no one's business but the library's.
elif "$ABIDIFF" --no-show-locs --hd1 include --hd2 include \
	abi/libsynthuevent.so.0.abi "$B/libsynthuevent.so" >"$t/log" 2>&1; then
	ok "abidiff: the ABI is abi/libsynthuevent.so.0.abi's"
else
	nok "abidiff: the ABI differs from abi/libsynthuevent.so.0.abi (make abi-dump after a deliberate change)"
fi
# The tool: its objects call no library name that is not exported.
if [ -e "$B/src/main.o" ] && [ -s "$t/shared" ]; then
	nm -u "$B"/src/*.o | awk '{print $2}' | grep '^synth_' | sort -u \
		>"$t/used"
	comm -23 "$t/used" "$t/shared" >"$t/log"
	if [ -s "$t/log" ]; then
		nok "the tool uses only the exported API (others above)"
	else
		ok "the tool uses only the exported API ($(wc -l <"$t/used") functions)"
	fi
else
	echo "no $B/src/main.o" >"$t/log"; nok "the tool uses only the exported API"
fi
# One version: the Makefile's (the .pc, the file name), the header's
# macros, the soname's major.
major=$(sed -n 's/^#define SYNTH_UEVENT_VERSION_MAJOR[[:space:]]*//p' include/synth_uevent.h)
minor=$(sed -n 's/^#define SYNTH_UEVENT_VERSION_MINOR[[:space:]]*//p' include/synth_uevent.h)
soname=$(readelf -d "$B/libsynthuevent.so" 2>/dev/null | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
echo "VERSION ${VERSION:-unset}, header $major.$minor, soname $soname" >"$t/log"
if [ "${VERSION:-}" = "$major.$minor" ] && [ "$soname" = "libsynthuevent.so.$major" ]; then
	ok "one version: $(cat "$t/log")"
else
	nok "one version: $(cat "$t/log")"
fi
exit $rc
