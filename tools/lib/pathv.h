/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef SYNTH_PATHV_H
#define SYNTH_PATHV_H

#include <stddef.h>

#include "pool.h"

/* A list of paths, the strings kept in a pool: NULL-terminated when n > 0. */
struct pathv {
	char **items;
	size_t n;
	size_t cap;
	struct pool pool;
};

int pathv_push(struct pathv *v, const char *path);
/*
 * Sort in path order (component by component: a name before the same name
 * with more after it, "serial/x" before "serial-base"), and drop the
 * duplicates.
 */
void pathv_sort_unique(struct pathv *v);
/* The order pathv_sort_unique() sorts in: <0, 0 or >0, as strcmp(). */
int pathv_compare(const char *a, const char *b);
/* Keep only the items for which KEEP returns true, in order. */
void pathv_filter(struct pathv *v, int (*keep)(const char *path, void *data),
		  void *data);
void pathv_clear(struct pathv *v);

#endif
