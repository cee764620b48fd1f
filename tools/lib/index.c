// SPDX-License-Identifier: LGPL-2.1-or-later
/* Open-addressing multimap from 64-bit keys to positions (see index.h). */
#include <errno.h>
#include <stdlib.h>

#include "index.h"

static size_t slot(uint64_t key, size_t mask)
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdULL;
	key ^= key >> 33;
	return key & mask;
}

static int grow(struct index *ix)
{
	size_t cap = ix->keys ? (ix->mask + 1) * 2 : 256, i;
	struct index next = {
		.keys = calloc(cap, sizeof(uint64_t)),
		.vals = calloc(cap, sizeof(size_t)),
		.mask = cap - 1,
	};

	if (!next.keys || !next.vals) {
		free(next.keys);
		free(next.vals);
		return -ENOMEM;
	}
	for (i = 0; ix->keys && i <= ix->mask; i++)
		if (ix->keys[i])
			index_put(&next, ix->keys[i], ix->vals[i]);
	index_free(ix);
	*ix = next;
	return 0;
}

int index_put(struct index *ix, uint64_t key, size_t val)
{
	size_t i;
	int r;

	/* 0 marks a free slot. */
	key = key ? key : 1;
	if (!ix->keys || (ix->used + 1) * 2 > ix->mask + 1) {
		r = grow(ix);
		if (r)
			return r;
	}
	for (i = slot(key, ix->mask); ix->keys[i]; i = (i + 1) & ix->mask)
		;
	ix->keys[i] = key;
	ix->vals[i] = val;
	ix->used++;
	return 0;
}

bool index_next(const struct index *ix, uint64_t key, size_t *pos, size_t *val)
{
	size_t i;

	key = key ? key : 1;
	if (!ix->keys)
		return false;
	/* *pos counts the probes already made, 0 at the start. */
	for (i = (slot(key, ix->mask) + *pos) & ix->mask; ix->keys[i];
	     i = (i + 1) & ix->mask) {
		(*pos)++;
		if (ix->keys[i] == key) {
			*val = ix->vals[i];
			return true;
		}
	}
	return false;
}

void index_free(struct index *ix)
{
	free(ix->keys);
	free(ix->vals);
	ix->keys = NULL;
	ix->vals = NULL;
	ix->mask = 0;
	ix->used = 0;
}

uint64_t index_hash_str(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}
