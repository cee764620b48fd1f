#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# report.sh RESULTS OUTDIR REL_PATCHED REL_PRISTINE REL_STOCK ROUNDS SLOW [SLOW_MAX [COMMIT]]
#
# Turn the figures of a bench run (lines "BOOT # RESULT ...", "BOOT # BENCH
# ...", "BOOT # WRITES ...", "BOOT # PROFILE ...", "host # HOST ...") into
# OUTDIR/results.md and OUTDIR/wall-time.png.
set -euo pipefail
results=$1 out=$2 rel_patched=$3 rel_pristine=$4 rel_stock=$5 rounds=$6 slow=$7
slow_max=${8:-120} commit=${9:-unknown}
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT

gawk -v data="$data" -v rounds="$rounds" -v slow="$slow" -v slow_max="$slow_max" \
	-v rel_patched="$rel_patched" -v rel_pristine="$rel_pristine" \
	-v rel_stock="$rel_stock" -v today="$(date -u +%F)" -v commit="$commit" '
function median(key,   n, i, v, s) {
	n = cnt[key]
	if (!n) return -1
	for (i = 1; i <= n; i++) v[i] = val[key, i]
	asort(v)
	return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}
function maxof(key,   n, i, m) {
	m = -1
	for (i = 1; i <= cnt[key]; i++) if (val[key, i] > m) m = val[key, i]
	return m
}
function add(key, v) { val[key, ++cnt[key]] = v }
function ms(us) { return us < 0 ? "n/a" : sprintf("%.1f", us / 1000) }
function msu(us) { return us < 0 ? "n/a" : sprintf("%.1f ms", us / 1000) }
function kib(k) { return k < 0 ? "n/a" : sprintf("%d KiB", k) }
function ratio(a, b) { return (a > 0 && b > 0) ? sprintf("%.2f", a / b) : "n/a" }
function yes(c) { return c ? "met" : "**missed**" }
{
	boot = $1
	if ($2 != "#") next
	if ($3 == "BENCH" && $4 ~ /^kernel=/) { bench_info = $0; sub(/^[^#]*# BENCH /, "", bench_info); for (i = 4; i <= NF; i++) if ($i ~ /^dummies=/) { bench_dummies = $i; sub(/^dummies=/, "", bench_dummies) } }
	if ($3 == "BENCH" && $4 == "slow") { split($5, a, "="); split($6, b, "="); slowsec[a[2]] = b[2] }
	if ($3 == "BENCH" && $4 == "group") { g = $0; sub(/^[^:]*: /, "", g); x = $5; gsub(/[^0-9]/, "", x); groups[x] = g }
	if ($3 == "RESULT") {
		delete f
		for (i = 4; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
		k = f["n"] SUBSEP f["scenario"] SUBSEP f["form"]
		ns[f["n"]] = 1
		if (f["exit"] != 0) { failed[k]++; next }
		add(k SUBSEP "wall", f["wall_us"])
		add(k SUBSEP "cpu", f["user_us"] + f["sys_us"])
		add(k SUBSEP "rss", f["maxrss_kb"])
		add(k SUBSEP "udevd", f["udevd_us"])
		if ("lag_us" in f) { add(k SUBSEP "lag", f["lag_us"]); add(k SUBSEP "bcast", f["bcast"]) }
	}
	if ($3 == "SELECT") {
		delete f
		for (i = 4; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
		if (f["exit"] != 0) next
		k = "select" SUBSEP f["n"] SUBSEP f["form"]
		add(k SUBSEP "cpu", f["user_us"] + f["sys_us"])
		add(k SUBSEP "rss", f["maxrss_kb"])
		have_select = 1
	}
	if ($3 == "MDEVD" && $4 ~ /^devices=/) { mdevd_info = $0; sub(/^[^#]*# MDEVD /, "", mdevd_info) }
	if ($3 == "MDEVD" && $4 ~ /^form=/) {
		delete f
		for (i = 4; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
		if (f["exit"] != 0) { mdevd_failed++; next }
		k = "mdevd" SUBSEP f["form"]
		add(k SUBSEP "wall", f["wall_us"])
		add(k SUBSEP "cpu", f["user_us"] + f["sys_us"])
		add(k SUBSEP "rss", f["maxrss_kb"])
		add(k SUBSEP "events", f["events"])
		have_mdevd = 1
	}
	if ($3 == "WRITES") {
		for (i = 4; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "per_sec") add(boot SUBSEP "wps", kv[2]) }
	}
	if ($3 == "PROFILE") {
		tag = $4; sub(/^n=/, "", tag); ptags[tag] = 1
		for (i = 5; i <= NF; i++) { split($i, kv, "="); prof[tag, kv[1]] = kv[2] }
	}
	if ($3 == "HOST") {
		delete f
		for (i = 4; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
		split(f["load_others"], lo, ",")
		host[f["when"]] = sprintf("load %s %s %s, %d other guests or compilers", lo[1], lo[2], lo[3], lo[4])
		if (lo[4] > 0) host_busy = 1
	}
}
END {
	nn = asorti(ns, order, "@ind_num_asc")
	forms["tool"] = "uevent-trigger --settle"
	forms["settle"] = "udevadm trigger --settle"
	forms["trigger_settle"] = "udevadm trigger; udevadm settle"
	split("tool settle trigger_settle", flist, " ")
	split("idle busy", slist, " ")

	printf "# Benchmark: uevent-trigger against udevadm and mdevd-coldplug\n\n"
	printf "Measured by `make bench` on %s at commit %s, in boots of the patched\n", today, commit
	printf "kernel under QEMU with software emulation (TCG, no KVM), 3 GiB.\n"
	printf "Host: %s, at the start (%s at the end): %s.\n\n", host["start"], host["end"], (host_busy ? "**not idle**: ratios hold (both forms ran in the same boot, alternating), absolute times are slower" : "otherwise idle")
	printf "- guest: %s\n", bench_info
	printf "- kernel: `%s` (patched, base config: no KASAN, no debug options)\n", rel_patched
	printf "- device manager: Debian'"'"'s systemd-udevd with Debian'"'"'s rules and hwdb, plus the\n"
	printf "  test rules of `qemu-test/rules.d`, started by the guest script after boot:\n"
	printf "  every device but the dummies gets its add event first, so each form'"'"'s\n"
	printf "  first event for a dummy is the change under test\n"
	printf "- devices: dummy netdevs (`dummy.numdummies`), groups selected by name:\n"
	for (i = 1; i <= nn; i++) printf "  N = %s: `%s`\n", order[i], groups[order[i]]
	printf "- commands (GROUP: the selection above):\n"
	printf "  - tool: `uevent-trigger --settle --timeout=1800 -q --uuid=U -c change -s net GROUP`\n"
	printf "  - settle: `udevadm trigger --settle -c change -s net GROUP`\n"
	printf "  - trigger; settle: `udevadm trigger -c change -s net GROUP && udevadm settle --timeout=1800`\n"
	printf "- scenarios: *idle*, nothing else queued; *busy*, just before each run four\n"
	printf "  unrelated devices (`/sys/devices/virtual/mem/{null,zero,full,random}`) get an\n"
	printf "  event whose rule sleeps S seconds: 12 times the tool'"'"'s idle median at that N,\n"
	printf "  at least %s s and at most %s s (udevd kills a worker after 180 s); the\n", slow, slow_max
	printf "  sleeps are cut short once a form that does not wait for them returned\n"
	printf "- %s rounds per N and scenario, the three forms alternating; figures are\n", rounds
	printf "  medians; each run measured by `bench/runstat` (wall time to reaping,\n"
	printf "  rusage with descendants, CPU of all systemd-udevd processes meanwhile,\n"
	printf "  udevd broadcasts carrying our UUID as seen by a second listener)\n\n"

	printf "## Wall time\n\n"
	printf "| N | scenario | slow work | uevent-trigger | udevadm trigger --settle | trigger; settle | tool / --settle | trigger;settle / tool |\n"
	printf "|---:|---|---:|---:|---:|---:|---:|---:|\n"
	for (i = 1; i <= nn; i++) for (s = 1; s <= 2; s++) {
		n = order[i]; sc = slist[s]
		t = median(n SUBSEP sc SUBSEP "tool" SUBSEP "wall")
		u = median(n SUBSEP sc SUBSEP "settle" SUBSEP "wall")
		w = median(n SUBSEP sc SUBSEP "trigger_settle" SUBSEP "wall")
		printf "| %s | %s | %s | %s ms | %s ms | %s ms | %s | %s |\n", n, sc, (sc == "busy" ? slowsec[n] " s" : "-"), ms(t), ms(u), ms(w), ratio(t, u), ratio(w, t)
		print n, sc, t / 1e6, u / 1e6, w / 1e6 > (data "/wall-" sc ".dat")
		if (t > 0 && u > 0 && t > u) miss_wall = miss_wall " N=" n " " sc " (" ratio(t, u) "x)"
		if (t > 0 && u > 0) have_wall = 1
		if (t > 0 && w > 0 && t > w) miss_ts = miss_ts " N=" n " " sc " (" ratio(t, w) "x)"
		if (t > 0 && w > 0) have_ts = 1
		if (sc == "busy" && t > 0 && w > 0) {
			r = w / t
			busy_txt = busy_txt sprintf("%sN=%s: %.1fx", busy_txt == "" ? "" : ", ", n, r)
			# Only where the slow work outlasts the group tenfold can
			# trigger; settle take ten times as long.
			if (slowsec[n] * 1e6 >= 10 * t) { if (min_busy == "" || r < min_busy) min_busy = r }
			else short_txt = short_txt sprintf(" N=%s (%s s of slow work against %.0f s of group: at most %.1fx)", n, slowsec[n], t / 1e6, slowsec[n] * 1e6 / t)
		}
	}
	for (k in failed) { split(k, p, SUBSEP); nfail += failed[k]; failtxt = failtxt sprintf(" %s/%s/%s:%d", p[1], p[2], p[3], failed[k]) }
	if (nfail) printf "\nRuns that did not exit 0 (left out of the medians):%s\n", failtxt

	printf "\n## CPU and memory\n\n"
	printf "| N | scenario | form | CPU (user+sys) | peak RSS | udevd CPU meanwhile | form CPU / udevd CPU |\n"
	printf "|---:|---|---|---:|---:|---:|---:|\n"
	for (i = 1; i <= nn; i++) for (s = 1; s <= 2; s++) for (j = 1; j <= 3; j++) {
		n = order[i]; sc = slist[s]; fm = flist[j]
		k = n SUBSEP sc SUBSEP fm
		c = median(k SUBSEP "cpu"); m = median(k SUBSEP "rss"); d = median(k SUBSEP "udevd")
		printf "| %s | %s | %s | %s ms | %d KiB | %s ms | %s |\n", n, sc, forms[fm], ms(c), m, ms(d), (d > 0 ? sprintf("%.1f%%", 100 * c / d) : "n/a")
		if (fm == "tool" && d > 0) { pc = 100 * c / d; if (pc > max_cpu_pct) { max_cpu_pct = pc; max_cpu_at = "N=" n " " sc } }
		if (fm == "tool" && n == order[nn]) rss_top = maxof(k SUBSEP "rss")
	}

	if (have_select) {
		printf "\n### Selection alone\n\n"
		printf "The same groups found with `--dry-run` (nothing written), in a boot with\n"
		printf "the same dummy netdevs and no udevd: what finding N of %s devices costs\n", bench_dummies
		printf "each tool before any event.\n\n"
		printf "| N | uevent-trigger --dry-run CPU | peak RSS | udevadm trigger --dry-run CPU | peak RSS | share of the tool'"'"'s idle run CPU |\n"
		printf "|---:|---:|---:|---:|---:|---:|\n"
		for (i = 1; i <= nn; i++) {
			n = order[i]
			c = median("select" SUBSEP n SUBSEP "tool" SUBSEP "cpu")
			u = median("select" SUBSEP n SUBSEP "udevadm" SUBSEP "cpu")
			full = median(n SUBSEP "idle" SUBSEP "tool" SUBSEP "cpu")
			printf "| %s | %s | %s | %s | %s | %s |\n", n, msu(c), kib(median("select" SUBSEP n SUBSEP "tool" SUBSEP "rss")), msu(u), kib(median("select" SUBSEP n SUBSEP "udevadm" SUBSEP "rss")), (c > 0 && full > 0 ? sprintf("%.0f%%", 100 * c / full) : "n/a")
			if (i == 1 && c > 0) sel_first = sprintf(" (at N=%s, %s ms of it is the selection among %s devices alone)", n, ms(c), bench_dummies)
		}
	}

	if (length(ptags)) {
		printf "\n## Where the tool'"'"'s CPU goes\n\n"
		printf "One more run per group (idle queue; and on the mdevd boot), with\n"
		printf "`SYNTH_UEVENT_PROFILE=1`: the library reads the thread'"'"'s CPU clock around each\n"
		printf "batch of writes and each read of a netlink group (tools/lib/profile.c), the\n"
		printf "tool its process CPU clock when the selection is done and at the end.\n\n"
		printf "| run | devices | start + selection | writes (open, write, close) | kernel group (receive, parse, match) | manager group | rest (waiting loop, report) | total |\n"
		printf "|---|---:|---:|---:|---:|---:|---:|---:|\n"
		pn = asorti(ptags, porder, "@ind_str_asc")
		for (i = 1; i <= pn; i++) {
			tg = porder[i]; tot = prof[tg, "total_us"]
			if (tot <= 0) continue
			sel = prof[tg, "to_selected_us"]; wr = prof[tg, "write_us"]
			kr = prof[tg, "kernel_read_us"]; mr = prof[tg, "manager_read_us"]
			nw = prof[tg, "write_n"] + 1
			rest = tot - sel - wr - kr - mr
			printf "| %s | %d | %s ms (%.0f%%) | %s ms, %.1f us each (%.0f%%) | %s ms for %d messages (%.0f%%) | %s ms for %d messages (%.0f%%) | %s ms (%.0f%%) | %s ms |\n", (tg == "mdevd" ? "mdevd coldplug" : "N = " tg), nw, ms(sel), 100 * sel / tot, ms(wr), wr / nw, 100 * wr / tot, ms(kr), prof[tg, "kernel_read_n"], 100 * kr / tot, ms(mr), prof[tg, "manager_read_n"], 100 * mr / tot, ms(rest), 100 * rest / tot, ms(tot)
		}
		printf "\nThe first write goes alone (it finds out what the kernel takes) and is not\n"
		printf "in the writes column; system time is in each column, as the CPU clock counts it.\n"
	}

	printf "\n## Exit lag\n\n"
	printf "From the last udevd broadcast carrying our UUID, as a second listener saw it,\n"
	printf "to the tool being reaped.\n\n"
	printf "| N | scenario | median lag | max lag | broadcasts seen (median) |\n|---:|---|---:|---:|---:|\n"
	for (i = 1; i <= nn; i++) for (s = 1; s <= 2; s++) {
		k = order[i] SUBSEP slist[s] SUBSEP "tool"
		l = median(k SUBSEP "lag")
		printf "| %s | %s | %s ms | %s ms | %s |\n", order[i], slist[s], ms(l), ms(maxof(k SUBSEP "lag")), median(k SUBSEP "bcast")
		if (l > max_lag) max_lag = l
	}

	printf "\n## Growth with N\n\n"
	printf "Least-squares slope of log(wall time) against log(N), idle queue (1.0: linear).\n\n"
	printf "| form | slope |\n|---|---:|\n"
	for (j = 1; j <= 3; j++) {
		sx = sy = sxx = sxy = m = 0
		for (i = 1; i <= nn; i++) {
			t = median(order[i] SUBSEP "idle" SUBSEP flist[j] SUBSEP "wall")
			if (t <= 0) continue
			x = log(order[i]); y = log(t); m++
			sx += x; sy += y; sxx += x * x; sxy += x * y
		}
		slope = (m > 1 && m * sxx - sx * sx) ? (m * sxy - sx * sy) / (m * sxx - sx * sx) : 0
		printf "| %s | %s |\n", forms[flist[j]], (m > 1 ? sprintf("%.2f", slope) : "n/a")
		if (j == 1 && m > 1) tool_slope = slope
	}
	printf "\n![wall time against N](wall-time.png)\n"

	if (have_mdevd) {
		printf "\n## Against mdevd-coldplug\n\n"
		printf "skarnet'"'"'s mdevd (`mdevd -O 4`, an mdev.conf line for every device and no\n"
		printf "command) in place of udevd, in a boot with 1000 dummy netdevs (%s).\n", mdevd_info
		printf "Both forms trigger `add` on every device and wait until mdevd handled it:\n"
		printf "`uevent-trigger --settle --wait-source=mdevd:4 -c add` (each event matched\n"
		printf "by SEQNUM) and `mdevd-coldplug -O 4` (waits for its last event).\n"
		printf "Medians of %d rounds, alternating%s.\n\n", cnt["mdevd" SUBSEP "tool" SUBSEP "wall"], (mdevd_failed ? sprintf("; %d runs did not exit 0 and are left out", mdevd_failed) : "")
		printf "| form | events | wall | CPU (user+sys) | peak RSS |\n|---|---:|---:|---:|---:|\n"
		printf "| uevent-trigger | %d | %s ms | %s ms | %s |\n", median("mdevd" SUBSEP "tool" SUBSEP "events"), ms(median("mdevd" SUBSEP "tool" SUBSEP "wall")), ms(median("mdevd" SUBSEP "tool" SUBSEP "cpu")), kib(median("mdevd" SUBSEP "tool" SUBSEP "rss"))
		printf "| mdevd-coldplug | %d | %s ms | %s ms | %s |\n", median("mdevd" SUBSEP "coldplug" SUBSEP "events"), ms(median("mdevd" SUBSEP "coldplug" SUBSEP "wall")), ms(median("mdevd" SUBSEP "coldplug" SUBSEP "cpu")), kib(median("mdevd" SUBSEP "coldplug" SUBSEP "rss"))
		md_wall = ratio(median("mdevd" SUBSEP "tool" SUBSEP "wall"), median("mdevd" SUBSEP "coldplug" SUBSEP "wall"))
		md_cpu = ratio(median("mdevd" SUBSEP "tool" SUBSEP "cpu"), median("mdevd" SUBSEP "coldplug" SUBSEP "cpu"))
		printf "\nuevent-trigger / mdevd-coldplug: wall %s, CPU %s.\n", md_wall, md_cpu
	}

	printf "\n## Kernel side: writes through the parser\n\n"
	printf "`bench/uevent_writes`: 20 000 writes of a fixed mix that both parsers accept\n"
	printf "(plain action, action with newline, with a UUID, with 1, 2 and 8 pairs) to\n"
	printf "`/sys/devices/virtual/mem/null/uevent`, no udevd; median of %d runs: 3 per\n", cnt["writes-pristine" SUBSEP "wps"]
	printf "boot, %d boot(s) per kernel, the kernels alternating (one boot varies by up to 20%%).\n\n", cnt["writes-pristine" SUBSEP "wps"] / 3
	printf "| kernel | writes/s | vs pristine, same tree |\n|---|---:|---:|\n"
	base = median("writes-pristine" SUBSEP "wps")
	printf "| `%s` (patched) | %.0f | %s |\n", rel_patched, median("writes-patched" SUBSEP "wps"), ratio(median("writes-patched" SUBSEP "wps"), base)
	printf "| `%s` (same tree and config, no series) | %.0f | 1.00 |\n", rel_pristine, base
	printf "| `%s` (Debian stock, mainline parser) | %.0f | %s |\n", rel_stock, median("writes-stock" SUBSEP "wps"), ratio(median("writes-stock" SUBSEP "wps"), base)
	if (cnt["writes-slub" SUBSEP "wps"]) printf "| `%s`, full SLUB instead of tinyconfig'"'"'s SLUB_TINY (kernel/slub.config, no series) | %.0f | %s |\n", rel_pristine, median("writes-slub" SUBSEP "wps"), ratio(median("writes-slub" SUBSEP "wps"), base)
	if (cnt["writes-o2" SUBSEP "wps"]) printf "| `%s`, -O2 instead of tinyconfig'"'"'s -Os (kernel/o2.config, no series) | %.0f | %s |\n", rel_pristine, median("writes-o2" SUBSEP "wps"), ratio(median("writes-o2" SUBSEP "wps"), base)
	wps_stock = median("writes-stock" SUBSEP "wps"); wps_base = base
	wps_slub = median("writes-slub" SUBSEP "wps"); wps_o2 = median("writes-o2" SUBSEP "wps")

	printf "\n## Targets\n\n| target | measured | |\n|---|---|---|\n"
	if (have_mdevd) printf "| wall and CPU <= 1.0x mdevd-coldplug on its coldplug, same boot | wall %sx, CPU %sx | %s |\n", md_wall, md_cpu, yes(md_wall + 0 <= 1.0 && md_cpu + 0 <= 1.0)
	printf "| wall time <= 1.0x `udevadm trigger --settle`, every N | %s | %s |\n", (miss_wall ? "slower at" miss_wall : "at or below at every N and scenario"), (have_wall ? yes(!miss_wall) : "n/a")
	printf "| wall time <= 1.0x `udevadm trigger; udevadm settle`, every N | %s | %s |\n", (miss_ts ? "slower at" miss_ts : "at or below at every N and scenario"), (have_ts ? yes(!miss_ts) : "n/a")
	printf "| >= 10x faster than trigger; settle with slow work queued | %s | %s |\n", busy_txt, (min_busy == "" ? "n/a" : yes(min_busy >= 10) (short_txt != "" ? " where the slow work outlasts the group tenfold; bounded elsewhere (below)" : ""))
	printf "| tool CPU <= 10%% of udevd'"'"'s, every N | worst %.1f%% (%s) | %s |\n", max_cpu_pct, max_cpu_at, yes(max_cpu_pct <= 10)
	printf "| growth: log-log slope <= 1.03 | %s | %s |\n", (tool_slope == "" ? "n/a" : sprintf("%.3f", tool_slope)), (tool_slope == "" ? "n/a" : yes(tool_slope <= 1.03))
	printf "| peak RSS <= 2 MiB at N = %s | %d KiB | %s |\n", order[nn], rss_top, yes(rss_top <= 2048)
	printf "| exit lag <= 5 ms median | worst %s ms | %s |\n", ms(max_lag), yes(max_lag <= 5000)
	if (wps_slub > 0 && wps_o2 > 0) printf "| the kernel write-rate gap to Debian'"'"'s config explained | pristine %.0f/s, with full SLUB %.0f/s (%sx), with -O2 %.0f/s (%sx), Debian'"'"'s stock %.0f/s (%sx) | see *Kernel side* |\n", wps_base, wps_slub, ratio(wps_slub, wps_base), wps_o2, ratio(wps_o2, wps_base), wps_stock, ratio(wps_stock, wps_base)
	if (short_txt != "") printf "\nWhere the slow work (capped at " slow_max " s) cannot outlast the group tenfold, trigger; settle cannot take ten times as long, and the ratio is bounded by slow work / group:%s.\n", short_txt
}' "$results" > "$out/results.md"

gnuplot <<EOF
set terminal png size 900,560
set output "$out/wall-time.png"
set title "Wall time against group size (median of $rounds rounds, QEMU TCG)"
set logscale xy
set xlabel "devices in the group (N)"
set ylabel "seconds"
set key left top
set grid
plot "$data/wall-idle.dat" using 1:3 with linespoints title "uevent-trigger --settle (idle)", \
     "$data/wall-idle.dat" using 1:4 with linespoints title "udevadm trigger --settle (idle)", \
     "$data/wall-idle.dat" using 1:5 with linespoints title "udevadm trigger; settle (idle)", \
     "$data/wall-busy.dat" using 1:3 with linespoints dt 2 title "uevent-trigger --settle (busy)", \
     "$data/wall-busy.dat" using 1:4 with linespoints dt 2 title "udevadm trigger --settle (busy)", \
     "$data/wall-busy.dat" using 1:5 with linespoints dt 2 title "udevadm trigger; settle (busy)"
EOF
