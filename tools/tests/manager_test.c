// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Finding the device manager on evidence: udevd's sockets as udevd 247 to
 * 262 leave them (real AF_UNIX sockets in a directory of the test's own),
 * its processes (a /proc-shaped tree), and mdevd's -O mask.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/netlink.h>

#include "kselftest_harness.h"
#include "manager.h"

static void put(const char *dir, const char *name, const char *text,
		size_t len)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len)
		abort();
	close(fd);
}

/* A process PID named COMM in state STATE, with CMDLINE (LEN bytes). */
static void fake_process(const char *proc, int pid, const char *comm,
			 char state, const char *cmdline, size_t len)
{
	char dir[256], stat[128];

	snprintf(dir, sizeof(dir), "%s/%d", proc, pid);
	mkdir(dir, 0755);
	snprintf(stat, sizeof(stat), "%d (%s) %c 1 1 1 0 -1\n", pid, comm,
		 state);
	put(dir, "stat", stat, strlen(stat));
	put(dir, "cmdline", cmdline, len);
}

/* A socket bound at DIR/NAME; listening unless LISTEN is false. */
static int bound(const char *dir, const char *name, int type, bool listen_)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, type | SOCK_CLOEXEC, 0);

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/%s", dir, name);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)))
		abort();
	if (listen_ && listen(fd, 0))
		abort();
	return fd;
}

FIXTURE(dirs) {
	char run[64];
	char proc[64];
};

FIXTURE_SETUP(dirs)
{
	strcpy(self->run, "/tmp/manager_test.run.XXXXXX");
	strcpy(self->proc, "/tmp/manager_test.proc.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->run));
	ASSERT_NE(NULL, mkdtemp(self->proc));
}

FIXTURE_TEARDOWN(dirs)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "rm -rf %s %s", self->run, self->proc);
	if (system(cmd))
		TH_LOG("cleanup of %s failed", self->run);
}

TEST_F(dirs, nothing_there_is_absent)
{
	struct manager m;

	udevd_look(&m, self->run, self->proc);
	EXPECT_FALSE(m.present);
	EXPECT_NE(NULL, strstr(m.why, "no udevd"));
}

TEST_F(dirs, legacy_control_socket_is_present)
{
	struct manager m;
	struct stat st;
	char path[128];
	int fd = bound(self->run, "control", SOCK_SEQPACKET, true);

	udevd_look(&m, self->run, self->proc);
	EXPECT_TRUE(m.present);
	snprintf(path, sizeof(path), "%s/control", self->run);
	ASSERT_EQ(0, stat(path, &st));
	EXPECT_EQ(st.st_ino, m.ino);
	close(fd);
}

/* The storm case: udevd too busy to accept is still udevd. */
TEST_F(dirs, busy_control_socket_is_present)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = bound(self->run, "control", SOCK_SEQPACKET, true);
	int c[8], i, full = 0;
	struct manager m;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/control", self->run);
	for (i = 0; i < 8; i++) {
		c[i] = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK, 0);
		if (connect(c[i], (struct sockaddr *)&sa, sizeof(sa)) &&
		    errno == EAGAIN)
			full = 1;
	}
	ASSERT_TRUE(full);
	udevd_look(&m, self->run, self->proc);
	EXPECT_TRUE(m.present);
	EXPECT_NE(NULL, strstr(m.why, "busy"));
	for (i = 0; i < 8; i++)
		close(c[i]);
	close(fd);
}

/* udevd 262: the old name is a link to the varlink (stream) socket. */
TEST_F(dirs, varlink_socket_behind_the_control_name_is_present)
{
	int fd = bound(self->run, "io.systemd.Udev", SOCK_STREAM, true);
	char link[128], target[128];
	struct manager m;
	struct stat st;

	snprintf(link, sizeof(link), "%s/control", self->run);
	snprintf(target, sizeof(target), "%s/io.systemd.Udev", self->run);
	ASSERT_EQ(0, symlink(target, link));
	udevd_look(&m, self->run, self->proc);
	EXPECT_TRUE(m.present);
	ASSERT_EQ(0, stat(target, &st));
	EXPECT_EQ(st.st_ino, m.ino);
	close(fd);
}

TEST_F(dirs, varlink_socket_alone_is_present)
{
	int fd = bound(self->run, "io.systemd.Udev", SOCK_STREAM, true);
	struct manager m;

	udevd_look(&m, self->run, self->proc);
	EXPECT_TRUE(m.present);
	EXPECT_NE(0, m.ino);
	close(fd);
}

/* A killed udevd leaves its socket file behind: it refuses. */
TEST_F(dirs, stale_socket_without_a_process_is_absent)
{
	int fd = bound(self->run, "control", SOCK_SEQPACKET, false);
	struct manager m;

	fake_process(self->proc, 1, "init", 'S', "init", 5);
	fake_process(self->proc, 40, "systemd-udevd", 'Z', "", 0);
	udevd_look(&m, self->run, self->proc);
	EXPECT_FALSE(m.present);
	EXPECT_NE(NULL, strstr(m.why, "Connection refused"));
	close(fd);
}

/*
 * A real udevd-like main process: named systemd-udevd, in our namespaces,
 * holding a socket on the kernel's uevent group.  Its pid.
 */
static pid_t real_udevd(bool with_socket)
{
	pid_t pid = fork();

	if (!pid) {
		struct sockaddr_nl nl = { .nl_family = AF_NETLINK,
					  .nl_groups = 1 };
		int fd = socket(AF_NETLINK, SOCK_DGRAM, NETLINK_KOBJECT_UEVENT);

		prctl(PR_SET_NAME, "systemd-udevd");
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (with_socket && (fd < 0 ||
				    bind(fd, (struct sockaddr *)&nl, sizeof(nl))))
			_exit(1);
		pause();
		_exit(0);
	}
	usleep(100 * 1000);
	return pid;
}

TEST_F(dirs, stale_socket_with_a_process_is_present)
{
	int fd = bound(self->run, "control", SOCK_SEQPACKET, false);
	pid_t pid = real_udevd(true);
	struct manager m;

	udevd_look(&m, self->run, "/proc");
	EXPECT_TRUE(m.present);
	EXPECT_EQ(pid, m.pid);
	EXPECT_EQ(0, m.ino);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(fd);
}

/* Issue 17, point 4: a name is no evidence. */
TEST_F(dirs, a_process_named_udevd_without_its_socket_is_absent)
{
	pid_t pid = real_udevd(false);
	struct manager m;

	udevd_look(&m, self->run, "/proc");
	EXPECT_FALSE(m.present);
	EXPECT_NE(NULL, strstr(m.why, "no socket on the kernel's uevent group"));
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* A /proc-shaped tree has no namespaces to check: never udevd. */
TEST_F(dirs, fake_processes_are_no_evidence)
{
	struct manager m;

	fake_process(self->proc, 77, "systemd-udevd", 'S',
		     "/lib/systemd/systemd-udevd", 27);
	fake_process(self->proc, 91, "(udev-worker)", 'S', "", 0);
	udevd_look(&m, self->run, self->proc);
	EXPECT_FALSE(m.present);
	EXPECT_EQ(0, m.pid);
}

#define CMD(s) s, sizeof(s) - 1

TEST(mdevd_mask_from_its_command_line)
{
	EXPECT_EQ(4, mdevd_cmdline_mask(CMD("mdevd\0-O\0004\0")));
	EXPECT_EQ(4, mdevd_cmdline_mask(CMD("mdevd\0-O4\0")));
	EXPECT_EQ(8, mdevd_cmdline_mask(CMD("mdevd\0-nO\0008\0")));
	EXPECT_EQ(12, mdevd_cmdline_mask(CMD("/bin/mdevd\0-v\0002\0-O\00012\0")));
	EXPECT_EQ(4, mdevd_cmdline_mask(CMD("mdevd\0-f\0/etc/mdev.conf\0-O\0004\0")));
	EXPECT_EQ(0, mdevd_cmdline_mask(CMD("mdevd\0-C\0")));
	EXPECT_EQ(0, mdevd_cmdline_mask(CMD("mdevd\0")));
	/* Group 1 is where mdevd listens: it never rebroadcasts there. */
	EXPECT_EQ(4, mdevd_cmdline_mask(CMD("mdevd\0-O\0005\0")));
	/* After the options: not an option. */
	EXPECT_EQ(0, mdevd_cmdline_mask(CMD("mdevd\0--\0-O\0004\0")));
	EXPECT_EQ(-EINVAL, mdevd_cmdline_mask(CMD("mdevd\0-O\0x4\0")));
	EXPECT_EQ(-EINVAL, mdevd_cmdline_mask(CMD("mdevd\0-O\0")));
	EXPECT_EQ(-EINVAL, mdevd_cmdline_mask(CMD("mdevd\0-Z\0")));
}

TEST_F(dirs, mdevd_is_found_by_its_group)
{
	struct manager m;

	mdevd_look(&m, self->proc, 3);
	EXPECT_FALSE(m.present);
	EXPECT_STREQ("no mdevd process", m.why);

	fake_process(self->proc, 300, "mdevd", 'S', CMD("mdevd\0-C\0"));
	mdevd_look(&m, self->proc, 3);
	EXPECT_FALSE(m.present);
	EXPECT_NE(NULL, strstr(m.why, "without -O"));

	fake_process(self->proc, 301, "mdevd", 'S', CMD("mdevd\0-O\0004\0"));
	mdevd_look(&m, self->proc, 4);
	EXPECT_FALSE(m.present);
	EXPECT_EQ(4, m.mask);
	EXPECT_NE(NULL, strstr(m.why, "does not include group 4 (-O 8)"));

	mdevd_look(&m, self->proc, 3);
	EXPECT_TRUE(m.present);
	EXPECT_EQ(301, m.pid);
	EXPECT_EQ(4, m.mask);

	mdevd_look(&m, self->proc, 0);
	EXPECT_TRUE(m.present);
	EXPECT_EQ(301, m.pid);
}

TEST_F(dirs, a_dead_mdevd_is_absent)
{
	struct manager m;

	fake_process(self->proc, 302, "mdevd", 'Z', "", 0);
	mdevd_look(&m, self->proc, 3);
	EXPECT_FALSE(m.present);
	EXPECT_EQ(0, m.pid);
}

TEST_HARNESS_MAIN
