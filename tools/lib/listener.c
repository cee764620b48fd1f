// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NETLINK_KOBJECT_UEVENT listeners, and the check of who sent a message:
 * on the kernel's group only the kernel (port 0) is believed, on any other
 * group only a sender with SCM_CREDENTIALS uid 0.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/netlink.h>

#include "internal.h"

#define DEFAULT_RCVBUF	(128 << 20)

int synth_listen_open(unsigned int group, int rcvbuf)
{
	struct sockaddr_nl nl = { .nl_family = AF_NETLINK };
	int one = 1;
	int fd;

	if (group < 1 || group > 32)
		return -EINVAL;
	if (rcvbuf <= 0)
		rcvbuf = DEFAULT_RCVBUF;
	fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
		    NETLINK_KOBJECT_UEVENT);
	if (fd < 0)
		return -errno;
	/* FORCE needs CAP_NET_ADMIN; fall back to what rmem_max allows. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)))
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
				 sizeof(rcvbuf));
	if (setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)))
		goto fail;
	nl.nl_groups = 1U << (group - 1);
	if (bind(fd, (struct sockaddr *)&nl, sizeof(nl)))
		goto fail;
	return fd;
fail:
	one = -errno;
	close(fd);
	return one;
}

int synth_listen_recv(int fd, unsigned int group, char *buf, size_t size,
		      struct synth_msg *m)
{
	union {
		struct cmsghdr hdr;
		char buf[CMSG_SPACE(sizeof(struct ucred))];
	} control;
	struct sockaddr_nl from;
	struct iovec iov = { .iov_base = buf, .iov_len = size - 1 };
	struct msghdr msg = {
		.msg_name = &from, .msg_namelen = sizeof(from),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = &control, .msg_controllen = sizeof(control),
	};
	struct cmsghdr *c;
	struct ucred *cred = NULL;
	ssize_t n;
	int r;

	n = recvmsg(fd, &msg, MSG_DONTWAIT);
	if (n < 0)
		return -errno;
	if (msg.msg_flags & MSG_TRUNC)
		return -EMSGSIZE;
	buf[n] = '\0';
	for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
		if (c->cmsg_level == SOL_SOCKET &&
		    c->cmsg_type == SCM_CREDENTIALS)
			cred = (struct ucred *)CMSG_DATA(c);

	r = synth_msg_check(buf, n, group, from.nl_pid,
			    cred ? (long)cred->uid : -1, m);
	if (!r && cred)
		m->sender_pid = cred->pid;
	return r;
}

int synth_msg_check(const char *buf, size_t len, unsigned int group,
		    unsigned int sender_port, long sender_uid,
		    struct synth_msg *m)
{
	int r;

	if (group == SYNTH_GROUP_KERNEL) {
		if (sender_port != 0)
			return -EPERM;
	} else if (sender_uid != 0) {
		return -EPERM;
	}
	r = synth_msg_parse(m, buf, len);
	if (r)
		return r;
	/* The kernel never speaks udevd's format, udevd's group never the
	 * kernel's (mdevd's rebroadcast is the kernel format, by design). */
	if (group == SYNTH_GROUP_KERNEL && m->from_udev)
		return -EPROTO;
	if (group == SYNTH_GROUP_UDEV && !m->from_udev)
		return -EPROTO;
	return 0;
}
