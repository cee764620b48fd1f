// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The run's writes (run.c): one synthetic uevent per device, a batch at a
 * time, each batch's events confirmed on the kernel's group with their
 * SEQNUMs; what the kernel takes found out from its answers; devices
 * triggered again when the kernel's word was lost, or when the manager
 * lost their events (wait.c).  Renames are followed here too.
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

	if (!strcmp(m->action, t->action) && run_ours(t, m))
		d = expected(t, m->devpath);
	if (!d)
		d = devtab_by_devpath(&t->tab, m->devpath);

	if (d && !d->confirmed && !strcmp(m->action, t->action) && run_ours(t, m))
		return run_confirm(t, d, m->seqnum);
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
int run_drain_kernel(struct synth_trigger *t, bool all)
{
	int r = run_drain(t, t->kfd, SYNTH_GROUP_KERNEL, kernel_msg,
			  PROF_KERNEL, all);

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
 * D's write failed with R: settle D (vanished or failed), or return R when
 * it stops the run (no right to write).
 */
static int write_failed(struct synth_trigger *t, struct dev *d, int r)
{
	if (r == -EACCES || r == -EPERM)
		return r;
	if (r == -ENOENT || r == -ENODEV)
		run_settle(t, d, SYNTH_VANISHED, SYNTH_REASON_WRITE_GONE);
	else
		run_settle(t, d, SYNTH_FAILED, SYNTH_REASON_WRITE_ERROR);
	d->error = -r;
	return 0;
}

/*
 * A write with our UUID was refused with EINVAL: the kernel refused the
 * text (its form, or, without a bound on the arguments, more of them than
 * an event holds).  Find out what this kernel takes, with a plain action:
 * once per run, and only now (a write taken without an event is a filtered
 * object, which a plain action would tell nothing more about, and the
 * probe is an unmarked event).  Returns 0 to go on (perhaps in fallback
 * mode), or -ENOTSUP.
 */
static int kernel_refused(struct synth_trigger *t, struct dev *d)
{
	char text[WRITE_MAX];
	int len, r;

	if (t->env.n && !env_alnum(t)) {
		snprintf(t->refusal, sizeof(t->refusal),
			 "the kernel refused '%s %s %s...' (EINVAL): it only accepts letters and digits in KEY=VALUE, not the extended synthetic uevent arguments ('_' in keys, + - . in values); nothing was triggered",
			 t->action, t->uuid, t->env.items[0]);
		return -ENOTSUP;
	}
	if (t->probed)
		return write_failed(t, d, -EINVAL);
	/* Does it take the plain action?  Then it does not take ours. */
	t->probed = true;
	len = synth_format_write(text, sizeof(text), t->action, NULL, NULL, 0);
	r = write_one(t, d, text, len, NULL);
	if (r)
		return write_failed(t, d, r);
	t->fell_back = true;
	run_drain_kernel(t, true);
	if (t->env.n) {
		snprintf(t->refusal, sizeof(t->refusal),
			 "the kernel refused a write with a UUID and %zu KEY=VALUE (EINVAL) but took a plain '%s': it predates synthetic uevent arguments, or takes fewer or shorter ones; nothing more was triggered, but %s received that plain '%s' (the probe that found it out)",
			 t->env.n, t->action, devtab_syspath(&t->tab, d),
			 t->action);
		return -ENOTSUP;
	}
	synth_logf(t, LOG_WARNING, "the kernel refused a write with a UUID (EINVAL) but took a plain '%s' on %s: falling back to plain '%s' matched by SEQNUM",
		   t->action, devtab_syspath(&t->tab, d), t->action);
	return 0;
}

/* Is D one that PASS writes to (and, when again, forget its event)? */
static bool take(struct synth_trigger *t, struct dev *d, enum pass pass)
{
	if (pass == PASS_ALL)
		return true;
	if (d->outcome != SYNTH_PENDING || (pass == PASS_UNSURE && !d->unsure))
		return false;
	run_unconfirm(t, d);
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
	r = run_drain_kernel(t, true);
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
			run_settle(t, d, SYNTH_NO_EVENT,
				   SYNTH_REASON_NOT_EMITTED);
		}
	}
	*n = 0;
	if (t->wfd >= 0 && run_drain_wait(t, true) == -ENOBUFS)
		t->lost = true;
	return 0;
}

/*
 * The first writes, until one with our UUID made an event: what does this
 * kernel take?  Returns 0, or an errno that stops the run.
 */
static int verify_write(struct synth_trigger *t, struct dev *d, int r)
{
	if (!r)
		r = run_drain_kernel(t, true);
	if (r == -ENOMEM)
		return r;
	if (r == -ENOBUFS) {
		if (!d->confirmed) {
			d->unsure = true;
			t->unsure++;
		}
		return 0;
	}
	if (r == -EINVAL) {
		r = kernel_refused(t, d);
		if (r)
			return r;
	} else if (r) {
		return write_failed(t, d, r);
	}
	/* Taken without an event: a filtered object; the next one tells. */
	if (!d->confirmed) {
		if (d->outcome == SYNTH_PENDING)
			run_settle(t, d, SYNTH_NO_EVENT,
				   SYNTH_REASON_NOT_EMITTED);
		return 0;
	}
	if (t->fell_back)
		return 0;
	t->verified = true;
	if (t->wfd >= 0 && run_drain_wait(t, true) == -ENOBUFS)
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
	run_settle(t, d, SYNTH_UNCONFIRMED, SYNTH_REASON_OTHER_NETNS);
	return 0;
}

/*
 * Write to each device PASS takes and confirm on the kernel group, a batch
 * at a time.  The manager's broadcasts are read between batches too, so a
 * large group cannot overflow the socket while it is being triggered.
 * Returns 0, or an errno that stops the run.
 */
int run_trigger(struct synth_trigger *t, enum pass pass)
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

		if (run_stopped(t)) {
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
int run_trigger_unsure(struct synth_trigger *t)
{
	int round, r;

	for (round = 1; t->unsure && round <= RETRIGGER_ROUNDS; round++) {
		synth_logf(t, LOG_WARNING, "kernel messages lost (ENOBUFS) while triggering: whether %zu writes made an event is unknown; triggering those devices again (round %d)",
			   t->unsure, round);
		r = run_trigger(t, PASS_UNSURE);
		if (r)
			return r;
	}
	return 0;
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

	r = run_trigger(t, PASS_ALL);
	if (!r)
		r = run_trigger_unsure(t);
	if (r)
		return r;

	for (i = 0; i < t->tab.n; i++) {
		struct dev *d = &t->tab.devs[i];

		if (d->outcome != SYNTH_PENDING || !d->confirmed)
			continue;
		if (t->wait == SYNTH_WAIT_KERNEL || t->wait == SYNTH_WAIT_NONE)
			run_settle(t, d, SYNTH_EMITTED, why);
	}
	t->waiting_at = synth_now_usec();
	return 0;
}
