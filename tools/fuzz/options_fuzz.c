// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: the command line parser and the validation of --env,
 * --uuid, --action and the matches.  The input is split at NUL bytes into
 * argv words after "uevent-trigger".  Invariants: the result is 0 or 2; a
 * refusal always comes with a message; nothing leaks (LeakSanitizer).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

#define MAX_WORDS	64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1), *argv[MAX_WORDS + 2], err[512];
	struct options o;
	size_t at = 0;
	int argc = 0, r;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	argv[argc++] = "uevent-trigger";
	while (at <= size && argc <= MAX_WORDS) {
		argv[argc++] = copy + at;
		at += strlen(copy + at) + 1;
	}
	argv[argc] = NULL;

	err[0] = '\0';
	r = options_parse(&o, argc, argv, err, sizeof(err));
	if (r != 0 && r != 2)
		__builtin_trap();
	if (r == 2 && !err[0])
		__builtin_trap();
	options_free(&o);
	free(copy);
	return 0;
}
