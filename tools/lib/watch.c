// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The device manager that is to confirm our events: chosen on evidence
 * before anything is written, then watched while we wait.
 *
 * What is watched is the manager's process, not its socket: under systemd
 * the sockets belong to PID 1 and outlive any udevd, so a new inode never
 * tells of a restart.  The main process (udevd_main(): ours, in our PID
 * namespace, listening on the kernel's group) is held by a pidfd, which
 * becomes readable the moment it exits; where pidfds are missing (before
 * Linux 5.3) its pid and start time are looked at every
 * MANAGER_CHECK_MSEC.  When it exits, the events it had queued die with
 * it.  Then:
 *
 *  - another main process comes: a restart; the pending devices are
 *    triggered again (RESTARTED);
 *  - none within MANAGER_ACTIVATE_USEC, but udevd's sockets still take
 *    connections (a service manager holds them for the next one): the
 *    pending devices are triggered again, and those events start it
 *    (ACTIVATE); a udevd that then comes on sockets of its own, which
 *    never saw them, is a restart all the same;
 *  - none, within MANAGER_GONE_USEC (MANAGER_HELD_USEC while the sockets
 *    are held, or while a udevd process of ours has no uevent socket yet:
 *    one starting up): gone for good (GONE).
 *
 * udevd 258 and later, stopped, finish the events their workers run, save
 * the queued ones in the service manager's file descriptor store and exit;
 * the next udevd processes them under their original SEQNUMs.  Triggered
 * again at once, each would be processed twice.  So when the udevd that
 * exited was one of those (its version: manager.c), nothing is triggered
 * again at its exit: a socket-activated one is woken as a varlink client
 * does, so is the next one once it runs (it runs the saved queue only
 * when its event loop has something to do), and its broadcasts of the
 * old SEQNUMs count (wait.c
 * takes any SEQNUM a device was confirmed under); only when none of ours
 * has come for SAVED_QUEUE_USEC since it broadcast its first event (or
 * since the last one of ours), or when it has broadcast nothing at all for
 * SAVED_QUEUE_START_USEC since it runs, are the devices still pending
 * triggered again (RESTARTED).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <sys/epoll.h>

#include "internal.h"
#include "trigger.h"

/* How often the manager is looked for when no pidfd tells us. */
#define MANAGER_CHECK_MSEC	250
/* No manager process for this long: gone for good (a restart is quicker). */
#define MANAGER_GONE_USEC	3000000
/* The same while its sockets are held for it (starting it is slower). */
#define MANAGER_HELD_USEC	10000000
/* Exited, sockets held: this long for a restart before we start it. */
#define MANAGER_ACTIVATE_USEC	1000000
/* The next udevd works, but has processed nothing of ours for this long. */
#define SAVED_QUEUE_USEC	5000000
/* The next udevd has broadcast nothing at all for this long. */
#define SAVED_QUEUE_START_USEC	20000000

static void look(const struct synth_trigger *t, struct manager *m)
{
	if (t->wait == SYNTH_WAIT_UDEV)
		udevd_look(m, t->run_udev, t->proc);
	else
		mdevd_look(m, t->proc, t->group);
}

/* Watch M's process, by pidfd where the kernel has them. */
static void adopt(struct synth_trigger *t, const struct manager *m)
{
	watch_close(t);
	t->mgr = *m;
	if (!m->pid)
		return;
	t->seen_main = true;
	t->gone_at = 0;
	t->pidfd = proc_pidfd(t->proc, &m->proc);
}

int watch_choose(struct synth_trigger *t)
{
	enum synth_wait_source asked = t->wait;
	struct manager m;

	switch (asked) {
	case SYNTH_WAIT_AUTO:
	case SYNTH_WAIT_UDEV:
		t->wait = SYNTH_WAIT_UDEV;
		look(t, &m);
		snprintf(t->wait_reason, sizeof(t->wait_reason), "%s", m.why);
		/*
		 * There, but deaf to us: waiting could only end at the
		 * timeout, and the kernel's word alone would be taken for
		 * done while udevd still works.  Refused, as for auto.
		 */
		if (m.unheard) {
			snprintf(t->refusal, sizeof(t->refusal),
				 "%s: nothing can confirm processing; nothing was triggered (run in udevd's network namespace: nsenter --net=/proc/%d/ns/net, or choose --wait-source=kernel)",
				 m.why, (int)m.other_netns);
			return -ECONNREFUSED;
		}
		if (m.present)
			break;
		if (asked == SYNTH_WAIT_UDEV) {
			snprintf(t->refusal, sizeof(t->refusal),
				 "udevd is not running (%s): nothing can confirm processing; nothing was triggered",
				 m.why);
			return -ECONNREFUSED;
		}
		t->wait = SYNTH_WAIT_KERNEL;
		t->no_manager = true;
		synth_logf(t, LOG_WARNING, "%s: waiting only for the kernel to emit the events, not for a manager to process them (outcome \"emitted\")",
			   m.why);
		return 0;
	case SYNTH_WAIT_MDEVD:
		mdevd_look(&m, t->proc, t->group);
		if (m.present && !t->group) {
			t->group = synth_mask_group(m.mask);
			if (!t->group)
				m.present = false;
		}
		snprintf(t->wait_reason, sizeof(t->wait_reason), "%s", m.why);
		if (!m.present) {
			snprintf(t->refusal, sizeof(t->refusal),
				 "--wait-source=mdevd: %s; mdevd -O takes a bitmask of netlink groups (-O 4 is group 3): nothing can confirm processing; nothing was triggered",
				 m.why);
			return -ECONNREFUSED;
		}
		break;
	case SYNTH_WAIT_GROUP:
		mdevd_look(&m, t->proc, t->group);
		snprintf(t->wait_reason, sizeof(t->wait_reason),
			 "group %u chosen; %s", t->group, m.why);
		if (!m.present && m.pid)
			synth_logf(t, LOG_WARNING, "%s: did you mean --wait-source=mdevd (its own mask)? -O takes a bitmask: group %u is -O %lu",
				   m.why, t->group, 1UL << (t->group - 1));
		if (!m.present)
			return 0;
		/* An mdevd serves the group: know when it goes. */
		break;
	default:
		snprintf(t->wait_reason, sizeof(t->wait_reason),
			 asked == SYNTH_WAIT_KERNEL ? "--wait-source=kernel" :
			 "not waiting");
		return 0;
	}
	adopt(t, &m);
	t->watch = WATCH_RUNNING;
	synth_logf(t, LOG_INFO, "waiting for %s on netlink group %u: %s",
		   synth_manager_name(t), synth_trigger_get_group(t), m.why);
	return 0;
}

int watch_fd(const struct synth_trigger *t)
{
	return t->pidfd;
}

void watch_close(struct synth_trigger *t)
{
	/* Out of the set first: a copy of it elsewhere would keep it there. */
	if (t->pidfd_watched && t->epfd >= 0)
		epoll_ctl(t->epfd, EPOLL_CTL_DEL, t->pidfd, NULL);
	t->pidfd_watched = false;
	if (t->pidfd >= 0)
		close(t->pidfd);
	t->pidfd = -1;
}

bool watch_is_main(const struct synth_trigger *t, long sender_pid)
{
	return t->watch != WATCH_OFF && t->mgr.pid &&
	       sender_pid == t->mgr.pid;
}

/*
 * RESTORING: until it has broadcast anything, the next udevd may still be
 * starting (loading its rules takes seconds under load); once it has, it
 * works through its queue, the saved events first.
 */
uint64_t watch_next(const struct synth_trigger *t)
{
	uint64_t since = t->restored_heard_at;

	if (t->watch != WATCH_RESTORING)
		return 0;
	if (!since)
		return synth_usec_add(t->restored_at, SAVED_QUEUE_START_USEC);
	if (t->settled_at > since)
		since = t->settled_at;
	return synth_usec_add(since, SAVED_QUEUE_USEC);
}

/* The next udevd runs: is its wait for the saved queue over?  Say so. */
static bool saved_queue_over(struct synth_trigger *t, uint64_t now)
{
	if (t->watch != WATCH_RESTORING || now < watch_next(t))
		return false;
	t->watch = WATCH_RUNNING;
	if (t->restored_heard_at)
		synth_logf(t, LOG_WARNING, "nothing more of ours came from udevd (pid %d) for %d s while it works: triggering the %zu devices still pending again (a broadcast of an old SEQNUM still counts)",
			   (int)t->mgr.pid, SAVED_QUEUE_USEC / 1000000,
			   t->pending);
	else
		synth_logf(t, LOG_WARNING, "udevd (pid %d) has broadcast nothing in %d s: triggering the %zu devices still pending again (a broadcast of an old SEQNUM still counts)",
			   (int)t->mgr.pid, SAVED_QUEUE_START_USEC / 1000000,
			   t->pending);
	return true;
}

enum manager_change watch_check(struct synth_trigger *t, bool exited)
{
	uint64_t now = synth_now_usec();
	uint64_t grace;
	bool held;
	struct manager m;

	if (saved_queue_over(t, now))
		return MANAGER_RESTARTED;
	if (t->mgr.pid) {
		/* A pidfd tells of the exit: nothing to look at before. */
		if (t->pidfd >= 0 && !exited)
			return MANAGER_SAME;
		if (t->pidfd < 0 &&
		    now - t->looked_at < MANAGER_CHECK_MSEC * 1000ULL)
			return MANAGER_SAME;
		t->looked_at = now;
		if (proc_same(t->proc, &t->mgr.proc))
			return MANAGER_SAME;
		t->watch = t->wait == SYNTH_WAIT_UDEV &&
			   t->mgr.version >= UDEVD_SAVES_QUEUE ?
			   WATCH_QUEUE_SAVED : WATCH_QUEUE_LOST;
		if (t->watch == WATCH_QUEUE_SAVED)
			synth_logf(t, LOG_WARNING, "udevd %u (pid %d) exited while %zu events were pending: it saved those it had queued for the next udevd, which processes them under their SEQNUMs",
				   t->mgr.version, (int)t->mgr.pid, t->pending);
		else
			synth_logf(t, LOG_WARNING, "%s (pid %d) exited while %zu events were pending: those it had queued are lost",
				   synth_manager_name(t), (int)t->mgr.pid,
				   t->pending);
		watch_close(t);
		t->mgr.pid = 0;
		t->gone_at = now;
	} else if (now - t->looked_at < MANAGER_CHECK_MSEC * 1000ULL) {
		return MANAGER_SAME;
	}
	t->looked_at = now;
	look(t, &m);
	/* An mdevd that rebroadcasts elsewhere is described, not present. */
	if (m.present && m.pid) {
		bool restarted = t->watch == WATCH_QUEUE_LOST ||
				 t->watch == WATCH_QUEUE_SAVED;

		/*
		 * After ACTIVATE: the events we wrote wait in the sockets that
		 * listened then; a udevd that holds none of them (one started
		 * by hand, on sockets of its own) never sees them.
		 */
		if (t->watch == WATCH_ACTIVATED)
			restarted = proc_holds_socket(t->proc, m.pid,
						      &t->activated_socks) != 1;
		if (t->watch == WATCH_QUEUE_SAVED) {
			synth_logf(t, LOG_WARNING, "udevd was restarted (now pid %d): waiting for it to process the %zu pending events it was handed, under their SEQNUMs, before triggering any again",
				   (int)m.pid, t->pending);
			adopt(t, &m);
			t->watch = WATCH_RESTORING;
			t->restored_at = now;
			t->restored_heard_at = 0;
			/* It runs the saved queue once something wakes it. */
			udevd_wake(t->run_udev);
			return MANAGER_SAME;
		}
		if (restarted)
			synth_logf(t, LOG_WARNING, "%s was restarted (now pid %d) and its queue lost: triggering the %zu pending devices again",
				   synth_manager_name(t), (int)m.pid, t->pending);
		adopt(t, &m);
		t->watch = WATCH_RUNNING;
		return restarted ? MANAGER_RESTARTED : MANAGER_SAME;
	}
	if (!t->gone_at)
		t->gone_at = now;
	held = t->wait == SYNTH_WAIT_UDEV && m.sockets;
	/*
	 * Socket activation: our next events start the next udevd.  A
	 * moment first for one that starts by itself (a restart), which
	 * then needs them only once.  A udevd that saved its queue is woken
	 * instead: no event of ours is needed.
	 */
	if (held && t->watch == WATCH_QUEUE_SAVED &&
	    now - t->gone_at >= MANAGER_ACTIVATE_USEC)
		udevd_wake(t->run_udev);
	else if (held && t->watch == WATCH_QUEUE_LOST &&
		 now - t->gone_at >= MANAGER_ACTIVATE_USEC) {
		/* Without their list, the next udevd is the one they start. */
		t->watch = uevent_listeners(t->proc, &t->activated_socks) ?
			   WATCH_RUNNING : WATCH_ACTIVATED;
		synth_logf(t, LOG_WARNING, "udevd's sockets are still held (%s): triggering the %zu pending devices again, which starts it",
			   m.why, t->pending);
		return MANAGER_ACTIVATE;
	}
	/*
	 * Sockets that answer without any udevd process ever seen: the
	 * process evidence is what is missing (no access to /proc), not
	 * udevd.  Wait, as on any busy udevd.
	 */
	if (held && !t->seen_main)
		return MANAGER_SAME;
	/*
	 * A udevd process of ours without its uevent socket yet is one
	 * starting up (under load that takes seconds): waited for as long
	 * as held sockets are.
	 */
	grace = held || m.starting ? MANAGER_HELD_USEC : MANAGER_GONE_USEC;
	if (now - t->gone_at < grace)
		return MANAGER_SAME;
	snprintf(t->manager_lost, sizeof(t->manager_lost),
		 "%s is gone and did not come back within %d s (%s): nothing is left to process the %zu pending events",
		 synth_manager_name(t), (int)(grace / 1000000), m.why,
		 t->pending);
	return MANAGER_GONE;
}
