/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef UEVENT_TRIGGER_OPTIONS_H
#define UEVENT_TRIGGER_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "synth_uevent.h"

struct filter {
	enum synth_filter kind;
	const char *pattern;
	char *owned;		/* PATTERN, when made from the word */
};

struct options {
	enum synth_select_type type;
	const char *action;
	const char *uuid;		/* NULL: generated */
	bool print_uuid;		/* --uuid without a value: udevadm's */
	const char *env[SYNTH_ARGS_MAX + 1];
	size_t n_env;
	struct filter *filters;		/* in command-line order */
	size_t n_filters;
	enum synth_initialized initialized;
	bool include_parents;
	bool wait;
	bool consequences;		/* --wait-consequences */
	enum synth_wait_source source;
	unsigned int group;
	uint64_t timeout_usec;
	bool wait_daemon;
	uint64_t wait_daemon_usec;
	int rcvbuf;
	bool dry_run;
	bool verbose;
	bool quiet;
	bool json;
	bool help;
	bool version;
	bool list_actions;		/* -c help */
};

/*
 * Parse and validate the whole command line before anything is touched.
 * Returns 0, or 2 with a message naming the bad word written to ERR.
 */
int options_parse(struct options *o, int argc, char **argv, char *err,
		  size_t err_size);
void options_free(struct options *o);
/* The actions, one a line, as udevadm's "-c help" lists them. */
void options_print_actions(FILE *f);

#endif
