#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# series-check.sh SERIES KTREE...
#
# For each Debian tree: apply SERIES (and SERIES/KTREE/ follow-ups) one patch
# at a time with "git am" onto a pristine tree, and after each patch
#   - run scripts/checkpatch.pl --strict on it (must be clean),
#   - compile every C file it touches that kbuild builds with the test
#     config, with -Werror (the kernel objects), and the selftests of
#     tools/testing/selftests/uevent against the tree's own harness.
# Prints TAP, one result per (tree, patch).  A pass is remembered by the hash
# of the tree version, the series and this script, so a warm rerun is quick.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"

series=$(cd "${1:?usage: series-check.sh SERIES KTREE...}" && pwd)
shift
shopt -s nullglob
# checkpatch's spdxcheck wants Debian's python3 with ply and git.
need_pkgs $KBUILD_PKGS python3-ply python3-git >&2
export PATH=/usr/bin:/bin:$PATH

results=()
for ktree in "$@"; do
	need_pkgs "linux-source-$ktree" >&2
	ver=$(pkg_version "linux-source-$ktree")
	patches=()
	for p in "$series"/0*.patch "$series/$ktree"/*.patch; do
		case "$p" in */0000-cover-letter.patch) continue ;; esac
		patches+=("$p")
	done
	key=$(cat "$here/kernel/series-check.sh" "$here/kernel/base.config" \
		"${patches[@]}" | { cat; echo "$ver"; } | sha256sum | cut -c1-16)
	stamp=$SYNTH_CACHE/series-check/$ktree-$key
	if [ -e "$stamp" ]; then
		log "series-check $ktree: unchanged since the last pass"
		while IFS= read -r line; do results+=("$line"); done < "$stamp"
		continue
	fi

	src=$("$here/kernel/tree.sh" "$ktree" --path) || die "no $ktree tree"
	wt=$SYNTH_CACHE/check/$ktree
	obj=$SYNTH_CACHE/obj/$ktree-check
	git -C "$src" worktree remove --force "$wt" >/dev/null 2>&1
	rm -rf "$wt"
	git -C "$src" worktree prune
	git -C "$src" worktree add -q --detach "$wt" pristine ||
		die "cannot make a work tree of $src"
	git -C "$wt" config user.name "synth-uevent check"
	git -C "$wt" config user.email "check@synth-uevent.invalid"

	mkdir -p "$obj"
	log "series-check $ktree: preparing $obj"
	make -s -C "$wt" O="$obj" ARCH=x86_64 tinyconfig >&2 &&
		"$wt/scripts/kconfig/merge_config.sh" -m -O "$obj" \
			"$obj/.config" "$here/kernel/base.config" >/dev/null &&
		make -s -C "$wt" O="$obj" ARCH=x86_64 olddefconfig >&2 &&
		make -s -C "$wt" O="$obj" ARCH=x86_64 -j"$(nproc)" prepare >&2 ||
		die "series-check $ktree: cannot prepare $obj"

	tree_results=()
	for p in "${patches[@]}"; do
		name="$ktree: $(basename "$p")"
		why=''
		if ! git -C "$wt" am -q "$p" >&2; then
			git -C "$wt" am --abort >/dev/null 2>&1
			tree_results+=("not ok - $name does not apply")
			break
		fi
		out=$(cd "$wt" && ./scripts/checkpatch.pl --strict -q "$p" 2>&1) ||
			why="checkpatch"
		[ -z "$out" ] || { why="checkpatch"; echo "$out" >&2; }
		for f in $(git -C "$wt" diff --name-only HEAD~1 HEAD -- '*.c'); do
			case "$f" in
			tools/testing/selftests/*)
				[ -e "$wt/$f" ] || continue
				gcc -Wall -Werror -D_GNU_SOURCE \
					-I"$wt/$(dirname "$f")/.." \
					-o /dev/null "$wt/$f" -lpthread >&2 ||
					why="$why ${f##*/}"
				;;
			*)
				make -s -C "$wt" O="$obj" ARCH=x86_64 \
					KCFLAGS=-Werror "${f%.c}.o" >&2 ||
					why="$why ${f##*/}"
				;;
			esac
		done
		if [ -z "$why" ]; then
			tree_results+=("ok - $name")
		else
			tree_results+=("not ok - $name:$why")
		fi
	done
	mkdir -p "$(dirname "$stamp")"
	if ! printf '%s\n' "${tree_results[@]}" | grep -q '^not ok'; then
		printf '%s\n' "${tree_results[@]}" > "$stamp"
	fi
	results+=("${tree_results[@]}")
	git -C "$src" worktree remove --force "$wt" >/dev/null 2>&1
done

echo "1..${#results[@]}"
i=0
fail=0
for r in "${results[@]}"; do
	i=$((i + 1))
	echo "${r/ - / $i - }"
	case "$r" in "not ok"*) fail=1 ;; esac
done
exit $fail
