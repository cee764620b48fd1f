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

static void swap(char **v, size_t a, size_t b)
{
	char *t = v[a];

	v[a] = v[b];
	v[b] = t;
}

/*
 * The byte at D of S as a sort key (all share D bytes; the terminating NUL
 * at most): '/' below every other byte but the NUL, so that paths sort
 * component by component, as systemd's path_compare() and udevadm order
 * them: /sys/bus/serial/drivers/x before /sys/bus/serial-base, a
 * directory right before everything below it.
 */
static int at(const char *s, size_t d)
{
	unsigned char c = s[d];

	return c == '/' ? 1 : c ? c + 1 : 0;
}

/*
 * Sort V[0..N) whose strings share their first D bytes, in path order:
 * multikey quicksort (Bentley and Sedgewick), which compares each byte of
 * the long prefixes paths share once per partition instead of once per
 * comparison.
 */
static void mkqsort(char **v, size_t n, size_t d)
{
	while (n > 1) {
		size_t lt = 0, gt = n, i = 1, nl, ne, ng;
		int pivot;

		swap(v, 0, n / 2);
		pivot = at(v[0], d);
		/* Three ways: [0, lt) below, [lt, gt) equal, [gt, n) above. */
		while (i < gt) {
			int c = at(v[i], d);

			if (c < pivot)
				swap(v, lt++, i++);
			else if (c > pivot)
				swap(v, i, --gt);
			else
				i++;
		}
		/* The equal ones go on at the next byte, unless all ended. */
		nl = lt;
		ne = pivot ? gt - lt : 0;
		ng = n - gt;
		/* The two smaller parts recursively: log2(N) deep at most. */
		if (nl >= ne && nl >= ng) {
			mkqsort(v + lt, ne, d + 1);
			mkqsort(v + gt, ng, d);
			n = nl;
		} else if (ne >= ng) {
			mkqsort(v, nl, d);
			mkqsort(v + gt, ng, d);
			v += lt;
			n = ne;
			d++;
		} else {
			mkqsort(v, nl, d);
			mkqsort(v + lt, ne, d + 1);
			v += gt;
			n = ng;
		}
	}
}

int pathv_compare(const char *a, const char *b)
{
	size_t d = 0;

	while (a[d] && a[d] == b[d])
		d++;
	return at(a, d) - at(b, d);
}

void pathv_sort_unique(struct pathv *v)
{
	size_t i, j = 0;

	if (!v->n)
		return;
	mkqsort(v->items, v->n, 0);
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
