// SPDX-License-Identifier: GPL-2.0
/*
 * The grammar, as documented:
 *
 *	ACTION [UUID [KEY=VALUE ...]]
 *
 * One trailing newline or NUL byte, the last byte of the write, is
 * ignored; any other NUL byte is a character no word may hold (since
 * d516455c9405, "kobject: fix out-of-bounds access in
 * kobject_action_type()": NUL padding is refused), judged where it stands,
 * so that an earlier pair over the limits still gives E2BIG; words are
 * separated by exactly one space.
 * ACTION is one of eight names, matched exactly.  UUID is 8-4-4-4-12 hex
 * digits.  A KEY is made of letters, digits and '_', a VALUE of letters,
 * digits and any of "_+-." (device-mapper and LVM names), not beginning
 * with '-' and neither "." nor "..".  Letters are the kernel's isalnum() ones: ASCII, and the Latin-1
 * letters 0xc0-0xff but 0xd7 and 0xf7.  A key may be given more than once
 * (each pair is a variable).  At most 32 pairs, and the SYNTH_* variables
 * with their NULs take at most 1024 bytes.  Pairs are judged in order and
 * the first broken rule decides the error.  A write of zero bytes does
 * nothing; sysfs passes at most a page of a longer one and reports that
 * much written.
 *
 * The model splits the input into words and judges each word; the kernel
 * scans characters.  Two formulations of one grammar, so that a mistake in
 * either shows as a disagreement.
 */
#include <errno.h>
#include <string.h>

#include "fuzz_model.h"

const char *const model_actions[MODEL_ACTIONS] = {
	"add", "remove", "change", "move",
	"online", "offline", "bind", "unbind",
};

/* A page holds at most one word per byte and space, plus one. */
#define MAX_WORDS	(MODEL_PAGE + 1)

struct word {
	const char *s;
	size_t len;
};

static bool in_set(char c, const char *set)
{
	return c && strchr(set, c);
}

/* The Latin-1 letters: 0xc0 to 0xff, but the signs 0xd7 and 0xf7. */
static bool latin1_letter(char c)
{
	unsigned char u = c;

	return u >= 0xc0 && u != 0xd7 && u != 0xf7;
}

#define DIGITS	"0123456789"
#define LETTERS	"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
#define KEY_SET		LETTERS DIGITS "_"
#define VALUE_SET	KEY_SET "+-."
#define HEX_SET		DIGITS "abcdefABCDEF"

static bool all_in(const char *s, size_t len, const char *set)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!in_set(s[i], set))
			return false;
	return len > 0;
}

/* Like all_in(), the Latin-1 letters counted in. */
static bool all_in_or_latin1(const char *s, size_t len, const char *set)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!in_set(s[i], set) && !latin1_letter(s[i]))
			return false;
	return len > 0;
}

/* As an LVM name: a value may not begin with '-', nor be "." or "..". */
static bool value_safe(const char *s, size_t len)
{
	if (s[0] == '-')
		return false;
	return !(len <= 2 && s[0] == '.' && s[len - 1] == '.');
}

static const char *find_action(struct word w)
{
	int i;

	for (i = 0; i < MODEL_ACTIONS; i++)
		if (strlen(model_actions[i]) == w.len &&
		    !memcmp(model_actions[i], w.s, w.len))
			return model_actions[i];
	return NULL;
}

static bool uuid_ok(struct word w)
{
	static const size_t groups[] = { 8, 4, 4, 4, 12 };
	size_t g, at = 0;

	if (w.len != MODEL_UUID_LEN)
		return false;
	for (g = 0; g < 5; g++) {
		if (g && w.s[at++] != '-')
			return false;
		if (!all_in(w.s + at, groups[g], HEX_SET))
			return false;
		at += groups[g];
	}
	return true;
}

/* Cut @s (@len bytes) at every space into @words; returns how many. */
static size_t split(const char *s, size_t len, struct word *words,
		    size_t max)
{
	size_t n = 0, start = 0, i;

	for (i = 0; i <= len && n < max; i++) {
		if (i == len || s[i] == ' ') {
			words[n].s = s + start;
			words[n].len = i - start;
			n++;
			start = i + 1;
		}
	}
	return n;
}

static int refuse(struct model_result *res, int err, const char *why)
{
	res->err = err;
	res->emits = false;
	res->why = why;
	return err;
}

/* Judge the pair word @w, the @n-th; *@size counts the variables' bytes. */
static int judge_pair(struct model_result *res, struct word w, size_t n,
		      size_t *size)
{
	const char *eq = memchr(w.s, '=', w.len);
	struct model_pair p;

	if (!eq)
		return refuse(res, EINVAL, "pair without '='");
	p.key = w.s;
	p.key_len = eq - w.s;
	p.value = eq + 1;
	p.value_len = w.len - p.key_len - 1;
	if (!all_in_or_latin1(p.key, p.key_len, KEY_SET))
		return refuse(res, EINVAL, "bad key");
	if (!all_in_or_latin1(p.value, p.value_len, VALUE_SET))
		return refuse(res, EINVAL, "bad value");
	if (!value_safe(p.value, p.value_len))
		return refuse(res, EINVAL, "value like an option, or . or ..");
	if (n >= MODEL_PAIRS_MAX)
		return refuse(res, E2BIG, "too many pairs");
	*size += strlen("SYNTH_ARG_=") + 1 + p.key_len + p.value_len;
	if (*size > MODEL_ENV_MAX)
		return refuse(res, E2BIG, "variables too long");
	res->pairs[n] = p;
	return 0;
}

void model_judge(const char *buf, size_t len, struct model_result *res)
{
	struct word words[MAX_WORDS];
	size_t n, nwords, i, size;

	memset(res, 0, sizeof(*res));
	if (len > MODEL_PAGE)
		len = MODEL_PAGE;
	res->written = len;
	if (!len)
		return;		/* nothing is parsed, nothing emitted */

	n = len;
	if (buf[n - 1] == '\n' || buf[n - 1] == '\0')
		n--;
	nwords = split(buf, n, words, MAX_WORDS);

	res->action = find_action(words[0]);
	if (!res->action) {
		refuse(res, EINVAL, "unknown action");
		return;
	}
	res->emits = true;
	strcpy(res->uuid, "0");
	if (nwords == 1)
		return;

	if (!uuid_ok(words[1])) {
		refuse(res, EINVAL, "bad UUID");
		return;
	}
	memcpy(res->uuid, words[1].s, MODEL_UUID_LEN);
	res->uuid[MODEL_UUID_LEN] = '\0';

	size = strlen("SYNTH_UUID=") + 1 + MODEL_UUID_LEN;
	for (i = 2; i < nwords; i++)
		if (judge_pair(res, words[i], i - 2, &size))
			return;
	res->npairs = nwords - 2;
}
