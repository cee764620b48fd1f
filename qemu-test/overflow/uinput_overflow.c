// SPDX-License-Identifier: GPL-2.0
/*
 * uinput_overflow: does a synthetic uevent whose arguments leave the
 * subsystem's uevent() callback too little room fail cleanly?  Run as root
 * in a guest (scripts/overflow-demo.sh) with uinput.
 *
 * It makes an input device through /dev/uinput with a PHYS of 1000 bytes,
 * which input_dev_uevent() adds to every event of the device, then writes
 * "change UUID" and 32 pairs (1008 bytes of SYNTH_ variables, within the
 * 1024 of the bound) to the device's uevent file.  The event cannot hold
 * both (2048 bytes): the write must fail with E2BIG, no event with the
 * UUID may come, and the taint's W bit must not be set.  A kernel without
 * "kobject: fail a synthetic uevent that overflows, without WARN" WARN()s
 * in add_uevent_var() instead (and panics with panic_on_warn=1).
 * Prints TAP.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/uinput.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#define UUID	"7b0c6a52-2f9e-4f43-9d0b-5a1f3c2e8d41"
#define PAIRS	32

static const char short_write[] = "change " UUID " A=1";

static int n;

static void ok(int pass, const char *what)
{
	printf("%sok %d - %s\n", pass ? "" : "not ", ++n, what);
}

static unsigned long taint(void)
{
	unsigned long t = 0;
	FILE *f = fopen("/proc/sys/kernel/tainted", "r");

	if (f) {
		if (fscanf(f, "%lu", &t) != 1)
			t = 0;
		fclose(f);
	}
	return t;
}

/* Did an event carrying our UUID come within MS milliseconds? */
static int heard(int sock, int ms)
{
	char buf[8192];
	struct pollfd p = { .fd = sock, .events = POLLIN };

	while (poll(&p, 1, ms) > 0) {
		ssize_t len = recv(sock, buf, sizeof(buf) - 1, 0);
		ssize_t i;

		if (len <= 0)
			return 0;
		buf[len] = '\0';
		for (i = 0; i < len; i += strlen(buf + i) + 1)
			if (!strcmp(buf + i, "SYNTH_UUID=" UUID))
				return 1;
	}
	return 0;
}

int main(void)
{
	struct sockaddr_nl nl = { .nl_family = AF_NETLINK, .nl_groups = 1 };
	struct uinput_setup setup = { .id = { .bustype = BUS_VIRTUAL } };
	char phys[1001], sysname[64], path[128], text[1200];
	unsigned long before;
	int ui, sock, fd, i, len, e;
	ssize_t w;

	printf("1..4\n");
	ui = open("/dev/uinput", O_WRONLY | O_NONBLOCK);
	if (ui < 0) {
		printf("Bail out! /dev/uinput: %s\n", strerror(errno));
		return 1;
	}
	memset(phys, 'p', sizeof(phys) - 1);
	phys[sizeof(phys) - 1] = '\0';
	strcpy(setup.name, "synth-overflow");
	if (ioctl(ui, UI_SET_EVBIT, EV_KEY) ||
	    ioctl(ui, UI_SET_KEYBIT, KEY_A) || ioctl(ui, UI_SET_PHYS, phys) || ioctl(ui, UI_DEV_SETUP, &setup) ||
	    ioctl(ui, UI_DEV_CREATE) ||
	    ioctl(ui, UI_GET_SYSNAME(sizeof(sysname)), sysname) < 0) {
		printf("Bail out! uinput: %s\n", strerror(errno));
		return 1;
	}
	snprintf(path, sizeof(path), "/sys/devices/virtual/input/%s/uevent",
		 sysname);
	printf("# %s, PHYS of %zu bytes\n", path, strlen(phys));

	sock = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC,
		      NETLINK_KOBJECT_UEVENT);
	if (sock < 0 || bind(sock, (struct sockaddr *)&nl, sizeof(nl))) {
		printf("Bail out! netlink: %s\n", strerror(errno));
		return 1;
	}

	/* 32 pairs "Kn=vvv...": SYNTH_UUID (48) + 32 x 30 bytes = 1008 */
	len = snprintf(text, sizeof(text), "change " UUID);
	for (i = 0; i < PAIRS; i++)
		len += snprintf(text + len, sizeof(text) - len,
				" K%02d=%s", i, "vvvvvvvvvvvvvvv");
	printf("# writing %d bytes, %d pairs\n", len, PAIRS);

	before = taint();
	fd = open(path, O_WRONLY);
	w = fd < 0 ? -1 : write(fd, text, len);
	e = errno;
	if (fd >= 0)
		close(fd);
	printf("# write: %zd (%s)\n", w, w < 0 ? strerror(e) : "accepted");
	ok(w < 0 && e == E2BIG, "the write fails with E2BIG");
	ok(!heard(sock, 1000), "no event carries its UUID");
	ok(!((taint() & ~before) & 512), "the taint's W bit was not set");

	/* The same device takes a write whose arguments leave room. */
	fd = open(path, O_WRONLY);
	w = fd < 0 ? -1 : write(fd, short_write, sizeof(short_write) - 1);
	if (fd >= 0)
		close(fd);
	ok(w > 0 && heard(sock, 5000), "a short write to it still emits its event");

	ioctl(ui, UI_DEV_DESTROY);
	close(ui);
	return 0;
}
