// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Finding the device manager that is to confirm our events, on evidence
 * rather than on one failed call.
 *
 * udevd is looked for at its legacy control socket (a SOCK_SEQPACKET
 * socket, udevd 247 to 257), at its varlink socket (a stream socket; in
 * udevd 262 the control socket's name is a link to it) and among the
 * processes.  A socket that refuses (ECONNREFUSED) or is not there is no
 * evidence of absence on its own: udevd is absent only when no socket
 * takes a connection and no udevd process runs.
 *
 * mdevd is found by its process; its command line says where it
 * rebroadcasts (-O, a bitmask of netlink groups).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "internal.h"
#include "manager.h"
#include "path.h"

/* udevd's legacy control protocol: a ping, then the end of messages. */
#define UDEV_CTRL_MAGIC		0xdead1dea
#define UDEV_CTRL_END		0
#define UDEV_CTRL_PING		7
#define PING_RETRY_USEC		50000

struct udev_ctrl_wire {
	char version[16];
	unsigned int magic;
	int type;
	union {
		int intval;
		char buf[256];
	} value;
};

static const char varlink_ping[] = "{\"method\":\"io.systemd.service.Ping\"}";

/* A non-blocking connect() to PATH; the connected socket, or -errno. */
static int connect_to(const char *path, int type)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, r;

	r = path_fmt(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	if (r)
		return r;
	fd = socket(AF_UNIX, type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		r = -errno;
		close(fd);
		return r;
	}
	return fd;
}

/*
 * Does a udevd listen on PATH?  1 yes (connected, busy, or a socket of
 * another type: something binds it), 0 no (refused, or nothing there).
 */
static int socket_answers(const char *path, int type, int *err)
{
	int fd = connect_to(path, type);

	*err = fd < 0 ? -fd : 0;
	if (fd >= 0) {
		close(fd);
		return 1;
	}
	return fd != -ENOENT && fd != -ENOTDIR && fd != -ECONNREFUSED &&
	       fd != -ENAMETOOLONG;
}

static bool udevd_name(const char *comm)
{
	return !strcmp(comm, "systemd-udevd") || !strcmp(comm, "udevd");
}

struct udevd_search {
	struct inode_set socks;
	pid_t other_netns;	/* a udevd of another network namespace */
	char passed[256];	/* what was passed over, in words */
};

static void passed_over(struct udevd_search *s, pid_t pid, const char *why)
{
	size_t len = strlen(s->passed);

	snprintf(s->passed + len, sizeof(s->passed) - len, "%spid %d %s",
		 len ? ", " : "", (int)pid, why);
}

static int is_udevd_main(const char *proc, const struct proc_info *p,
			 void *data)
{
	struct udevd_search *s = data;
	struct proc_info parent;

	if (!udevd_name(p->comm))
		return 0;
	/* Workers are "(udev-worker)" since 251, udevd's own name before. */
	if (p->ppid > 1 && !proc_stat(proc, p->ppid, &parent) &&
	    udevd_name(parent.comm))
		return 0;
	if (proc_in_our_pidns(proc, p->pid) != 1) {
		passed_over(s, p->pid, "(another PID namespace)");
		return 0;
	}
	/* Its sockets are of its network namespace: not in our list. */
	if (proc_in_our_netns(proc, p->pid) == 0) {
		passed_over(s, p->pid, "(another network namespace)");
		if (!s->other_netns)
			s->other_netns = p->pid;
		return 0;
	}
	if (proc_holds_socket(proc, p->pid, &s->socks) != 1) {
		passed_over(s, p->pid,
			    "(no socket on the kernel's uevent group)");
		return 0;
	}
	return 1;
}

/*
 * systemd's version of udevd PID: the tag of the libsystemd-shared it has
 * mapped (libsystemd-shared-262.so; a distribution may append its own
 * release, 257.9-1), or 0 (eudev, a static build, no access).
 */
static unsigned int udevd_version(const char *proc, pid_t pid)
{
	static const char lib[] = "/libsystemd-shared-";
	char path[256], line[1024];
	unsigned int v = 0;
	FILE *f;

	if (path_fmt(path, sizeof(path), "%s/%d/maps", proc, (int)pid))
		return 0;
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (!v && fgets(line, sizeof(line), f)) {
		const char *p = strstr(line, lib);

		if (p)
			v = (unsigned int)strtoul(p + sizeof(lib) - 1, NULL, 10);
	}
	fclose(f);
	return v;
}

int udevd_main(struct manager *m, const char *proc)
{
	struct udevd_search s = { .passed = "" };

	m->pid = 0;
	memset(&m->proc, 0, sizeof(m->proc));
	(void)uevent_listeners(proc, &s.socks);
	m->pid = proc_each(proc, is_udevd_main, &s);
	m->other_netns = s.other_netns;
	if (m->pid && !proc_stat(proc, m->pid, &m->proc)) {
		m->version = udevd_version(proc, m->pid);
		return 1;
	}
	m->pid = 0;
	if (*s.passed)
		snprintf(m->why, sizeof(m->why),
			 "no udevd process of ours (passed over: %s)",
			 s.passed);
	else
		snprintf(m->why, sizeof(m->why), "no udevd process");
	return 0;
}

/* M->why becomes "PREFIX SEP M->why", cut to fit. */
static void why_prefix(struct manager *m, const char *prefix,
		       const char *sep)
{
	char tmp[sizeof(m->why) * 2];

	snprintf(tmp, sizeof(tmp), "%s%s%s", prefix, sep, m->why);
	tmp[sizeof(m->why) - 1] = '\0';
	memcpy(m->why, tmp, sizeof(m->why));
}

void udevd_look(struct manager *m, const char *run_udev, const char *proc)
{
	static const struct {
		const char *name;
		int type;
	} sockets[] = {
		{ UDEV_CONTROL_NAME, SOCK_SEQPACKET },
		{ UDEV_VARLINK_NAME, SOCK_STREAM },
	};
	char path[2][108];	/* sun_path */
	int err[2] = { ENOENT, ENOENT };
	char sock_why[256] = "";
	struct stat st;
	size_t i;

	*m = (struct manager){ 0 };
	for (i = 0; i < 2; i++) {
		if (path_fmt(path[i], sizeof(path[i]), "%s/%s", run_udev,
			     sockets[i].name) ||
		    !socket_answers(path[i], sockets[i].type, &err[i]))
			continue;
		m->sockets = true;
		if (!stat(path[i], &st))
			m->ino = st.st_ino;
		snprintf(sock_why, sizeof(sock_why), "%s %s", path[i],
			 !err[i] ? "takes connections" :
			 err[i] == EAGAIN ? "is busy (its backlog is full)" :
			 err[i] == EPROTOTYPE ? "is udevd's varlink socket" :
			 strerror(err[i]));
		break;
	}
	udevd_main(m, proc);
	m->present = m->sockets || m->pid;
	/*
	 * Its sockets answer (a path in the file system knows no network
	 * namespace), but the udevd behind them listens and broadcasts in
	 * another one: nothing it sends reaches us.
	 */
	m->unheard = m->sockets && !m->pid && m->other_netns;
	if (m->unheard)
		snprintf(m->why, sizeof(m->why),
			 "%s, but udevd (pid %d) runs in another network namespace than ours: its broadcasts cannot reach us, nor can our network devices' events reach it",
			 sock_why, (int)m->other_netns);
	else if (m->sockets && m->pid)
		snprintf(m->why, sizeof(m->why), "%s, udevd runs (pid %d)",
			 sock_why, (int)m->pid);
	else if (m->sockets)
		why_prefix(m, sock_why, "; ");
	else if (m->pid)
		snprintf(m->why, sizeof(m->why),
			 "udevd runs (pid %d) but its sockets do not answer yet",
			 (int)m->pid);
	else
		snprintf(m->why + strlen(m->why),
			 sizeof(m->why) - strlen(m->why), ", %s: %s, %s: %s",
			 path[0], strerror(err[0]), path[1], strerror(err[1]));
	if (!m->present)
		why_prefix(m, "no udevd", ": ");
}

void udevd_wake(const char *run_udev)
{
	char path[108];		/* sun_path */
	int fd;

	if (path_fmt(path, sizeof(path), "%s/" UDEV_VARLINK_NAME, run_udev))
		return;
	fd = connect_to(path, SOCK_STREAM);
	if (fd >= 0) {
		/* Read by its event loop, which then runs its queue too. */
		(void)send(fd, varlink_ping, sizeof(varlink_ping),
			   MSG_NOSIGNAL | MSG_DONTWAIT);
		close(fd);
		return;
	}
	if (path_fmt(path, sizeof(path), "%s/" UDEV_CONTROL_NAME, run_udev))
		return;
	fd = connect_to(path, SOCK_SEQPACKET);
	if (fd >= 0)
		close(fd);
}

/* mdevd's options that take a value (mdevd 0.1.8). */
#define MDEVD_VALUE_OPTS	"vDIoObfsdF"
#define MDEVD_FLAG_OPTS		"nNC"

long mdevd_cmdline_mask(const char *cmdline, size_t len)
{
	const char *end = cmdline + len, *w;
	long mask = 0;

	if (!len)
		return -EINVAL;
	/* The first word is the program. */
	for (w = cmdline + strnlen(cmdline, len) + 1; w < end;
	     w += strnlen(w, end - w) + 1) {
		const char *c;

		if (w[0] != '-' || !w[1] || !strcmp(w, "--"))
			break;
		for (c = w + 1; *c; c++) {
			const char *val;
			char *stop;
			unsigned long v;

			if (strchr(MDEVD_FLAG_OPTS, *c))
				continue;
			if (!strchr(MDEVD_VALUE_OPTS, *c))
				return -EINVAL;
			val = c + 1;
			if (!*val) {
				w += strnlen(w, end - w) + 1;
				if (w >= end)
					return -EINVAL;
				val = w;
			}
			if (*c == 'O') {
				errno = 0;
				v = strtoul(val, &stop, 10);
				if (errno || stop == val || *stop ||
				    *val < '0' || *val > '9' || v > 0xffffffffUL)
					return -EINVAL;
				mask = (long)v;
			}
			break;
		}
	}
	/* mdevd never rebroadcasts to the kernel's own group. */
	return mask & ~1L;
}

struct mdevd_search {
	unsigned int group;
	pid_t any_pid;
	long any_mask;
	pid_t other_netns;	/* one of another network namespace */
};

static int is_mdevd(const char *proc, const struct proc_info *p, void *data)
{
	struct mdevd_search *s = data;
	char path[256], cmdline[4096];
	pid_t pid = p->pid;
	ssize_t n;
	long mask;
	int fd;

	if (strcmp(p->comm, "mdevd") || proc_in_our_pidns(proc, pid) != 1 ||
	    path_fmt(path, sizeof(path), "%s/%d/cmdline", proc, (int)pid))
		return 0;
	/* What it rebroadcasts stays in its network namespace. */
	if (proc_in_our_netns(proc, pid) == 0) {
		s->other_netns = pid;
		return 0;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, cmdline, sizeof(cmdline) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	cmdline[n] = '\0';
	mask = mdevd_cmdline_mask(cmdline, n);
	if (!s->any_pid || mask > 0) {
		s->any_pid = pid;
		s->any_mask = mask;
	}
	return mask > 0 && (!s->group || (mask >> (s->group - 1)) & 1);
}

void mdevd_look(struct manager *m, const char *proc, unsigned int group)
{
	struct mdevd_search s = { .group = group };

	*m = (struct manager){ 0 };
	m->pid = proc_each(proc, is_mdevd, &s);
	m->present = m->pid != 0 && !proc_stat(proc, m->pid, &m->proc);
	if (!m->present) {
		m->pid = s.any_pid;
		m->mask = s.any_mask > 0 ? s.any_mask : 0;
	} else {
		m->mask = s.any_mask;
	}
	if (m->present)
		snprintf(m->why, sizeof(m->why),
			 "mdevd (pid %d) rebroadcasts with -O %u", (int)m->pid,
			 m->mask);
	else if (!s.any_pid && s.other_netns)
		snprintf(m->why, sizeof(m->why),
			 "no mdevd process of ours: mdevd (pid %d) runs in another network namespace, where its rebroadcasts stay",
			 (int)s.other_netns);
	else if (!s.any_pid)
		snprintf(m->why, sizeof(m->why), "no mdevd process");
	else if (s.any_mask <= 0)
		snprintf(m->why, sizeof(m->why),
			 "mdevd (pid %d) runs without -O: it rebroadcasts nothing",
			 (int)s.any_pid);
	else
		snprintf(m->why, sizeof(m->why),
			 "mdevd (pid %d) rebroadcasts with -O %ld, which does not include group %u (-O %lu)",
			 (int)s.any_pid, s.any_mask, group, 1UL << (group - 1));
}

/*
 * Wait for FD to be ready for EVENTS until DEADLINE (UINT64_MAX: without
 * limit): 1, 0 timed out.
 */
static int wait_fd(int fd, short events, uint64_t deadline)
{
	struct pollfd p = { .fd = fd, .events = events };
	uint64_t now = synth_now_usec();

	if (now >= deadline)
		return 0;
	return poll(&p, 1, deadline == UINT64_MAX ? -1 :
		    synth_usec_to_ms(deadline - now, INT_MAX)) > 0;
}

/* A varlink Ping answered: 1; not answered: 0; no varlink socket: -errno. */
static int ping_varlink(const char *path, uint64_t deadline)
{
	char reply[512];
	size_t got = 0;
	int fd = connect_to(path, SOCK_STREAM);

	if (fd < 0)
		return fd;
	if (!wait_fd(fd, POLLOUT, deadline) ||
	    send(fd, varlink_ping, sizeof(varlink_ping), MSG_NOSIGNAL) !=
	    (ssize_t)sizeof(varlink_ping))
		goto no;
	/* The reply ends with a NUL; an error reply is an answer too. */
	while (got < sizeof(reply) && wait_fd(fd, POLLIN, deadline)) {
		ssize_t n = recv(fd, reply + got, sizeof(reply) - got, 0);

		if (n <= 0)
			break;
		if (memchr(reply + got, '\0', n)) {
			close(fd);
			return 1;
		}
		got += n;
	}
no:
	close(fd);
	return 0;
}

/* A control-socket ping answered (udevd hangs up after it): 1, 0, -errno. */
static int ping_control(const char *path, uint64_t deadline)
{
	struct udev_ctrl_wire msg = {
		.version = "udev-synth",
		.magic = UDEV_CTRL_MAGIC,
		.type = UDEV_CTRL_PING,
	};
	char c;
	int fd = connect_to(path, SOCK_SEQPACKET), ok = 0;

	if (fd < 0)
		return fd;
	if (send(fd, &msg, sizeof(msg), MSG_NOSIGNAL) == sizeof(msg)) {
		msg.type = UDEV_CTRL_END;
		if (send(fd, &msg, sizeof(msg), MSG_NOSIGNAL) == sizeof(msg) &&
		    wait_fd(fd, POLLIN, deadline))
			ok = recv(fd, &c, 1, MSG_DONTWAIT) == 0;
	}
	close(fd);
	return ok;
}

int synth_udevd_ping(const char *run_udev, uint64_t timeout_usec, char *why,
		     size_t size)
{
	uint64_t deadline = synth_usec_add(synth_now_usec(), timeout_usec);
	char varlink[256], control[256];
	int rv = 0, rc = 0;

	if (!run_udev)
		run_udev = "/run/udev";
	/* Without a buffer, no words. */
	if (!why)
		size = 0;
	if (path_fmt(varlink, sizeof(varlink), "%s/" UDEV_VARLINK_NAME,
		     run_udev) ||
	    path_fmt(control, sizeof(control), "%s/" UDEV_CONTROL_NAME,
		     run_udev))
		return -ENAMETOOLONG;
	for (;;) {
		rv = ping_varlink(varlink, deadline);
		if (rv == 1)
			return 0;
		/* Not the varlink socket's type behind the old name: 262. */
		rc = ping_control(control, deadline);
		if (rc == 1)
			return 0;
		if (synth_usec_add(synth_now_usec(), PING_RETRY_USEC) >=
		    deadline)
			break;
		usleep(PING_RETRY_USEC);
	}
	if (!rv || !rc)
		snprintf(why, size, "udevd did not answer a ping in time");
	else
		snprintf(why, size, "no udevd: %s: %s, %s: %s", varlink,
			 strerror(-rv), control, strerror(-rc));
	return -ETIMEDOUT;
}
