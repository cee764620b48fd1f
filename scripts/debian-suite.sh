#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# debian-suite.sh SUITE update [--force]
# debian-suite.sh SUITE version PKG...
# debian-suite.sh SUITE closure PKG...
# debian-suite.sh SUITE download [--only] DESTDIR PKG...
# debian-suite.sh SUITE apt-cache ARGS...
#
# Packages of another Debian suite (bullseye, bookworm, trixie, sid, ...)
# without touching the host's apt: a private apt configuration under
# $SYNTH_CACHE/apt/SUITE/ with its own sources list, lists, archive cache
# and an empty dpkg status (so apt resolves the whole dependency closure, as
# for an empty root), and no preferences.  Nothing is ever installed on the
# host: packages are only downloaded, for dpkg-deb -x.
#
# The mirror and its keyring are read at run time from the host's own apt
# sources (deb822 /etc/apt/sources.list.d/*.sources, one-line
# /etc/apt/sources.list and sources.list.d/*.list): the entry of type deb
# serving the host's own suite (VERSION_CODENAME of /etc/os-release) with
# component main.  Its Signed-By keyring (Debian's archive keyring, which
# also holds the keys that sign the next releases and unstable) verifies
# the other suite's Release file; when the entry names no keyring file,
# /usr/share/keyrings/debian-archive-keyring.gpg is used.  A suite whose
# Release file that keyring cannot verify fails: there is no unverified
# fallback.
#
#   update     apt-get update, at most once a day (--force: now)
#   version    the candidate version of each PKG, one per line
#   closure    PKG and its whole dependency closure (Depends, Pre-Depends;
#              no Recommends), as "name version" lines, sorted
#   download   the .deb files of the closure of PKG... (--only: just the
#              named packages) into DESTDIR, with apt-get download; kept in
#              the private archive cache, so a second download costs nothing
#   apt-cache  apt-cache with the private configuration (policy, show, ...)
#
# The lists are refreshed when they are older than a day by every command;
# a failed refresh with lists present only warns.  One command at a time
# per suite (flock on $SYNTH_CACHE/apt/SUITE/lock).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"

usage() {
	sed -n '4,8s/^# \{0,1\}//p' "$0" >&2
	exit 2
}
[ $# -ge 2 ] || usage
suite=$1 cmd=$2
shift 2
case "$suite" in
*[!a-z0-9-]* | '' | -*) die "debian-suite.sh: bad suite name '$suite'" ;;
esac

default_keyring=/usr/share/keyrings/debian-archive-keyring.gpg

# host_source : print "URI KEYRING" of the host's apt entry serving its own
# main Debian suite.
host_source() {
	local codename f
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	[ -n "$codename" ] || die "no VERSION_CODENAME in /etc/os-release"
	{
		for f in /etc/apt/sources.list.d/*.sources; do
			[ -r "$f" ] || continue
			# deb822 stanzas, one per blank-line-separated paragraph;
			# continuation lines (inline keys) start with blanks.
			awk -v want="$codename" '
				function flush() {
					if (enabled != "no" && types ~ /(^| )deb( |$)/ &&
					    (" " suites " ") ~ (" " want " ") &&
					    (" " comps " ") ~ / main /) {
						split(uris, u, /[ \t]+/)
						print u[1], (signed == "" ? "-" : signed)
					}
					types = suites = comps = uris = signed = enabled = ""
				}
				/^[ \t]*#/ { next }
				/^[ \t]*$/ { flush(); next }
				/^[ \t]/ { next }
				{
					key = tolower($0); sub(/:.*/, "", key)
					val = $0; sub(/^[^:]*:[ \t]*/, "", val)
					gsub(/[ \t]+/, " ", val); sub(/ $/, "", val)
					if (key == "types") types = val
					else if (key == "suites") suites = val
					else if (key == "components") comps = val
					else if (key == "uris") uris = val
					else if (key == "signed-by") signed = val
					else if (key == "enabled") enabled = tolower(val)
				}
				END { flush() }' "$f"
		done
		for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
			[ -r "$f" ] || continue
			awk -v want="$codename" '
				$1 != "deb" { next }
				{
					signed = "-"; i = 2
					if ($2 ~ /^\[/) {
						for (; i <= NF; i++) {
							o = $i; gsub(/[][]/, "", o)
							if (tolower(o) ~ /^signed-by=/) {
								sub(/^[^=]*=/, "", o); signed = o
							}
							if ($i ~ /\]$/) break
						}
						i++
					}
					uri = $i; s = $(i + 1); main = 0
					for (j = i + 2; j <= NF; j++) if ($j == "main") main = 1
					if (s == want && main) print uri, signed
				}' "$f"
		done
	} | head -n1
}

base=$SYNTH_CACHE/apt/$suite
mkdir -p "$base"/{lists/partial,archives/partial,sources.list.d,preferences.d}
exec 9>"$base/lock"
flock 9

read -r uri keyring < <(host_source) || true
[ -n "${uri:-}" ] || die "no deb entry for the host's suite with component main in the host's apt sources"
case "$keyring" in
/*) [ -r "$keyring" ] || keyring=$default_keyring ;;
*) keyring=$default_keyring ;;
esac
[ -r "$keyring" ] || die "no keyring to verify $suite ($keyring missing)"

conf=$base/apt.conf
sources="deb [signed-by=$keyring] $uri $suite main"
if [ "$(cat "$base/sources.list" 2>/dev/null)" != "$sources" ]; then
	echo "$sources" > "$base/sources.list"
	rm -f "$base/stamp"
fi
: > "$base/preferences"
[ -e "$base/status" ] || : > "$base/status"
cat > "$conf.tmp" <<EOF
Dir::Etc::sourcelist "$base/sources.list";
Dir::Etc::sourceparts "$base/sources.list.d";
Dir::Etc::preferences "$base/preferences";
Dir::Etc::preferencesparts "$base/preferences.d";
Dir::State "$base";
Dir::State::Lists "$base/lists";
Dir::State::status "$base/status";
Dir::State::extended_states "$base/extended_states";
Dir::Cache "$base";
Dir::Cache::archives "$base/archives";
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
APT::Architectures { "$(dpkg --print-architecture)"; };
APT::Install-Recommends "false";
APT::Install-Suggests "false";
APT::Get::AllowUnauthenticated "false";
Acquire::AllowInsecureRepositories "false";
Acquire::Languages "none";
// The cache is under root's home, out of reach of the _apt user.
APT::Sandbox::User "$(id -un)";
EOF
mv "$conf.tmp" "$conf"
export APT_CONFIG=$conf

apt_update() {
	log "apt-get update for $suite (private lists in $base)"
	if apt-get update -q >&2; then
		touch "$base/stamp"
		return 0
	fi
	return 1
}

# fresh [--force] : lists no older than a day.
fresh() {
	if [ "${1:-}" != --force ] && [ -e "$base/stamp" ] &&
		[ -z "$(find "$base/stamp" -mmin +1440)" ]; then
		return 0
	fi
	apt_update && return 0
	ls "$base"/lists/*_Packages* >/dev/null 2>&1 ||
		die "apt-get update for $suite failed and no lists are cached"
	echo "warning: apt-get update for $suite failed; using the lists of $(date -r "$base/stamp" 2>/dev/null || echo 'an earlier run')" >&2
}

# closure PKG... : "name version" of PKG... and every package they need on
# an empty system.
closure() {
	local out
	out=$(apt-get -s -q install "$@" 2>&1) || {
		echo "$out" >&2
		die "$suite: cannot resolve $*"
	}
	echo "$out" | sed -n 's/^Inst \([^ ]*\) (\([^ ]*\) .*/\1 \2/p' | sort
}

case "$cmd" in
update)
	fresh "$@"
	;;
version)
	[ $# -gt 0 ] || usage
	fresh
	for p in "$@"; do
		v=$(apt-cache policy "$p" | sed -n 's/^ *Candidate: //p')
		[ -n "$v" ] && [ "$v" != "(none)" ] || die "$suite: no package $p"
		echo "$v"
	done
	;;
closure)
	[ $# -gt 0 ] || usage
	fresh
	closure "$@"
	;;
download)
	only=
	[ "${1:-}" = --only ] && { only=1; shift; }
	[ $# -ge 2 ] || usage
	dest=$1
	shift
	fresh
	if [ -n "$only" ]; then
		pkgs=()
		for p in "$@"; do
			v=$(apt-cache policy "$p" | sed -n 's/^ *Candidate: //p')
			[ -n "$v" ] && [ "$v" != "(none)" ] || die "$suite: no package $p"
			pkgs+=("$p=$v")
		done
	else
		mapfile -t pkgs < <(closure "$@" | awk '{print $1 "=" $2}')
	fi
	mkdir -p "$dest"
	# Into the private archive cache (apt-get download checks each file
	# against the signed lists); nothing is unpacked or installed.
	debfile() {
		local f
		for f in "$base/archives/${1}_${2//:/%3a}_"*.deb \
			"$base/archives/${1}_${2#*:}_"*.deb; do
			[ -e "$f" ] && { echo "$f"; return 0; }
		done
		return 1
	}
	missing=()
	for pv in "${pkgs[@]}"; do
		debfile "${pv%%=*}" "${pv#*=}" >/dev/null || missing+=("$pv")
	done
	get() {
		(cd "$base/archives" && apt-get -q download "${missing[@]}" >&2)
	}
	if [ ${#missing[@]} -gt 0 ]; then
		# Stale lists name files the mirror no longer has: refresh once.
		get || { fresh --force && get; } ||
			die "$suite: download of ${missing[*]} failed"
	fi
	for pv in "${pkgs[@]}"; do
		f=$(debfile "${pv%%=*}" "${pv#*=}") ||
			die "$suite: ${pv/=/ } not in $base/archives after download"
		cp "$f" "$dest/"
	done
	;;
apt-cache)
	fresh
	apt-cache "$@"
	;;
*) usage ;;
esac
