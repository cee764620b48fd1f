/* SPDX-License-Identifier: GPL-2.0 */
/* Seeded inputs for the uevent file fuzzer. */
#ifndef FUZZ_GEN_H
#define FUZZ_GEN_H

#include <stddef.h>
#include <stdint.h>

/* The largest input made: a little over a page, to cross sysfs's cut. */
#define GEN_MAX		4200

struct gen {
	uint64_t state;
};

void gen_seed(struct gen *g, uint64_t seed);
uint64_t gen_next(struct gen *g);
/* A number in [0, n). */
size_t gen_below(struct gen *g, size_t n);

/* Fill @buf (GEN_MAX bytes) with one input; return its length. */
size_t gen_input(struct gen *g, char *buf);

#endif
