// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * synth-trigger-sd-event [--run-udev DIR] [--timeout SECONDS] SYSPATH...
 *
 * A transaction of libsynthuevent run inside an sd-event loop: one I/O
 * source on synth_trigger_get_fd(), one CLOCK_MONOTONIC timer at
 * synth_trigger_get_deadline(), synth_trigger_process() from both.  The
 * loop stays free for the program's other sources meanwhile.
 */
#define _GNU_SOURCE
#include <time.h>
#include <sys/epoll.h>
#include <systemd/sd-event.h>

#include "example-common.h"

struct ctx {
	struct synth_trigger *t;
	sd_event_source *timer;
	int wakes;
};

/* Process, then either end the loop or set the timer anew. */
static int step(sd_event_source *s, struct ctx *c)
{
	sd_event *e = sd_event_source_get_event(s);
	uint64_t deadline;
	int r;

	c->wakes++;
	r = synth_trigger_process(c->t);
	if (r < 0) {
		fprintf(stderr, "run: %s\n", strerror(-r));
		return sd_event_exit(e, 2);
	}
	if (r == 1)
		return sd_event_exit(e, example_report(c->t, c->wakes));
	deadline = synth_trigger_get_deadline(c->t);
	if (!deadline)
		return sd_event_source_set_enabled(c->timer, SD_EVENT_OFF);
	r = sd_event_source_set_time(c->timer, deadline);
	if (r >= 0)
		r = sd_event_source_set_enabled(c->timer, SD_EVENT_ONESHOT);
	return r;
}

static int on_io(sd_event_source *s, int fd, uint32_t revents, void *data)
{
	return step(s, data);
}

static int on_time(sd_event_source *s, uint64_t usec, void *data)
{
	return step(s, data);
}

int main(int argc, char **argv)
{
	struct ctx c = { .t = example_setup(argc, argv) };
	sd_event_source *io = NULL;
	sd_event *e = NULL;
	uint64_t deadline;
	int r;

	if (!c.t)
		return 2;
	r = synth_trigger_start(c.t);
	if (r < 0) {
		const char *why = synth_trigger_refusal(c.t);

		fprintf(stderr, "%s\n", *why ? why : strerror(-r));
		synth_trigger_free(c.t);
		return 2;
	}
	if (r == 1) {
		r = example_report(c.t, 0);
		synth_trigger_free(c.t);
		return r;
	}
	deadline = synth_trigger_get_deadline(c.t);
	r = sd_event_default(&e);
	if (r >= 0)
		r = sd_event_add_io(e, &io, synth_trigger_get_fd(c.t), EPOLLIN,
				    on_io, &c);
	if (r >= 0)
		r = sd_event_add_time(e, &c.timer, CLOCK_MONOTONIC,
				      deadline ? deadline : UINT64_MAX, 0,
				      on_time, &c);
	if (r >= 0 && !deadline)
		r = sd_event_source_set_enabled(c.timer, SD_EVENT_OFF);
	if (r >= 0)
		r = sd_event_loop(e);
	else
		fprintf(stderr, "sd-event: %s\n", strerror(-r));
	sd_event_source_unref(io);
	sd_event_source_unref(c.timer);
	sd_event_unref(e);
	synth_trigger_free(c.t);
	return r < 0 ? 2 : r;
}
