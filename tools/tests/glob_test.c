// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * glob_match() answers as fnmatch(GLOB, S, 0) does: on patterns of its
 * own matcher, on those it leaves to fnmatch(), and on random ones over
 * an alphabet of the characters that mean something in a pattern.
 */
#include <dlfcn.h>
#include <fnmatch.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "glob.h"

static int same(const char *glob, const char *s, bool c_collation)
{
	bool want = fnmatch(glob, s, 0) == 0;

	if (glob_match(glob, s, c_collation) == want)
		return 1;
	fprintf(stderr, "# glob '%s' on '%s': fnmatch says %s\n", glob, s,
		want ? "match" : "no match");
	return 0;
}

/*
 * setlocale(), even only to ask, is not thread-safe (glibc: MT-Unsafe
 * const:locale), and the library promises one object per thread and no
 * global state: this program's own setlocale() counts the calls.
 */
static int random_case(unsigned int *seed, char *glob, char *s);

static int setlocale_calls;

char *setlocale(int category, const char *locale)
{
	char *(*real)(int, const char *);

	setlocale_calls++;
	real = (char *(*)(int, const char *))dlsym(RTLD_NEXT, "setlocale");
	return real ? real(category, locale) : NULL;
}

TEST(the_c_locale_is_seen)
{
	ASSERT_TRUE(glob_c_collation());
}

TEST(the_locale_is_asked_without_setlocale)
{
	int before = setlocale_calls;

	glob_c_collation();
	EXPECT_EQ(before, setlocale_calls);
}

/*
 * A thread's own locale (uselocale()) is the one asked: C is C, another
 * one leaves ranges to fnmatch(), and the answers are fnmatch()'s.
 */
TEST(a_thread_locale_is_the_one_asked)
{
	static const char *const names[] = { "C.UTF-8", "C.utf8", "en_US.UTF-8" };
	locale_t c = newlocale(LC_ALL_MASK, "C", (locale_t)0), other = 0;
	char glob[12], str[12];
	unsigned int seed = 5, wrong = 0;
	size_t i;

	ASSERT_NE((locale_t)0, c);
	for (i = 0; !other && i < sizeof(names) / sizeof(names[0]); i++)
		other = newlocale(LC_ALL_MASK, names[i], (locale_t)0);
	uselocale(c);
	EXPECT_TRUE(glob_c_collation());
	if (other) {
		uselocale(other);
		EXPECT_FALSE(glob_c_collation());
		for (i = 0; i < 100000 && wrong < 10; i++) {
			random_case(&seed, glob, str);
			wrong += !same(glob, str, glob_c_collation());
		}
		EXPECT_EQ(0, wrong);
	}
	uselocale(LC_GLOBAL_LOCALE);
	freelocale(c);
	if (other)
		freelocale(other);
	else
		TH_LOG("no locale but C here: only C was tried");
}

TEST(patterns_of_device_names)
{
	static const char *const cases[][2] = {
		{ "dummy[0-9]", "dummy7" }, { "dummy[0-9]", "dummy17" },
		{ "dummy[1-9][0-9]", "dummy17" }, { "dummy[1-9][0-9]", "dummy07" },
		{ "dummy*", "dummy" }, { "dummy*", "dumm" }, { "*", "" },
		{ "sd?", "sda" }, { "sd?", "sd" }, { "sd[!a]*", "sdb1" },
		{ "sd[^a]*", "sda1" }, { "*[]]", "a]" }, { "[!]]", "]" },
		{ "[a-]", "-" }, { "[a-]", "b" }, { "[z-a]", "m" },
		{ "[", "[" }, { "[abc", "[abc" }, { "a[", "a[" }, { "[]", "]" },
		{ "*a*b*c", "xxaxbxxc" }, { "*a*b*c", "xxaxbxxcd" },
		{ "a**b", "ab" }, { "?*?", "a" }, { "cciss!c0d0", "cciss!c0d0" },
		{ "[[:digit:]]x", "1x" }, { "\\*", "*" }, { "\\*", "a" },
		{ "a\\", "a\\" }, { "[\\]]", "]" }, { "caf\xc3\xa9", "caf\xc3\xa9" },
		{ "?", "\xc3\xa9" }, { "[.-.]", "." }, { "[=a=]", "a" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		EXPECT_TRUE(same(cases[i][0], cases[i][1], true));
		EXPECT_TRUE(same(cases[i][0], cases[i][1], false));
	}
}

/*
 * A random pattern of up to 9 characters of those that mean something in
 * one, into GLOB, and a string of up to 7 into S (each of 12 bytes);
 * returns the length of S.
 */
static int random_case(unsigned int *seed, char *glob, char *s)
{
	static const char pat[] = "ab9*?[]!^-";
	static const char str[] = "ab9[]!^-*?";
	int j, n;

	n = rand_r(seed) % 10;
	for (j = 0; j < n; j++)
		glob[j] = pat[rand_r(seed) % (sizeof(pat) - 1)];
	glob[n] = '\0';
	n = rand_r(seed) % 8;
	for (j = 0; j < n; j++)
		s[j] = str[rand_r(seed) % (sizeof(str) - 1)];
	s[n] = '\0';
	return n;
}

TEST(random_patterns_as_fnmatch)
{
	char glob[12], s[12];
	unsigned int seed = 21, wrong = 0;
	int i;

	for (i = 0; i < 300000 && wrong < 10; i++) {
		random_case(&seed, glob, s);
		wrong += !same(glob, s, true);
	}
	EXPECT_EQ(0, wrong);
}

/* Where a fixed length is claimed, no name of another length matches. */
TEST(fixed_lengths_hold)
{
	char glob[12], s[12];
	unsigned int seed = 7, wrong = 0;
	int i, n, fixed;

	EXPECT_EQ(6, glob_fixed_len("dummy[0-9]"));
	EXPECT_EQ(3, glob_fixed_len("a[]]b"));
	EXPECT_EQ(3, glob_fixed_len("[ab"));
	EXPECT_EQ(-1, glob_fixed_len("dummy*"));
	EXPECT_EQ(-1, glob_fixed_len("x[[:digit:]]"));
	for (i = 0; i < 300000 && wrong < 10; i++) {
		n = random_case(&seed, glob, s);
		fixed = glob_fixed_len(glob);
		if (fixed >= 0 && fixed != n && fnmatch(glob, s, 0) == 0) {
			fprintf(stderr, "# '%s' matches '%s', not of length %d\n",
				glob, s, fixed);
			wrong++;
		}
	}
	EXPECT_EQ(0, wrong);
}

TEST_HARNESS_MAIN
