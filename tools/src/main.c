// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uevent-trigger: trigger a chosen group of devices under one transaction
 * UUID and wait until exactly those events were processed.
 *
 * Exit status: 0 all processed (or emitted, when the kernel is the only
 * source or nothing is waited for; a write known to make no event is no
 * failure); 1 some failed, vanished, timed out or unconfirmed; 2 bad
 * command line (or arguments the
 * kernel refuses), nothing written; 130/143 interrupted by SIGINT/SIGTERM,
 * what is known reported.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <sys/vfs.h>
#include <linux/magic.h>

#include "options.h"
#include "report.h"

#ifndef VERSION
#define VERSION "0"
#endif

/* Set by the signal handler: the only state a handler may touch. */
static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static void usage(FILE *f)
{
	fputs("Usage: uevent-trigger [OPTION]... [/sys/...|/dev/...]...\n"
	      "Trigger synthetic uevents for a group of devices under one UUID,\n"
	      "and wait until exactly those events were processed.\n"
	      "\n"
	      "Selection (as udevadm trigger):\n"
	      "  -t, --type=devices|subsystems|all\n"
	      "  -s, --subsystem-match=GLOB     -S, --subsystem-nomatch=GLOB\n"
	      "  -a, --attr-match=ATTR[=GLOB]   -A, --attr-nomatch=ATTR[=GLOB]\n"
	      "  -p, --property-match=KEY=GLOB  -g, --tag-match=GLOB\n"
	      "  -y, --sysname-match=GLOB       --name-match=[/dev/]NODE\n"
	      "  -b, --parent-match=[/sys]/PATH --include-parents\n"
	      "      --initialized-match        --initialized-nomatch\n"
	      "      --prioritized-subsystem=SUBSYSTEM[,SUBSYSTEM...]\n"
	      "  /sys/... or /dev/... arguments (or device unit names, dev-sda.device)\n"
	      "  select that device and those below; options may follow them\n"
	      "\n"
	      "Transaction:\n"
	      "  -c, --action=ACTION      add, remove, change (default), move,\n"
	      "                           online, offline, bind, unbind (help: list)\n"
	      "      --uuid[=UUID]        one UUID for the group (default: random);\n"
	      "                           bare, print it for each device written\n"
	      "      --env=KEY=VALUE      becomes SYNTH_ARG_KEY=VALUE (repeatable)\n"
	      "\n"
	      "Waiting:\n"
	      "  -w, --wait-uevent, --settle  wait for the group to be processed\n"
	      "      --wait-source=auto|udev|kernel|mdevd[:MASK]|group:N\n"
	      "                           MASK: mdevd's -O bitmask (4 is group 3)\n"
	      "      --wait-consequences  and for the devices their processing\n"
	      "                           added below them (implies --settle)\n"
	      "      --wait-daemon[=SPAN]  wait for udevd to answer before\n"
	      "                           triggering (default 5)\n"
	      "      --timeout=SPAN       give up waiting (default 120, 0: never)\n"
	      "  SPAN: seconds, or as systemd takes it (1min 30s, 500ms, infinity)\n"
	      "\n"
	      "Output:\n"
	      "  -n, --dry-run  -v, --verbose  -q, --quiet  --json\n"
	      "  -h, --help     -V, --version\n"
	      "\n"
	      "Exit status: 0 all processed (emitted, with the kernel as the only\n"
	      "source), 1 some failed, vanished, timed out or unconfirmed\n"
	      "(a consequence too, or consequences unknown),\n"
	      "2 bad command line (nothing written), 130/143 interrupted.\n", f);
}

struct run_ctx {
	bool verbose;
	bool quiet;
	bool profile;		/* SYNTH_UEVENT_PROFILE: print its line */
	bool progress;
	size_t total;
};

static void on_log(void *data, int level, const char *msg)
{
	const struct run_ctx *c = data;

	if (c->verbose || (!c->quiet && level <= LOG_WARNING) ||
	    (c->profile && !strncmp(msg, "profile:", 8)))
		fprintf(stderr, "uevent-trigger: %s\n", msg);
}

/* CPU time of the process so far, user and system. */
static unsigned long long cpu_usec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000000ULL + ts.tv_nsec / 1000;
}

static void on_progress(void *data, size_t done, size_t total)
{
	const struct run_ctx *c = data;

	if (c->progress)
		fprintf(stderr, "\r%zu/%zu processed%s", done, total,
			done == total ? "\n" : "");
}

/* Selection: 0, or 2 with a message naming the bad word. */
static int select_devices(const struct options *o, struct synth_select *s)
{
	const char *const *paths;
	size_t n;
	size_t i;
	int r;

	synth_select_set_type(s, o->type);
	synth_select_set_initialized(s, o->initialized);
	synth_select_set_include_parents(s, o->include_parents);
	for (i = 0; i < o->n_filters; i++) {
		r = synth_select_add(s, o->filters[i].kind,
				     o->filters[i].pattern);
		if (r) {
			fprintf(stderr, "uevent-trigger: '%s': %s\n",
				o->filters[i].pattern,
				r == -ENODEV || r == -ENOENT ?
				"no such device" : strerror(-r));
			return 2;
		}
	}
	r = synth_select_run(s, &paths, &n);
	if (r) {
		fprintf(stderr, "uevent-trigger: reading sysfs: %s\n",
			strerror(-r));
		return 1;
	}
	return 0;
}

static int configure(const struct options *o, struct synth_trigger *t,
		     struct synth_select *s)
{
	size_t i;
	int r;

	r = synth_trigger_set_action(t, o->action);
	if (!r)
		r = synth_trigger_set_uuid(t, o->uuid);
	for (i = 0; !r && i < o->n_env; i++)
		r = synth_trigger_add_env(t, o->env[i]);
	if (!r)
		r = synth_trigger_set_wait(t, o->wait ? o->source :
					   SYNTH_WAIT_NONE, o->group);
	if (!r)
		r = synth_trigger_add_selection(t, s);
	if (!r)
		r = synth_trigger_set_timeout(t, o->timeout_usec);
	if (!r)
		r = synth_trigger_set_rcvbuf(t, o->rcvbuf);
	if (!r)
		r = synth_trigger_set_consequences(t, o->consequences);
	return r;
}

/* -n: the devices, one a line; with -v, what would be written. */
static void dry_run(const struct options *o, const struct synth_trigger *t)
{
	size_t k;

	if (o->quiet)
		return;
	report_dry_run(stdout, t);
	if (!o->verbose)
		return;
	fprintf(stderr, "uevent-trigger: would write '%s %s", o->action,
		synth_trigger_get_uuid(t));
	for (k = 0; k < o->n_env; k++)
		fprintf(stderr, " %s", o->env[k]);
	fprintf(stderr, "' to %zu device%s\n", synth_trigger_count(t),
		synth_trigger_count(t) == 1 ? "" : "s");
}

static int exit_status(const struct synth_trigger *t, int run)
{
	if (run == -EINTR)
		return 128 + (stop_signal ? stop_signal : SIGINT);
	if (run)
		return 1;
	return report_success(t) ? 0 : 1;
}

static bool sysfs_mounted(const char *path)
{
	struct statfs fs;

	return !statfs(path, &fs) && fs.f_type == SYSFS_MAGIC;
}

int main(int argc, char **argv)
{
	struct run_ctx ctx = { 0 };
	struct sigaction sa = { .sa_handler = on_signal };
	struct synth_select *sel;
	struct synth_trigger *t;
	struct options o;
	char err[512];
	int r, status;

	if (options_parse(&o, argc, argv, err, sizeof(err))) {
		fprintf(stderr, "uevent-trigger: %s\n", err);
		options_free(&o);
		return 2;
	}
	if (o.help || o.version || o.list_actions) {
		if (o.list_actions)
			options_print_actions(stdout);
		else if (o.help)
			usage(stdout);
		else
			puts("uevent-trigger " VERSION);
		options_free(&o);
		return 0;
	}

	if (!sysfs_mounted("/sys")) {
		fprintf(stderr, "uevent-trigger: /sys is not a mounted sysfs: no device can be found or triggered\n");
		options_free(&o);
		return 1;
	}
	sel = synth_select_new("/sys", "/run/udev");
	t = synth_trigger_new();
	if (!sel || !t) {
		fprintf(stderr, "uevent-trigger: out of memory\n");
		return 1;
	}
	ctx.profile = getenv("SYNTH_UEVENT_PROFILE") != NULL;
	status = select_devices(&o, sel);
	/* For make bench: what finding the devices cost. */
	if (ctx.profile)
		fprintf(stderr,
			"uevent-trigger: profile: to_selected_us=%llu\n",
			cpu_usec());
	if (!status) {
		r = configure(&o, t, sel);
		if (r) {
			fprintf(stderr, "uevent-trigger: %s\n", strerror(-r));
			status = 2;
		}
	}
	if (status)
		goto out;

	if (o.dry_run) {
		dry_run(&o, t);
		goto out;
	}
	if (geteuid() != 0) {
		fprintf(stderr, "uevent-trigger: writing uevent files needs root; nothing was written\n");
		status = 1;
		goto out;
	}

	if (o.wait_daemon) {
		r = synth_udevd_ping(NULL, o.wait_daemon_usec, err,
				     sizeof(err));
		if (r) {
			fprintf(stderr, "uevent-trigger: --wait-daemon: %s within %.1f s; nothing was written\n",
				err, o.wait_daemon_usec / 1e6);
			status = 1;
			goto out;
		}
	}
	ctx.verbose = o.verbose;
	ctx.quiet = o.quiet;
	ctx.total = synth_trigger_count(t);
	ctx.progress = o.wait && !o.quiet && !o.json && isatty(STDERR_FILENO);
	synth_trigger_set_log(t, on_log, &ctx);
	synth_trigger_set_progress(t, ctx.progress ? on_progress : NULL, &ctx);
	synth_trigger_set_stop(t, &stop_signal);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	if (o.verbose)
		fprintf(stderr, "uevent-trigger: %s %zu device%s, uuid %s\n",
			o.action, ctx.total, ctx.total == 1 ? "" : "s",
			synth_trigger_get_uuid(t));
	r = synth_trigger_run(t);
	status = exit_status(t, r);
	if (r && r != -EINTR) {
		const char *why = synth_trigger_refusal(t);

		fprintf(stderr, "uevent-trigger: %s\n",
			*why ? why : strerror(-r));
		/* Status 2 promises that nothing was emitted. */
		if (r == -ENOTSUP && !synth_trigger_fell_back(t))
			status = 2;
	}
	if (r == -EINTR && !o.quiet)
		fprintf(stderr, "uevent-trigger: interrupted by signal %d; what is known so far:\n",
			stop_signal);
	if (o.json)
		report_json(stdout, t, o.action, o.wait,
			    r == -EINTR ? "interrupted" : r ? "error" : "done");
	/* udevadm's --uuid output: stdout is the JSON's with --json. */
	else if (o.print_uuid)
		report_uuids(stdout, t, o.verbose, o.wait);
	/* A run refused before any write has no device to speak of. */
	if (!o.quiet && !(o.json && !o.verbose) && (!r || r == -EINTR))
		report_text(o.verbose && !o.json && !o.print_uuid ?
			    stdout : stderr, t, o.verbose, o.wait);
	if (ctx.profile)
		fprintf(stderr, "uevent-trigger: profile: total_us=%llu\n",
			cpu_usec());
out:
	synth_trigger_free(t);
	synth_select_free(sel);
	options_free(&o);
	return status;
}
