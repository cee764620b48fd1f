// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * synth-uevent-once SYSPATH ACTION [TIMEOUT_SECONDS]
 *
 * The library's one-call form, as the SID design proposes it for libudev:
 * trigger ACTION on one device, marked SYNTH_ARG_LIBUDEV_TRIGGER=1, and wait
 * until it was processed; on a kernel without the series, without the
 * marker.  Exit 0 when processed (or emitted, when no device manager runs
 * to process it: said so), 1 otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "synth_uevent.h"

int main(int argc, char **argv)
{
	static const char *const forms[] = {
		[SYNTH_FORM_MARKED] = "with the marker",
		[SYNTH_FORM_UUID] = "without the marker (a kernel without the series)",
		[SYNTH_FORM_PLAIN] = "as a plain action (a kernel before 4.13)",
	};
	double timeout = argc > 3 ? atof(argv[3]) : 30;
	enum synth_form form;
	int r;

	if (argc < 3) {
		fprintf(stderr, "usage: %s SYSPATH ACTION [TIMEOUT_SECONDS]\n",
			argv[0]);
		return 2;
	}
	r = synth_uevent_full(argv[1], argv[2], true,
			      (uint64_t)(timeout * 1e6), &form);
	if (r < 0) {
		fprintf(stderr, "%s: %s\n", argv[1], strerror(-r));
		return 1;
	}
	printf("%s: %s, %s\n", argv[1],
	       r == SYNTH_UEVENT_EMITTED ?
	       "emitted (no device manager runs to process it)" : "processed",
	       forms[form]);
	return 0;
}
