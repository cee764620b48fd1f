/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef SYNTH_SELECT_H
#define SYNTH_SELECT_H

#include <limits.h>
#include <stdbool.h>

#include "internal.h"
#include "pathv.h"
#include "strv.h"

/*
 * A selection: its filters (select.c, which decides what passes) and the
 * scan of sysfs that finds the candidates (scan.c).
 */
struct synth_select {
	char *root;
	char *run_udev;
	enum synth_select_type type;
	enum synth_initialized initialized;
	bool include_parents;
	/* While a run lasts: for glob_match(), and glob_fixed_len() of each
	 * sysname pattern. */
	bool c_collation;
	int *sysname_len;
	struct strv match[SYNTH_PRIORITIZED_SUBSYSTEM + 1];
	struct pathv result;
	/* While a run scans: the canonical ROOT/devices, and its length. */
	char devices[PATH_MAX];
	size_t devices_len;
};

/* Do the subsystem filters of S pass SUBSYSTEM? */
bool select_subsystem_passes(const struct synth_select *s,
			     const char *subsystem);
/*
 * Does the directory entry NAME of a class, bus or module directory pass
 * the sysname filters of S?
 */
bool select_name_passes(const struct synth_select *s, const char *name);

int scan_sysfs(struct synth_select *s);
/* Add to OUT the parents with a uevent file of every path in it. */
int scan_add_parents(const struct synth_select *s, struct pathv *out);

#endif
