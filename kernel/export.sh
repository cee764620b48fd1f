#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# export.sh TREE [VERSION]
# export.sh --stable KTREE TREE
#
# Write the commits of a kernel work tree since its branch "pristine" back
# into patches/ with "git format-patch".
#
# The first form is the series on mainline: patches/0*.patch with a cover
# letter, subjects "[PATCH vVERSION n/m]" (VERSION 2 by default, "1" for
# none); the subject and text of the current cover letter are kept.
#
# The second form is the stable queue of KTREE (6.12, 6.1, 5.10, ...):
# patches/stable/KTREE/, subjects "[PATCH KTREE n/m]", no cover letter.
# Each backport's message starts with "commit XXXXXXXXXXXX upstream.", to be
# replaced with the mainline commit once it exists (patches/README.md).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"

out=$here/patches
if [ "${1:-}" = --stable ]; then
	ktree=${2:?usage: export.sh --stable KTREE TREE}
	tree=${3:?usage: export.sh --stable KTREE TREE}
	rm -rf "${out:?}/stable/$ktree"
	mkdir -p "$out/stable/$ktree"
	git -C "$tree" format-patch -q -n --subject-prefix="PATCH $ktree" \
		-o "$out/stable/$ktree" pristine..HEAD
	ls "$out/stable/$ktree"
	exit 0
fi

tree=${1:?usage: export.sh TREE [VERSION]}
version=${2:-2}
prefix=PATCH
[ "$version" = 1 ] || prefix="PATCH v$version"
cover=$out/0000-cover-letter.patch
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -e "$cover" ] && cp "$cover" "$tmp/old-cover"

rm -f "$out"/0*.patch
git -C "$tree" format-patch -q --cover-letter -n \
	--subject-prefix="$prefix" -o "$out" pristine..HEAD

# Keep the hand-written subject, recipients (To:, Cc:) and text of the
# cover letter.
if [ -e "$tmp/old-cover" ]; then
	python3 - "$tmp/old-cover" "$cover" <<'EOF'
import re
import sys

old = open(sys.argv[1]).read()
new = open(sys.argv[2]).read()
subject = re.search(r'^Subject: \[PATCH[^\]]* 0*/\d+\] (.*)$', old,
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
EOF
fi
ls "$out"
