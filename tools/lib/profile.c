// SPDX-License-Identifier: LGPL-2.1-or-later
/* A run's CPU time by phase (see profile.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "profile.h"

static uint64_t cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void prof_init(struct prof *p)
{
	memset(p, 0, sizeof(*p));
	p->on = getenv("SYNTH_UEVENT_PROFILE") != NULL;
}

void prof_begin(struct prof *p)
{
	if (p->on)
		p->at = cpu_ns();
}

void prof_end(struct prof *p, enum prof_phase phase, size_t count)
{
	if (!p->on)
		return;
	p->ns[phase] += cpu_ns() - p->at;
	p->count[phase] += count;
}

void prof_format(const struct prof *p, char *buf, size_t size)
{
	static const char *const names[PROF_PHASES] = {
		[PROF_WRITE] = "write",
		[PROF_KERNEL] = "kernel_read",
		[PROF_MANAGER] = "manager_read",
	};
	size_t len = 0;
	int i;

	len = snprintf(buf, size, "profile:");
	for (i = 0; i < PROF_PHASES && len < size; i++)
		len += snprintf(buf + len, size - len, " %s_us=%llu %s_n=%zu",
				names[i],
				(unsigned long long)(p->ns[i] / 1000),
				names[i], p->count[i]);
}
