// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The consequences of our events: what the kernel emits because the
 * manager processed one of them, waited for like our own.
 *
 * The rule.  Each event we wait for opens a window over its device's
 * subtree: from its SEQNUM until the manager's broadcast of it.  An add
 * or bind event whose DEVPATH is strictly below the device's (its path
 * and a '/': 0000:00:01.10 is not below 0000:00:01.1), a bind of the
 * device itself (its driver, loaded by a rule, bound it), and a move whose
 * DEVPATH_OLD is the device or below it (a rule renamed it), emitted while
 * the window is open, is a consequence: it opens a window of its own, by
 * the same rule, and is waited for by its SEQNUM.  An event inside several
 * open windows belongs to the deepest, the nearest cause.
 *
 * Where the line is, and why:
 *
 *  - "Emitted before the broadcast" is read as "on the kernel's group
 *    when the broadcast is read": the kernel queues an event on every
 *    listener before the manager can even receive it, so after a
 *    broadcast is read the kernel's group is read to its end, and only
 *    then the window closes.  This takes in, too, what came between the
 *    broadcast and that read: a little more is waited for, never less.
 *  - An asynchronous probe that finishes after the broadcast (a driver
 *    with PROBE_PREFER_ASYNCHRONOUS, a disk that spins up, a USB hub's
 *    ports) is no consequence: nothing orders it before the broadcast,
 *    and a window left open would be the whole queue again, settle's
 *    wait.  What the probe adds within the window is taken in.
 *  - A device added elsewhere by a rule's RUN (a loop device set up, a
 *    dm table loaded) is not below the device: it is no consequence.  Its
 *    place in sysfs says nothing of who made it; that is the point of a
 *    rule about paths, which the kernel alone decides.
 *  - A rename by a rule (a network device's NAME=) is a move of the
 *    device itself: a consequence, and its window is at the new name.
 *  - A removal is no consequence: nothing waits for what is gone.  The
 *    manager's broadcast of the removal of a pending consequence makes it
 *    vanished (the manager processes a device's events in order).
 *  - A change event is no consequence: it tells of a device that was
 *    there already (udevd's own synthetic change after a partition table
 *    was read again belongs to the device it was written to, not to us).
 *
 * Nothing unknown is success: kernel messages lost (ENOBUFS) while a
 * window was open leave that subtree's consequences unknown, and the
 * device says so (synth_trigger_get_consequences_lost()); the manager's
 * broadcasts lost leave the pending consequences unconfirmed (they are
 * not ours to trigger again); at the timeout they are timeout.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>

#include "consequence.h"
#include "internal.h"
#include "trigger.h"

int cons_prepare(struct synth_trigger *t)
{
	struct conset *c = &t->cons;

	c->on = t->consequences && t->wfd >= 0;
	if (!c->on || !t->tab.n)
		return 0;
	c->dev_flags = calloc(t->tab.n, 1);
	if (!c->dev_flags)
		return -ENOMEM;
	c->n_dev = t->tab.n;
	return 0;
}

static bool dev_open(const struct synth_trigger *t, size_t i)
{
	const struct dev *d = &t->tab.devs[i];

	return (d->outcome == SYNTH_PENDING && d->confirmed) ||
	       (t->cons.dev_flags[i] & CONS_CLOSING);
}

static bool cons_open(const struct cons *c)
{
	return c->outcome == SYNTH_PENDING || c->closing;
}

/* Where a consequence comes from: its cause's SEQNUM and root device. */
struct cause {
	uint64_t seqnum;
	uint32_t dev;
};

/* The open window of the device or consequence at DEVPATH, the latest. */
static bool window_at(struct synth_trigger *t, const char *devpath,
		      struct cause *out)
{
	struct conset *c = &t->cons;
	struct dev *d = devtab_by_devpath(&t->tab, devpath);
	size_t i;

	out->seqnum = 0;
	for (i = c->n; i-- > 0;) {
		if (cons_open(&c->v[i]) && !strcmp(c->v[i].syspath + 4, devpath)) {
			out->seqnum = c->v[i].seqnum;
			out->dev = c->v[i].dev;
			break;
		}
	}
	if (d && dev_open(t, d - t->tab.devs) && d->seqnum > out->seqnum) {
		out->seqnum = d->seqnum;
		out->dev = d - t->tab.devs;
	}
	return out->seqnum;
}

/*
 * The deepest open window above DEVPATH: from DEVPATH itself when SELF,
 * else from its parent, up to the root.
 */
static bool find_cause(struct synth_trigger *t, const char *devpath,
		       bool self, struct cause *out)
{
	char p[PATH_MAX];
	size_t len = strlen(devpath);
	char *s;

	if (len >= sizeof(p))
		return false;
	memcpy(p, devpath, len + 1);
	if (!self) {
		s = strrchr(p, '/');
		if (!s || s == p)
			return false;
		*s = '\0';
	}
	for (;;) {
		if (window_at(t, p, out))
			return true;
		s = strrchr(p, '/');
		if (!s || s == p)
			return false;
		*s = '\0';
	}
}

static int push(struct synth_trigger *t, const struct synth_msg *m,
		const char *devpath, const struct cause *why)
{
	struct conset *c = &t->cons;
	char syspath[PATH_MAX];
	struct cons *e;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		struct cons *v = realloc(c->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		c->v = v;
		c->cap = cap;
	}
	e = &c->v[c->n];
	memset(e, 0, sizeof(*e));
	snprintf(syspath, sizeof(syspath), "/sys%s", devpath);
	e->syspath = pool_strdup(&c->pool, syspath);
	if (!e->syspath)
		return -ENOMEM;
	e->seqnum = m->seqnum;
	e->cause = why->seqnum;
	e->dev = why->dev;
	snprintf(e->action, sizeof(e->action), "%s", m->action);
	e->outcome = SYNTH_PENDING;
	e->reason = SYNTH_REASON_NONE;
	c->n++;
	c->pending++;
	return 0;
}

int cons_kernel_msg(struct synth_trigger *t, const struct synth_msg *m)
{
	struct conset *c = &t->cons;
	const char *at = m->devpath;
	struct cause why;
	bool self;

	if (!c->on || !m->seqnum)
		return 0;
	if (!strcmp(m->action, "add")) {
		self = false;
	} else if (!strcmp(m->action, "bind")) {
		self = true;
	} else if (!strcmp(m->action, "move") && m->devpath_old) {
		self = true;
		at = m->devpath_old;
	} else {
		return 0;
	}
	/* Each SEQNUM once, in the kernel's order; never one of ours. */
	if ((c->n && m->seqnum <= c->v[c->n - 1].seqnum) ||
	    devtab_by_any_seqnum(&t->tab, m->seqnum))
		return 0;
	if (!find_cause(t, at, self, &why) || m->seqnum <= why.seqnum)
		return 0;
	return push(t, m, m->devpath, &why);
}

static struct cons *by_seqnum(struct conset *c, uint64_t seqnum)
{
	size_t lo = 0, hi = c->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->v[mid].seqnum < seqnum)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->n && c->v[lo].seqnum == seqnum ? &c->v[lo] : NULL;
}

static void settle(struct conset *c, struct cons *e, enum synth_outcome o,
		   enum synth_reason why)
{
	if (e->outcome == SYNTH_PENDING)
		c->pending--;
	e->outcome = o;
	e->reason = why;
}

/* The manager processed the removal of DEVPATH (SEQNUM): after ours. */
static bool removed(struct conset *c, const char *devpath, uint64_t seqnum)
{
	bool any = false;
	size_t i;

	for (i = 0; i < c->n; i++) {
		struct cons *e = &c->v[i];

		if (e->outcome != SYNTH_PENDING || e->seqnum >= seqnum ||
		    strcmp(e->syspath + 4, devpath))
			continue;
		settle(c, e, SYNTH_VANISHED, SYNTH_REASON_REMOVED);
		any = true;
	}
	return any;
}

bool cons_broadcast(struct synth_trigger *t, const struct synth_msg *m,
		    enum synth_reason why)
{
	struct conset *c = &t->cons;
	struct cons *e;

	if (!c->on || !c->n)
		return false;
	if (!strcmp(m->action, "remove"))
		return removed(c, m->devpath, m->seqnum);
	e = by_seqnum(c, m->seqnum);
	if (!e || e->outcome != SYNTH_PENDING || strcmp(e->action, m->action))
		return false;
	settle(c, e, why == SYNTH_REASON_BROADCAST ? SYNTH_PROCESSED :
	       SYNTH_FAILED, why);
	e->closing = true;
	c->closing = true;
	return true;
}

void cons_dev_broadcast(struct synth_trigger *t, size_t i)
{
	if (!t->cons.on || i >= t->cons.n_dev)
		return;
	t->cons.dev_flags[i] |= CONS_CLOSING;
	t->cons.closing = true;
}

bool cons_closing(const struct synth_trigger *t)
{
	return t->cons.on && t->cons.closing;
}

void cons_close(struct synth_trigger *t)
{
	struct conset *c = &t->cons;
	size_t i;

	if (!c->closing)
		return;
	for (i = 0; i < c->n_dev; i++)
		c->dev_flags[i] &= ~CONS_CLOSING;
	for (i = 0; i < c->n; i++)
		c->v[i].closing = false;
	c->closing = false;
}

void cons_kernel_lost(struct synth_trigger *t)
{
	struct conset *c = &t->cons;
	size_t i, n = 0;

	if (!c->on)
		return;
	/* Written and not yet confirmed too: its event may be the lost. */
	for (i = 0; i < c->n_dev; i++) {
		if (t->tab.devs[i].outcome != SYNTH_PENDING &&
		    !(c->dev_flags[i] & CONS_CLOSING))
			continue;
		if (!(c->dev_flags[i] & CONS_LOST))
			n++;
		c->dev_flags[i] |= CONS_LOST;
	}
	for (i = 0; i < c->n; i++) {
		if (!cons_open(&c->v[i]))
			continue;
		if (!(c->dev_flags[c->v[i].dev] & CONS_LOST))
			n++;
		c->dev_flags[c->v[i].dev] |= CONS_LOST;
	}
	if (n)
		synth_logf(t, LOG_WARNING, "kernel messages lost (ENOBUFS) while the consequences of %zu devices were followed: which events they caused is unknown (consequences-lost)",
			   n);
}

void cons_broadcasts_lost(struct synth_trigger *t)
{
	struct conset *c = &t->cons;
	size_t i;

	if (!c->on || !c->pending)
		return;
	synth_logf(t, LOG_WARNING, "%s's messages lost (ENOBUFS) while %zu consequences were pending: they are unconfirmed (not ours to trigger again)",
		   synth_manager_name(t), c->pending);
	for (i = 0; i < c->n; i++)
		if (c->v[i].outcome == SYNTH_PENDING)
			settle(c, &c->v[i], SYNTH_UNCONFIRMED,
			       SYNTH_REASON_BROADCASTS_LOST);
}

void cons_abandon(struct synth_trigger *t, enum synth_reason reason)
{
	struct conset *c = &t->cons;
	size_t i;

	for (i = 0; c->on && i < c->n; i++)
		if (c->v[i].outcome == SYNTH_PENDING)
			settle(c, &c->v[i], SYNTH_UNCONFIRMED, reason);
}

void cons_finish(struct synth_trigger *t)
{
	struct conset *c = &t->cons;
	struct stat st;
	size_t i;

	for (i = 0; c->on && i < c->n; i++) {
		struct cons *e = &c->v[i];

		if (e->outcome != SYNTH_PENDING)
			continue;
		if (stat(e->syspath, &st) && errno == ENOENT)
			settle(c, e, SYNTH_VANISHED, SYNTH_REASON_GONE);
		else
			settle(c, e, SYNTH_TIMEOUT, SYNTH_REASON_TIMEOUT);
	}
	cons_close(t);
}

void cons_free(struct conset *c)
{
	free(c->v);
	free(c->dev_flags);
	pool_free(&c->pool);
	memset(c, 0, sizeof(*c));
}

/* The API: a transaction's consequences, in the kernel's order. */

static const struct cons *cons_at(const struct synth_trigger *t, size_t j)
{
	return t && j < t->cons.n ? &t->cons.v[j] : NULL;
}

size_t synth_trigger_count_consequences(const struct synth_trigger *t)
{
	return t ? t->cons.n : 0;
}

size_t synth_trigger_get_consequence_device(const struct synth_trigger *t,
					    size_t j)
{
	const struct cons *e = cons_at(t, j);

	return e ? e->dev : SIZE_MAX;
}

const char *synth_trigger_get_consequence_syspath(const struct synth_trigger *t,
						  size_t j)
{
	const struct cons *e = cons_at(t, j);

	return e ? e->syspath : NULL;
}

const char *synth_trigger_get_consequence_action(const struct synth_trigger *t,
						 size_t j)
{
	const struct cons *e = cons_at(t, j);

	return e ? e->action : NULL;
}

uint64_t synth_trigger_get_consequence_seqnum(const struct synth_trigger *t,
					      size_t j)
{
	const struct cons *e = cons_at(t, j);

	return e ? e->seqnum : 0;
}

uint64_t synth_trigger_get_consequence_cause(const struct synth_trigger *t,
					     size_t j)
{
	const struct cons *e = cons_at(t, j);

	return e ? e->cause : 0;
}

int synth_trigger_get_consequence_outcome(const struct synth_trigger *t,
					  size_t j)
{
	const struct cons *e = cons_at(t, j);

	return e ? (int)e->outcome : -ERANGE;
}

int synth_trigger_get_consequence_reason_code(const struct synth_trigger *t,
					      size_t j)
{
	const struct cons *e = cons_at(t, j);

	return e ? (int)e->reason : -ERANGE;
}

bool synth_trigger_get_consequences_lost(const struct synth_trigger *t,
					 size_t i)
{
	return t && i < t->cons.n_dev && (t->cons.dev_flags[i] & CONS_LOST);
}
