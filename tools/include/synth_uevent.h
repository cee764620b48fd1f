/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libsynthuevent: trigger synthetic uevents for a group of devices under one
 * transaction UUID, and wait until exactly those events were processed.
 *
 * The kernel side is the uevent file of every kobject: writing
 * "ACTION [UUID [KEY=VALUE ...]]" emits ACTION with SYNTH_UUID=UUID and
 * SYNTH_ARG_KEY=VALUE (Documentation/ABI/testing/sysfs-uevent).  The library
 * confirms on the kernel's netlink group which writes produced an event and
 * under which SEQNUM, then waits for the device manager to broadcast each of
 * those SEQNUMs as processed.
 *
 * Every function that can fail returns 0 or a negative errno: -EINVAL for
 * a NULL object or a NULL pointer the call needs (a NULL that a function
 * documents as meaning something is no error).  A setter of a struct
 * synth_trigger that was started (synth_trigger_start(), synth_trigger_run())
 * returns -EBUSY and changes nothing: a transaction's settings and devices
 * are fixed once it runs.
 *
 * Threads: the library has no global state.  An object (struct
 * synth_trigger, struct synth_select) belongs to one thread at a time;
 * distinct objects may be used in distinct threads at once.  The callbacks
 * (log, progress) are called from inside the call that runs the object,
 * in its thread.
 *
 * Ownership: every const char * a function returns points into the object
 * it was asked of, stays valid until that object is freed (or, for
 * synth_select_run(), until the next call on it), and is never to be
 * freed by the caller; synth_outcome_name() returns static strings.
 *
 * ABI: the shared library is libsynthuevent.so.0; every exported name
 * begins with synth_.  Objects are opaque; enums may grow at their end.
 */
#ifndef SYNTH_UEVENT_H
#define SYNTH_UEVENT_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The version of this header; synth_uevent_version() is the library's.
 * 0.2: every setter returns int (-EBUSY once started, -EINVAL for NULL);
 * the reason of each outcome (enum synth_reason); synth_uevent() returns
 * SYNTH_UEVENT_EMITTED when only the kernel confirmed the event.
 * 0.3: the consequences of a transaction's events
 * (synth_trigger_set_consequences()).
 */
#define SYNTH_UEVENT_VERSION_MAJOR	0
#define SYNTH_UEVENT_VERSION_MINOR	3
#define SYNTH_UEVENT_VERSION \
	((SYNTH_UEVENT_VERSION_MAJOR << 16) | SYNTH_UEVENT_VERSION_MINOR)

/* What the library exports; everything else in it is hidden. */
#if defined(__GNUC__) && !defined(SYNTH_UEVENT_NO_VISIBILITY)
#define SYNTH_PUBLIC	__attribute__((visibility("default")))
#else
#define SYNTH_PUBLIC
#endif

/* The library's SYNTH_UEVENT_VERSION (MAJOR << 16 | MINOR). */
SYNTH_PUBLIC unsigned int synth_uevent_version(void);

/* The kernel's limits on the arguments of one write (ABI document). */
#define SYNTH_ARGS_MAX		32
#define SYNTH_ENV_MAX		1024
#define SYNTH_UUID_LEN		36

/* Where "processed" is learnt. */
enum synth_wait_source {
	SYNTH_WAIT_NONE,	/* trigger only */
	SYNTH_WAIT_AUTO,	/* udev when udevd runs, else kernel */
	SYNTH_WAIT_UDEV,	/* systemd-udevd/eudev, netlink group 2 */
	SYNTH_WAIT_KERNEL,	/* the event left the kernel */
	SYNTH_WAIT_GROUP,	/* a raw kernel message rebroadcast on a
				 * netlink group (a group number) */
	SYNTH_WAIT_MDEVD,	/* skarnet's mdevd -O MASK: the group from its
				 * mask (a bitmask, as mdevd's own -O) */
};

enum synth_outcome {
	SYNTH_PENDING,		/* not known yet */
	SYNTH_PROCESSED,
	SYNTH_FAILED,		/* the write failed, or udevd's worker failed */
	SYNTH_NO_EVENT,		/* accepted, but the kernel emitted nothing */
	SYNTH_VANISHED,		/* removed before it was processed */
	SYNTH_TIMEOUT,
	SYNTH_UNCONFIRMED,	/* nothing could confirm it: the manager went
				 * away with it pending, or the kernel's
				 * messages about it were lost every time */
	SYNTH_EMITTED,		/* the kernel emitted it; no manager was
				 * waited for (the kernel as wait source) */
	/* Later versions may add outcomes here: a caller counting them
	 * must bound-check (synth_outcome_name() says "unknown"). */
};

/*
 * Why a device has its outcome, beside the outcome: stable codes for a
 * program, and synth_trigger_get_reason() in words.  Later versions may add
 * codes at the end (synth_reason_name() says "unknown").
 */
enum synth_reason {
	/* pending: nothing known yet */
	SYNTH_REASON_NONE,
	/* processed: the manager broadcast our event */
	SYNTH_REASON_BROADCAST,
	/* failed: the write failed (synth_trigger_get_error()) */
	SYNTH_REASON_WRITE_ERROR,
	/* failed: udevd broadcast it with UDEV_WORKER_FAILED=1 (251 on) */
	SYNTH_REASON_WORKER_FAILED,
	/* failed: udevd's main process forwarded it (247 to 250: a dead
	 * worker's event) */
	SYNTH_REASON_FORWARDED,
	/* failed: udevd broadcast it without USEC_INITIALIZED, its rules
	 * did not run (that forward, from a main process not known) */
	SYNTH_REASON_NOT_INITIALIZED,
	/* no-event: the write was accepted, the kernel emitted nothing */
	SYNTH_REASON_NOT_EMITTED,
	/* vanished: the write found no device (ENOENT, ENODEV) */
	SYNTH_REASON_WRITE_GONE,
	/* vanished: the manager broadcast its removal, which it processes
	 * after our event, without ours (a removal alone is no outcome) */
	SYNTH_REASON_REMOVED,
	/* vanished: not in sysfs when the wait ended */
	SYNTH_REASON_GONE,
	/* timeout: not broadcast in time */
	SYNTH_REASON_TIMEOUT,
	/* unconfirmed: the manager went away (synth_trigger_manager_lost()) */
	SYNTH_REASON_MANAGER_GONE,
	/* unconfirmed: the kernel's messages about it were lost every time */
	SYNTH_REASON_KERNEL_LOST,
	/* emitted: the kernel was the wait source asked for */
	SYNTH_REASON_KERNEL_ONLY,
	/* emitted: SYNTH_WAIT_AUTO found no manager
	 * (synth_trigger_wait_reason()) */
	SYNTH_REASON_NO_MANAGER,
	/* emitted: nothing was waited for */
	SYNTH_REASON_NOT_WAITING,
	/* unconfirmed: a network device of another network namespace than
	 * ours; the kernel sends its events only there (0.2) */
	SYNTH_REASON_OTHER_NETNS,
	/* unconfirmed: a consequence pending when the manager's broadcasts
	 * were lost; not ours to trigger again (0.3) */
	SYNTH_REASON_BROADCASTS_LOST,
};

struct synth_trigger;

/* Human-readable names: "processed", "failed", ... */
SYNTH_PUBLIC const char *synth_outcome_name(enum synth_outcome outcome);
/* Stable names of the reasons: "worker-failed", ...; "unknown" past the end. */
SYNTH_PUBLIC const char *synth_reason_name(enum synth_reason reason);

/*
 * Validation of what a write will carry, with the rules of the kernel series.
 * On error, *why (when not NULL) says what is wrong.
 */
SYNTH_PUBLIC int synth_check_action(const char *action);
SYNTH_PUBLIC int synth_check_uuid(const char *uuid);
SYNTH_PUBLIC int synth_check_env(const char *key_value, const char **why);

SYNTH_PUBLIC struct synth_trigger *synth_trigger_new(void);
SYNTH_PUBLIC void synth_trigger_free(struct synth_trigger *t);

/*
 * The setters (set_*, add_*) return 0, -EINVAL, -EBUSY once T was
 * started, or the errors each names.  (Before 0.2 some returned void:
 * a caller built against 0.1 still links and runs.)
 */
SYNTH_PUBLIC int synth_trigger_set_action(struct synth_trigger *t, const char *action);
/* NULL: a random UUID (libuuid). */
SYNTH_PUBLIC int synth_trigger_set_uuid(struct synth_trigger *t, const char *uuid);
SYNTH_PUBLIC const char *synth_trigger_get_uuid(const struct synth_trigger *t);
/* KEY=VALUE, becomes SYNTH_ARG_KEY=VALUE; -EINVAL, -E2BIG, -EEXIST. */
SYNTH_PUBLIC int synth_trigger_add_env(struct synth_trigger *t, const char *key_value);
/*
 * GROUP: the netlink group (2 to 32) for SYNTH_WAIT_GROUP; the -O mask of
 * mdevd for SYNTH_WAIT_MDEVD (0: read it from the running mdevd's command
 * line).  -EINVAL for the kernel's group, or a mask with no group above
 * udevd's.
 */
SYNTH_PUBLIC int synth_trigger_set_wait(struct synth_trigger *t, enum synth_wait_source src,
			   unsigned int group);
/* Resolved by synth_trigger_run() when the source was AUTO. */
SYNTH_PUBLIC enum synth_wait_source synth_trigger_get_wait(const struct synth_trigger *t);
/* The netlink group waited on (after synth_trigger_run()), or 0. */
SYNTH_PUBLIC unsigned int synth_trigger_get_group(const struct synth_trigger *t);
/* Why the wait source is what it is, in words (after synth_trigger_run()). */
SYNTH_PUBLIC const char *synth_trigger_wait_reason(const struct synth_trigger *t);
/*
 * When devices are SYNTH_UNCONFIRMED: which manager went away and what
 * showed it; "" otherwise.
 */
SYNTH_PUBLIC const char *synth_trigger_manager_lost(const struct synth_trigger *t);
/*
 * How long to wait for the manager, in microseconds.  0: wait forever; so
 * does UINT64_MAX (systemd's USEC_INFINITY), or any timeout whose end is
 * past the clock's (deadlines are added with saturation, never wrap).
 */
SYNTH_PUBLIC int synth_trigger_set_timeout(struct synth_trigger *t, uint64_t usec);
/*
 * Where udevd's sockets (RUN_UDEV, default /run/udev) and procfs (PROC,
 * default /proc) are looked for: a udevd of another run directory, a
 * stand-in in tests.  0, -EINVAL (NULL), or -ENAMETOOLONG (over 127 bytes).
 */
SYNTH_PUBLIC int synth_trigger_set_roots(struct synth_trigger *t,
					 const char *run_udev,
					 const char *proc);
/*
 * Receive buffer of the listeners, bytes (0: the library's default);
 * -EINVAL below 0.
 */
SYNTH_PUBLIC int synth_trigger_set_rcvbuf(struct synth_trigger *t, int bytes);
/*
 * Called with one line of diagnosis and its syslog level: LOG_WARNING for
 * what a user should hear of (messages lost, devices triggered again, udevd
 * restarted, the fallback to plain actions), LOG_INFO for the rest.
 * NULL: silent.
 */
SYNTH_PUBLIC int synth_trigger_set_log(struct synth_trigger *t,
			  void (*log)(void *data, int level,
				      const char *msg),
			  void *data);
/* Called while waiting, whenever the number processed changes; NULL: none. */
SYNTH_PUBLIC int synth_trigger_set_progress(struct synth_trigger *t,
			       void (*progress)(void *data, size_t done,
						size_t total),
			       void *data);
/*
 * Stop waiting when *flag becomes true (a signal handler's flag), looked
 * at by synth_trigger_run() at least every 250 ms.  NULL: none.
 */
SYNTH_PUBLIC int synth_trigger_set_stop(struct synth_trigger *t,
			   volatile const sig_atomic_t *flag);
/*
 * SYSPATH's canonical path (symbolic links resolved: /sys/class/net/lo is
 * /sys/devices/virtual/net/lo) is kept; a device added twice is triggered
 * once.  -EINVAL when it is not below /sys/, -ENOENT when it is not there.
 */
SYNTH_PUBLIC int synth_trigger_add_device(struct synth_trigger *t, const char *syspath);
struct synth_select;
/*
 * Every device of S's last synth_select_run(), taken over without copying;
 * S is left with an empty selection.  -EINVAL (nothing added, S unchanged)
 * when S's root is not /sys; -EBUSY (the same) once T was started.
 */
SYNTH_PUBLIC int synth_trigger_add_selection(struct synth_trigger *t,
				struct synth_select *s);

/*
 * The run: write to every device, then wait.  While waiting for udevd (or
 * for an mdevd found rebroadcasting to the group), the manager's process
 * is watched: when it exits, the events it had queued are lost, and the
 * pending devices are triggered again once another one runs (or, when its
 * sockets are held by a service manager, at once: those events start
 * it).  None within a few seconds ends the wait: the pending devices
 * become SYNTH_UNCONFIRMED.  udevd 258 and later save their queue for the
 * next udevd, which processes it under the old SEQNUMs: after the exit of
 * one of those, a device is processed on the broadcast of any SEQNUM it
 * was confirmed under, and only what the next udevd has not processed
 * after 5 s without any of ours is triggered again.  A udevd broadcast of our event by udevd's main
 * process rather than a worker (udevd 247 to 250 forward a dead worker's
 * event unchanged), without USEC_INITIALIZED (that forward, found without
 * knowing the main process; every action but remove) or with
 * UDEV_WORKER_FAILED=1 (udevd 251 and later) is SYNTH_FAILED.  Kernel
 * messages lost while writing make the devices whose event is unknown be
 * triggered again.
 *
 * A transaction runs once: synth_trigger_start() or synth_trigger_run()
 * on an object that was started already returns -EALREADY and does
 * nothing (a new object is a new transaction, with a new UUID).  Its
 * settings cannot change once it is started: every setter then returns
 * -EBUSY and changes nothing.
 *
 * The errors that prevent a run: -EPERM/-EACCES (not allowed to listen or
 * write), -ENOTSUP (the kernel refuses the arguments: see
 * synth_trigger_refusal()), -ECONNREFUSED (udev or mdevd source chosen and
 * that manager not there: see synth_trigger_refusal()), -ENOMEM.
 */

/*
 * The blocking form: synth_trigger_start(), then synth_trigger_process()
 * whenever the descriptor is readable or the deadline is reached, with
 * epoll_wait().  While many events are pending and the manager's
 * broadcasts come one at a time, it pauses a millisecond before waiting
 * again, so that one wake-up reads several.  0 when the run completed
 * (whatever the outcomes), -EINTR when the stop flag was raised (what is
 * known is kept), -EALREADY, or an error that prevented the run.
 */
SYNTH_PUBLIC int synth_trigger_run(struct synth_trigger *t);

/*
 * The non-blocking form, for an event loop (sd-event, GLib, libuv...):
 *
 *   r = synth_trigger_start(t);     writes (this takes as long as the
 *                                    writes: no wait for any manager)
 *   while (r == 0) {
 *           wait until synth_trigger_get_fd(t) is readable (POLLIN, or
 *           EPOLLIN) or CLOCK_MONOTONIC reaches synth_trigger_get_deadline(t);
 *           r = synth_trigger_process(t);
 *   }
 *   r == 1: done, the results are known; r < 0: the run failed.
 *
 * synth_trigger_start(): 0 started (wait for the descriptor), 1 done
 * already (nothing to wait for: not waiting, or no event pending), or an
 * errno (see above; -EALREADY the second time).
 */
SYNTH_PUBLIC int synth_trigger_start(struct synth_trigger *t);
/*
 * The one descriptor to watch for readability once started: an epoll
 * descriptor over the kernel's netlink socket, the manager's group socket
 * and the manager's pidfd.  Owned by T: never close it; it stays the same
 * and open until synth_trigger_free() (once the run is done it never
 * becomes readable again).  -EINVAL before synth_trigger_start().
 */
SYNTH_PUBLIC int synth_trigger_get_fd(const struct synth_trigger *t);
/*
 * When synth_trigger_process() is to be called even if the descriptor
 * stays quiet: a CLOCK_MONOTONIC time in microseconds (possibly already
 * past: call it now), or 0 for none (wait for the descriptor alone).  It
 * changes after each synth_trigger_process(): ask again each time.  It
 * is the timeout's end, or sooner when the manager must be looked at
 * (no pidfd, before Linux 5.3; or while it is gone) or messages were lost.
 */
SYNTH_PUBLIC uint64_t synth_trigger_get_deadline(const struct synth_trigger *t);
/*
 * Read what arrived, follow the manager, trigger again what was lost (this
 * may write), and settle the outcomes at the deadline.  Never blocks on a
 * manager.  1 done (results known; it says 1 again if called again), 0 not
 * yet, or an errno that ended the run (said again if called again); -EINTR
 * when the stop flag was raised while writing; -EINVAL before
 * synth_trigger_start().
 */
SYNTH_PUBLIC int synth_trigger_process(struct synth_trigger *t);

/* Why the run was refused, in words, or "". */
SYNTH_PUBLIC const char *synth_trigger_refusal(const struct synth_trigger *t);

/* How many devices were added (each counted once). */
SYNTH_PUBLIC size_t synth_trigger_count(const struct synth_trigger *t);
/*
 * The result of the I-th device added (0 to synth_trigger_count() - 1),
 * known once the run is done; before, outcome SYNTH_PENDING.
 */
/*
 * Its canonical syspath (its new one after a rename seen during the run:
 * ask again after the run), or NULL past the end.
 */
SYNTH_PUBLIC const char *synth_trigger_get_syspath(const struct synth_trigger *t,
						   size_t i);
/* Its outcome (an enum synth_outcome), or -ERANGE past the end. */
SYNTH_PUBLIC int synth_trigger_get_outcome(const struct synth_trigger *t,
					   size_t i);
/* The SEQNUM of its event, 0 when none was seen (or past the end). */
SYNTH_PUBLIC uint64_t synth_trigger_get_seqnum(const struct synth_trigger *t,
					       size_t i);
/* The errno (positive) of a failed write, or 0. */
SYNTH_PUBLIC int synth_trigger_get_error(const struct synth_trigger *t,
					 size_t i);
/* Microseconds from its write to processed, when processed; else 0. */
SYNTH_PUBLIC uint64_t synth_trigger_get_usec(const struct synth_trigger *t,
					     size_t i);
/* Why it has its outcome (an enum synth_reason), or -ERANGE past the end. */
SYNTH_PUBLIC int synth_trigger_get_reason_code(const struct synth_trigger *t,
					       size_t i);
/*
 * The same in words (English, for people; a program takes the code), or
 * NULL past the end.
 */
SYNTH_PUBLIC const char *synth_trigger_get_reason(const struct synth_trigger *t,
						  size_t i);
/* How many times it was triggered again after lost messages. */
SYNTH_PUBLIC unsigned int synth_trigger_get_retries(const struct synth_trigger *t,
						    size_t i);
/*
 * Consequences (0.3).  With YES, the run also waits for the events that
 * our events caused: every add or bind event the kernel emits strictly
 * below a triggered device (its path and a '/'), a bind of the device
 * itself, and a move whose old path is the device or below it, while the
 * manager processes our event (from its SEQNUM until the manager's
 * broadcast of it was read, and the kernel's group after it); and, by the
 * same rule, the events those caused.  Each is waited for by its SEQNUM,
 * within the same timeout, and is processed only on the manager's
 * broadcast of it.  Not what a probe adds after the broadcast, nor a
 * device a rule adds elsewhere, nor removals or change events.  Followed
 * only while a manager is waited for (udev, mdevd, a group).  Default:
 * off.
 */
SYNTH_PUBLIC int synth_trigger_set_consequences(struct synth_trigger *t,
						bool yes);
/* How many consequences the run saw, in the kernel's order. */
SYNTH_PUBLIC size_t synth_trigger_count_consequences(const struct synth_trigger *t);
/*
 * Of the J-th consequence: the triggered device it descends from (an
 * index for synth_trigger_get_syspath(), SIZE_MAX past the end).
 */
SYNTH_PUBLIC size_t synth_trigger_get_consequence_device(const struct synth_trigger *t,
							 size_t j);
/* Its syspath as the kernel named it in the event, or NULL. */
SYNTH_PUBLIC const char *synth_trigger_get_consequence_syspath(const struct synth_trigger *t,
							       size_t j);
/* Its action: "add", "bind" or "move", or NULL. */
SYNTH_PUBLIC const char *synth_trigger_get_consequence_action(const struct synth_trigger *t,
							      size_t j);
/* Its SEQNUM, or 0 past the end. */
SYNTH_PUBLIC uint64_t synth_trigger_get_consequence_seqnum(const struct synth_trigger *t,
							   size_t j);
/*
 * The SEQNUM of the event that caused it: the device's own, or another
 * consequence's (0 past the end).
 */
SYNTH_PUBLIC uint64_t synth_trigger_get_consequence_cause(const struct synth_trigger *t,
							  size_t j);
/* Its outcome (an enum synth_outcome), or -ERANGE past the end. */
SYNTH_PUBLIC int synth_trigger_get_consequence_outcome(const struct synth_trigger *t,
						       size_t j);
/* Why (an enum synth_reason), or -ERANGE past the end. */
SYNTH_PUBLIC int synth_trigger_get_consequence_reason_code(const struct synth_trigger *t,
							   size_t j);
/*
 * Were the kernel's messages lost (ENOBUFS) while the I-th device's
 * consequences were followed?  Then which events it caused is unknown:
 * never take its consequences for done.
 */
SYNTH_PUBLIC bool synth_trigger_get_consequences_lost(const struct synth_trigger *t,
						      size_t i);
/* The kernel ignored the UUID (before 4.13): plain actions were used. */
SYNTH_PUBLIC bool synth_trigger_fell_back(const struct synth_trigger *t);

/*
 * Wait until udevd answers a ping (its varlink socket, else its control
 * socket) in RUN_UDEV (NULL: /run/udev), for at most TIMEOUT_USEC
 * (UINT64_MAX: without limit): 0, or -ETIMEDOUT with WHY (SIZE bytes; NULL:
 * none) saying what the last try found.
 */
SYNTH_PUBLIC int synth_udevd_ping(const char *run_udev, uint64_t timeout_usec, char *why,
		     size_t size);

/* Selection of devices with udevadm trigger's filters, over a sysfs tree. */
enum synth_select_type {
	SYNTH_SELECT_DEVICES,
	SYNTH_SELECT_SUBSYSTEMS,
	SYNTH_SELECT_ALL,
};

enum synth_filter {
	SYNTH_MATCH_SUBSYSTEM,		/* glob, any of */
	SYNTH_NOMATCH_SUBSYSTEM,	/* glob, none of */
	SYNTH_MATCH_ATTR,		/* ATTR[=glob], all of */
	SYNTH_NOMATCH_ATTR,		/* ATTR[=glob], none of */
	SYNTH_MATCH_PROPERTY,		/* KEY=glob, any of */
	SYNTH_MATCH_TAG,		/* glob, all of (udev database) */
	SYNTH_MATCH_SYSNAME,		/* glob, any of */
	SYNTH_MATCH_PARENT,		/* /sys/... or /dev/...: it and below */
	SYNTH_PRIORITIZED_SUBSYSTEM,	/* comma-separated, first in order */
};

enum synth_initialized {
	SYNTH_INITIALIZED_ANY,
	SYNTH_INITIALIZED_YES,		/* has a udev database entry */
	SYNTH_INITIALIZED_NO,
};

/* ROOT: where sysfs is ("/sys"); RUN_UDEV: udevd's state ("/run/udev"). */
SYNTH_PUBLIC struct synth_select *synth_select_new(const char *root, const char *run_udev);
SYNTH_PUBLIC void synth_select_free(struct synth_select *s);
/* 0, or -EINVAL (no S, or a value not of the enum). */
SYNTH_PUBLIC int synth_select_set_type(struct synth_select *s, enum synth_select_type type);
SYNTH_PUBLIC int synth_select_set_initialized(struct synth_select *s,
				 enum synth_initialized want);
SYNTH_PUBLIC int synth_select_set_include_parents(struct synth_select *s, bool yes);
/* -EINVAL for a malformed pattern, -ENODEV for a parent that is not there. */
SYNTH_PUBLIC int synth_select_add(struct synth_select *s, enum synth_filter kind,
		     const char *pattern);
/*
 * The selected syspaths, in udevadm trigger's order (paths component by
 * component, md and dm block devices last, a sound card's controlC devices
 * after its others; each prioritized subsystem first, in its order, with
 * the selected parents of its devices).  The array and its strings are
 * owned by S: valid until the next synth_select_run(),
 * synth_trigger_add_selection() of S (which takes them over and empties
 * S) or synth_select_free().
 */
SYNTH_PUBLIC int synth_select_run(struct synth_select *s, const char *const **paths,
		     size_t *n);

/* What the one-call form wrote. */
enum synth_form {
	SYNTH_FORM_NONE,	/* nothing: the call failed before a run */
	SYNTH_FORM_MARKED,	/* "ACTION UUID LIBUDEV_TRIGGER=1": the
				 * kernel has the extended arguments */
	SYNTH_FORM_UUID,	/* "ACTION UUID": a kernel without them
				 * (4.13 and later: letters and digits only
				 * in keys), which refused the marker */
	SYNTH_FORM_PLAIN,	/* "ACTION": a kernel before 4.13, which
				 * ignores UUIDs; matched by SEQNUM */
};

/* What synth_uevent() returns when no manager was there to process it. */
#define SYNTH_UEVENT_EMITTED	1

/*
 * The one-call form the SID design proposes: trigger ACTION on SYSPATH with a
 * fresh UUID and SYNTH_ARG_LIBUDEV_TRIGGER=1; with WAIT, wait up to
 * TIMEOUT_USEC (0: without limit) for it to be processed.  0 when processed
 * (or written, without WAIT); with WAIT, SYNTH_UEVENT_EMITTED (1, no
 * error) when the kernel emitted it but no device manager runs to process
 * it, so that only the kernel confirmed it (0.1 returned 0 then);
 * -ETIMEDOUT, -ENODEV when it vanished, -EIO when processing failed,
 * -ENODATA when no event was emitted, -ESRCH when the device manager went
 * away before processing it or when the device is a network device of
 * another network namespace (its event goes there, unseen: written, not
 * confirmed), -ECONNREFUSED (nothing written) when udevd runs in another
 * network namespace, where none of its broadcasts can reach us, or
 * another negative errno.
 *
 * A kernel without the series refuses the marker (EINVAL, nothing is
 * emitted): the call is made again without it, under a new UUID.  A
 * kernel before 4.13 takes only the plain action: the device then
 * receives one more plain event (the probe that finds it out).
 * synth_uevent_full() says in *FORM (when not NULL) which form the event
 * that was waited for had.
 */
SYNTH_PUBLIC int synth_uevent(const char *syspath, const char *action,
			      bool wait, uint64_t timeout_usec);
SYNTH_PUBLIC int synth_uevent_full(const char *syspath, const char *action,
				   bool wait, uint64_t timeout_usec,
				   enum synth_form *form);

#ifdef __cplusplus
}
#endif

#endif /* SYNTH_UEVENT_H */
