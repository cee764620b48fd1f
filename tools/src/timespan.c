// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Time spans on the command line, in systemd's notation (the units of its
 * parse_time(), in the order it tries them, the first that the text
 * starts with taken) so that udevadm's "--wait-daemon=1min" means the same
 * here; written for this tool.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "timespan.h"

#define SEC	1e6
#define DAY	(86400 * SEC)

static const struct {
	const char *name;
	double usec;
} units[] = {
	{ "seconds", SEC }, { "second", SEC }, { "sec", SEC }, { "s", SEC },
	{ "minutes", 60 * SEC }, { "minute", 60 * SEC }, { "min", 60 * SEC },
	{ "months", 2629800 * SEC }, { "month", 2629800 * SEC },
	{ "M", 2629800 * SEC },
	{ "msec", 1e3 }, { "ms", 1e3 },
	{ "m", 60 * SEC },
	{ "hours", 3600 * SEC }, { "hour", 3600 * SEC }, { "hr", 3600 * SEC },
	{ "h", 3600 * SEC },
	{ "days", DAY }, { "day", DAY }, { "d", DAY },
	{ "weeks", 7 * DAY }, { "week", 7 * DAY }, { "w", 7 * DAY },
	{ "years", 365.25 * DAY }, { "year", 365.25 * DAY },
	{ "y", 365.25 * DAY },
	{ "usec", 1 }, { "us", 1 }, { "\xce\xbcs", 1 }, { "\xc2\xb5s", 1 },
};

static const char *skip_space(const char *s)
{
	return s + strspn(s, " \t\n");
}

/* The length of the number S starts with: 1, 1.5, .5, 1e-7; 0 if none. */
static size_t number_len(const char *s)
{
	static const char digits[] = "0123456789";
	size_t n = strspn(s, digits), k, e;

	if (s[n] == '.') {
		k = strspn(s + n + 1, digits);
		if (!n && !k)
			return 0;
		n += 1 + k;
	} else if (!n) {
		return 0;
	}
	if (s[n] == 'e' || s[n] == 'E') {
		k = n + 1 + (s[n + 1] == '+' || s[n + 1] == '-');
		e = strspn(s + k, digits);
		if (e)
			n = k + e;
	}
	return n;
}

int timespan_parse(const char *s, uint64_t *usec)
{
	double total = 0;
	char num[64];
	size_t n, i;

	s = skip_space(s);
	if (!strncmp(s, "infinity", 8) && !*skip_space(s + 8)) {
		*usec = UINT64_MAX;
		return 0;
	}
	if (!*s)
		return -EINVAL;
	while (*s) {
		double mult = SEC;

		n = number_len(s);
		if (!n || n >= sizeof(num))
			return -EINVAL;
		memcpy(num, s, n);
		num[n] = '\0';
		s = skip_space(s + n);
		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			if (!strncmp(s, units[i].name, strlen(units[i].name)))
				break;
		if (i < sizeof(units) / sizeof(units[0])) {
			mult = units[i].usec;
			s += strlen(units[i].name);
		}
		total += strtod(num, NULL) * mult;
		/* Past the bound (or infinite): refused, not wrapped. */
		if (!(total <= 1e9 * SEC))
			return -EINVAL;
		s = skip_space(s);
	}
	*usec = (uint64_t)(total + 0.5);
	if (!*usec && total > 0)
		*usec = 1;
	return 0;
}
