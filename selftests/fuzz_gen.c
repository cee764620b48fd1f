// SPDX-License-Identifier: GPL-2.0
/*
 * Inputs for the uevent file fuzzer: well-formed writes built from the
 * grammar, the same mutated (bytes flipped, inserted, removed, pairs
 * repeated, NULs and bytes 0x80-0xff anywhere), writes near the limits
 * (32 pairs, 1024 bytes of variables, a page), and plain noise.  Everything
 * comes from one 64-bit seed, so a run can be repeated exactly.
 */
#include <string.h>

#include "fuzz_gen.h"
#include "fuzz_model.h"

void gen_seed(struct gen *g, uint64_t seed)
{
	g->state = seed ? seed : 0x9e3779b97f4a7c15ULL;
}

/* splitmix64 */
uint64_t gen_next(struct gen *g)
{
	uint64_t z = (g->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

size_t gen_below(struct gen *g, size_t n)
{
	return n ? gen_next(g) % n : 0;
}

static bool chance(struct gen *g, unsigned int percent)
{
	return gen_below(g, 100) < percent;
}

static const char *pick(struct gen *g, const char *const *list, size_t n)
{
	return list[gen_below(g, n)];
}

#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))

static const char key_chars[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";
static const char value_chars[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+-.";

/* Keys users pass, so that duplicates come often. */
static const char *const known_keys[] = {
	"UDEV_TRIGGER", "LIBUDEV_TRIGGER", "UDEV_WATCH", "A", "B", "_", "a_b",
	"SID_DEV_ID", "DM_NAME", "x",
};

/*
 * Values from real names: dm/LVM names (taken), persistent paths and bus
 * addresses (refused: '/' and ':'), and the edges of the LVM rule.
 */
static const char *const known_values[] = {
	"1", "vg0-lv_root", "/dev/disk/by-id/ata-QEMU_HARDDISK_QM00001",
	"0000:00:1f.2", "1-1.4:1.0", "0:0:0:0", "52:54:00:12:34:56", "vg+1",
	"-", ".", "/", ":", "+", "-rf", ".hidden", "a/../b", "..", "1.2.3",
	"vg0", "lv_swap", "vg--1-lv", "data.0", "a..", "_", "x+y-z.w", "sda1",
	"luks-1f2e", "mpatha", "root", "home", "vg_sys-lv_var", "0",
};

/* Bytes that break the grammar in interesting ways. */
static const char odd_bytes[] = {
	'\0', '\n', '\t', '\r', ' ', '=', '"', '\'', '\\', '$', '%', '*',
	(char)0x80, (char)0xa0, (char)0xc0, (char)0xd7, (char)0xe9,
	(char)0xff, 0x7f, 0x01,
};

struct out {
	char *buf;
	size_t len;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->len + n > GEN_MAX)
		n = GEN_MAX - o->len;
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

static void put_from(struct gen *g, struct out *o, const char *set,
		     size_t n)
{
	size_t setlen = strlen(set);

	while (n--)
		put(o, &set[gen_below(g, setlen)], 1);
}

static void put_uuid(struct gen *g, struct out *o)
{
	static const char lower[] = "0123456789abcdef";
	static const char upper[] = "0123456789ABCDEF";
	const char *hex = chance(g, 20) ? upper : lower;
	int i;

	for (i = 0; i < 5; i++) {
		static const int groups[] = { 8, 4, 4, 4, 12 };

		if (i)
			put(o, "-", 1);
		put_from(g, o, hex, groups[i]);
	}
}

static void put_pair(struct gen *g, struct out *o, size_t long_value)
{
	put(o, " ", 1);
	if (chance(g, 50))
		puts_(o, pick(g, known_keys, ARRAY_LEN(known_keys)));
	else
		put_from(g, o, key_chars, 1 + gen_below(g, 16));
	put(o, "=", 1);
	if (long_value)
		put_from(g, o, value_chars, long_value);
	else if (chance(g, 50))
		puts_(o, pick(g, known_values, ARRAY_LEN(known_values)));
	else
		put_from(g, o, value_chars, 1 + gen_below(g, 24));
}

/* A well-formed write, near a limit with @limits. */
static void well_formed(struct gen *g, struct out *o, bool limits)
{
	size_t pairs, i, long_value = 0;

	puts_(o, model_actions[gen_below(g, MODEL_ACTIONS)]);
	if (!limits && chance(g, 15))
		goto end;
	put(o, " ", 1);
	put_uuid(g, o);
	if (limits && chance(g, 50)) {
		pairs = 28 + gen_below(g, 10);		/* around 32 */
	} else if (limits) {
		pairs = 1 + gen_below(g, 12);		/* around 1024 bytes */
		long_value = (1024 - 48) / pairs - 12 - 8 + gen_below(g, 16);
	} else {
		pairs = gen_below(g, 8);
	}
	for (i = 0; i < pairs; i++)
		put_pair(g, o, long_value);
end:
	if (chance(g, 20))
		put(o, "\n", 1);
}

static void mutate(struct gen *g, struct out *o)
{
	size_t at = gen_below(g, o->len + 1), n;
	char c;

	switch (gen_below(g, 7)) {
	case 0:		/* replace a byte with an odd one */
		if (at < o->len)
			o->buf[at] = odd_bytes[gen_below(g, sizeof(odd_bytes))];
		break;
	case 1:		/* insert an odd byte */
	case 2:		/* insert any byte */
		if (o->len >= GEN_MAX)
			break;
		c = gen_below(g, 3) == 1 ? (char)gen_below(g, 256) :
			odd_bytes[gen_below(g, sizeof(odd_bytes))];
		memmove(o->buf + at + 1, o->buf + at, o->len - at);
		o->buf[at] = c;
		o->len++;
		break;
	case 3:		/* remove some bytes */
		n = gen_below(g, 4) + 1;
		if (at + n > o->len)
			n = o->len - at;
		memmove(o->buf + at, o->buf + at + n, o->len - at - n);
		o->len -= n;
		break;
	case 4:		/* repeat the tail: a duplicate pair, often */
		n = o->len - at;
		if (n > 64)
			n = 64;
		put(o, o->buf + at, n);
		break;
	case 5:		/* cut */
		o->len = at;
		break;
	default:	/* flip a bit */
		if (at < o->len)
			o->buf[at] ^= 1 << gen_below(g, 8);
		break;
	}
}

size_t gen_input(struct gen *g, char *buf)
{
	struct out o = { .buf = buf, .len = 0 };
	size_t kind = gen_below(g, 100), i, n;

	if (kind < 45) {
		well_formed(g, &o, false);
	} else if (kind < 80) {
		well_formed(g, &o, false);
		n = 1 + gen_below(g, 4);
		for (i = 0; i < n; i++)
			mutate(g, &o);
	} else if (kind < 93) {
		well_formed(g, &o, true);
		if (chance(g, 30))
			mutate(g, &o);
	} else {
		n = chance(g, 80) ? gen_below(g, 80) : gen_below(g, GEN_MAX);
		for (i = 0; i < n; i++) {
			char c = (char)gen_below(g, 256);

			put(&o, &c, 1);
		}
	}

	/* NUL padding, as some writers do, up to and past a page. */
	if (chance(g, 8)) {
		n = chance(g, 50) ? gen_below(g, 100) : gen_below(g, GEN_MAX);
		while (n-- && o.len < GEN_MAX)
			put(&o, "", 1);
	}
	return o.len;
}
