// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * runstat [--uuid UUID] -- COMMAND...
 *
 * Run COMMAND and print one line of KEY=VALUE about it, for the benchmark:
 *
 *   wall_us     from fork to the moment the command was reaped
 *   user_us, sys_us, maxrss_kb
 *               its rusage, descendants included (wait4)
 *   udevd_us    CPU time udevd used meanwhile: the manager and its workers
 *               (named "(udev-worker)" since systemd 251) while alive, and
 *               what the manager reaped (workers that ended, programs run)
 *   bcast       with --uuid: how many udevd broadcasts carried SYNTH_UUID=UUID
 *   lag_us      with --uuid: from the last of them to the command's exit
 *   late        with --uuid: such broadcasts only read after the exit
 *
 * Broadcasts are read from netlink group 2 while the command runs; the
 * command's exit is seen through a pidfd, in the same poll().
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/netlink.h>

#define MSG_MAX	(16 << 10)

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

/* utime + stime + cutime + cstime of one /proc/PID/stat, in clock ticks. */
static long long proc_ticks(const char *pid, const char *comm)
{
	char path[64], buf[1024], *p;
	unsigned long long ut, st, cut, cst;
	FILE *fp;
	int n;

	snprintf(path, sizeof(path), "/proc/%s/stat", pid);
	fp = fopen(path, "r");
	if (!fp)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n > 0 ? n : 0] = '\0';
	p = strrchr(buf, ')');
	if (!p || strncmp(strchr(buf, '(') + 1, comm, strlen(comm)))
		return 0;
	/* After "comm)": state, then fields 4..13, then utime (14).. */
	if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu %llu %llu",
		   &ut, &st, &cut, &cst) != 4)
		return 0;
	return ut + st + cut + cst;
}

static long long udevd_us(void)
{
	long long ticks = 0;
	struct dirent *e;
	DIR *d = opendir("/proc");

	if (!d)
		return 0;
	while ((e = readdir(d)))
		if (e->d_name[0] >= '0' && e->d_name[0] <= '9')
			ticks += proc_ticks(e->d_name, "systemd-udevd") +
				 proc_ticks(e->d_name, "(udev-worker)");
	closedir(d);
	return ticks * 1000000LL / sysconf(_SC_CLK_TCK);
}

static int listen_udev(void)
{
	struct sockaddr_nl a = { .nl_family = AF_NETLINK, .nl_groups = 2 };
	int size = 64 << 20;
	int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
			NETLINK_KOBJECT_UEVENT);

	if (fd < 0)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (bind(fd, (struct sockaddr *)&a, sizeof(a))) {
		close(fd);
		return -1;
	}
	return fd;
}

struct watch {
	int fd;
	const char *needle;	/* "SYNTH_UUID=<uuid>" with its NUL */
	size_t needle_len;
	long count, late;
	long long last_us;
	char buf[MSG_MAX];
};

static void drain(struct watch *w, bool after_exit)
{
	ssize_t n;

	while ((n = recv(w->fd, w->buf, sizeof(w->buf), 0)) > 0 ||
	       (n < 0 && errno == ENOBUFS)) {
		if (n <= 0 || !memmem(w->buf, n, w->needle, w->needle_len))
			continue;
		if (after_exit) {
			w->late++;
		} else {
			w->count++;
			w->last_us = now_us();
		}
	}
}

int main(int argc, char **argv)
{
	static struct watch w = { .fd = -1 };
	char needle[128];
	long long t0, t_exit, cpu0;
	struct rusage ru;
	int i = 1, status, pidfd;
	pid_t pid;

	if (i + 1 < argc && !strcmp(argv[i], "--uuid")) {
		snprintf(needle, sizeof(needle), "SYNTH_UUID=%s", argv[i + 1]);
		w.needle = needle;
		w.needle_len = strlen(needle) + 1;
		w.fd = listen_udev();
		if (w.fd < 0) {
			perror("runstat: netlink");
			return 2;
		}
		i += 2;
	}
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	if (i >= argc) {
		fprintf(stderr, "usage: runstat [--uuid UUID] -- COMMAND...\n");
		return 2;
	}

	cpu0 = udevd_us();
	t0 = now_us();
	pid = fork();
	if (pid < 0) {
		perror("runstat: fork");
		return 2;
	}
	if (!pid) {
		execvp(argv[i], argv + i);
		perror(argv[i]);
		_exit(127);
	}
	pidfd = syscall(SYS_pidfd_open, pid, 0);
	for (;;) {
		struct pollfd p[2] = {
			{ .fd = pidfd, .events = POLLIN },
			{ .fd = w.fd, .events = POLLIN },
		};

		if (poll(p, w.fd >= 0 ? 2 : 1, pidfd >= 0 ? -1 : 10) < 0 &&
		    errno != EINTR)
			break;
		if (w.fd >= 0 && p[1].revents)
			drain(&w, false);
		if (pidfd < 0 || p[0].revents) {
			pid_t r = wait4(pid, &status, pidfd < 0 ? WNOHANG : 0,
					&ru);

			if (r == pid)
				break;
		}
	}
	t_exit = now_us();
	if (w.fd >= 0)
		drain(&w, true);

	printf("wall_us=%lld user_us=%lld sys_us=%lld maxrss_kb=%ld udevd_us=%lld exit=%d",
	       t_exit - t0,
	       ru.ru_utime.tv_sec * 1000000LL + ru.ru_utime.tv_usec,
	       ru.ru_stime.tv_sec * 1000000LL + ru.ru_stime.tv_usec,
	       ru.ru_maxrss, udevd_us() - cpu0,
	       WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	if (w.fd >= 0)
		printf(" bcast=%ld late=%ld lag_us=%lld", w.count, w.late,
		       w.count ? t_exit - w.last_us : -1);
	printf("\n");
	return 0;
}
