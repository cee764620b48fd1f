/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the event loop examples share: their command line and their
 * report.  Only the public API of libsynthuevent.
 *
 *   PROGRAM [--run-udev DIR] [--timeout SECONDS] [--action ACTION] SYSPATH...
 *
 * Triggers ACTION (default change) on the devices as one transaction and
 * waits inside the program's event loop; prints one line per device and
 * exits 0 when every one was processed (or emitted, with no manager to
 * wait for), 1 otherwise, 2 for a bad command line or a refused run.
 */
#ifndef EXAMPLE_COMMON_H
#define EXAMPLE_COMMON_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "synth_uevent.h"

static void example_usage(const char *prog)
{
	fprintf(stderr, "usage: %s [--run-udev DIR] [--timeout SECONDS] [--action ACTION] SYSPATH...\n",
		prog);
}

/* A transaction of argv's devices, not started yet; NULL after a message. */
static struct synth_trigger *example_setup(int argc, char **argv)
{
	struct synth_trigger *t = synth_trigger_new();
	int i, r = 0, n = 0;

	if (!t)
		return NULL;
	synth_trigger_set_timeout(t, 30000000);
	for (i = 1; i < argc && !r; i++) {
		if (!strcmp(argv[i], "--run-udev") && i + 1 < argc)
			r = synth_trigger_set_roots(t, argv[++i], "/proc");
		else if (!strcmp(argv[i], "--timeout") && i + 1 < argc)
			synth_trigger_set_timeout(t, atof(argv[++i]) * 1e6);
		else if (!strcmp(argv[i], "--action") && i + 1 < argc)
			r = synth_trigger_set_action(t, argv[++i]);
		else if (argv[i][0] == '-')
			r = -EINVAL;
		else if (!(r = synth_trigger_add_device(t, argv[i])))
			n++;
	}
	if (r || !n) {
		if (r)
			fprintf(stderr, "%s: %s: %s\n", argv[0], argv[i - 1],
				strerror(-r));
		example_usage(argv[0]);
		synth_trigger_free(t);
		return NULL;
	}
	return t;
}

/* One line per device; 0 when all were processed (or emitted), else 1. */
static int example_report(const struct synth_trigger *t, int wakes)
{
	size_t i, n = synth_trigger_count(t);
	int status = 0;

	for (i = 0; i < n; i++) {
		int o = synth_trigger_get_outcome(t, i);

		printf("%s: %s (seqnum %llu)\n", synth_trigger_get_syspath(t, i),
		       synth_outcome_name(o),
		       (unsigned long long)synth_trigger_get_seqnum(t, i));
		if (o != SYNTH_PROCESSED && o != SYNTH_EMITTED)
			status = 1;
	}
	printf("uuid %s: %zu device%s, %d wake-up%s of the loop\n",
	       synth_trigger_get_uuid(t), n, n == 1 ? "" : "s", wakes,
	       wakes == 1 ? "" : "s");
	return status;
}

#endif
