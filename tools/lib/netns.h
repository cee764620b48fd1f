/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Network devices and network namespaces: the kernel sends a network
 * device's uevents only into the network namespace that owns it
 * (lib/kobject_uevent.c, uevent_net_broadcast_tagged()), while every other
 * device's go to every namespace of the initial user namespace.  A sysfs
 * mount shows the network devices of the namespace it was mounted for, which
 * need not be ours (PrivateNetwork=yes, unshare -n, a container that shares
 * the host's /sys).
 */
#ifndef SYNTH_NETNS_H
#define SYNTH_NETNS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Is the sysfs mounted at SYSFS the one of our network namespace?  1 yes,
 * 0 no, -errno unknown; WHY (SIZE bytes) says how it was told.  Exact where
 * we may create a sysfs mount (fsopen(), not attached anywhere: the kernel
 * gives each network namespace its own sysfs superblock); else by the
 * names and ifindexes of its network devices against ours (two namespaces
 * with the same names and ifindexes, such as two with only lo, then pass
 * for one).
 */
int netns_sysfs_ours(const char *sysfs, char *why, size_t size);

/* A directory of sysfs that may be a network device: ".../net/NAME". */
bool netns_maybe_netdev(const char *syspath);

/* Is SYSPATH a network device (its subsystem is net)? */
bool netns_is_netdev(const char *syspath);

#endif
