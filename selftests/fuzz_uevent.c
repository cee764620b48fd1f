// SPDX-License-Identifier: GPL-2.0
/*
 * The fuzzer's view of the kernel: one uevent file of each kind of
 * kobject, and the NETLINK_KOBJECT_UEVENT group 1 where their events come.
 */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/netlink.h>

#include "fuzz_uevent.h"

/* Candidates per kind, first match wins. */
static const struct {
	const char *kind;
	const char *pattern;
} candidates[] = {
	{ "device", "/sys/devices/virtual/mem/null" },
	{ "device", "/sys/devices/virtual/*/*" },
	{ "bus", "/sys/bus/platform" },
	{ "bus", "/sys/bus/*" },
	{ "driver", "/sys/bus/platform/drivers/*" },
	{ "driver", "/sys/bus/*/drivers/*" },
	{ "module", "/sys/module/printk" },
	{ "module", "/sys/module/*" },
};

static bool have_kind(const struct uevent_target *t, int n, const char *kind)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(t[i].kind, kind))
			return true;
	return false;
}

static bool try_open(struct uevent_target *t, const char *kind,
		     const char *dir)
{
	char path[PATH_MAX], real[PATH_MAX];

	if (!realpath(dir, real) || strncmp(real, "/sys/", 5) ||
	    snprintf(path, sizeof(path), "%s/uevent", real) >= PATH_MAX)
		return false;
	t->fd = open(path, O_WRONLY | O_CLOEXEC);
	if (t->fd < 0)
		return false;
	t->kind = kind;
	snprintf(t->devpath, sizeof(t->devpath), "%s", real + 4);
	return true;
}

int uevent_targets_open(struct uevent_target *t)
{
	size_t c, i;
	int n = 0;

	for (c = 0; c < sizeof(candidates) / sizeof(candidates[0]); c++) {
		glob_t gl;

		if (have_kind(t, n, candidates[c].kind))
			continue;
		if (glob(candidates[c].pattern, 0, NULL, &gl))
			continue;
		for (i = 0; i < gl.gl_pathc; i++)
			if (try_open(&t[n], candidates[c].kind, gl.gl_pathv[i])) {
				n++;
				break;
			}
		globfree(&gl);
	}
	return n;
}

void uevent_targets_close(struct uevent_target *t, int n)
{
	while (n--)
		close(t[n].fd);
}

int uevent_listen(void)
{
	struct sockaddr_nl addr = {
		.nl_family = AF_NETLINK,
		.nl_groups = 1,
	};
	int size = 16 << 20;
	int sock;

	sock = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC,
		      NETLINK_KOBJECT_UEVENT);
	if (sock < 0)
		return -errno;
	if (setsockopt(sock, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) &&
	    setsockopt(sock, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size))) {
		close(sock);
		return -errno;
	}
	if (bind(sock, (struct sockaddr *)&addr, sizeof(addr))) {
		int err = -errno;

		close(sock);
		return err;
	}
	return sock;
}

int uevent_recv(int sock, struct uevent_msg *m, int timeout_ms)
{
	for (;;) {
		struct pollfd p = { .fd = sock, .events = POLLIN };
		struct sockaddr_nl from;
		struct iovec iov = {
			.iov_base = m->buf,
			.iov_len = UEVENT_MSG_MAX,
		};
		struct msghdr mh = {
			.msg_name = &from,
			.msg_namelen = sizeof(from),
			.msg_iov = &iov,
			.msg_iovlen = 1,
		};
		ssize_t n;
		int r = poll(&p, 1, timeout_ms);

		if (r < 0)
			return -errno;
		if (!r)
			return -ETIMEDOUT;
		n = recvmsg(sock, &mh, 0);
		if (n < 0)
			return -errno;
		if (from.nl_pid || (mh.msg_flags & MSG_TRUNC))
			continue;	/* not the kernel, or cut: not ours */
		m->len = n;
		m->buf[n] = '\0';
		return 0;
	}
}

/* Walk the variables after the "ACTION@DEVPATH" header. */
static const char *next_var(const struct uevent_msg *m, const char *s)
{
	s += strlen(s) + 1;
	return s < m->buf + m->len ? s : NULL;
}

const char *uevent_get(const struct uevent_msg *m, const char *key)
{
	size_t klen = strlen(key);
	const char *s;

	for (s = next_var(m, m->buf); s; s = next_var(m, s))
		if (!strncmp(s, key, klen) && s[klen] == '=')
			return s + klen + 1;
	return NULL;
}

const char *uevent_synth_var(const struct uevent_msg *m, size_t i)
{
	const char *s;

	for (s = next_var(m, m->buf); s; s = next_var(m, s))
		if (!strncmp(s, "SYNTH_", 6) && !i--)
			return s;
	return NULL;
}
