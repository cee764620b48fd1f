// SPDX-License-Identifier: LGPL-2.1-or-later
/* An arena of strings (see pool.h). */
#include <stdlib.h>
#include <string.h>

#include "pool.h"

#define POOL_BLOCK	(32 << 10)

struct pool_block {
	struct pool_block *next;
	size_t size;		/* of data[] */
	char data[];
};

char *pool_strdup(struct pool *p, const char *s)
{
	size_t len = strlen(s) + 1;
	struct pool_block *b;
	char *copy;

	if (!p->head || p->left < len) {
		size_t size = len > POOL_BLOCK ? len : POOL_BLOCK;

		b = malloc(sizeof(*b) + size);
		if (!b)
			return NULL;
		b->size = size;
		if (p->head && len > POOL_BLOCK) {
			/* A string larger than a block: keep filling the current one. */
			b->next = p->head->next;
			p->head->next = b;
			return memcpy(b->data, s, len);
		}
		b->next = p->head;
		p->head = b;
		p->left = size;
	}
	copy = p->head->data + p->head->size - p->left;
	p->left -= len;
	return memcpy(copy, s, len);
}

void pool_move(struct pool *to, struct pool *from)
{
	struct pool_block *last;

	if (!from->head)
		return;
	if (!to->head) {
		*to = *from;
	} else {
		/* FROM's blocks go behind TO's current one, full for TO. */
		for (last = from->head; last->next; last = last->next)
			;
		last->next = to->head->next;
		to->head->next = from->head;
	}
	from->head = NULL;
	from->left = 0;
}

size_t pool_size(const struct pool *p)
{
	const struct pool_block *b;
	size_t size = 0;

	for (b = p->head; b; b = b->next)
		size += b->size;
	return size;
}

void pool_free(struct pool *p)
{
	struct pool_block *b, *next;

	for (b = p->head; b; b = next) {
		next = b->next;
		free(b);
	}
	p->head = NULL;
	p->left = 0;
}
