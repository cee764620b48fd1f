#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# export.sh TREE [VERSION]
# export.sh --stable KTREE TREE
#
# Write the commits of a kernel work tree back into patches/ with
# "git format-patch".
#
# The first form is mainline.  TREE is a tree of kernel/tree.sh 7.2 with
# three branches besides HEAD: "upstream" (the tarball, committed with a
# fixed id), "base" (upstream and the reconstructed commits of
# driver-core-next that 7.2.13 lacks) and "fixes" (base and the fixes
# posting); HEAD is fixes and the RFC posting.  It writes
#   patches/base/     upstream..base, the reconstructions, no cover letter;
#   patches/0*.patch  base..fixes, "[PATCH vVERSION n/m]", a cover letter;
#   patches/rfc/      fixes..HEAD, "[RFC PATCH vVERSION n/m]", a cover letter;
# each posting with "base-commit:" (upstream) and one "prerequisite-patch-id:"
# per patch below it, as "git format-patch --base" writes them, and each
# commit's git note (its changes since the last version) below its "---".
# VERSION is 4 by default, "1" for none.  The subject, recipients and text of an
# existing cover letter are kept.
#
# The second form is the stable queue of KTREE (6.12, 6.1, 5.10, ...):
# pristine..sendable into patches/stable/KTREE/ (backports of commits in
# mainline, to send now) and sendable..HEAD into
# patches/stable/KTREE/pending/ (backports of our patches, to send once
# they are in mainline and only if stable asks: patches/README.md), subjects
# "[PATCH KTREE n/m]", no cover letter.  Without a branch "sendable", every
# commit is pending.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"

out=$here/patches
if [ "${1:-}" = --stable ]; then
	ktree=${2:?usage: export.sh --stable KTREE TREE}
	tree=${3:?usage: export.sh --stable KTREE TREE}
	sendable=pristine
	git -C "$tree" rev-parse -q --verify sendable >/dev/null &&
		sendable=sendable
	rm -rf "${out:?}/stable/$ktree"
	mkdir -p "$out/stable/$ktree"
	git -C "$tree" format-patch -q -n --subject-prefix="PATCH $ktree" \
		-o "$out/stable/$ktree" "pristine..$sendable"
	if [ -n "$(git -C "$tree" rev-list "$sendable..HEAD")" ]; then
		git -C "$tree" format-patch -q -n \
			--subject-prefix="PATCH $ktree" \
			-o "$out/stable/$ktree/pending" "$sendable..HEAD"
	fi
	find "$out/stable/$ktree" -name '*.patch' | sort
	exit 0
fi

tree=${1:?usage: export.sh TREE [VERSION]}
version=${2:-4}
for b in upstream base fixes; do
	git -C "$tree" rev-parse -q --verify "$b" >/dev/null ||
		die "$tree has no branch $b"
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The cover letters are the project's: its identity, not the tree's.
ident=(-c "user.name=$(git -C "$here" config user.name)"
	-c "user.email=$(git -C "$here" config user.email)")

# posting DIR PREFIX RANGE : the patches of RANGE into DIR, with a cover
# letter whose hand-written parts are kept.
posting() {
	local dir=$1 prefix=$2 range=$3 cover=$1/0000-cover-letter.patch
	rm -f "$tmp/old-cover"
	[ -e "$cover" ] && cp "$cover" "$tmp/old-cover"
	mkdir -p "$dir"
	rm -f "$dir"/0*.patch
	git -C "$tree" "${ident[@]}" format-patch -q --cover-letter -n \
		--notes --base=upstream \
		--subject-prefix="$prefix" -o "$dir" "$range"
	[ -e "$tmp/old-cover" ] || return 0
	python3 - "$tmp/old-cover" "$cover" <<'PY'
import re
import sys

old = open(sys.argv[1]).read()
new = open(sys.argv[2]).read()
subject = re.search(r'^Subject: \[[^\]]* 0*/\d+\] (.*(?:\n[ \t].*)*)$', old,
                    re.M).group(1)
body = old.split('\n\n', 1)[1]
# The text runs up to the shortlog, which starts with "Author (N):".
blurb = re.split(r'^\S.* \(\d+\):$', body, maxsplit=1, flags=re.M)[0]
header = old.split('\n\n', 1)[0]
rcpt = re.search(r'^(?:To|Cc):.*(?:\n[ \t].*)*(?:\n(?:To|Cc):.*(?:\n[ \t].*)*)*',
                 header, re.M)
if rcpt:
    new = re.sub(r'^(Subject: .*(?:\n[ \t].*)*)$', lambda m: m.group(1) +
                 '\n' + rcpt.group(0), new, count=1, flags=re.M)
new = new.replace('*** SUBJECT HERE ***', subject)
new = new.replace('*** BLURB HERE ***', blurb.strip('\n'))
open(sys.argv[2], 'w').write(new)
PY
}

prefix=PATCH
[ "$version" = 1 ] || prefix="PATCH v$version"
rm -rf "$out/base"
mkdir -p "$out/base"
git -C "$tree" format-patch -q -N -o "$out/base" upstream..base
posting "$out" "$prefix" base..fixes
posting "$out/rfc" "RFC $prefix" fixes..HEAD
find "$out/base" "$out"/0*.patch "$out/rfc" -name '*.patch' | sort
