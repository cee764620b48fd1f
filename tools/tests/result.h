/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A device's result, gathered from the library's getters for the tests. */
#ifndef TESTS_RESULT_H
#define TESTS_RESULT_H

#include <errno.h>

#include "synth_uevent.h"

struct result {
	const char *syspath;
	uint64_t seqnum;
	int outcome;
	int reason;		/* enum synth_reason */
	int error;
	uint64_t usec;
	unsigned int retries;
};

/* 0, or -ERANGE past the end. */
static inline int get_result(const struct synth_trigger *t, size_t i,
			     struct result *r)
{
	if (i >= synth_trigger_count(t))
		return -ERANGE;
	r->syspath = synth_trigger_get_syspath(t, i);
	r->seqnum = synth_trigger_get_seqnum(t, i);
	r->outcome = synth_trigger_get_outcome(t, i);
	r->reason = synth_trigger_get_reason_code(t, i);
	r->error = synth_trigger_get_error(t, i);
	r->usec = synth_trigger_get_usec(t, i);
	r->retries = synth_trigger_get_retries(t, i);
	return 0;
}

#endif
