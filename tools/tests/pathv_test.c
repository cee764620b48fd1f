// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pathv_sort_unique() sorts as qsort() with a comparison of the paths
 * component by component (systemd's path_compare(), udevadm's order) does,
 * and keeps one of each path: on random sets of paths that share long
 * prefixes, with duplicates, prefixes of one another, names that go on
 * with bytes below '/' and bytes above 0x7f; and on sorted
 * and reversed sets large enough that a recursion without a bound on its
 * depth would show under the sanitizers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "pathv.h"

/* Component by component; of two where one ends, the shorter first. */
static int path_cmp(const char *a, const char *b)
{
	for (;;) {
		size_t la = strcspn(a, "/"), lb = strcspn(b, "/");
		int c = memcmp(a, b, la < lb ? la : lb);

		if (c)
			return c;
		if (la != lb)
			return la < lb ? -1 : 1;
		a += la;
		b += lb;
		if (!*a || !*b)
			return !*a - !*b ? (*a ? 1 : -1) : 0;
		a++;
		b++;
	}
}

static int cmp(const void *a, const void *b)
{
	return path_cmp(*(char *const *)a, *(char *const *)b);
}

/* The reference itself, on the cases that tell it from strcmp(). */
TEST(path_order)
{
	EXPECT_GT(0, path_cmp("/sys/bus/serial/drivers", "/sys/bus/serial-base"));
	EXPECT_GT(0, path_cmp("/sys/a/b", "/sys/a.0"));
	EXPECT_GT(0, path_cmp("/sys/a", "/sys/a/b"));
	EXPECT_LT(0, path_cmp("/sys/b", "/sys/a/b"));
	EXPECT_EQ(0, path_cmp("/sys/a/b", "/sys/a/b"));
	EXPECT_GT(0, pathv_compare("/sys/bus/serial/drivers",
				   "/sys/bus/serial-base"));
	EXPECT_GT(0, pathv_compare("/sys/a", "/sys/a/b"));
	EXPECT_EQ(0, pathv_compare("/sys/a/b", "/sys/a/b"));
}

/* Sort V and compare with the reference: qsort(), then unique. */
static int sorted_as_qsort(struct pathv *v)
{
	char **ref = malloc((v->n + 1) * sizeof(*ref));
	size_t i, n = 0;
	int ok = 1;

	if (!ref)
		return 0;
	if (v->n)
		memcpy(ref, v->items, v->n * sizeof(*ref));
	qsort(ref, v->n, sizeof(*ref), cmp);
	for (i = 0; i < v->n; i++)
		if (!n || path_cmp(ref[n - 1], ref[i]))
			ref[n++] = ref[i];
	pathv_sort_unique(v);
	if (v->n != n || (n && v->items[n])) {
		fprintf(stderr, "# %zu paths kept, %zu expected\n", v->n, n);
		ok = 0;
	}
	for (i = 0; ok && i < n; i++)
		if (strcmp(v->items[i], ref[i])) {
			fprintf(stderr, "# at %zu: '%s', expected '%s'\n", i,
				v->items[i], ref[i]);
			ok = 0;
		}
	free(ref);
	return ok;
}

TEST(random_paths_with_shared_prefixes)
{
	static const char *const stems[] = {
		"/sys/devices/virtual/net/dummy", "/sys/devices/virtual/net/d",
		"/sys/devices/pci0000:00/0000:00:1f.2/ata1/host0/block/sd",
		"/sys/devices/virtual/tty/tty", "/sys/devices/virtual/tty/",
		"/sys/devices/\xc3\xa9t\xc3\xa9", "", "/sys/bus/serial",
		"/sys/bus/serial-", "/sys/bus/serial/", "/sys/bus/serial.",
	};
	const size_t nstems = sizeof(stems) / sizeof(stems[0]);
	int round;

	srand(1);
	for (round = 0; round < 2000; round++) {
		struct pathv v = { 0 };
		size_t i, n = rand() % 64;
		char path[128];

		for (i = 0; i < n; i++) {
			int tail = rand() % 4;

			snprintf(path, sizeof(path), "%s%.*d",
				 stems[rand() % nstems], tail, rand() % 1000);
			ASSERT_EQ(0, pathv_push(&v, path));
		}
		ASSERT_TRUE(sorted_as_qsort(&v));
		pathv_clear(&v);
	}
}

TEST(sorted_and_reversed_sets)
{
	const size_t n = 100000;
	int reversed;

	for (reversed = 0; reversed < 2; reversed++) {
		struct pathv v = { 0 };
		char path[64];
		size_t i;

		for (i = 0; i < n; i++) {
			snprintf(path, sizeof(path),
				 "/sys/devices/virtual/net/dummy%06zu",
				 reversed ? n - 1 - i : i);
			ASSERT_EQ(0, pathv_push(&v, path));
		}
		ASSERT_TRUE(sorted_as_qsort(&v));
		pathv_clear(&v);
	}
}

TEST_HARNESS_MAIN
