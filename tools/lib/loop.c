// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The run as an event source: synth_trigger_start() writes, then one
 * descriptor (an epoll set of the kernel's group, the manager's group and
 * the manager's pidfd) and one deadline tell an event loop when to call
 * synth_trigger_process().  synth_trigger_run() is that loop, with poll().
 */
#include <errno.h>
#include <poll.h>
#include <sys/epoll.h>
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
		r = watch_add(t, t->pidfd);
	if (!r)
		r = run_write(t);
	if (r)
		return end(t, r);
	if (t->wfd < 0 || !t->pending) {
		run_finish(t);
		end(t, 0);
		return 1;
	}
	if (t->timeout)
		t->deadline = synth_now_usec() + t->timeout;
	return 0;
}

int synth_trigger_get_fd(const struct synth_trigger *t)
{
	return t->epfd >= 0 ? t->epfd : -EINVAL;
}

uint64_t synth_trigger_get_deadline(const struct synth_trigger *t)
{
	uint64_t next;

	if (t->state != RUN_WAITING)
		return 0;
	next = run_next_wake(t, synth_now_usec());
	if (t->deadline && (!next || t->deadline < next))
		next = t->deadline;
	return next;
}

/* Has the manager exited (its pidfd readable)? */
static bool manager_exited(const struct synth_trigger *t)
{
	struct pollfd p = { .fd = t->pidfd, .events = POLLIN };

	return t->pidfd >= 0 && poll(&p, 1, 0) > 0 && p.revents;
}

int synth_trigger_process(struct synth_trigger *t)
{
	int r;

	if (t->state == RUN_NEW)
		return -EINVAL;
	if (t->state == RUN_DONE)
		return t->result ? t->result : 1;
	r = run_wake(t, manager_exited(t));
	if (r < 0)
		return end(t, r);
	/* A manager that started again has a new pidfd. */
	if (!r)
		r = watch_add(t, t->pidfd);
	if (r < 0)
		return end(t, r);
	if (r == 1 || !t->pending ||
	    (t->deadline && synth_now_usec() >= t->deadline)) {
		run_finish(t);
		end(t, 0);
		return 1;
	}
	return 0;
}

int synth_trigger_run(struct synth_trigger *t)
{
	int r = synth_trigger_start(t);

	while (!r) {
		struct pollfd p = { .fd = t->epfd, .events = POLLIN };
		uint64_t deadline = synth_trigger_get_deadline(t), now;
		/* The stop flag is looked at this often. */
		int ms = WAIT_SLICE_MSEC;

		if (stopped(t))
			return -EINTR;
		now = synth_now_usec();
		if (deadline && deadline <= now)
			ms = 0;
		else if (deadline && (deadline - now + 999) / 1000 < (uint64_t)ms)
			ms = (deadline - now + 999) / 1000;
		if (poll(&p, 1, ms) < 0 && errno != EINTR)
			return end(t, -errno);
		r = synth_trigger_process(t);
	}
	return r < 0 ? r : 0;
}
