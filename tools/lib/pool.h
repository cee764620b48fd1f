/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef SYNTH_POOL_H
#define SYNTH_POOL_H

#include <stddef.h>

/*
 * An arena of strings: copies packed into large blocks, freed all at once.
 * Ten thousand device paths cost their bytes, not ten thousand allocations
 * with their headers, and freeing them is a handful of calls.
 */
struct pool_block;

struct pool {
	struct pool_block *head;	/* the block being filled first */
	size_t left;			/* bytes free in it */
};

/* A copy of S that lives until pool_free(); NULL when out of memory. */
char *pool_strdup(struct pool *p, const char *s);
/* TO takes over every string of FROM, which is left empty. */
void pool_move(struct pool *to, struct pool *from);
/* Bytes allocated for the strings. */
size_t pool_size(const struct pool *p);
void pool_free(struct pool *p);

#endif
