// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Monotonic time in microseconds, and the arithmetic of deadlines on it:
 * saturating, so that a timeout of UINT64_MAX (systemd's USEC_INFINITY)
 * stays one that never comes, never wraps around to one already past.
 */
#include <time.h>

#include "internal.h"

uint64_t synth_now_usec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

uint64_t synth_usec_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

int synth_usec_to_ms(uint64_t usec, int max)
{
	uint64_t ms = usec / 1000 + (usec % 1000 != 0);

	return ms > (uint64_t)max ? max : (int)ms;
}
