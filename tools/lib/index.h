/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef SYNTH_INDEX_H
#define SYNTH_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A multimap from 64-bit keys to array positions: the caller verifies each
 * candidate (several keys may hash alike, stale entries are never removed).
 */
struct index {
	uint64_t *keys;
	size_t *vals;
	size_t mask;	/* capacity - 1, a power of two */
	size_t used;
};

int index_put(struct index *ix, uint64_t key, size_t val);
/* Next candidate for KEY; start with *pos = 0. */
bool index_next(const struct index *ix, uint64_t key, size_t *pos,
		size_t *val);
void index_free(struct index *ix);
uint64_t index_hash_str(const char *s);

#endif
