// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * synth-trigger-glib [--run-udev DIR] [--timeout SECONDS] SYSPATH...
 *
 * A transaction of libsynthuevent run inside a GLib main loop: a unix fd
 * source on synth_trigger_get_fd() and a timeout source set to
 * synth_trigger_get_deadline() (both CLOCK_MONOTONIC:
 * g_get_monotonic_time()), synth_trigger_process() from both.
 */
#define _GNU_SOURCE
#include <time.h>
#include <glib.h>
#include <glib-unix.h>

#include "example-common.h"

struct ctx {
	struct synth_trigger *t;
	GMainLoop *loop;
	guint fd_id;
	guint timer_id;
	int status;
	int wakes;
};

static gboolean on_timer(gpointer data);

static void arm_timer(struct ctx *c)
{
	uint64_t deadline = synth_trigger_get_deadline(c->t);
	gint64 now = g_get_monotonic_time();
	guint ms;

	if (c->timer_id)
		g_source_remove(c->timer_id);
	c->timer_id = 0;
	if (!deadline)
		return;
	ms = (gint64)deadline > now ? (deadline - now + 999) / 1000 : 0;
	c->timer_id = g_timeout_add(ms, on_timer, c);
}

/* Process; FALSE (remove the calling source) once done. */
static gboolean step(struct ctx *c)
{
	int r;

	c->wakes++;
	r = synth_trigger_process(c->t);
	if (r == 0) {
		arm_timer(c);
		return G_SOURCE_CONTINUE;
	}
	if (r < 0) {
		fprintf(stderr, "run: %s\n", strerror(-r));
		c->status = 2;
	} else {
		c->status = example_report(c->t, c->wakes);
	}
	g_main_loop_quit(c->loop);
	return G_SOURCE_REMOVE;
}

static gboolean on_timer(gpointer data)
{
	struct ctx *c = data;
	gboolean again;

	c->timer_id = 0;
	again = step(c);
	if (!again && c->fd_id) {
		g_source_remove(c->fd_id);
		c->fd_id = 0;
	}
	/* step() set a new timer when one is needed. */
	return G_SOURCE_REMOVE;
}

static gboolean on_fd(gint fd, GIOCondition cond, gpointer data)
{
	struct ctx *c = data;
	gboolean again = step(c);

	if (!again) {
		c->fd_id = 0;
		if (c->timer_id)
			g_source_remove(c->timer_id);
		c->timer_id = 0;
	}
	return again;
}

int main(int argc, char **argv)
{
	struct ctx c = { .t = example_setup(argc, argv) };
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
	c.loop = g_main_loop_new(NULL, FALSE);
	c.fd_id = g_unix_fd_add(synth_trigger_get_fd(c.t), G_IO_IN, on_fd, &c);
	arm_timer(&c);
	g_main_loop_run(c.loop);
	if (c.fd_id)
		g_source_remove(c.fd_id);
	if (c.timer_id)
		g_source_remove(c.timer_id);
	g_main_loop_unref(c.loop);
	synth_trigger_free(c.t);
	return c.status;
}
