// SPDX-License-Identifier: LGPL-2.1-or-later
/* A list of paths whose strings live in a pool (see pathv.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pathv.h"

int pathv_push(struct pathv *v, const char *path)
{
	char *copy;

	if (v->n + 1 >= v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 64;
		char **p = realloc(v->items, cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		v->items = p;
		v->cap = cap;
	}
	copy = pool_strdup(&v->pool, path);
	if (!copy)
		return -ENOMEM;
	v->items[v->n++] = copy;
	v->items[v->n] = NULL;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void pathv_sort_unique(struct pathv *v)
{
	size_t i, j = 0;

	if (!v->n)
		return;
	qsort(v->items, v->n, sizeof(char *), cmp_str);
	/* The duplicates' bytes stay in the pool until it is freed. */
	for (i = 1; i < v->n; i++)
		if (strcmp(v->items[i], v->items[j]))
			v->items[++j] = v->items[i];
	v->n = j + 1;
	v->items[v->n] = NULL;
}

void pathv_filter(struct pathv *v, int (*keep)(const char *path, void *data),
		  void *data)
{
	size_t i, j = 0;

	for (i = 0; i < v->n; i++)
		if (keep(v->items[i], data))
			v->items[j++] = v->items[i];
	v->n = j;
	if (v->items)
		v->items[j] = NULL;
}

void pathv_clear(struct pathv *v)
{
	free(v->items);
	pool_free(&v->pool);
	memset(v, 0, sizeof(*v));
}
