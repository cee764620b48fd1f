/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef SYNTH_PROFILE_H
#define SYNTH_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Where a run's CPU time goes, for make bench: on when SYNTH_UEVENT_PROFILE
 * is in the environment, read by the thread's CPU clock around each batch
 * of writes and each read of a group, and told at the end as one log line
 * "profile: ...".  Off, it costs a test per batch.
 */
enum prof_phase {
	PROF_WRITE,		/* open, write, close of the uevent files */
	PROF_KERNEL,		/* the kernel's group: receive, parse,
				 * match */
	PROF_MANAGER,		/* the manager's group: the same */
	PROF_PHASES
};

struct prof {
	bool on;
	uint64_t at;			/* CPU ns when the phase began */
	uint64_t ns[PROF_PHASES];
	size_t count[PROF_PHASES];	/* writes, messages */
};

void prof_init(struct prof *p);
void prof_begin(struct prof *p);
void prof_end(struct prof *p, enum prof_phase phase, size_t count);
/* "profile: ..." into BUF. */
void prof_format(const struct prof *p, char *buf, size_t size);

#endif
