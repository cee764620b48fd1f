/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The group transaction's state, shared by its files: trigger.c (the object
 * and its settings), run.c, write.c and wait.c (writing, confirming,
 * waiting) and watch.c (the device manager, watched while we wait).  Not
 * part of the API.
 */
#ifndef SYNTH_TRIGGER_H
#define SYNTH_TRIGGER_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "consequence.h"
#include "devtab.h"
#include "manager.h"
#include "profile.h"
#include "strv.h"
#include "synth_uevent.h"

/*
 * The manager, as the wait sees it (watch.c).  From RUNNING, its exit
 * leads to QUEUE_LOST, or QUEUE_SAVED for a udevd that saves its queue
 * (258 and later); the next one, or our events written again into the
 * held sockets (ACTIVATED), lead back to RUNNING, or to RESTORING while the
 * next one works through a saved queue.
 */
enum watch_state {
	WATCH_OFF,		/* no manager to watch (kernel, group alone) */
	WATCH_RUNNING,		/* the manager is there */
	WATCH_QUEUE_LOST,	/* it exited, and our events with it */
	WATCH_QUEUE_SAVED,	/* it exited and saved them for the next */
	WATCH_ACTIVATED,	/* the pending written again to its held
				 * sockets, which start the next */
	WATCH_RESTORING,	/* the next processes the saved queue */
};

struct synth_trigger {
	char action[16];
	char uuid[SYNTH_UUID_LEN + 1];
	struct strv env;
	size_t env_size;
	enum synth_wait_source wait;
	unsigned int group;
	uint64_t timeout;
	int rcvbuf;
	void (*log)(void *data, int level, const char *msg);
	void *log_data;
	void (*progress)(void *data, size_t done, size_t total);
	void *progress_data;
	volatile const sig_atomic_t *stop;
	char run_udev[128];	/* udevd's sockets: /run/udev */
	char proc[128];		/* procfs: /proc */
	struct devtab tab;
	bool consequences;	/* asked for: wait for them */
	struct conset cons;	/* followed in this run (consequence.c) */
	bool fell_back;		/* plain actions: the kernel ignores UUIDs */
	bool no_manager;	/* AUTO found none: the kernel's word only */
	bool verified;		/* a write with our UUID produced an event */
	bool probed;		/* the plain probe was written (once a run) */
	char refusal[800];
	int kfd;		/* kernel group */
	int wfd;		/* udev or rebroadcast group, or -1 */
	struct synth_rx *rx;	/* receive buffers, while a run lasts */
	size_t pending;		/* confirmed, outcome still pending */
	struct prof prof;	/* CPU time by phase, when asked for */
	/* While a batch is read: the devices written, in order, and the
	 * first whose event has not come. */
	const uint32_t *expect;
	size_t expect_n, expect_i;
	size_t unsure;		/* written, kernel's word lost (dev.unsure) */
	bool lost;		/* the manager's broadcasts were lost */
	/* The manager's watch (watch.c). */
	enum watch_state watch;	/* the manager's, as watched (watch.c) */
	struct manager mgr;	/* the manager we wait for */
	int pidfd;		/* of mgr.proc, or -1 */
	bool pidfd_watched;	/* pidfd is in epfd's set */
	bool seen_main;		/* a manager process was seen in this run */
	uint64_t restored_at;	/* WATCH_RESTORING: since when */
	uint64_t restored_heard_at;	/* ... its first broadcast, or 0 */
	uint64_t settled_at;	/* when the manager last settled a device */
	struct inode_set activated_socks;	/* WATCH_ACTIVATED: the kernel
						 * group's sockets then */
	uint64_t looked_at;	/* when the manager was last looked for */
	uint64_t gone_at;	/* since when no manager process runs, or 0 */
	uint64_t waiting_at;	/* when the wait began */
	bool heard;		/* anything arrived on the wait group */
	size_t drained;		/* messages the last drain read */
	size_t woke_read;	/* the manager's, read at the last wake-up */
	bool silence_said;
	/* The run as an event source (loop.c). */
	int epfd;		/* epoll over kfd, wfd and pidfd, or -1 */
	int state;		/* RUN_NEW, RUN_WAITING, RUN_DONE */
	int result;		/* of a run that ended in error, or 0 */
	uint64_t deadline;	/* of the timeout (monotonic usec), or 0 */
	int rounds;		/* of triggering again after lost messages */
	char wait_reason[600];
	char manager_lost[800];
};

/* trigger.c */
void synth_logf(struct synth_trigger *t, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
const char *synth_manager_name(const struct synth_trigger *t);
/* A random UUID into OUT (SYNTH_UUID_LEN + 1 bytes). */
void synth_random_uuid(char *out);

/* write.c and wait.c: the transaction's steps, driven by loop.c. */
#define RUN_NEW		0
#define RUN_WAITING	1
#define RUN_DONE	2
/* The longest wait while the manager is watched without a pidfd. */
#define WAIT_SLICE_MSEC		250
/*
 * While many events are pending and the manager's broadcasts come one at a
 * time, synth_trigger_run() lets them gather this long before it reads:
 * one wake-up for several, and the manager keeps the CPU meanwhile.
 */
#define GATHER_USEC		1000

/* Events still waited for: ours, and their consequences. */
static inline size_t run_pending(const struct synth_trigger *t)
{
	return t->pending + t->cons.pending;
}

/* Choose the manager, listen: 0 or -errno. */
int run_prepare(struct synth_trigger *t);
/* Write to every device and confirm: 0 or -errno. */
int run_write(struct synth_trigger *t);
/* What is ready at a wake-up. */
#define READY_KERNEL	0x1	/* the kernel's group */
#define READY_MANAGER	0x2	/* the manager's group */
#define READY_PIDFD	0x4	/* the manager's pidfd: it exited */
/*
 * One wake-up while waiting, READY telling which descriptors to read:
 * read what came, follow the manager, trigger again what was lost.  0, 1
 * when the manager is gone for good, or -errno.  Without ALL, a read of a
 * group shorter than a batch ends it: for synth_trigger_run() alone, whose
 * epoll_wait() sees again, at once, what came after (an overrun's error
 * too); another event loop may watch the descriptor edge-triggered.
 */
int run_wake(struct synth_trigger *t, unsigned int ready, bool all);
/* When run_wake() must run again even if nothing arrives, or 0. */
uint64_t run_next_wake(const struct synth_trigger *t, uint64_t now);
/* The outcome of every device still pending. */
void run_finish(struct synth_trigger *t);

/* watch.c */
enum manager_change {
	MANAGER_SAME,
	MANAGER_RESTARTED,	/* a new one runs: trigger the pending again */
	MANAGER_ACTIVATE,	/* exited, its sockets are held for the next:
				 * trigger the pending again, which starts it */
	MANAGER_GONE,		/* for good: nothing will confirm them */
};

/*
 * Decide who is to confirm our events, before anything is written: 0, or
 * -ECONNREFUSED when the manager asked for is not there.
 */
int watch_choose(struct synth_trigger *t);
/* A descriptor that becomes readable when the manager exits, or -1. */
int watch_fd(const struct synth_trigger *t);
/* Has the manager changed?  EXITED: watch_fd() was readable. */
enum manager_change watch_check(struct synth_trigger *t, bool exited);
/* When watch_check() must run even if nothing arrives, or 0. */
uint64_t watch_next(const struct synth_trigger *t);
/* Is SENDER_PID the manager's main process (not one of its workers)? */
bool watch_is_main(const struct synth_trigger *t, long sender_pid);
void watch_close(struct synth_trigger *t);

#endif
