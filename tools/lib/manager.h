/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The device manager that is to confirm our events, found on evidence:
 * systemd-udevd (or eudev) by its sockets and its processes, skarnet's
 * mdevd by its process and the -O mask on its command line.
 */
#ifndef SYNTH_MANAGER_H
#define SYNTH_MANAGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "proc.h"

/* udevd's sockets, below its run directory (/run/udev). */
#define UDEV_CONTROL_NAME	"control"
#define UDEV_VARLINK_NAME	"io.systemd.Udev"

struct manager {
	bool present;
	bool sockets;		/* udevd: a socket of it takes connections */
	ino_t ino;		/* udevd: the socket that answered, or 0 */
	pid_t pid;		/* the manager's (main) process, or 0 */
	pid_t other_netns;	/* udevd: a main process of another network
				 * namespace, passed over, or 0 */
	bool unheard;		/* udevd: its sockets answer, but it runs in
				 * another network namespace: none of its
				 * broadcasts can reach us */
	struct proc_info proc;	/* that process, when pid is not 0 */
	unsigned int mask;	/* mdevd: the groups of its -O, or 0 */
	unsigned int version;	/* udevd: systemd's version of its main
				 * process (its libsystemd-shared), or 0 */
	char why[512];		/* the evidence, in words */
};

/* udevd 258 and later keep their queue across a restart (see watch.c). */
#define UDEVD_SAVES_QUEUE	258

/*
 * udevd's main process: a process named systemd-udevd or udevd whose
 * parent is not one (a worker before udevd 251 has the same name), that
 * lives in our PID namespace and holds a socket of our network namespace
 * on the kernel's uevent group.  A container's udevd, a stopped service's
 * leftover or a program merely named udevd is none.  1 found (M->pid,
 * M->proc, M->version), or 0 with what was passed over in M->why.
 */
int udevd_main(struct manager *m, const char *proc);

/*
 * Is udevd there?  Absent only when no socket in RUN_UDEV takes a
 * connection (none there, or ECONNREFUSED) and no udevd main process (see
 * udevd_main()) is found in PROC; a socket that is busy (EAGAIN), of
 * another type (udevd 262's varlink socket behind the control socket's
 * name) or a main process whose sockets do not answer mean it is there.
 * M->pid is its main process when one was found, else 0 (a socket-
 * activated udevd that has not started yet).  M->unheard: its sockets
 * answer, but the only udevd runs in another network namespace (ip netns
 * exec, PrivateNetwork=yes): it is there, and nothing it broadcasts can
 * reach us.
 */
void udevd_look(struct manager *m, const char *run_udev, const char *proc);

/*
 * Wake udevd in RUN_UDEV as a varlink client does: a connection to its
 * varlink socket (else its control socket) and a Ping, no answer awaited.
 * A socket-activated udevd is started by it; a udevd 258 or later that
 * took over its predecessor's saved queue runs it once its event loop
 * has something to do.
 */
void udevd_wake(const char *run_udev);

/*
 * An mdevd process in PROC rebroadcasting to netlink GROUP (0: any group):
 * present, with its pid and -O mask.  When none rebroadcasts there but an
 * mdevd runs, M->pid and M->mask describe that one, and M->why says so.
 */
void mdevd_look(struct manager *m, const char *proc, unsigned int group);

/*
 * The -O mask of an mdevd command line (NUL-separated words, as in
 * /proc/PID/cmdline): the mask (0 when there is no -O), or -EINVAL.
 */
long mdevd_cmdline_mask(const char *cmdline, size_t len);


#endif
