/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef SYNTH_PATH_H
#define SYNTH_PATH_H

#include <stddef.h>

/* snprintf() into BUF; -ENAMETOOLONG (and "") rather than a cut path. */
int path_fmt(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* DIR/NAME into BUF, as path_fmt(BUF, SIZE, "%s/%s", DIR, NAME), faster. */
int path_join(char *buf, size_t size, const char *dir, const char *name);

#endif
