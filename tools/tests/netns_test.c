// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Is /sys the sysfs of our network namespace?  Told exactly (a sysfs of
 * ours, made by fsopen() and mounted nowhere) and, without the right to
 * make one (no CAP_SYS_ADMIN), by the names and ifindexes of the network
 * devices.  Each test in namespaces of its own.  Needs root: it is.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/capability.h>

#include "kselftest_harness.h"
#include "namespace.h"
#include "netns.h"

#define CAP_SYS_ADMIN_BIT	21

/* Give up CAP_SYS_ADMIN (effective): no sysfs of our own can be made. */
static int drop_sys_admin(void)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d))
		return -errno;
	d[0].effective &= ~(1U << CAP_SYS_ADMIN_BIT);
	return syscall(SYS_capset, &h, d) ? -errno : 0;
}

FIXTURE(ns) {
	char why[512];
};

FIXTURE_VARIANT(ns) {
	bool exact;		/* may make a sysfs of its own */
};

FIXTURE_VARIANT_ADD(ns, exact) {
	.exact = true,
};

FIXTURE_VARIANT_ADD(ns, by_names) {
	.exact = false,
};

FIXTURE_SETUP(ns)
{
	self->why[0] = '\0';
	if (own_netns())
		SKIP(return, "no namespaces of our own: %s", strerror(errno));
	/* The namespaces differ by more than lo (see netns.h). */
	if (!add_veth())
		SKIP(return, "no veth: ip link add failed");
}

FIXTURE_TEARDOWN(ns)
{
}

static int ours(FIXTURE_DATA(ns) *self, const FIXTURE_VARIANT(ns) *variant)
{
	if (!variant->exact && drop_sys_admin())
		return -EPERM;
	return netns_sysfs_ours("/sys", self->why, sizeof(self->why));
}

TEST_F(ns, the_sysfs_mounted_for_us_is_ours)
{
	EXPECT_EQ(1, ours(self, variant));
	TH_LOG("%s", self->why);
	EXPECT_NE(NULL, strstr(self->why, variant->exact ? "is the sysfs" :
			       "shows our network devices"));
}

/* PrivateNetwork=yes, unshare -n: the sysfs of the namespace we left. */
TEST_F(ns, the_sysfs_of_the_namespace_we_left_is_not)
{
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	EXPECT_EQ(0, ours(self, variant));
	TH_LOG("%s", self->why);
	EXPECT_NE(NULL, strstr(self->why, variant->exact ? "is not the sysfs" :
			       "synv"));
}

TEST(network_devices_are_told_by_their_subsystem)
{
	EXPECT_TRUE(netns_maybe_netdev("/sys/devices/virtual/net/lo"));
	EXPECT_FALSE(netns_maybe_netdev("/sys/devices/virtual/mem/null"));
	EXPECT_FALSE(netns_maybe_netdev("/sys/net"));
	EXPECT_TRUE(netns_is_netdev("/sys/devices/virtual/net/lo"));
	EXPECT_FALSE(netns_is_netdev("/sys/devices/virtual/mem/null"));
	EXPECT_FALSE(netns_is_netdev("/sys/devices/none/net/x"));
}

TEST_HARNESS_MAIN
