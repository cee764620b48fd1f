// SPDX-License-Identifier: LGPL-2.1-or-later
/* Network devices and the network namespace of a sysfs mount (netns.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "netns.h"
#include "path.h"

/* <linux/mount.h>, which clashes with <sys/mount.h> on older libcs. */
#define FSOPEN_CLOEXEC_		0x1
#define FSCONFIG_CMD_CREATE_	6
#define FSMOUNT_CLOEXEC_	0x1

/*
 * The device number a sysfs of our network namespace has: a new sysfs
 * context takes our namespace, and the kernel hands it the superblock of
 * that namespace when one exists (kernfs_test_super()).  Mounted nowhere,
 * gone when closed.  0, or -errno (-EPERM without CAP_SYS_ADMIN, -ENOSYS
 * before Linux 5.2).
 */
static int our_sysfs_dev(dev_t *dev)
{
#if defined(SYS_fsopen) && defined(SYS_fsconfig) && defined(SYS_fsmount)
	struct stat st;
	int fs, mnt, r = 0;

	fs = syscall(SYS_fsopen, "sysfs", FSOPEN_CLOEXEC_);
	if (fs < 0)
		return -errno;
	if (syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE_, NULL, NULL, 0)) {
		r = -errno;
		close(fs);
		return r;
	}
	mnt = syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC_, 0);
	if (mnt < 0)
		r = -errno;
	else if (fstat(mnt, &st))
		r = -errno;
	else
		*dev = st.st_dev;
	if (mnt >= 0)
		close(mnt);
	close(fs);
	return r;
#else
	(void)dev;
	return -ENOSYS;
#endif
}

/* The ifindex of the network device DIR/NAME, or 0. */
static unsigned int sysfs_ifindex(const char *dir, const char *name)
{
	char path[PATH_MAX], buf[32];
	ssize_t n;
	int fd;

	if (path_fmt(path, sizeof(path), "%s/%s/ifindex", dir, name))
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return (unsigned int)strtoul(buf, NULL, 10);
}

/*
 * Without a sysfs of our own to compare: the network devices SYSFS shows
 * against ours, by name and ifindex (if_nametoindex() asks our namespace).
 */
static int by_names(const char *sysfs, char *why, size_t size)
{
	char dir[PATH_MAX];
	struct if_nameindex *ours, *i;
	struct dirent *e;
	size_t n_sysfs = 0, n_ours = 0;
	int r = 1;
	DIR *d;

	if (path_fmt(dir, sizeof(dir), "%s/class/net", sysfs))
		return -ENAMETOOLONG;
	d = opendir(dir);
	if (!d)
		return -errno;
	while (r == 1 && (e = readdir(d))) {
		unsigned int idx;

		if (e->d_name[0] == '.')
			continue;
		n_sysfs++;
		idx = sysfs_ifindex(dir, e->d_name);
		if (!idx || if_nametoindex(e->d_name) != idx) {
			snprintf(why, size,
				 "%s/%s (ifindex %u) is not ours by that name and index",
				 dir, e->d_name, idx);
			r = 0;
		}
	}
	closedir(d);
	if (r != 1)
		return r;
	ours = if_nameindex();
	if (!ours)
		return -errno;
	for (i = ours; i->if_index; i++)
		n_ours++;
	if_freenameindex(ours);
	if (n_ours != n_sysfs) {
		snprintf(why, size,
			 "%s shows %zu network devices, our namespace has %zu",
			 dir, n_sysfs, n_ours);
		return 0;
	}
	snprintf(why, size,
		 "%s shows our network devices by name and ifindex", dir);
	return 1;
}

int netns_sysfs_ours(const char *sysfs, char *why, size_t size)
{
	struct stat st;
	dev_t ours = 0;
	int r;

	if (stat(sysfs, &st))
		return -errno;
	r = our_sysfs_dev(&ours);
	if (!r) {
		snprintf(why, size, "%s is %s sysfs of our network namespace",
			 sysfs, st.st_dev == ours ? "the" : "not the");
		return st.st_dev == ours;
	}
	return by_names(sysfs, why, size);
}

bool netns_maybe_netdev(const char *syspath)
{
	const char *slash = strrchr(syspath, '/');

	return slash && slash - syspath >= 4 && !memcmp(slash - 4, "/net", 4);
}

bool netns_is_netdev(const char *syspath)
{
	char path[PATH_MAX], target[PATH_MAX];
	const char *base;
	ssize_t n;

	if (path_fmt(path, sizeof(path), "%s/subsystem", syspath))
		return false;
	n = readlink(path, target, sizeof(target) - 1);
	if (n <= 0)
		return false;
	target[n] = '\0';
	base = strrchr(target, '/');
	return base && !strcmp(base, "/net");
}
