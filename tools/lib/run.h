/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef SYNTH_RUN_H
#define SYNTH_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "internal.h"
#include "trigger.h"

/*
 * Within a run: what run.c (a device's outcome, the reading of a group),
 * write.c (the writes, the kernel's answers) and wait.c (the manager's
 * broadcasts) share.
 */

/* Rounds of triggering again after lost messages, at most. */
#define RETRIGGER_ROUNDS	5

/* Which devices run_trigger() writes to. */
enum pass {
	PASS_ALL,		/* the first time */
	PASS_PENDING,		/* again: every device still pending */
	PASS_UNSURE,		/* again: those whose event is unknown */
};

/* run.c */
bool run_stopped(const struct synth_trigger *t);
/* The outcome of D is known, and why. */
void run_settle(struct synth_trigger *t, struct dev *d,
		enum synth_outcome outcome, enum synth_reason reason);
/* D's event left the kernel as SEQNUM. */
int run_confirm(struct synth_trigger *t, struct dev *d, uint64_t seqnum);
/* D is to be triggered again: forget its event. */
void run_unconfirm(struct synth_trigger *t, struct dev *d);
/* Does M carry our transaction's mark (or none, in fallback mode)? */
bool run_ours(const struct synth_trigger *t, const struct synth_msg *m);
int run_drain(struct synth_trigger *t, int fd, unsigned int group,
	      int (*fn)(struct synth_trigger *t, const struct synth_msg *m),
	      enum prof_phase phase, bool all);

/* write.c */
/* Read the kernel's group (to the end with ALL): confirm, follow renames. */
int run_drain_kernel(struct synth_trigger *t, bool all);
/* Write to each device PASS takes; 0 or an errno that stops the run. */
int run_trigger(struct synth_trigger *t, enum pass pass);
/* Kernel messages lost while writing: write again where it matters. */
int run_trigger_unsure(struct synth_trigger *t);

/* wait.c */
/* Read the manager's broadcasts; -ENOBUFS when some were lost. */
int run_drain_wait(struct synth_trigger *t, bool all);

#endif
