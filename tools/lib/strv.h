/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef SYNTH_STRV_H
#define SYNTH_STRV_H

#include <stdbool.h>
#include <stddef.h>

struct strv {
	char **items;	/* NULL-terminated once anything was pushed */
	size_t n;
	size_t cap;
};

int strv_push(struct strv *v, const char *s);
bool strv_contains(const struct strv *v, const char *s);
void strv_clear(struct strv *v);

#endif
