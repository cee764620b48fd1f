// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A random (version 4, RFC 9562) UUID without libuuid, for the musl build.
 * The bytes come from getrandom() without blocking, as util-linux's
 * libuuid takes them; early in boot, before the kernel's pool is ready,
 * from /dev/urandom, then from the clock and the pid.  A transaction UUID
 * tells one group of events from another, it protects no secret.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include <uuid/uuid.h>

static size_t from_getrandom(unsigned char *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = getrandom(buf + got, len - got, GRND_NONBLOCK);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += n;
	}
	return got;
}

static size_t from_urandom(unsigned char *buf, size_t len)
{
	size_t got = 0;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	while (got < len) {
		ssize_t n = read(fd, buf + got, len - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += n;
	}
	close(fd);
	return got;
}

/* The last resort: distinct per call and per process, not random. */
static void from_clock(unsigned char *buf, size_t len)
{
	static unsigned long long counter;
	struct timespec ts;
	unsigned long long x;
	size_t i;

	clock_gettime(CLOCK_REALTIME, &ts);
	x = (unsigned long long)ts.tv_sec * 1000000007ULL ^
	    (unsigned long long)ts.tv_nsec ^
	    (unsigned long long)getpid() << 40 ^ ++counter << 20;
	for (i = 0; i < len; i++) {
		/* splitmix64 steps */
		x += 0x9e3779b97f4a7c15ULL;
		buf[i] = (unsigned char)((x ^ x >> 31) * 0xbf58476d1ce4e5b9ULL >> 56);
	}
}

void uuid_generate_random(uuid_t out)
{
	size_t got = from_getrandom(out, 16);

	if (got < 16)
		got += from_urandom(out + got, 16 - got);
	if (got < 16)
		from_clock(out, 16);
	out[6] = (out[6] & 0x0f) | 0x40;	/* version 4 */
	out[8] = (out[8] & 0x3f) | 0x80;	/* variant 10 */
}

void uuid_unparse_lower(const uuid_t uu, char *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*out++ = '-';
		*out++ = hex[uu[i] >> 4];
		*out++ = hex[uu[i] & 15];
	}
	*out = '\0';
}
