#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# series-check.sh SERIES KTREE[=ORIGIN]...
#
# Check that a series applies and builds one patch at a time:
#   - KTREE 7.2 (mainline) takes the fixes posting, SERIES/0*.patch, then
#     the RFC posting, SERIES/rfc/0*.patch (the cover letters aside), on
#     the reconstructed base, SERIES/base/*.patch, which is applied first
#     and not checked (its patches are reconstructions of others' commits);
#   - any other KTREE (6.12, 6.1, 5.10, ...) takes its stable queue,
#     SERIES/stable/KTREE/*.patch then SERIES/stable/KTREE/pending/*.patch.
# Each queue is applied with "git am" onto the tree's pristine source, and
# after each patch:
#   - scripts/checkpatch.pl --strict, from the mainline tree when one is
#     checked (else the tree's own), must be clean.  UNKNOWN_COMMIT_ID is
#     ignored: the trees are tarballs without history, so no commit id of a
#     Fixes: tag can be looked up.  FILE_PATH_CHANGES ("does MAINTAINERS
#     need updating?") is ignored for a patch only when every file it
#     creates is under an F: path that a patch of the same queue adds to
#     MAINTAINERS: the question is answered by that patch;
#   - every C file it touches that kbuild builds is compiled with W=1 on
#     tinyconfig + kernel/base.config; a patch may add no warning to the
#     file (warnings the pristine tree already has are not its own);
#   - a selftest it touches is compiled with -Wall -Werror against the
#     tree's own kselftest harness and uapi headers (KHDR_INCLUDES).
#
# ORIGIN says where a tree's pristine source is: a git repository whose
# branch "pristine" is the tarball as shipped, or a linux-source-*.tar.xz
# (unpacked once into the cache).  Without it, kernel/tree.sh KTREE --path
# gives it.  Prints TAP, one result per (tree, patch).  A pass is remembered
# by the hash of the tree, the queue, the config and this script.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"

series=$(cd "${1:?usage: series-check.sh SERIES KTREE[=ORIGIN]...}" && pwd)
shift
shopt -s nullglob
# checkpatch's spdxcheck wants Debian's python3 with ply and git.
need_pkgs $KBUILD_PKGS python3-ply python3-git >&2
export PATH=/usr/bin:/bin:$PATH

# origin_repo KTREE ORIGIN : print a git repository with branch pristine.
origin_repo() {
	local ktree=$1 origin=$2 repo sum
	if [ -z "$origin" ]; then
		"$here/kernel/tree.sh" "$ktree" --path
		return
	fi
	if [ -d "$origin" ]; then
		git -C "$origin" rev-parse -q --verify pristine >/dev/null ||
			die "$origin has no branch pristine"
		(cd "$origin" && pwd)
		return
	fi
	[ -f "$origin" ] || die "no tree or tarball $origin"
	sum=$(sha256sum "$origin" | cut -c1-16)
	repo=$SYNTH_CACHE/src/check-$ktree-$sum
	if [ ! -e "$repo/.git/synth-ready" ]; then
		log "unpacking $origin into $repo"
		rm -rf "$repo"
		mkdir -p "$repo"
		tar -C "$repo" --strip-components=1 -xf "$origin" &&
			git -C "$repo" init -q -b pristine &&
			git -C "$repo" -c user.name=check -c user.email=check@invalid \
				-c gc.auto=0 add -A -f &&
			git -C "$repo" -c user.name=check -c user.email=check@invalid \
				commit -q -m "$(basename "$origin") (pristine)" &&
			touch "$repo/.git/synth-ready" || die "cannot unpack $origin"
	fi
	echo "$repo"
}

# The trees, mainline first: its checkpatch checks every queue.
trees=()
mainline_repo=
for arg in "$@"; do
	ktree=${arg%%=*}
	origin=
	[ "$arg" = "$ktree" ] || origin=${arg#*=}
	repo=$(origin_repo "$ktree" "$origin") || exit 1
	[ "$ktree" = 7.2 ] && mainline_repo=$repo
	trees+=("$ktree=$repo")
done

# warnings OBJDIR WT FILE : the W=1 warnings of FILE, positions dropped.
warnings() {
	local obj=$1 wt=$2 f=$3 o=${3%.c}.o
	rm -f "$obj/$o"
	make -s -C "$wt" O="$obj" ARCH=x86_64 W=1 "$o" 2>&1 |
		grep -E 'warning:|error:' | sed -E 's/:[0-9]+:[0-9]+:/:/' | sort
	return "${PIPESTATUS[0]}"
}

# maintained_by_queue PATCH QUEUE... : does PATCH create files, delete and
# rename none, and do the F: paths that the patches of QUEUE add to
# MAINTAINERS cover every file it creates?
maintained_by_queue() {
	local p=$1 f d covered created=0
	shift
	mapfile -t dirs < <(awk '/^diff --git a\/MAINTAINERS /{m=1; next}
		/^diff --git /{m=0} m && /^\+F:/{print $2}' "$@")
	[ ${#dirs[@]} -gt 0 ] || return 1
	while read -r f; do
		[ "$f" != "!" ] || return 1
		covered=
		for d in "${dirs[@]}"; do
			case "$f" in "$d"*) covered=1 ;; esac
		done
		[ -n "$covered" ] || return 1
		created=1
	done < <(awk '/^diff --git /{f=substr($4, 3)}
		/^new file mode/{print f}
		/^(deleted file mode|rename from)/{print "!"}' "$p")
	[ $created = 1 ]
}

results=()
for entry in "${trees[@]}"; do
	ktree=${entry%%=*}
	src=${entry#*=}
	patches=()
	base=()
	if [ "$ktree" = 7.2 ]; then
		base=("$series"/base/*.patch)
		for p in "$series"/0*.patch "$series"/rfc/0*.patch; do
			case "$p" in */0000-cover-letter.patch) continue ;; esac
			patches+=("$p")
		done
	else
		patches=("$series/stable/$ktree"/*.patch
			"$series/stable/$ktree"/pending/*.patch)
	fi
	if [ ${#patches[@]} = 0 ]; then
		results+=("not ok - $ktree: no patches for this tree")
		continue
	fi
	cp_src=${mainline_repo:-$src}
	key=$( {
		cat "$here/kernel/series-check.sh" "$here/kernel/base.config" \
			${base[@]+"${base[@]}"} "${patches[@]}"
		git -C "$src" rev-parse pristine
		git -C "$cp_src" rev-parse pristine
	} | sha256sum | cut -c1-16)
	stamp=$SYNTH_CACHE/series-check/$ktree-$key
	if [ -e "$stamp" ]; then
		log "series-check $ktree: unchanged since the last pass"
		while IFS= read -r line; do results+=("$line"); done < "$stamp"
		continue
	fi

	# One check of a tree at a time: the work trees below are shared by
	# every work tree of the project using this cache.
	mkdir -p "$SYNTH_CACHE/check"
	exec 7> "$SYNTH_CACHE/check/.$ktree.lock"
	flock 7

	# checkpatch from a pristine mainline work tree of its own.
	cpwt=$SYNTH_CACHE/check/checkpatch-$ktree
	wt=$SYNTH_CACHE/check/$ktree
	obj=$SYNTH_CACHE/obj/$ktree-check
	for w in "$wt" "$cpwt"; do
		git -C "$src" worktree remove --force "$w" >/dev/null 2>&1
		git -C "$cp_src" worktree remove --force "$w" >/dev/null 2>&1
		rm -rf "$w"
	done
	git -C "$src" worktree prune
	git -C "$cp_src" worktree prune
	git -C "$src" worktree add -q --detach "$wt" pristine ||
		die "cannot make a work tree of $src"
	if [ ${#base[@]} -gt 0 ] &&
		! git -C "$wt" -c user.name="synth-uevent check" \
			-c user.email=check@synth-uevent.invalid am -q \
			"${base[@]}" >&2; then
		git -C "$wt" am --abort >/dev/null 2>&1
		results+=("not ok - $ktree: the base (base/*.patch) does not apply")
		git -C "$src" worktree remove --force "$wt" >/dev/null 2>&1
		flock -u 7
		continue
	fi
	git -C "$cp_src" worktree add -q --detach "$cpwt" pristine ||
		die "cannot make a work tree of $cp_src"

	mkdir -p "$obj"
	log "series-check $ktree: preparing $obj"
	make -s -C "$wt" O="$obj" ARCH=x86_64 tinyconfig >&2 &&
		"$wt/scripts/kconfig/merge_config.sh" -m -O "$obj" \
			"$obj/.config" "$here/kernel/base.config" >/dev/null &&
		make -s -C "$wt" O="$obj" ARCH=x86_64 olddefconfig >&2 &&
		make -s -C "$wt" O="$obj" ARCH=x86_64 -j"$(nproc)" prepare >&2 &&
		make -s -C "$wt" O="$obj" ARCH=x86_64 headers >&2 ||
		die "series-check $ktree: cannot prepare $obj"

	tree_results=()
	for p in "${patches[@]}"; do
		name="$ktree: ${p#"$series"/}"
		why=''
		# Warnings before the patch, of the files it touches.
		files=$(cd "$wt" && git apply --numstat "$p" | cut -f3 |
			grep '\.c$')
		declare -A before=()
		for f in $files; do
			case "$f" in tools/*) continue ;; esac
			[ -e "$wt/$f" ] || continue
			before[$f]=$(warnings "$obj" "$wt" "$f")
		done
		# Committer only (the repository's config is shared: not set).
		if ! git -C "$wt" -c user.name="synth-uevent check" \
			-c user.email=check@synth-uevent.invalid am -q "$p" >&2; then
			git -C "$wt" am --abort >/dev/null 2>&1
			tree_results+=("not ok - $name does not apply")
			break
		fi
		ignore=UNKNOWN_COMMIT_ID
		! maintained_by_queue "$p" "${patches[@]}" ||
			ignore=$ignore,FILE_PATH_CHANGES
		out=$(cd "$cpwt" && ./scripts/checkpatch.pl --strict -q \
			--ignore "$ignore" "$p" 2>&1) || why="checkpatch"
		[ -z "$out" ] || { why="checkpatch"; echo "$out" >&2; }
		for f in $files; do
			[ -e "$wt/$f" ] || continue
			case "$f" in
			tools/testing/selftests/*)
				gcc -Wall -Werror -D_GNU_SOURCE \
					-isystem "$obj/usr/include" \
					-I"$wt/$(dirname "$f")/.." \
					-o /dev/null "$wt/$f" -lpthread >&2 ||
					why="$why ${f##*/}"
				;;
			tools/*) ;;
			*)
				after=$(warnings "$obj" "$wt" "$f") ||
					{ why="$why ${f##*/}"; continue; }
				new=$(comm -13 <(echo "${before[$f]:-}") \
					<(echo "$after") | grep . || true)
				if [ -n "$new" ]; then
					echo "$new" >&2
					why="$why ${f##*/}(W=1)"
				fi
				;;
			esac
		done
		unset before
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
	git -C "$cp_src" worktree remove --force "$cpwt" >/dev/null 2>&1
	flock -u 7
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
