// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * glob_match() answers as fnmatch(GLOB, S, 0) does: on patterns of its
 * own matcher, on those it leaves to fnmatch(), and on random ones over
 * an alphabet of the characters that mean something in a pattern.
 */
#include <fnmatch.h>
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

TEST(the_c_locale_is_seen)
{
	ASSERT_TRUE(glob_c_collation());
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
