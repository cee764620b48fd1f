/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The consequences of a transaction's events (synth_trigger_set_consequences):
 * the add, bind and move events that the kernel emits below a triggered
 * device while the manager processes its event, waited for by SEQNUM like
 * our own, and theirs in turn.  Not part of the API.
 */
#ifndef SYNTH_CONSEQUENCE_H
#define SYNTH_CONSEQUENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pool.h"
#include "synth_uevent.h"

struct synth_trigger;
struct synth_msg;

/* One consequence, in the order the kernel emitted them. */
struct cons {
	const char *syspath;	/* "/sys" + its DEVPATH, in the set's pool */
	uint64_t seqnum;
	uint64_t cause;		/* the SEQNUM of the event that caused it */
	uint32_t dev;		/* the triggered device it descends from */
	char action[8];		/* add, bind or move */
	uint8_t outcome;	/* enum synth_outcome */
	uint8_t reason;		/* enum synth_reason */
	bool closing : 1;	/* broadcast: its window closes once the
				 * kernel's group was read after it */
};

struct conset {
	bool on;		/* followed in this run */
	struct cons *v;		/* SEQNUMs strictly ascending */
	size_t n, cap;
	size_t pending;
	struct pool pool;
	uint8_t *dev_flags;	/* per triggered device: CONS_ bits */
	size_t n_dev;
	bool closing;		/* some window is closing */
};

/* dev_flags */
#define CONS_CLOSING	0x1	/* broadcast, window not closed yet */
#define CONS_LOST	0x2	/* kernel messages lost while a window of
				 * its subtree was open */

/* The run begins: follow when asked and a manager is waited for. */
int cons_prepare(struct synth_trigger *t);
/*
 * A kernel message that is not ours: a consequence of an open window?
 * 0 or -ENOMEM.
 */
int cons_kernel_msg(struct synth_trigger *t, const struct synth_msg *m);
/*
 * A manager's broadcast that is not ours: of a pending consequence
 * (settled as WHY says), or its removal.  True when it was.
 */
bool cons_broadcast(struct synth_trigger *t, const struct synth_msg *m,
		    enum synth_reason why);
/* The triggered device at I was broadcast: its window is closing. */
void cons_dev_broadcast(struct synth_trigger *t, size_t i);
/* Is some window closing (the kernel's group is to be read first)? */
bool cons_closing(const struct synth_trigger *t);
/* The kernel's group was read after the broadcasts: close the windows. */
void cons_close(struct synth_trigger *t);
/* The kernel's messages were lost: the open windows' subtrees are unknown. */
void cons_kernel_lost(struct synth_trigger *t);
/*
 * The manager's broadcasts were lost: those of the pending consequences
 * may be among them (never triggered again: not ours to write to).
 */
void cons_broadcasts_lost(struct synth_trigger *t);
/* Nothing will confirm the pending: the manager went away (REASON). */
void cons_abandon(struct synth_trigger *t, enum synth_reason reason);
/* The wait ended: the outcome of every consequence still pending. */
void cons_finish(struct synth_trigger *t);
void cons_free(struct conset *c);

#endif
