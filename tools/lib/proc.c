// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Processes as evidence (see proc.h): who a process is (its pid and start
 * time, so that a reused pid is not taken for it), whether it lives in our
 * PID namespace, whether it holds a socket on the kernel's uevent group,
 * and a pidfd that tells at once when it exits.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "path.h"
#include "proc.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

/* NETLINK_KOBJECT_UEVENT, as /proc/net/netlink numbers it. */
#define UEVENT_PROTOCOL	15

int proc_stat(const char *proc, pid_t pid, struct proc_info *info)
{
	char path[256], buf[1024], *comm, *end, *f;
	unsigned long long v;
	int fd, field;
	ssize_t n;

	if (path_fmt(path, sizeof(path), "%s/%d/stat", proc, (int)pid))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -ESRCH;
	buf[n] = '\0';
	/* "PID (COMM) STATE PPID ...": COMM may hold ") ". */
	comm = strchr(buf, '(');
	end = strrchr(buf, ')');
	if (!comm || !end || end < comm || end[1] != ' ' || !end[2])
		return -EBADMSG;
	*end = '\0';
	memset(info, 0, sizeof(*info));
	info->pid = pid;
	snprintf(info->comm, sizeof(info->comm), "%s", comm + 1);
	info->state = end[2];
	if (info->state == 'Z' || info->state == 'X')
		return -ESRCH;
	/* Field 3 is the state; 4 the parent; 22 the start time. */
	f = end + 2;
	for (field = 3; f && *f; field++) {
		v = strtoull(f, NULL, 10);
		if (field == 4)
			info->ppid = (pid_t)v;
		else if (field == 22)
			info->start = v;
		f = strchr(f, ' ');
		if (f)
			f++;
	}
	return 0;
}

bool proc_same(const char *proc, const struct proc_info *p)
{
	struct proc_info now;

	return p->pid > 0 && !proc_stat(proc, p->pid, &now) &&
	       now.start == p->start;
}

/* Is PID in our namespace of kind NS ("pid", "net")?  1, 0, or -errno. */
static int in_our_ns(const char *proc, pid_t pid, const char *ns)
{
	char path[256];
	struct stat ours, theirs;

	if (path_fmt(path, sizeof(path), "%s/self/ns/%s", proc, ns))
		return -ENAMETOOLONG;
	/* No namespaces (an old kernel, a test tree): one space. */
	if (stat(path, &ours))
		return errno == ENOENT ? 1 : -errno;
	if (path_fmt(path, sizeof(path), "%s/%d/ns/%s", proc, (int)pid, ns))
		return -ENAMETOOLONG;
	if (stat(path, &theirs))
		return -errno;
	return ours.st_ino == theirs.st_ino && ours.st_dev == theirs.st_dev;
}

int proc_in_our_pidns(const char *proc, pid_t pid)
{
	return in_our_ns(proc, pid, "pid");
}

int proc_in_our_netns(const char *proc, pid_t pid)
{
	return in_our_ns(proc, pid, "net");
}

int uevent_listeners(const char *proc, struct inode_set *set)
{
	char path[256], line[512];
	FILE *f;

	set->n = 0;
	if (path_fmt(path, sizeof(path), "%s/net/netlink", proc))
		return -ENAMETOOLONG;
	f = fopen(path, "re");
	if (!f)
		return -errno;
	/* sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode */
	while (fgets(line, sizeof(line), f)) {
		unsigned long long ino;
		unsigned int groups, pid;
		char sk[32];
		int eth;

		if (sscanf(line, "%31s %d %u %x %*d %*d %*d %*d %*u %llu", sk,
			   &eth, &pid, &groups, &ino) != 5 ||
		    eth != UEVENT_PROTOCOL || !(groups & 1))
			continue;
		if (set->n < INODE_SET_MAX)
			set->ino[set->n++] = ino;
	}
	fclose(f);
	return 0;
}

int proc_holds_socket(const char *proc, pid_t pid,
		      const struct inode_set *set)
{
	char path[256], link[64];
	struct dirent *e;
	int found = 0;
	DIR *d;

	if (!set->n)
		return 0;
	if (path_fmt(path, sizeof(path), "%s/%d/fd", proc, (int)pid))
		return -ENAMETOOLONG;
	d = opendir(path);
	if (!d)
		return -errno;
	while (!found && (e = readdir(d))) {
		unsigned long long ino;
		char fdpath[300];
		ssize_t n;
		size_t i;

		if (e->d_name[0] < '0' || e->d_name[0] > '9' ||
		    path_fmt(fdpath, sizeof(fdpath), "%s/%s", path, e->d_name))
			continue;
		n = readlink(fdpath, link, sizeof(link) - 1);
		if (n <= 0)
			continue;
		link[n] = '\0';
		if (sscanf(link, "socket:[%llu]", &ino) != 1)
			continue;
		for (i = 0; i < set->n; i++)
			if (set->ino[i] == ino)
				found = 1;
	}
	closedir(d);
	return found;
}

pid_t proc_each(const char *proc,
		int (*fn)(const char *proc, const struct proc_info *p,
			  void *data),
		void *data)
{
	struct dirent *e;
	DIR *d = opendir(proc);
	pid_t found = 0;

	if (!d)
		return 0;
	while (!found && (e = readdir(d))) {
		struct proc_info p;

		if (e->d_name[0] < '1' || e->d_name[0] > '9' ||
		    proc_stat(proc, atoi(e->d_name), &p))
			continue;
		if (fn(proc, &p, data) == 1)
			found = p.pid;
	}
	closedir(d);
	return found;
}

int proc_pidfd(const char *proc, const struct proc_info *p)
{
	long fd = syscall(SYS_pidfd_open, p->pid, 0);

	if (fd < 0)
		return -errno;
	/* The pid may have been reused since P was read. */
	if (!proc_same(proc, p)) {
		close((int)fd);
		return -ESRCH;
	}
	return (int)fd;
}
