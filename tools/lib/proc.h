/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Processes as evidence: identity, namespace, the uevent sockets they hold,
 * and a pidfd to learn of their exit.  PROC is where procfs is ("/proc").
 */
#ifndef SYNTH_PROC_H
#define SYNTH_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct proc_info {
	pid_t pid;
	pid_t ppid;
	unsigned long long start;	/* clock ticks after boot */
	char state;
	char comm[32];
};

/* PID's stat: 0, -ESRCH for a zombie or a process gone, or -errno. */
int proc_stat(const char *proc, pid_t pid, struct proc_info *info);
/* Is P still the process it was (same pid, same start time)? */
bool proc_same(const char *proc, const struct proc_info *p);
/* 1 when PID lives in our PID namespace, 0 when not, -errno unknown. */
int proc_in_our_pidns(const char *proc, pid_t pid);
/*
 * 1 when PID lives in our network namespace, 0 when not, -errno unknown.
 * The kernel's uevents of a network device reach only the namespace that
 * owns it, and a broadcast on a netlink group only its sender's.
 */
int proc_in_our_netns(const char *proc, pid_t pid);

#define INODE_SET_MAX	64

/* Socket inodes. */
struct inode_set {
	unsigned long long ino[INODE_SET_MAX];
	size_t n;
};

/*
 * The sockets of our network namespace that listen on the kernel's uevent
 * group (PROC/net/netlink): 0 or -errno.
 */
int uevent_listeners(const char *proc, struct inode_set *set);
/* 1 when PID holds one of SET's sockets, 0 when not, -errno unknown. */
int proc_holds_socket(const char *proc, pid_t pid,
		      const struct inode_set *set);

/*
 * FN(proc, process, data) for each live process until it returns 1: that
 * process's pid, or 0.
 */
pid_t proc_each(const char *proc,
		int (*fn)(const char *proc, const struct proc_info *p,
			  void *data),
		void *data);

/*
 * A pidfd of P (readable once it exits): the fd, -ESRCH when P is gone, or
 * -errno (-ENOSYS before Linux 5.3).
 */
int proc_pidfd(const char *proc, const struct proc_info *p);

#endif
