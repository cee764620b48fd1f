// SPDX-License-Identifier: GPL-2.0
/*
 * The fuzzer's reference model against the examples the ABI document gives
 * and the edges it names, so that a wrong model cannot pass the fuzzer off
 * as proof.  And the generator: seeded runs repeat, and they reach every
 * outcome the model knows.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_gen.h"
#include "fuzz_model.h"

#include "kselftest_harness.h"

#define U "fe4d7c9d-b8c6-4a70-9ef1-3d8a58d18eed"

FIXTURE(judge) {
	struct model_result r;
};

FIXTURE_VARIANT(judge) {
	const char *in;
	size_t len;		/* 0: strlen(in) */
	int err;
	const char *action;
	const char *uuid;
	size_t npairs;
	const char *last;	/* "KEY=VALUE" of the last pair */
};

#define CASE(name, ...) \
	FIXTURE_VARIANT_ADD(judge, name) { __VA_ARGS__ }

CASE(plain, .in = "add", .action = "add", .uuid = "0");
CASE(plain_newline, .in = "change\n", .action = "change", .uuid = "0");
CASE(plain_nul, .in = "remove\0", .len = 7, .action = "remove", .uuid = "0");
CASE(nul_padded, .in = "offline\0\0\0\0\0\0\0\0\0\0", .len = 17,
     .err = EINVAL);
CASE(nul_inside, .in = "add\0garbage", .len = 11, .err = EINVAL);
CASE(nul_then_padding, .in = "add\0\0x\0", .len = 7, .err = EINVAL);
CASE(nul_in_args, .in = "add " U " A=1\0B=2", .len = 48, .err = EINVAL);
CASE(args_nul_padded, .in = "add " U " A=1\0\0\0", .len = 47,
     .err = EINVAL);
CASE(args_nul, .in = "add " U " A=1\0", .len = 45,
     .action = "add", .uuid = U, .npairs = 1, .last = "A=1");
CASE(newline_nul, .in = "add\n\0", .len = 5, .err = EINVAL);
CASE(nul_newline, .in = "add\0\n", .len = 5, .err = EINVAL);
CASE(only_nuls, .in = "\0\0\0", .len = 3, .err = EINVAL);
CASE(two_newlines, .in = "add\n\n", .err = EINVAL);
CASE(prefix, .in = "ad", .err = EINVAL);
CASE(longer, .in = "addd", .err = EINVAL);
CASE(upper, .in = "ADD", .err = EINVAL);
CASE(empty_newline, .in = "\n", .err = EINVAL);
CASE(leading_space, .in = " add", .err = EINVAL);
CASE(trailing_space, .in = "add ", .err = EINVAL);
CASE(doc_example, .in = "add " U " A=1 B=abc", .action = "add", .uuid = U,
     .npairs = 2, .last = "B=abc");
CASE(uuid_only, .in = "bind " U "\n", .action = "bind", .uuid = U);
CASE(uuid_upper, .in = "move FE4D7C9D-B8C6-4A70-9EF1-3D8A58D18EED",
     .action = "move", .uuid = "FE4D7C9D-B8C6-4A70-9EF1-3D8A58D18EED");
CASE(uuid_short, .in = "add fe4d7c9d-b8c6-4a70-9ef1-3d8a58d18ee",
     .err = EINVAL);
CASE(uuid_long, .in = "add " U "0", .err = EINVAL);
CASE(uuid_dash, .in = "add fe4d7c9db-8c6-4a70-9ef1-3d8a58d18eed",
     .err = EINVAL);
CASE(uuid_not_hex, .in = "add ge4d7c9d-b8c6-4a70-9ef1-3d8a58d18eed",
     .err = EINVAL);
CASE(sid_markers, .in = "change " U " UDEV_TRIGGER=1 LIBUDEV_TRIGGER=1",
     .action = "change", .uuid = U, .npairs = 2,
     .last = "LIBUDEV_TRIGGER=1");
CASE(punctuation, .in = "change " U " DM=vg0-lv_root P=lv.1+2",
     .action = "change", .uuid = U, .npairs = 2, .last = "P=lv.1+2");
CASE(double_space, .in = "add " U "  A=1", .err = EINVAL);
CASE(pair_trailing_space, .in = "add " U " A=1 ", .err = EINVAL);
CASE(no_value, .in = "add " U " A=", .err = EINVAL);
CASE(no_key, .in = "add " U " =1", .err = EINVAL);
CASE(two_equals, .in = "add " U " A=1=2", .err = EINVAL);
CASE(dash_in_key, .in = "add " U " A-B=1", .err = EINVAL);
CASE(latin1_value, .in = "add " U " A=\xe9", .action = "add", .uuid = U,
     .npairs = 1, .last = "A=\xe9");
CASE(latin1_key, .in = "add " U " \xc0\xff=1", .action = "add", .uuid = U,
     .npairs = 1, .last = "\xc0\xff=1");
CASE(latin1_sign, .in = "add " U " A=\xd7", .err = EINVAL);
CASE(latin1_sign_key, .in = "add " U " \xf7=1", .err = EINVAL);
CASE(high_not_letter, .in = "add " U " A=\xa0", .err = EINVAL);
CASE(del, .in = "add " U " A=\x7f", .err = EINVAL);
CASE(tab, .in = "add " U "\tA=1", .err = EINVAL);
CASE(duplicate, .in = "add " U " A=1 B=2 A=3", .action = "add", .uuid = U,
     .npairs = 3, .last = "A=3");
CASE(value_option, .in = "add " U " A=-rf", .err = EINVAL);
CASE(value_dash_only, .in = "add " U " A=-", .err = EINVAL);
CASE(value_dot, .in = "add " U " A=.", .err = EINVAL);
CASE(value_dotdot, .in = "add " U " A=..", .err = EINVAL);
CASE(value_slash, .in = "add " U " P=a/b", .err = EINVAL);
CASE(value_colon, .in = "add " U " P=0000:00:1f.2", .err = EINVAL);
CASE(value_dot_first, .in = "add " U " A=.x", .action = "add", .uuid = U,
     .npairs = 1, .last = "A=.x");
CASE(value_dotdot_end, .in = "add " U " P=a..", .action = "add",
     .uuid = U, .npairs = 1, .last = "P=a..");
CASE(value_inner, .in = "add " U " P=a-b.c+d_1", .action = "add",
     .uuid = U, .npairs = 1, .last = "P=a-b.c+d_1");
CASE(case_differs, .in = "add " U " A=1 a=2", .action = "add", .uuid = U,
     .npairs = 2, .last = "a=2");
CASE(pair_newline, .in = "add " U " A=1\n", .action = "add", .uuid = U,
     .npairs = 1, .last = "A=1");

FIXTURE_SETUP(judge)
{
}

FIXTURE_TEARDOWN(judge)
{
}

TEST_F(judge, outcome)
{
	size_t len = variant->len ?: strlen(variant->in);
	struct model_result *r = &self->r;
	char last[128];

	model_judge(variant->in, len, r);
	ASSERT_EQ(variant->err, r->err) TH_LOG("why: %s", r->why);
	if (variant->err) {
		ASSERT_FALSE(r->emits);
		return;
	}
	ASSERT_TRUE(r->emits);
	EXPECT_EQ(len, r->written);
	EXPECT_STREQ(variant->action, r->action);
	EXPECT_STREQ(variant->uuid, r->uuid);
	ASSERT_EQ(variant->npairs, r->npairs);
	if (variant->last) {
		const struct model_pair *p = &r->pairs[r->npairs - 1];

		snprintf(last, sizeof(last), "%.*s=%.*s", (int)p->key_len,
			 p->key, (int)p->value_len, p->value);
		EXPECT_STREQ(variant->last, last);
	}
}

/* "change UUID" and @n pairs "Knn=" with values of @vlen 'v's. */
static size_t build_pairs(char *buf, int n, int vlen)
{
	size_t len = sprintf(buf, "change " U);
	int i;

	for (i = 0; i < n; i++) {
		len += sprintf(buf + len, " K%02d=", i);
		memset(buf + len, 'v', vlen);
		len += vlen;
	}
	return len;
}

TEST(limits)
{
	static char buf[8192];
	struct model_result r;
	size_t len;

	/* 32 pairs of 12 + 3 + 1 bytes: 48 + 512 bytes, accepted. */
	model_judge(buf, build_pairs(buf, 32, 1), &r);
	EXPECT_EQ(0, r.err);
	EXPECT_EQ(32U, r.npairs);
	model_judge(buf, build_pairs(buf, 33, 1), &r);
	EXPECT_EQ(E2BIG, r.err);

	/* 48 + 12 + 3 + V = 1024 exactly is accepted, one more is not. */
	model_judge(buf, build_pairs(buf, 1, 1024 - 48 - 15), &r);
	EXPECT_EQ(0, r.err);
	model_judge(buf, build_pairs(buf, 1, 1024 - 48 - 15 + 1), &r);
	EXPECT_EQ(E2BIG, r.err);

	/* The first broken rule decides: E2BIG before a later bad pair. */
	strcpy(buf + build_pairs(buf, 33, 1), " bad");
	model_judge(buf, strlen(buf), &r);
	EXPECT_EQ(E2BIG, r.err);

	/* A NUL byte is judged where it stands, as the kernel does. */
	len = build_pairs(buf, 33, 1);
	memcpy(buf + len, " A=1\0B=2", 9);
	model_judge(buf, len + 9, &r);
	EXPECT_EQ(E2BIG, r.err);
}

TEST(page)
{
	static char buf[GEN_MAX];
	struct model_result r;

	/* NUL padding is refused, but the write is cut to a page first. */
	memset(buf, 0, sizeof(buf));
	memcpy(buf, "add", 3);
	model_judge(buf, 4096, &r);
	EXPECT_EQ(EINVAL, r.err);
	EXPECT_EQ(4096U, r.written);
	model_judge(buf, GEN_MAX, &r);
	EXPECT_EQ(EINVAL, r.err);
	EXPECT_EQ(4096U, r.written) TH_LOG("sysfs passes one page");
	model_judge(buf, 0, &r);
	EXPECT_EQ(0, r.err);
	EXPECT_FALSE(r.emits);
}

TEST(page_nul)
{
	static char buf[GEN_MAX];
	struct model_result r;

	/*
	 * Only the last byte of what is seen, the first page, may be a NUL
	 * that is ignored: NUL padding up to it is refused.
	 */
	memset(buf, 0, sizeof(buf));
	memcpy(buf, "add", 3);
	buf[4096] = 'x';
	model_judge(buf, 4097, &r);
	EXPECT_EQ(EINVAL, r.err);
	EXPECT_EQ(4096U, r.written);
	model_judge(buf, 4, &r);
	EXPECT_EQ(0, r.err);
}

/* A corpus file: hex digits, '#' comments to the end of a line. */
static size_t read_hex(const char *path, char *buf, size_t max)
{
	FILE *f = fopen(path, "r");
	size_t n = 0;
	int c, hi = -1;

	if (!f)
		return 0;
	while ((c = fgetc(f)) != EOF && n < max) {
		if (c == '#') {
			while ((c = fgetc(f)) != EOF && c != '\n')
				;
			continue;
		}
		if (!isxdigit(c))
			continue;
		c = isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
		if (hi < 0) {
			hi = c;
		} else {
			buf[n++] = hi << 4 | c;
			hi = -1;
		}
	}
	fclose(f);
	return n;
}

/* Every corpus input parses and gets one of the model's outcomes. */
TEST(corpus)
{
	const char *dir = getenv("SYNTH_FUZZ_CORPUS") ?: "corpus";
	static char buf[GEN_MAX];
	struct dirent *de;
	int files = 0;
	DIR *d = opendir(dir);

	ASSERT_NE(NULL, d) TH_LOG("corpus %s: %s", dir, strerror(errno));
	while ((de = readdir(d))) {
		size_t nl = strlen(de->d_name), len;
		struct model_result r;
		char path[512];

		if (nl < 5 || strcmp(de->d_name + nl - 4, ".hex"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		len = read_hex(path, buf, sizeof(buf));
		EXPECT_LT(0U, len) TH_LOG("%s: no input", de->d_name);
		model_judge(buf, len, &r);
		EXPECT_TRUE(r.err == 0 || r.err == EINVAL || r.err == E2BIG)
			TH_LOG("%s: errno %d", de->d_name, r.err);
		files++;
	}
	closedir(d);
	EXPECT_LT(0, files);
	TH_LOG("%d corpus inputs judged", files);
}

TEST(generator)
{
	static char a[GEN_MAX], b[GEN_MAX];
	struct gen g1, g2;
	int seen[3] = { 0 }, i;

	gen_seed(&g1, 42);
	gen_seed(&g2, 42);
	for (i = 0; i < 20000; i++) {
		size_t la = gen_input(&g1, a), lb = gen_input(&g2, b);
		struct model_result r;

		ASSERT_EQ(la, lb);
		ASSERT_EQ(0, memcmp(a, b, la));
		ASSERT_GE((size_t)GEN_MAX, la);
		model_judge(a, la, &r);
		seen[r.err == 0 ? 0 : r.err == EINVAL ? 1 : 2]++;
	}
	TH_LOG("accepted %d, EINVAL %d, E2BIG %d", seen[0], seen[1], seen[2]);
	EXPECT_LT(20000 / 4, seen[0]);
	EXPECT_LT(20000 / 4, seen[1]);
	EXPECT_LT(20000 / 50, seen[2]);
}

TEST_HARNESS_MAIN
