// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The group transaction's run: write one synthetic uevent per device under
 * one UUID, confirm on the kernel's group which writes produced an event
 * and under which SEQNUM (write.c), then wait until the device manager
 * broadcast each of those SEQNUMs as processed (wait.c).  Here: what both
 * share, a device's outcome and the reading of a group.
 *
 * Events are matched by SEQNUM and SYNTH_UUID, never by path, so a rename
 * cannot hang the wait, and a device renamed is written to at its new
 * path when triggered again.  Nothing unknown is ever taken for success:
 *
 *  - "processed" only from the manager's own broadcast of our SEQNUM, sent
 *    by one of its workers; from its main process (udevd 247 to 250
 *    forward a dead worker's event unchanged), without USEC_INITIALIZED
 *    (that forward, when the main process is not known) or with
 *    UDEV_WORKER_FAILED (udevd 251 and later) it is "failed";
 *  - manager broadcasts lost (ENOBUFS): the pending devices are triggered
 *    again, never assumed done; so are they when the manager exits (its
 *    queue died with it, see watch.c);
 *  - kernel messages lost while writing: whether the write made an event
 *    is unknown, so that device is triggered again; "no-event" is only
 *    said of a write known to have made none;
 *  - the kernel as the only source: "emitted", not "processed";
 *  - "vanished" on the manager's word: its broadcast of the removal,
 *    which it processes after our event, without ours; the kernel's
 *    removal alone is none (udevd processes a queued event of a removed
 *    device all the same);
 *  - a network device of another network namespace, whose events never
 *    reach us: written to, "unconfirmed", and never probed (netns.h).
 *
 * With consequences asked for, the kernel's group is followed for the
 * events ours cause (consequence.c): the hooks are cons_*().
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "internal.h"
#include "netns.h"
#include "run.h"
#include "trigger.h"

bool run_stopped(const struct synth_trigger *t)
{
	return t->stop && *t->stop;
}

/* D leaves the counts of the pending and the unsure. */
static void uncount(struct synth_trigger *t, struct dev *d)
{
	if (d->outcome == SYNTH_PENDING && d->confirmed)
		t->pending--;
	if (d->unsure)
		t->unsure--;
	d->unsure = false;
}

/* The outcome of D is known, and why. */
void run_settle(struct synth_trigger *t, struct dev *d,
		enum synth_outcome outcome, enum synth_reason reason)
{
	uncount(t, d);
	d->outcome = outcome;
	d->reason = reason;
}

/* D's event left the kernel as SEQNUM. */
int run_confirm(struct synth_trigger *t, struct dev *d, uint64_t seqnum)
{
	int r = devtab_confirm(&t->tab, d, seqnum);

	if (!r && d->outcome == SYNTH_PENDING)
		t->pending++;
	return r;
}

/* D is to be triggered again: forget its event. */
void run_unconfirm(struct synth_trigger *t, struct dev *d)
{
	uncount(t, d);
	d->confirmed = false;
	d->seqnum = 0;
}

bool run_ours(const struct synth_trigger *t, const struct synth_msg *m)
{
	if (t->fell_back)
		return !m->uuid || !strcmp(m->uuid, "0");
	return m->uuid && !strcmp(m->uuid, t->uuid);
}

/*
 * Read every message queued on FD, handing each good one to FN.  Returns
 * -ENOBUFS when messages were lost, FN's error, or 0.  Without ALL, a
 * short read ends it: the queue was empty then, and what comes later
 * (an overrun too: the socket's error) makes FD readable again, for a
 * level-triggered epoll_wait() (see run_wake()).
 */
int run_drain(struct synth_trigger *t, int fd, unsigned int group,
	      int (*fn)(struct synth_trigger *t, const struct synth_msg *m),
	      enum prof_phase phase, bool all)
{
	size_t got = 0;
	int lost = 0, r = 0;

	prof_begin(&t->prof);
	for (;;) {
		int i, n = synth_listen_recv(fd, group, t->rx);

		if (n == -EAGAIN || n == -EINTR) {
			r = lost;
			break;
		}
		if (n == -ENOBUFS) {
			lost = -ENOBUFS;
		} else if (n < 0) {
			r = n;
			break;
		}
		for (i = 0; i < n && !r; i++)
			r = t->rx->rc[i] ? 0 : fn(t, &t->rx->msg[i]);
		if (n > 0)
			got += n;
		if (r || (!all && n >= 0 && n < SYNTH_RX_BATCH)) {
			r = r ? r : lost;
			break;
		}
	}
	prof_end(&t->prof, phase, got);
	t->drained = got;
	return r;
}
