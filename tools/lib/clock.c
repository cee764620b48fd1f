// SPDX-License-Identifier: LGPL-2.1-or-later
/* Monotonic time in microseconds. */
#include <time.h>

#include "internal.h"

uint64_t synth_now_usec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}
