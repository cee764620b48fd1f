/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef SYNTH_GLUE_H
#define SYNTH_GLUE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "pathv.h"

/*
 * The names in a class's glue directory: the directory the driver core
 * makes below a device's parent (or ROOT/devices/virtual) for the devices
 * of one class, named as the class, holding those devices and nothing else,
 * and without a uevent file of its own (every device has one).
 */
struct glue {
	char path[PATH_MAX];	/* canonical; "" while none is loaded */
	struct pathv names;	/* as the directory lists them */
	char **set;		/* the same names, hashed: open addressing */
	size_t mask;		/* the set's size, a power of two, less one */
	size_t next;		/* the name looked at first */
};

/* Load the names of PATH when it is CLASS's glue directory: -errno if not. */
int glue_load(struct glue *g, const char *path, const char *class);
/* Is NAME a device of the glue directory loaded in G? */
bool glue_has(struct glue *g, const char *name);
void glue_clear(struct glue *g);

#endif
