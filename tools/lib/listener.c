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

int synth_listen_recv(int fd, unsigned int group, struct synth_rx *rx)
{
	union {
		struct cmsghdr hdr;
		char buf[CMSG_SPACE(sizeof(struct ucred))];
	} control[SYNTH_RX_BATCH];
	struct sockaddr_nl from[SYNTH_RX_BATCH];
	struct iovec iov[SYNTH_RX_BATCH];
	struct mmsghdr mm[SYNTH_RX_BATCH];
	int i, n;

	memset(mm, 0, sizeof(mm));
	for (i = 0; i < SYNTH_RX_BATCH; i++) {
		iov[i].iov_base = rx->buf[i];
		iov[i].iov_len = SYNTH_MSG_MAX - 1;
		mm[i].msg_hdr.msg_name = &from[i];
		mm[i].msg_hdr.msg_namelen = sizeof(from[i]);
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
		mm[i].msg_hdr.msg_control = &control[i];
		mm[i].msg_hdr.msg_controllen = sizeof(control[i]);
	}
	/*
	 * An error after the first message (an overrun: ENOBUFS) is kept by
	 * the kernel for the next call, so none goes unseen.
	 */
	n = recvmmsg(fd, mm, SYNTH_RX_BATCH, MSG_DONTWAIT, NULL);
	if (n < 0)
		return -errno;
	for (i = 0; i < n; i++) {
		struct msghdr *h = &mm[i].msg_hdr;
		struct ucred *cred = NULL;
		struct cmsghdr *c;
		char *buf = rx->buf[i];

		if (h->msg_flags & MSG_TRUNC) {
			rx->rc[i] = -EMSGSIZE;
			continue;
		}
		buf[mm[i].msg_len] = '\0';
		for (c = CMSG_FIRSTHDR(h); c; c = CMSG_NXTHDR(h, c))
			if (c->cmsg_level == SOL_SOCKET &&
			    c->cmsg_type == SCM_CREDENTIALS)
				cred = (struct ucred *)CMSG_DATA(c);
		rx->rc[i] = synth_msg_check(buf, mm[i].msg_len, group,
					    from[i].nl_pid,
					    cred ? (long)cred->uid : -1,
					    &rx->msg[i]);
		if (!rx->rc[i] && cred)
			rx->msg[i].sender_pid = cred->pid;
	}
	return n;
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
