// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The group's bookkeeping: the string pool, path lists, and the device
 * table's lookups by devpath (renames included) and by SEQNUM.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "kselftest_harness.h"
#include "devtab.h"
#include "pathv.h"
#include "pool.h"

TEST(pool_keeps_every_string)
{
	struct pool p = { 0 }, q = { 0 };
	char big[100000], name[32];
	const char *s[3000], *b = NULL, *m;
	int i;

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	for (i = 0; i < 3000; i++) {
		snprintf(name, sizeof(name), "/sys/devices/virtual/net/d%d", i);
		s[i] = pool_strdup(&p, name);
		ASSERT_NE(NULL, s[i]);
		if (i == 1500) {
			b = pool_strdup(&p, big);
			ASSERT_NE(NULL, b);
		}
	}
	m = pool_strdup(&q, "moved");
	pool_move(&p, &q);
	EXPECT_EQ(0, pool_size(&q));
	for (i = 0; i < 3000; i++) {
		snprintf(name, sizeof(name), "/sys/devices/virtual/net/d%d", i);
		EXPECT_STREQ(name, s[i]);
	}
	EXPECT_EQ(0, strcmp(big, b));
	EXPECT_STREQ("moved", m);
	/* Packed: far fewer bytes than 3000 allocations would take. */
	EXPECT_GE(pool_size(&p), sizeof(big));
	EXPECT_LT(pool_size(&p), sizeof(big) + 3000 * 32 + (64 << 10));
	pool_free(&p);
	pool_free(&q);
}

static int keep_odd(const char *path, void *data)
{
	(*(int *)data)++;
	return (path[strlen(path) - 1] - '0') % 2;
}

TEST(pathv_sorts_dedups_and_filters)
{
	const char *in[] = { "/sys/c3", "/sys/a1", "/sys/c3", "/sys/b2",
			     "/sys/a1", "/sys/d5" };
	struct pathv v = { 0 };
	int calls = 0;
	size_t i;

	for (i = 0; i < 6; i++)
		ASSERT_EQ(0, pathv_push(&v, in[i]));
	pathv_sort_unique(&v);
	ASSERT_EQ(4, v.n);
	EXPECT_STREQ("/sys/a1", v.items[0]);
	EXPECT_STREQ("/sys/b2", v.items[1]);
	EXPECT_STREQ("/sys/c3", v.items[2]);
	EXPECT_STREQ("/sys/d5", v.items[3]);
	EXPECT_EQ(NULL, v.items[4]);
	pathv_filter(&v, keep_odd, &calls);
	EXPECT_EQ(4, calls);
	ASSERT_EQ(3, v.n);
	EXPECT_STREQ("/sys/a1", v.items[0]);
	EXPECT_STREQ("/sys/c3", v.items[1]);
	EXPECT_STREQ("/sys/d5", v.items[2]);
	EXPECT_EQ(NULL, v.items[3]);
	pathv_clear(&v);
}

FIXTURE(tab) {
	struct devtab dt;
};

/* net/d0..d999 added in reverse order, then lo: devs[i] is d(999 - i). */
FIXTURE_SETUP(tab)
{
	struct pathv v = { 0 };
	char name[64];
	int i;

	memset(&self->dt, 0, sizeof(self->dt));
	for (i = 999; i >= 500; i--) {
		snprintf(name, sizeof(name), "/sys/devices/virtual/net/d%d", i);
		ASSERT_EQ(0, devtab_add(&self->dt, name));
	}
	for (i = 499; i >= 0; i--) {
		snprintf(name, sizeof(name), "/sys/devices/virtual/net/d%d", i);
		ASSERT_EQ(0, pathv_push(&v, name));
	}
	ASSERT_EQ(0, devtab_adopt(&self->dt, &v));
	EXPECT_EQ(0, v.n);
	ASSERT_EQ(0, devtab_add(&self->dt, "/sys/devices/virtual/net/lo"));
	ASSERT_EQ(1001, self->dt.n);
	ASSERT_EQ(0, devtab_index(&self->dt));
}

FIXTURE_TEARDOWN(tab)
{
	devtab_free(&self->dt);
}

TEST_F(tab, finds_every_device_by_devpath)
{
	char name[64];
	int i;

	for (i = 0; i < 1000; i++) {
		snprintf(name, sizeof(name), "/devices/virtual/net/d%d", i);
		ASSERT_EQ(&self->dt.devs[999 - i],
			  devtab_by_devpath(&self->dt, name));
	}
	EXPECT_EQ(&self->dt.devs[1000],
		  devtab_by_devpath(&self->dt, "/devices/virtual/net/lo"));
	EXPECT_EQ(NULL, devtab_by_devpath(&self->dt, "/devices/virtual/net/d"));
	EXPECT_EQ(NULL, devtab_by_devpath(&self->dt, "/devices/virtual/net/d1000"));
	EXPECT_EQ(NULL, devtab_by_devpath(&self->dt, ""));
	EXPECT_EQ(NULL, devtab_by_devpath(&self->dt, "/devices/virtual/net/zz"));
}

TEST_F(tab, follows_renames_and_swaps)
{
	struct devtab *dt = &self->dt;
	struct dev *a = &dt->devs[999], *b = &dt->devs[998];	/* d0, d1 */

	/* d0 -> tmp, d1 -> d0, tmp -> d1: as a rule swapping two names. */
	ASSERT_EQ(0, devtab_rename(dt, a, "/devices/virtual/net/tmp"));
	EXPECT_EQ(NULL, devtab_by_devpath(dt, "/devices/virtual/net/d0"));
	EXPECT_EQ(a, devtab_by_devpath(dt, "/devices/virtual/net/tmp"));
	ASSERT_EQ(0, devtab_rename(dt, b, "/devices/virtual/net/d0"));
	EXPECT_EQ(b, devtab_by_devpath(dt, "/devices/virtual/net/d0"));
	EXPECT_EQ(NULL, devtab_by_devpath(dt, "/devices/virtual/net/d1"));
	ASSERT_EQ(0, devtab_rename(dt, a, "/devices/virtual/net/d1"));
	EXPECT_EQ(a, devtab_by_devpath(dt, "/devices/virtual/net/d1"));
	EXPECT_EQ(b, devtab_by_devpath(dt, "/devices/virtual/net/d0"));
	EXPECT_EQ(NULL, devtab_by_devpath(dt, "/devices/virtual/net/tmp"));
	/* Back to its own name. */
	ASSERT_EQ(0, devtab_rename(dt, b, "/devices/virtual/net/d1x"));
	ASSERT_EQ(0, devtab_rename(dt, a, "/devices/virtual/net/d0"));
	ASSERT_EQ(0, devtab_rename(dt, b, "/devices/virtual/net/d1"));
	EXPECT_EQ(a, devtab_by_devpath(dt, "/devices/virtual/net/d0"));
	EXPECT_EQ(b, devtab_by_devpath(dt, "/devices/virtual/net/d1"));
	EXPECT_EQ(&dt->devs[997], devtab_by_devpath(dt, "/devices/virtual/net/d2"));
}

TEST_F(tab, finds_by_seqnum_until_triggered_again)
{
	struct devtab *dt = &self->dt;
	size_t i;

	for (i = 0; i < dt->n; i++)
		ASSERT_EQ(0, devtab_confirm(dt, &dt->devs[i], 1000 + 3 * i));
	for (i = 0; i < dt->n; i++) {
		ASSERT_EQ(&dt->devs[i], devtab_by_seqnum(dt, 1000 + 3 * i));
		ASSERT_EQ(NULL, devtab_by_seqnum(dt, 1001 + 3 * i));
	}
	EXPECT_EQ(NULL, devtab_by_seqnum(dt, 999));
	EXPECT_EQ(NULL, devtab_by_seqnum(dt, 0));
	/* Triggered again: the old SEQNUM no longer finds it. */
	dt->devs[7].confirmed = false;
	dt->devs[7].seqnum = 0;
	EXPECT_EQ(NULL, devtab_by_seqnum(dt, 1021));
	ASSERT_EQ(0, devtab_confirm(dt, &dt->devs[7], 90000));
	EXPECT_EQ(&dt->devs[7], devtab_by_seqnum(dt, 90000));
	EXPECT_EQ(NULL, devtab_by_seqnum(dt, 1021));
	/* Any SEQNUM it was confirmed under still names it. */
	EXPECT_EQ(&dt->devs[7], devtab_by_any_seqnum(dt, 1021));
	EXPECT_EQ(&dt->devs[7], devtab_by_any_seqnum(dt, 90000));
	EXPECT_EQ(NULL, devtab_by_any_seqnum(dt, 1022));
	/* One out of order is still found, and so are the others. */
	ASSERT_EQ(0, devtab_confirm(dt, &dt->devs[8], 1025));
	EXPECT_EQ(&dt->devs[8], devtab_by_seqnum(dt, 1025));
	EXPECT_EQ(&dt->devs[7], devtab_by_seqnum(dt, 90000));
	EXPECT_EQ(&dt->devs[9], devtab_by_seqnum(dt, 1027));
}

/* Issue 17: a device given twice is triggered once, where it came first. */
TEST(a_duplicate_is_kept_once_in_the_order_added)
{
	struct devtab dt = { 0 };

	ASSERT_EQ(0, devtab_add(&dt, "/sys/devices/virtual/mem/zero"));
	ASSERT_EQ(0, devtab_add(&dt, "/sys/devices/virtual/mem/null"));
	ASSERT_EQ(0, devtab_add(&dt, "/sys/devices/virtual/mem/full"));
	ASSERT_EQ(0, devtab_add(&dt, "/sys/devices/virtual/mem/null"));
	ASSERT_EQ(0, devtab_add(&dt, "/sys/devices/virtual/mem/zero"));
	ASSERT_EQ(0, devtab_index(&dt));
	ASSERT_EQ(3, dt.n);
	EXPECT_STREQ("/sys/devices/virtual/mem/zero", dt.devs[0].syspath);
	EXPECT_STREQ("/sys/devices/virtual/mem/null", dt.devs[1].syspath);
	EXPECT_STREQ("/sys/devices/virtual/mem/full", dt.devs[2].syspath);
	EXPECT_EQ(&dt.devs[1],
		  devtab_by_devpath(&dt, "/devices/virtual/mem/null"));
	EXPECT_EQ(&dt.devs[2],
		  devtab_by_devpath(&dt, "/devices/virtual/mem/full"));
	devtab_free(&dt);
}

/* After a move, the device is written to at its new path. */
TEST(a_renamed_device_has_its_new_syspath)
{
	struct devtab dt = { 0 };
	struct dev *d;

	ASSERT_EQ(0, devtab_add(&dt, "/sys/devices/virtual/net/a"));
	ASSERT_EQ(0, devtab_index(&dt));
	d = devtab_by_devpath(&dt, "/devices/virtual/net/a");
	ASSERT_NE(NULL, d);
	ASSERT_EQ(0, devtab_rename(&dt, d, "/devices/virtual/net/b"));
	EXPECT_STREQ("/sys/devices/virtual/net/b", devtab_syspath(&dt, d));
	EXPECT_EQ(d, devtab_by_devpath(&dt, "/devices/virtual/net/b"));
	EXPECT_EQ(NULL, devtab_by_devpath(&dt, "/devices/virtual/net/a"));
	devtab_free(&dt);
}

TEST(empty_table)
{
	struct devtab dt = { 0 };

	ASSERT_EQ(0, devtab_index(&dt));
	EXPECT_EQ(NULL, devtab_by_devpath(&dt, "/devices/virtual/mem/null"));
	EXPECT_EQ(NULL, devtab_by_seqnum(&dt, 1));
	devtab_free(&dt);
}

TEST_HARNESS_MAIN
