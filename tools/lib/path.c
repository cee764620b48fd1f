// SPDX-License-Identifier: LGPL-2.1-or-later
/* Formatting of file paths that refuses to truncate. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "path.h"

int path_fmt(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -EINVAL;
	if ((size_t)n >= size) {
		buf[0] = '\0';
		return -ENAMETOOLONG;
	}
	return 0;
}

int path_join(char *buf, size_t size, const char *dir, const char *name)
{
	size_t d = strlen(dir), n = strlen(name);

	if (d + 1 + n >= size) {
		if (size)
			buf[0] = '\0';
		return -ENAMETOOLONG;
	}
	memcpy(buf, dir, d);
	buf[d] = '/';
	memcpy(buf + d + 1, name, n + 1);
	return 0;
}
