// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The run as an event source: synth_trigger_start() writes, then one
 * descriptor (an epoll set of the kernel's group, the manager's group and
 * the manager's pidfd) and one deadline tell an event loop when to call
 * synth_trigger_process().  synth_trigger_run() is that loop, with
 * epoll_wait(): what it says is ready is all that is read.
 */
#include <errno.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "trigger.h"

static bool stopped(const struct synth_trigger *t)
{
	return t->stop && *t->stop;
}

/* Add FD to the set; a descriptor already there is no error. */
static int watch_add(struct synth_trigger *t, int fd)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = fd };

	if (fd < 0 || !epoll_ctl(t->epfd, EPOLL_CTL_ADD, fd, &ev) ||
	    errno == EEXIST)
		return 0;
	return -errno;
}

/* The manager's pidfd into the set, once (a new manager, a new pidfd). */
static int watch_pidfd(struct synth_trigger *t)
{
	int r;

	if (t->pidfd < 0 || t->pidfd_watched)
		return 0;
	r = watch_add(t, t->pidfd);
	t->pidfd_watched = !r;
	return r;
}

/*
 * The run is over (R: 0, or the error that ended it): the sockets and the
 * pidfd are closed; the epoll descriptor stays open, empty, until
 * synth_trigger_free(), so that a loop never sees it closed under it.
 */
static int end(struct synth_trigger *t, int r)
{
	t->state = RUN_DONE;
	t->result = r;
	t->deadline = 0;
	if (t->kfd >= 0)
		close(t->kfd);
	if (t->wfd >= 0)
		close(t->wfd);
	t->kfd = t->wfd = -1;
	watch_close(t);
	return r;
}

int synth_trigger_start(struct synth_trigger *t)
{
	int r;

	if (!t)
		return -EINVAL;
	if (t->state != RUN_NEW)
		return -EALREADY;
	t->state = RUN_WAITING;
	t->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (t->epfd < 0)
		return end(t, -errno);
	r = run_prepare(t);
	if (!r)
		r = watch_add(t, t->kfd);
	if (!r)
		r = watch_add(t, t->wfd);
	if (!r)
		r = watch_pidfd(t);
	if (!r)
		r = run_write(t);
	if (r)
		return end(t, r);
	if (t->wfd < 0 || !run_pending(t)) {
		run_finish(t);
		end(t, 0);
		return 1;
	}
	/* A timeout past the clock's end (USEC_INFINITY) is none. */
	if (t->timeout)
		t->deadline = synth_usec_add(synth_now_usec(), t->timeout);
	if (t->deadline == UINT64_MAX)
		t->deadline = 0;
	return 0;
}

int synth_trigger_get_fd(const struct synth_trigger *t)
{
	return t && t->epfd >= 0 ? t->epfd : -EINVAL;
}

uint64_t synth_trigger_get_deadline(const struct synth_trigger *t)
{
	uint64_t next;

	if (!t || t->state != RUN_WAITING)
		return 0;
	next = run_next_wake(t, synth_now_usec());
	if (t->deadline && (!next || t->deadline < next))
		next = t->deadline;
	return next;
}

#define READY_MAX	3

/*
 * Wait up to MS milliseconds (0: not at all) for the set: which of its
 * descriptors are ready, as READY_ bits, or -errno.
 */
static int ready_in(const struct synth_trigger *t, int ms)
{
	struct epoll_event ev[READY_MAX];
	int i, n, ready = 0;

	n = epoll_wait(t->epfd, ev, READY_MAX, ms);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	for (i = 0; i < n; i++) {
		int fd = ev[i].data.fd;

		if (fd == t->kfd)
			ready |= READY_KERNEL;
		else if (fd == t->wfd)
			ready |= READY_MANAGER;
		else if (fd == t->pidfd)
			ready |= READY_PIDFD;
	}
	return ready;
}

static int process(struct synth_trigger *t, int ready, bool all)
{
	int r;

	if (t->state == RUN_NEW)
		return -EINVAL;
	if (t->state == RUN_DONE)
		return t->result ? t->result : 1;
	if (ready < 0)
		return end(t, ready);
	r = run_wake(t, ready, all);
	if (r < 0)
		return end(t, r);
	/* A manager that started again has a new pidfd. */
	if (!r)
		r = watch_pidfd(t);
	if (r < 0)
		return end(t, r);
	if (r == 1 || !run_pending(t) ||
	    (t->deadline && synth_now_usec() >= t->deadline)) {
		run_finish(t);
		end(t, 0);
		return 1;
	}
	return 0;
}

/* Another event loop's call: each ready descriptor is read to the end. */
int synth_trigger_process(struct synth_trigger *t)
{
	if (!t)
		return -EINVAL;
	return process(t, t->state == RUN_WAITING ? ready_in(t, 0) : 0, true);
}

/*
 * Before waiting: when the last wake-up read a few of the manager's
 * broadcasts and many events are pending, let more gather (GATHER_USEC,
 * never past a deadline).
 */
static bool gather(const struct synth_trigger *t, uint64_t deadline,
		   uint64_t now)
{
	struct timespec ts = { 0, GATHER_USEC * 1000L };

	if (t->pending < SYNTH_RX_BATCH || t->woke_read >= SYNTH_RX_BATCH ||
	    (deadline && deadline <= now + GATHER_USEC))
		return false;
	nanosleep(&ts, NULL);
	return true;
}

int synth_trigger_run(struct synth_trigger *t)
{
	int r = synth_trigger_start(t);

	while (!r) {
		uint64_t deadline = synth_trigger_get_deadline(t), now;
		/* The stop flag is looked at this often. */
		int ms = WAIT_SLICE_MSEC;

		if (stopped(t))
			return -EINTR;
		now = synth_now_usec();
		if (gather(t, deadline, now)) {
			if (stopped(t))
				return -EINTR;
			now = synth_now_usec();
		}
		if (deadline && deadline <= now)
			ms = 0;
		else if (deadline)
			ms = synth_usec_to_ms(deadline - now, ms);
		r = process(t, ready_in(t, ms), false);
	}
	return r < 0 ? r : 0;
}
