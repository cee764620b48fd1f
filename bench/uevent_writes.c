// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uevent_writes [COUNT] [UEVENT_FILE] [INPUT]
 *
 * The kernel side of the benchmark: COUNT writes (default 20000) of a fixed
 * mix of inputs that both mainline's parser and ours accept, or of INPUT
 * alone, to UEVENT_FILE (default /sys/devices/virtual/mem/null/uevent), and
 * the rate.  Run with no listener that does work per event (no udevd), so
 * that the time is the parser's and the kernel's emission of the event.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *const mix[] = {
	"change",
	"change\n",
	"change 3f6a8e4c-6b36-4b1e-9a62-64c1a1e2d8f0",
	"change 3f6a8e4c-6b36-4b1e-9a62-64c1a1e2d8f0 A=1",
	"add 3f6a8e4c-6b36-4b1e-9a62-64c1a1e2d8f0 UDEVTRIGGER=1 DMNAME=vg0lvroot",
	"change 3f6a8e4c-6b36-4b1e-9a62-64c1a1e2d8f0 A=1 B=2 C=3 D=4 E=5 F=6 G=7 H=8",
};

#define MIX_LEN	(sizeof(mix) / sizeof(mix[0]))

int main(int argc, char **argv)
{
	long count = argc > 1 ? atol(argv[1]) : 20000, i;
	const char *file = argc > 2 ? argv[2] :
		"/sys/devices/virtual/mem/null/uevent";
	const char *const *in = argc > 3 ? (const char *const *)&argv[3] : mix;
	size_t n = argc > 3 ? 1 : MIX_LEN, len[MIX_LEN];
	struct timespec t0, t1;
	double secs;
	int fd = open(file, O_WRONLY | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "uevent_writes: %s: %s\n", file, strerror(errno));
		return 1;
	}
	for (i = 0; i < (long)n; i++)
		len[i] = strlen(in[i]);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < count; i++) {
		if (pwrite(fd, in[i % n], len[i % n], 0) < 0) {
			fprintf(stderr, "uevent_writes: write %ld: %s\n", i,
				strerror(errno));
			return 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("writes=%ld secs=%.3f per_sec=%.0f\n", count, secs, count / secs);
	close(fd);
	return 0;
}
