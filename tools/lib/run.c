// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The group transaction's run: write one synthetic uevent per device under
 * one UUID, confirm on the kernel's group which writes produced an event
 * and under which SEQNUM, then wait until the device manager broadcast
 * each of those SEQNUMs as processed.
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
#include "trigger.h"

#define RETRIGGER_ROUNDS	5
#define WRITE_MAX		4096
/*
 * Writes between two reads of the kernel's group.  Each write's event is
 * queued on our socket before write() returns, so after a batch's writes
 * and a read of everything queued, a device of the batch without an event
 * made none; unless messages were lost, and then every such device of the
 * batch is unsure.  Until one write with our UUID made an event, a batch
 * is one write.
 */
#define WRITE_BATCH		32
/* Nothing at all on a rebroadcast group for this long is worth a word. */
#define SILENCE_USEC		3000000

/* Which devices trigger_devices() writes to. */
enum pass {
	PASS_ALL,		/* the first time */
	PASS_PENDING,		/* again: every device still pending */
	PASS_UNSURE,		/* again: those whose event is unknown */
};

static bool stopped(const struct synth_trigger *t)
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
static void settle_dev(struct synth_trigger *t, struct dev *d,
		       enum synth_outcome outcome, enum synth_reason reason)
{
	uncount(t, d);
	d->outcome = outcome;
	d->reason = reason;
}

/* D's event left the kernel as SEQNUM. */
static int confirm_dev(struct synth_trigger *t, struct dev *d, uint64_t seqnum)
{
	int r = devtab_confirm(&t->tab, d, seqnum);

	if (!r && d->outcome == SYNTH_PENDING)
		t->pending++;
	return r;
}

/* D is to be triggered again: forget its event. */
static void unconfirm_dev(struct synth_trigger *t, struct dev *d)
{
	uncount(t, d);
	d->confirmed = false;
	d->seqnum = 0;
}

static bool ours(const struct synth_trigger *t, const struct synth_msg *m)
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
static int drain(struct synth_trigger *t, int fd, unsigned int group,
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

/*
 * The device of a batch whose event the kernel sent: one of the next two
 * written (each write's event comes in turn, but a write may have made
 * none), else NULL.  Saves a search in the common case.
 */
static struct dev *expected(struct synth_trigger *t, const char *devpath)
{
	size_t i;

	for (i = t->expect_i; i < t->expect_n && i < t->expect_i + 2; i++) {
		struct dev *d = &t->tab.devs[t->expect[i]];

		if (!d->renamed && !d->confirmed &&
		    !strcmp(d->syspath + 4, devpath)) {
			t->expect_i = i + 1;
			return d;
		}
	}
	return NULL;
}

/* From the kernel: confirm our events, follow renames. */
static int kernel_msg(struct synth_trigger *t, const struct synth_msg *m)
{
	struct dev *d = NULL;

	if (!strcmp(m->action, t->action) && ours(t, m))
		d = expected(t, m->devpath);
	if (!d)
		d = devtab_by_devpath(&t->tab, m->devpath);

	if (d && !d->confirmed && !strcmp(m->action, t->action) && ours(t, m))
		return confirm_dev(t, d, m->seqnum);
	/* Before a rename below: the window is at the old name. */
	if (t->cons.on && !(m->uuid && !strcmp(m->uuid, t->uuid))) {
		int r = cons_kernel_msg(t, m);

		if (r)
			return r;
	}
	if (!strcmp(m->action, "move") && m->devpath_old) {
		d = devtab_by_devpath(&t->tab, m->devpath_old);
		/* On failure it is still found by SEQNUM: never a hang. */
		if (d)
			(void)devtab_rename(&t->tab, d, m->devpath);
		return 0;
	}
	/*
	 * A removal is no outcome: the manager still holds our event, which
	 * it processes before the removal (see removed_msg()).
	 */
	return 0;
}

/*
 * Read the kernel's group; to the end (ALL) after a write: what is not
 * there was never sent (each write's event is queued before write()
 * returns).
 */
static int drain_kernel(struct synth_trigger *t, bool all)
{
	int r = drain(t, t->kfd, SYNTH_GROUP_KERNEL, kernel_msg, PROF_KERNEL,
		      all);

	if (r == -ENOBUFS)
		cons_kernel_lost(t);
	return r;
}

/*
 * The directory of the device written last, kept open while its siblings
 * follow (a group is sorted by path): each of them is then opened by two
 * names, not by the whole path.
 */
struct wdir {
	int fd;
	size_t len;
	char path[PATH_MAX];
};

/* Does the syspath P (of the directory of length LEN) live in W? */
static bool in_wdir(const struct wdir *w, const char *p, size_t len)
{
	return w && w->fd >= 0 && len == w->len && !memcmp(p, w->path, len);
}

/* Open the uevent file of the device at I, for writing; W may be NULL. */
static int open_uevent(struct synth_trigger *t, size_t i, struct wdir *w)
{
	const char *p = devtab_syspath(&t->tab, &t->tab.devs[i]);
	const char *slash = strrchr(p, '/');
	size_t len = slash ? (size_t)(slash - p) : 0;
	size_t nlen = strlen(p) - len;
	char path[PATH_MAX + 8];

	if (w && slash && len && len < sizeof(w->path) && !in_wdir(w, p, len) &&
	    i + 1 < t->tab.n) {
		const char *next = devtab_syspath(&t->tab, &t->tab.devs[i + 1]);

		/* A sibling comes next: keep this directory open. */
		if (!strncmp(next, p, len + 1) &&
		    !strchr(next + len + 1, '/')) {
			if (w->fd >= 0)
				close(w->fd);
			memcpy(w->path, p, len);
			w->path[len] = '\0';
			w->len = len;
			w->fd = open(w->path, O_PATH | O_DIRECTORY | O_CLOEXEC);
		}
	}
	if (slash && in_wdir(w, p, len) && nlen + 7 < sizeof(path)) {
		memcpy(path, slash + 1, nlen - 1);
		memcpy(path + nlen - 1, "/uevent", 8);
		return openat(w->fd, path, O_WRONLY | O_CLOEXEC);
	}
	if (len + nlen + 8 > sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(path, p, len + nlen);
	memcpy(path + len + nlen, "/uevent", 8);
	return open(path, O_WRONLY | O_CLOEXEC);
}

static int write_one(struct synth_trigger *t, struct dev *d, const char *text,
		     size_t len, struct wdir *w)
{
	ssize_t n;
	int fd, r = 0;

	fd = open_uevent(t, d - t->tab.devs, w);
	if (fd < 0)
		return -errno;
	d->usec = synth_now_usec();
	d->timed = false;
	n = write(fd, text, len);
	if (n < 0)
		r = -errno;
	else if ((size_t)n != len)
		r = -EIO;
	close(fd);
	return r;
}

/* The write text for our mode: "ACTION UUID K=V..." or the plain action. */
static int compose(struct synth_trigger *t, char *text, size_t size)
{
	if (t->fell_back)
		return synth_format_write(text, size, t->action, NULL, NULL, 0);
	return synth_format_write(text, size, t->action, t->uuid,
				  t->env.items, t->env.n);
}

static bool env_alnum(const struct synth_trigger *t)
{
	size_t i;

	for (i = 0; i < t->env.n; i++)
		if (!synth_env_is_alnum(t->env.items[i]))
			return false;
	return true;
}

/*
 * The first write with our UUID was refused (EINVAL) or silently produced
 * nothing: find out what this kernel takes, from its answers alone.
 * Returns 0 to go on (perhaps in fallback mode), or -ENOTSUP (with
 * t->fell_back when the probe, a plain action, made an event).
 */
static int kernel_refused(struct synth_trigger *t, struct dev *d, int err)
{
	char text[WRITE_MAX];
	int len, r;

	if (err == -EINVAL && t->env.n && !env_alnum(t)) {
		snprintf(t->refusal, sizeof(t->refusal),
			 "the kernel refused '%s %s %s...' (EINVAL): it only accepts letters and digits in KEY=VALUE, not the extended synthetic uevent arguments ('_' in keys, + - . / : in values); nothing was triggered",
			 t->action, t->uuid, t->env.items[0]);
		return -ENOTSUP;
	}
	/* Does it take the plain action?  Then it does not take UUIDs. */
	len = synth_format_write(text, sizeof(text), t->action, NULL, NULL, 0);
	r = write_one(t, d, text, len, NULL);
	if (r)
		return r;
	t->fell_back = true;
	drain_kernel(t, true);
	if (!d->confirmed) {
		/* A filtered object: it says nothing about the kernel. */
		t->fell_back = false;
		return 0;
	}
	if (t->env.n) {
		snprintf(t->refusal, sizeof(t->refusal),
			 "the kernel %s a write with a UUID (%s): it predates synthetic uevent arguments, so KEY=VALUE cannot be passed; nothing more was triggered, but %s received a plain '%s' (the probe that found it out)",
			 err ? "refused" : "ignored", err ? strerror(-err) : "no event",
			 devtab_syspath(&t->tab, d), t->action);
		return -ENOTSUP;
	}
	synth_logf(t, LOG_WARNING, "the kernel %s a write with a UUID: falling back to plain '%s' matched by SEQNUM",
		   err ? "refused" : "ignored", t->action);
	return 0;
}

static int drain_wait(struct synth_trigger *t, bool all);

/* Is D one that PASS writes to (and, when again, forget its event)? */
static bool take(struct synth_trigger *t, struct dev *d, enum pass pass)
{
	if (pass == PASS_ALL)
		return true;
	if (d->outcome != SYNTH_PENDING || (pass == PASS_UNSURE && !d->unsure))
		return false;
	unconfirm_dev(t, d);
	if (d->retries < UINT16_MAX)
		d->retries++;
	return true;
}

/*
 * The devices written since the last read of the kernel's group: read it,
 * and settle those that made no event, or mark them unsure when messages
 * were lost.  Then the manager's broadcasts.  0 or -ENOMEM.
 */
static int read_batch(struct synth_trigger *t, uint32_t *batch, size_t *n)
{
	size_t i;
	int r;

	if (*n)
		prof_end(&t->prof, PROF_WRITE, *n);
	t->expect = batch;
	t->expect_n = *n;
	t->expect_i = 0;
	r = drain_kernel(t, true);
	t->expect_n = 0;
	if (r && r != -ENOBUFS)
		return r;
	for (i = 0; i < *n; i++) {
		struct dev *d = &t->tab.devs[batch[i]];

		if (d->confirmed || d->outcome != SYNTH_PENDING || d->unsure)
			continue;
		if (r == -ENOBUFS) {
			/* No event seen is no proof of none. */
			d->unsure = true;
			t->unsure++;
		} else {
			settle_dev(t, d, SYNTH_NO_EVENT,
				   SYNTH_REASON_NOT_EMITTED);
		}
	}
	*n = 0;
	if (t->wfd >= 0 && drain_wait(t, true) == -ENOBUFS)
		t->lost = true;
	return 0;
}

/*
 * D's write failed with R: settle D (vanished or failed), or return R when
 * it stops the run (no right to write).
 */
static int write_failed(struct synth_trigger *t, struct dev *d, int r)
{
	if (r == -EACCES || r == -EPERM)
		return r;
	if (r == -ENOENT || r == -ENODEV)
		settle_dev(t, d, SYNTH_VANISHED, SYNTH_REASON_WRITE_GONE);
	else
		settle_dev(t, d, SYNTH_FAILED, SYNTH_REASON_WRITE_ERROR);
	d->error = -r;
	return 0;
}

/*
 * The first writes, until one with our UUID made an event: what does this
 * kernel take?  Returns 0, or an errno that stops the run.
 */
static int verify_write(struct synth_trigger *t, struct dev *d, int r)
{
	if (!r)
		r = drain_kernel(t, true);
	if (r == -ENOMEM)
		return r;
	if (r == -ENOBUFS) {
		if (!d->confirmed) {
			d->unsure = true;
			t->unsure++;
		}
		return 0;
	}
	if ((!r && !d->confirmed) || r == -EINVAL) {
		r = kernel_refused(t, d, r);
		if (r)
			return r;
		if (!d->confirmed)
			settle_dev(t, d, SYNTH_NO_EVENT,
				   SYNTH_REASON_NOT_EMITTED);
		return 0;
	}
	if (r)
		return write_failed(t, d, r);
	t->verified = true;
	if (t->wfd >= 0 && drain_wait(t, true) == -ENOBUFS)
		t->lost = true;
	return 0;
}

/*
 * D is a network device of another network namespace: its event goes
 * there, never to us, so it cannot confirm the write (nor be the probe of
 * what the kernel takes, which would emit an unmarked event there).
 * Written, and unconfirmed at once.
 */
static int write_other_netns(struct synth_trigger *t, struct dev *d,
			     const char *text, size_t len, struct wdir *w)
{
	int r = write_one(t, d, text, len, w);

	if (r)
		return write_failed(t, d, r);
	settle_dev(t, d, SYNTH_UNCONFIRMED, SYNTH_REASON_OTHER_NETNS);
	return 0;
}

/*
 * Write to each device PASS takes and confirm on the kernel group, a batch
 * at a time.  The manager's broadcasts are read between batches too, so a
 * large group cannot overflow the socket while it is being triggered.
 * Returns 0, or an errno that stops the run.
 */
static int trigger_devices(struct synth_trigger *t, enum pass pass)
{
	char text[WRITE_MAX];
	uint32_t batch[WRITE_BATCH];
	struct wdir w = { .fd = -1 };
	size_t i, n = 0;
	int len, r = 0;

	len = compose(t, text, sizeof(text));
	if (len < 0)
		return len;
	for (i = 0; i < t->tab.n && !r; i++) {
		struct dev *d = &t->tab.devs[i];

		if (stopped(t)) {
			r = -EINTR;
			break;
		}
		if (!take(t, d, pass))
			continue;
		if (d->other_netns) {
			r = write_other_netns(t, d, text, len, &w);
			continue;
		}
		if (!t->verified && !t->fell_back) {
			r = verify_write(t, d, write_one(t, d, text, len, &w));
			/* Fallen back: plain actions from now on. */
			if (!r && t->fell_back)
				len = compose(t, text, sizeof(text));
			continue;
		}
		if (!n)
			prof_begin(&t->prof);
		r = write_one(t, d, text, len, &w);
		if (r)
			r = write_failed(t, d, r);
		else
			batch[n++] = i;
		if (n == WRITE_BATCH)
			r = read_batch(t, batch, &n);
	}
	if (w.fd >= 0)
		close(w.fd);
	/* What was written is read, whatever stops the loop. */
	if (n) {
		int rb = read_batch(t, batch, &n);

		r = r ? r : rb;
	}
	return r;
}

/* Kernel messages lost while writing: write again where it matters. */
static int trigger_unsure(struct synth_trigger *t)
{
	int round, r;

	for (round = 1; t->unsure && round <= RETRIGGER_ROUNDS; round++) {
		synth_logf(t, LOG_WARNING, "kernel messages lost (ENOBUFS) while triggering: whether %zu writes made an event is unknown; triggering those devices again (round %d)",
			   t->unsure, round);
		r = trigger_devices(t, PASS_UNSURE);
		if (r)
			return r;
	}
	return 0;
}

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
	settle_dev(t, d, SYNTH_VANISHED, SYNTH_REASON_REMOVED);
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
	if (!strcmp(m->action, "remove") && removed_msg(t, m))
		return 0;
	if (!ours(t, m)) {
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
	settle_dev(t, d, why == SYNTH_REASON_BROADCAST ? SYNTH_PROCESSED :
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
static int drain_wait(struct synth_trigger *t, bool all)
{
	size_t got;
	int r;

	if (t->cons.on)
		drain_kernel(t, true);
	r = drain(t, t->wfd, synth_trigger_get_group(t), wait_msg,
		  PROF_MANAGER, all);
	got = t->drained;
	if (t->cons.on && (cons_closing(t) || r == -ENOBUFS)) {
		drain_kernel(t, true);
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
			settle_dev(t, d, SYNTH_UNCONFIRMED,
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
	if (t->watch || t->heard || t->silence_said ||
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
		r = trigger_devices(t, PASS_PENDING);
		return r ? r : trigger_unsure(t);
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

	if ((ready & READY_KERNEL) && drain_kernel(t, all) == -ENOBUFS)
		synth_logf(t, LOG_WARNING, "kernel messages lost (ENOBUFS): removals are checked in sysfs at the end");
	t->woke_read = 0;
	if (ready & READY_MANAGER) {
		if (drain_wait(t, all) == -ENOBUFS)
			t->lost = true;
		t->woke_read = t->drained;
	}
	if (t->progress && t->pending != before)
		t->progress(t->progress_data, t->tab.n - t->pending, t->tab.n);
	if (t->watch && run_pending(t)) {
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
		r = trigger_devices(t, PASS_PENDING);
		if (!r)
			r = trigger_unsure(t);
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
	uint64_t next = 0;

	if (t->pending && t->lost && t->rounds < RETRIGGER_ROUNDS)
		return now;
	/* No pidfd tells of the manager's exit: look at it every slice. */
	if (t->watch && t->pidfd < 0)
		next = synth_usec_add(now, WAIT_SLICE_MSEC * 1000ULL);
	if (t->watch && watch_next(t) && (!next || watch_next(t) < next))
		next = watch_next(t);
	if (!t->watch && !t->heard && !t->silence_said &&
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
			settle_dev(t, d, SYNTH_UNCONFIRMED,
				   SYNTH_REASON_KERNEL_LOST);
		else if (!d->confirmed)
			settle_dev(t, d, SYNTH_NO_EVENT,
				   SYNTH_REASON_NOT_EMITTED);
		else if (stat(devtab_syspath(&t->tab, d), &st) &&
			 errno == ENOENT)
			settle_dev(t, d, SYNTH_VANISHED, SYNTH_REASON_GONE);
		else
			settle_dev(t, d, SYNTH_TIMEOUT, SYNTH_REASON_TIMEOUT);
	}
	cons_finish(t);
}

/*
 * Which of the devices are network devices of another network namespace
 * than ours?  Those of the sysfs at /sys, when it was mounted for another
 * one (all of them: a sysfs shows the network devices of one namespace).
 * Looked at only when some path may be a network device.
 */
static void mark_other_netns(struct synth_trigger *t)
{
	char why[512] = "";
	size_t i, n = 0;
	bool looked = false;
	int ours = 1;

	for (i = 0; i < t->tab.n; i++) {
		struct dev *d = &t->tab.devs[i];

		if (!netns_maybe_netdev(d->syspath))
			continue;
		if (!looked)
			ours = netns_sysfs_ours("/sys", why, sizeof(why));
		looked = true;
		if (ours)
			break;
		if (netns_is_netdev(d->syspath)) {
			d->other_netns = true;
			if (!n++)
				synth_logf(t, LOG_WARNING, "%s: its network devices (%s first) belong to another network namespace than ours, and the kernel sends their events only there: they are written to and reported unconfirmed (other-netns)",
					   why, d->syspath);
		}
	}
	if (ours < 0)
		synth_logf(t, LOG_INFO, "the network namespace of /sys is unknown (%s): its network devices are taken for ours",
			   strerror(-ours));
}

int run_prepare(struct synth_trigger *t)
{
	int r;

	if (!t->uuid[0])
		synth_random_uuid(t->uuid);
	t->refusal[0] = '\0';
	prof_init(&t->prof);
	if (!t->rx) {
		t->rx = malloc(sizeof(*t->rx));
		if (!t->rx)
			return -ENOMEM;
	}
	r = devtab_index(&t->tab);
	if (r)
		return r;
	mark_other_netns(t);
	r = watch_choose(t);
	if (r)
		return r;

	/* Listen before the first write, so nothing can be missed. */
	t->kfd = synth_listen_open(SYNTH_GROUP_KERNEL, t->rcvbuf);
	if (t->kfd < 0)
		return t->kfd;
	if (t->wait != SYNTH_WAIT_KERNEL && t->wait != SYNTH_WAIT_NONE) {
		t->wfd = synth_listen_open(synth_trigger_get_group(t),
					   t->rcvbuf);
		if (t->wfd < 0)
			return t->wfd;
	}
	return cons_prepare(t);
}

int run_write(struct synth_trigger *t)
{
	enum synth_reason why = t->wait == SYNTH_WAIT_NONE ?
				SYNTH_REASON_NOT_WAITING :
				t->no_manager ? SYNTH_REASON_NO_MANAGER :
				SYNTH_REASON_KERNEL_ONLY;
	size_t i;
	int r;

	r = trigger_devices(t, PASS_ALL);
	if (!r)
		r = trigger_unsure(t);
	if (r)
		return r;

	for (i = 0; i < t->tab.n; i++) {
		struct dev *d = &t->tab.devs[i];

		if (d->outcome != SYNTH_PENDING || !d->confirmed)
			continue;
		if (t->wait == SYNTH_WAIT_KERNEL || t->wait == SYNTH_WAIT_NONE)
			settle_dev(t, d, SYNTH_EMITTED, why);
	}
	t->waiting_at = synth_now_usec();
	return 0;
}
