#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# export.sh TREE [FOLLOWUPS KTREE]
#
# Write the commits of the kernel work tree TREE since branch "pristine" back
# into patches/ with "git format-patch": all but the last FOLLOWUPS commits
# become the series (with a cover letter whose subject and text are kept
# from the current patches/0000-cover-letter.patch), the last FOLLOWUPS
# commits become patches/KTREE/, the follow-ups for that tree only.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"

tree=${1:?usage: export.sh TREE [FOLLOWUPS KTREE]}
followups=${2:-0}
ktree=${3:-}
[ "$followups" = 0 ] || [ -n "$ktree" ] || die "FOLLOWUPS needs KTREE"

out=$here/patches
cover=$out/0000-cover-letter.patch
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -e "$cover" ] && cp "$cover" "$tmp/old-cover"

rm -f "$out"/0*.patch
git -C "$tree" format-patch -q --cover-letter -o "$out" \
	"pristine..HEAD~$followups"
if [ "$followups" != 0 ]; then
	rm -rf "${out:?}/$ktree"
	mkdir -p "$out/$ktree"
	git -C "$tree" format-patch -q -o "$out/$ktree" "-$followups" HEAD
fi

# Keep the hand-written subject and text of the cover letter.
if [ -e "$tmp/old-cover" ]; then
	python3 - "$tmp/old-cover" "$cover" <<'EOF'
import re
import sys

old = open(sys.argv[1]).read()
new = open(sys.argv[2]).read()
subject = re.search(r'^Subject: \[PATCH 0/\d+\] (.*)$', old, re.M).group(1)
body = old.split('\n\n', 1)[1]
# The text runs up to the shortlog, which starts with "Author (N):".
blurb = re.split(r'^\S.* \(\d+\):$', body, maxsplit=1, flags=re.M)[0]
new = new.replace('*** SUBJECT HERE ***', subject)
new = new.replace('*** BLURB HERE ***', blurb.strip('\n'))
open(sys.argv[2], 'w').write(new)
EOF
fi
ls "$out"
