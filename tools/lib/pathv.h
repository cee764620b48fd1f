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
/* Sort, and drop the duplicates. */
void pathv_sort_unique(struct pathv *v);
/* Keep only the items for which KEEP returns true, in order. */
void pathv_filter(struct pathv *v, int (*keep)(const char *path, void *data),
		  void *data);
void pathv_clear(struct pathv *v);

#endif
