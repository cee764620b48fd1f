/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Namespaces of the tests' own. */
#ifndef TESTS_NAMESPACE_H
#define TESTS_NAMESPACE_H

#include <errno.h>
#include <sched.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/mount.h>

/*
 * Into a network namespace of our own, with a sysfs mounted for it in a
 * mount namespace of our own (as ip netns exec does): 0 or -errno.  The
 * stand-ins of other tests on this host (another network namespace) are
 * then never taken for ours.
 */
static inline int own_netns(void)
{
	if (unshare(CLONE_NEWNET | CLONE_NEWNS) ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    umount2("/sys", MNT_DETACH) ||
	    mount("sysfs", "/sys", "sysfs", 0, NULL))
		return -errno;
	return 0;
}

/* In a namespace of its own: a veth pair synv0/synv1, or false. */
static inline bool add_veth(void)
{
	return !system("ip link add synv0 type veth peer name synv1 2>/dev/null");
}

#endif
