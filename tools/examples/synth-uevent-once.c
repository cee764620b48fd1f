// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * synth-uevent-once SYSPATH ACTION [TIMEOUT_SECONDS]
 *
 * The library's one-call form, as the SID design proposes it for libudev:
 * trigger ACTION on one device, marked SYNTH_ARG_LIBUDEV_TRIGGER=1, and wait
 * until it was processed.  Exit 0 when processed, 1 otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "synth_uevent.h"

int main(int argc, char **argv)
{
	double timeout = argc > 3 ? atof(argv[3]) : 30;
	int r;

	if (argc < 3) {
		fprintf(stderr, "usage: %s SYSPATH ACTION [TIMEOUT_SECONDS]\n",
			argv[0]);
		return 2;
	}
	r = synth_uevent(argv[1], argv[2], true, (uint64_t)(timeout * 1e6));
	if (r) {
		fprintf(stderr, "%s: %s\n", argv[1], strerror(-r));
		return 1;
	}
	printf("%s: processed\n", argv[1]);
	return 0;
}
