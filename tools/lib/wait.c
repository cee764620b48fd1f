// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The run's wait (run.c): the manager's broadcasts of our SEQNUMs, what
 * they say of each device, and what is done when the manager or its
 * messages are lost; at the end, what is still pending is settled.
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

/* Nothing at all on a rebroadcast group for this long is worth a word. */
#define SILENCE_USEC		3000000

/*
 * Was our event sent on by udevd without its rules having run?  A worker
 * sets USEC_INITIALIZED on every event but a removal; before 251, the main
 * process forwards a dead worker's event as the kernel sent it, without
 * it (and without UDEV_WORKER_FAILED, which came in 251).  This needs no
 * pid: found only by its sockets, udevd's main process is not known.
 */
static bool not_initialized(const struct synth_trigger *t,
			    const struct synth_msg *m)
{
	return t->wait == SYNTH_WAIT_UDEV && m->from_udev && !m->initialized &&
	       strcmp(t->action, "remove");
}

/*
 * The manager broadcast a removal: of a device whose event is still
 * pending, under a later SEQNUM than ours?  A manager processes the events
 * of one device in order (udevd holds back an event while an earlier one
 * of the same devpath, devnum or ifindex, or of a parent or child, is
 * queued or running: event_is_blocked(), 247 to 262; mdevd takes one event
 * at a time), so ours was done before this one began, and its broadcast,
 * had it come, would be here already: it will never come.  True when the
 * message was such a removal.
 */
static bool removed_msg(struct synth_trigger *t, const struct synth_msg *m)
{
	struct dev *d = devtab_by_any_seqnum(&t->tab, m->seqnum);

	if (d)
		return false;	/* our own event (-c remove) */
	d = devtab_by_devpath(&t->tab, m->devpath);
	if (!d || d->outcome != SYNTH_PENDING || !d->confirmed ||
	    d->seqnum >= m->seqnum)
		return false;
	run_settle(t, d, SYNTH_VANISHED, SYNTH_REASON_REMOVED);
	return true;
}

/*
 * What a broadcast says of its event: processed, or why not.  Workers
 * broadcast what they processed; the main process only what a dead worker
 * left (udevd 247 to 250: the kernel's event unchanged).
 */
static enum synth_reason broadcast_reason(const struct synth_trigger *t,
					  const struct synth_msg *m)
{
	if (m->worker_failed)
		return SYNTH_REASON_WORKER_FAILED;
	if (t->wait == SYNTH_WAIT_UDEV && watch_is_main(t, m->sender_pid))
		return SYNTH_REASON_FORWARDED;
	if (not_initialized(t, m))
		return SYNTH_REASON_NOT_INITIALIZED;
	return SYNTH_REASON_BROADCAST;
}

/* From the manager: our SEQNUMs, processed or failed. */
static int wait_msg(struct synth_trigger *t, const struct synth_msg *m)
{
	struct dev *d;
	enum synth_reason why;

	t->heard = true;
	if (t->watch == WATCH_RESTORING && !t->restored_heard_at)
		t->restored_heard_at = synth_now_usec();
	if (!strcmp(m->action, "remove") && removed_msg(t, m))
		return 0;
	if (!run_ours(t, m)) {
		if (t->cons.on)
			cons_broadcast(t, m, broadcast_reason(t, m));
		return 0;
	}
	/*
	 * Any SEQNUM it was confirmed under: a udevd that kept its queue
	 * across a restart (258 and later) processes the old event, which
	 * is ours as much as the one written again.
	 */
	d = devtab_by_any_seqnum(&t->tab, m->seqnum);
	if (!d || d->outcome != SYNTH_PENDING)
		return 0;
	why = broadcast_reason(t, m);
	run_settle(t, d, why == SYNTH_REASON_BROADCAST ? SYNTH_PROCESSED :
		   SYNTH_FAILED, why);
	cons_dev_broadcast(t, d - t->tab.devs);
	/* The SEQNUM reported is the one the manager processed. */
	d->seqnum = m->seqnum;
	t->settled_at = synth_now_usec();
	d->usec = synth_now_usec() - d->usec;
	d->timed = true;
	return 0;
}

/*
 * Read the manager's broadcasts; -ENOBUFS when some were lost.  Following
 * consequences, the kernel's group is read before (a broadcast is then of
 * an event already seen) and after (what came before a broadcast is
 * there: its window closes).
 */
int run_drain_wait(struct synth_trigger *t, bool all)
{
	size_t got;
	int r;

	if (t->cons.on)
		run_drain_kernel(t, true);
	r = run_drain(t, t->wfd, synth_trigger_get_group(t), wait_msg,
		      PROF_MANAGER, all);
	got = t->drained;
	if (t->cons.on && (cons_closing(t) || r == -ENOBUFS)) {
		run_drain_kernel(t, true);
		if (r == -ENOBUFS)
			cons_broadcasts_lost(t);
		cons_close(t);
	}
	/* What the manager's read brought (run_wake()'s gathering). */
	t->drained = got;
	return r;
}

/* Nothing will confirm what is pending. */
static void abandon(struct synth_trigger *t)
{
	size_t i;

	for (i = 0; i < t->tab.n; i++) {
		struct dev *d = &t->tab.devs[i];

		if (d->outcome == SYNTH_PENDING && d->confirmed)
			run_settle(t, d, SYNTH_UNCONFIRMED,
				   SYNTH_REASON_MANAGER_GONE);
	}
	cons_abandon(t, SYNTH_REASON_MANAGER_GONE);
}

/*
 * Waiting on a rebroadcast group that no known manager serves and on which
 * nothing at all arrives: say so, once, and what mdevd's -O means.
 */
static void check_silence(struct synth_trigger *t)
{
	if (t->watch != WATCH_OFF || t->heard || t->silence_said ||
	    synth_now_usec() - t->waiting_at < SILENCE_USEC)
		return;
	t->silence_said = true;
	synth_logf(t, LOG_WARNING, "nothing has arrived on netlink group %u in %d s while %zu events are pending: no manager seems to rebroadcast there (mdevd -O takes a bitmask: group %u is -O %lu, and -O 4 is group 3)",
		   t->group, SILENCE_USEC / 1000000, t->pending, t->group,
		   1UL << (t->group - 1));
}

/* The manager, looked at after each wake-up: 0, 1 gone, or an errno. */
static int follow_manager(struct synth_trigger *t, bool exited)
{
	int r;

	switch (watch_check(t, exited)) {
	case MANAGER_RESTARTED:
	case MANAGER_ACTIVATE:
		/* Its queue is lost: nothing will broadcast a consequence. */
		cons_abandon(t, SYNTH_REASON_MANAGER_GONE);
		r = run_trigger(t, PASS_PENDING);
		return r ? r : run_trigger_unsure(t);
	case MANAGER_GONE:
		synth_logf(t, LOG_WARNING, "%s", t->manager_lost);
		abandon(t);
		return 1;
	case MANAGER_SAME:
		break;
	}
	return 0;
}

int run_wake(struct synth_trigger *t, unsigned int ready, bool all)
{
	size_t before = t->pending;
	bool exited = ready & READY_PIDFD;
	int r;

	if ((ready & READY_KERNEL) && run_drain_kernel(t, all) == -ENOBUFS)
		synth_logf(t, LOG_WARNING, "kernel messages lost (ENOBUFS): removals are checked in sysfs at the end");
	t->woke_read = 0;
	if (ready & READY_MANAGER) {
		if (run_drain_wait(t, all) == -ENOBUFS)
			t->lost = true;
		t->woke_read = t->drained;
	}
	if (t->progress && t->pending != before)
		t->progress(t->progress_data, t->tab.n - t->pending, t->tab.n);
	if (t->watch != WATCH_OFF && run_pending(t)) {
		r = follow_manager(t, exited);
		if (r)
			return r;
	}
	while (t->pending && t->lost && t->rounds < RETRIGGER_ROUNDS) {
		/*
		 * Which broadcasts were lost is unknown: trigger every device
		 * still pending again, never assume it done.
		 */
		t->lost = false;
		t->rounds++;
		synth_logf(t, LOG_WARNING, "%s's messages were lost (ENOBUFS): triggering the %zu pending devices again (round %d)",
			   synth_manager_name(t), t->pending, t->rounds);
		r = run_trigger(t, PASS_PENDING);
		if (!r)
			r = run_trigger_unsure(t);
		if (r)
			return r;
	}
	if (t->pending)
		check_silence(t);
	if (t->pending && t->lost && t->rounds == RETRIGGER_ROUNDS) {
		synth_logf(t, LOG_WARNING, "%s's messages lost again (ENOBUFS): waiting for the %zu pending devices without triggering them again",
			   synth_manager_name(t), t->pending);
		t->rounds++;
	}
	return 0;
}

uint64_t run_next_wake(const struct synth_trigger *t, uint64_t now)
{
	uint64_t next = 0, restoring = watch_next(t);

	if (t->pending && t->lost && t->rounds < RETRIGGER_ROUNDS)
		return now;
	/* No pidfd tells of the manager's exit: look at it every slice. */
	if (t->watch != WATCH_OFF && t->pidfd < 0)
		next = synth_usec_add(now, WAIT_SLICE_MSEC * 1000ULL);
	/* 0 but while the next udevd works through a saved queue. */
	if (restoring && (!next || restoring < next))
		next = restoring;
	if (t->watch == WATCH_OFF && !t->heard && !t->silence_said &&
	    (!next || synth_usec_add(t->waiting_at, SILENCE_USEC) < next))
		next = synth_usec_add(t->waiting_at, SILENCE_USEC);
	return next;
}

void run_finish(struct synth_trigger *t)
{
	struct stat st;
	size_t i;

	if (t->prof.on) {
		char line[256];

		prof_format(&t->prof, line, sizeof(line));
		synth_logf(t, LOG_NOTICE, "%s", line);
	}
	for (i = 0; i < t->tab.n; i++) {
		struct dev *d = &t->tab.devs[i];

		if (d->outcome != SYNTH_PENDING)
			continue;
		if (d->unsure)
			run_settle(t, d, SYNTH_UNCONFIRMED,
				   SYNTH_REASON_KERNEL_LOST);
		else if (!d->confirmed)
			run_settle(t, d, SYNTH_NO_EVENT,
				   SYNTH_REASON_NOT_EMITTED);
		else if (stat(devtab_syspath(&t->tab, d), &st) &&
			 errno == ENOENT)
			run_settle(t, d, SYNTH_VANISHED, SYNTH_REASON_GONE);
		else
			run_settle(t, d, SYNTH_TIMEOUT, SYNTH_REASON_TIMEOUT);
	}
	cons_finish(t);
}
