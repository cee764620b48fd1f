// SPDX-License-Identifier: LGPL-2.1-or-later
/* The devices of a group and their lookups (see devtab.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devtab.h"
#include "pathv.h"

/* Room for N more devices, allocated to fit. */
static int reserve(struct devtab *dt, size_t n)
{
	struct dev *p;

	if (dt->n + n > UINT32_MAX)
		return -E2BIG;
	if (dt->n + n <= dt->cap)
		return 0;
	p = realloc(dt->devs, (dt->n + n) * sizeof(*p));
	if (!p)
		return -ENOMEM;
	dt->devs = p;
	if (dt->rename_of) {
		uint32_t *r = realloc(dt->rename_of, (dt->n + n) * sizeof(*r));

		if (!r)
			return -ENOMEM;
		dt->rename_of = r;
	}
	dt->cap = dt->n + n;
	return 0;
}

static void add_dev(struct devtab *dt, const char *syspath)
{
	struct dev *d = &dt->devs[dt->n++];

	memset(d, 0, sizeof(*d));
	d->syspath = syspath;
}

int devtab_add(struct devtab *dt, const char *syspath)
{
	const char *copy;
	int r;

	if (dt->n == dt->cap) {
		r = reserve(dt, dt->cap ? dt->cap : 64);
		if (r)
			return r;
	}
	copy = pool_strdup(&dt->pool, syspath);
	if (!copy)
		return -ENOMEM;
	add_dev(dt, copy);
	return 0;
}

int devtab_adopt(struct devtab *dt, struct pathv *v)
{
	size_t i;
	int r;

	r = reserve(dt, v->n);
	if (r)
		return r;
	for (i = 0; i < v->n; i++)
		add_dev(dt, v->items[i]);
	pool_move(&dt->pool, &v->pool);
	pathv_clear(v);
	return 0;
}

static int cmp_by_path(const void *a, const void *b, void *data)
{
	const struct dev *devs = data;

	return strcmp(devs[*(const uint32_t *)a].syspath,
		      devs[*(const uint32_t *)b].syspath);
}

/* Sort BY_PATH; true when some path is there twice. */
static bool sort_by_path(struct devtab *dt)
{
	size_t i;

	for (i = 0; i < dt->n; i++)
		dt->by_path[i] = i;
	/* A selection comes sorted, without duplicates: nothing to do. */
	for (i = 1; i < dt->n; i++)
		if (strcmp(dt->devs[i - 1].syspath, dt->devs[i].syspath) >= 0)
			break;
	if (i >= dt->n)
		return false;
	qsort_r(dt->by_path, dt->n, sizeof(*dt->by_path), cmp_by_path,
		dt->devs);
	for (i = 1; i < dt->n; i++)
		if (!strcmp(dt->devs[dt->by_path[i - 1]].syspath,
			    dt->devs[dt->by_path[i]].syspath))
			return true;
	return false;
}

int devtab_index(struct devtab *dt)
{
	size_t i, j, k;
	uint8_t *dup;

	free(dt->by_path);
	dt->by_path = malloc((dt->n ? dt->n : 1) * sizeof(*dt->by_path));
	if (!dt->by_path)
		return -ENOMEM;
	if (!sort_by_path(dt))
		return 0;
	/* Keep the first of each path (in the order added), drop the rest. */
	dup = calloc(dt->n, 1);
	if (!dup)
		return -ENOMEM;
	for (i = 0; i < dt->n; i = j) {
		uint32_t first = dt->by_path[i];

		for (j = i + 1; j < dt->n &&
		     !strcmp(dt->devs[dt->by_path[i]].syspath,
			     dt->devs[dt->by_path[j]].syspath); j++)
			if (dt->by_path[j] < first)
				first = dt->by_path[j];
		for (k = i; k < j; k++)
			if (dt->by_path[k] != first)
				dup[dt->by_path[k]] = 1;
	}
	for (i = j = 0; i < dt->n; i++)
		if (!dup[i])
			dt->devs[j++] = dt->devs[i];
	dt->n = j;
	free(dup);
	sort_by_path(dt);
	return 0;
}

struct dev *devtab_by_devpath(struct devtab *dt, const char *devpath)
{
	size_t lo = 0, hi = dt->n, pos = 0, i;
	struct dev *first = NULL;

	/* By the name it was added with: syspath is "/sys" + devpath. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(dt->devs[dt->by_path[mid]].syspath + 4, devpath) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < dt->n; i++) {
		struct dev *d = &dt->devs[dt->by_path[i]];

		if (strcmp(d->syspath + 4, devpath))
			break;
		if (d->renamed)
			continue;
		if (!d->confirmed)
			return d;
		if (!first)
			first = d;
	}
	if (first)
		return first;
	/* By its latest new name. */
	while (index_next(&dt->by_rename, index_hash_str(devpath), &pos, &i)) {
		const struct rename *rn = &dt->renames[i];
		struct dev *d = &dt->devs[rn->dev];

		if (d->renamed && dt->rename_of[rn->dev] == i &&
		    !strcmp(rn->syspath + 4, devpath))
			return d;
	}
	return NULL;
}

/* The device confirmed under SEQNUM at some time, or NULL. */
static struct dev *by_confirmation(struct devtab *dt, uint64_t seqnum)
{
	size_t lo = 0, hi = dt->n_conf;

	/*
	 * Where nothing else made an event between ours, the SEQNUMs follow
	 * each other and the place is known at once.
	 */
	if (hi && seqnum >= dt->conf_seqnum[0] &&
	    seqnum - dt->conf_seqnum[0] < hi &&
	    dt->conf_seqnum[seqnum - dt->conf_seqnum[0]] == seqnum)
		lo = hi = seqnum - dt->conf_seqnum[0];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (dt->conf_seqnum[mid] < seqnum)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < dt->n_conf && dt->conf_seqnum[lo] == seqnum)
		return &dt->devs[dt->conf_dev[lo]];
	return NULL;
}

struct dev *devtab_by_seqnum(struct devtab *dt, uint64_t seqnum)
{
	struct dev *d = by_confirmation(dt, seqnum);

	/* Not when it was triggered again since. */
	return d && d->confirmed && d->seqnum == seqnum ? d : NULL;
}

struct dev *devtab_by_any_seqnum(struct devtab *dt, uint64_t seqnum)
{
	return by_confirmation(dt, seqnum);
}

int devtab_confirm(struct devtab *dt, struct dev *d, uint64_t seqnum)
{
	size_t i = dt->n_conf;

	if (dt->n_conf == dt->cap_conf) {
		size_t cap = dt->cap_conf ? dt->cap_conf * 2 : 256;
		uint64_t *s = realloc(dt->conf_seqnum, cap * sizeof(*s));
		uint32_t *p;

		if (!s)
			return -ENOMEM;
		dt->conf_seqnum = s;
		p = realloc(dt->conf_dev, cap * sizeof(*p));
		if (!p)
			return -ENOMEM;
		dt->conf_dev = p;
		dt->cap_conf = cap;
	}
	d->confirmed = true;
	d->seqnum = seqnum;
	/* Ours come in order, one write at a time: this loop never runs. */
	while (i && dt->conf_seqnum[i - 1] > seqnum) {
		dt->conf_seqnum[i] = dt->conf_seqnum[i - 1];
		dt->conf_dev[i] = dt->conf_dev[i - 1];
		i--;
	}
	dt->conf_seqnum[i] = seqnum;
	dt->conf_dev[i] = d - dt->devs;
	dt->n_conf++;
	return 0;
}

int devtab_rename(struct devtab *dt, struct dev *d, const char *devpath)
{
	size_t i = d - dt->devs;
	char syspath[4096 + 8];
	const char *copy;

	if (!dt->rename_of) {
		dt->rename_of = calloc(dt->cap, sizeof(*dt->rename_of));
		if (!dt->rename_of)
			return -ENOMEM;
	}
	if (dt->n_renames == dt->cap_renames) {
		size_t cap = dt->cap_renames ? dt->cap_renames * 2 : 16;
		struct rename *p = realloc(dt->renames, cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		dt->renames = p;
		dt->cap_renames = cap;
	}
	if (snprintf(syspath, sizeof(syspath), "/sys%s", devpath) >=
	    (int)sizeof(syspath))
		return -ENAMETOOLONG;
	copy = pool_strdup(&dt->pool, syspath);
	if (!copy)
		return -ENOMEM;
	if (index_put(&dt->by_rename, index_hash_str(devpath), dt->n_renames))
		return -ENOMEM;
	dt->renames[dt->n_renames] = (struct rename){ .syspath = copy, .dev = i };
	dt->rename_of[i] = dt->n_renames++;
	d->renamed = true;
	return 0;
}

const char *devtab_syspath(const struct devtab *dt, const struct dev *d)
{
	if (!d->renamed)
		return d->syspath;
	return dt->renames[dt->rename_of[d - dt->devs]].syspath;
}

void devtab_free(struct devtab *dt)
{
	free(dt->devs);
	pool_free(&dt->pool);
	free(dt->by_path);
	free(dt->conf_seqnum);
	free(dt->conf_dev);
	free(dt->renames);
	free(dt->rename_of);
	index_free(&dt->by_rename);
	memset(dt, 0, sizeof(*dt));
}
