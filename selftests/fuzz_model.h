/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reference model of what a write to a uevent file must do, written from
 * the grammar of Documentation/ABI/testing/sysfs-uevent (as the series
 * leaves it), not from the kernel's code.
 */
#ifndef FUZZ_MODEL_H
#define FUZZ_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#define MODEL_ACTIONS	8
#define MODEL_UUID_LEN	36
#define MODEL_PAIRS_MAX	32
#define MODEL_ENV_MAX	1024
#define MODEL_PAGE	4096

struct model_pair {
	const char *key;
	size_t key_len;
	const char *value;
	size_t value_len;
};

/* What one write must do: its errno, and the event it must emit. */
struct model_result {
	int err;		/* 0 or a positive errno */
	size_t written;		/* what write() returns when err is 0 */
	bool emits;		/* an event must follow */
	const char *action;	/* when it emits */
	char uuid[MODEL_UUID_LEN + 1];	/* SYNTH_UUID, "0" when none */
	size_t npairs;
	struct model_pair pairs[MODEL_PAIRS_MAX];
	const char *why;	/* for a refusal: the rule that was broken */
};

/* The eight action names, in no particular order. */
extern const char *const model_actions[MODEL_ACTIONS];

/*
 * Judge @len bytes of @buf written at once to a uevent file.  The pairs of
 * @res point into @buf.
 */
void model_judge(const char *buf, size_t len, struct model_result *res);

#endif
