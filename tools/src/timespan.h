/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef UEVENT_TRIGGER_TIMESPAN_H
#define UEVENT_TRIGGER_TIMESPAN_H

#include <stdint.h>

/*
 * A time span as systemd's parse_sec() takes it ("90", "1min 30s",
 * "1.5h", "500ms", "infinity"), and plain decimal seconds with an exponent
 * ("1e-7"), into microseconds: to the nearest one, a positive span below
 * one being one (never 0, which means "without limit" here); "infinity"
 * is UINT64_MAX.  At most 1e9 seconds.  0, or -EINVAL (NaN, a sign, an
 * unknown unit, nothing).
 */
int timespan_parse(const char *s, uint64_t *usec);

#endif
