// SPDX-License-Identifier: LGPL-2.1-or-later
/* Growable NULL-terminated arrays of owned strings. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "strv.h"

int strv_push(struct strv *v, const char *s)
{
	char *copy;

	if (v->n + 1 >= v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 16;
		char **p = realloc(v->items, cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		v->items = p;
		v->cap = cap;
	}
	copy = strdup(s);
	if (!copy)
		return -ENOMEM;
	v->items[v->n++] = copy;
	v->items[v->n] = NULL;
	return 0;
}

bool strv_contains(const struct strv *v, const char *s)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (!strcmp(v->items[i], s))
			return true;
	return false;
}

void strv_clear(struct strv *v)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		free(v->items[i]);
	free(v->items);
	memset(v, 0, sizeof(*v));
}
