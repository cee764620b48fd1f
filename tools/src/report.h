/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef UEVENT_TRIGGER_REPORT_H
#define UEVENT_TRIGGER_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "synth_uevent.h"

/* COUNTS has SYNTH_TIMEOUT + 1 entries, by outcome. */
void report_counts(const struct synth_trigger *t, size_t counts[]);
void report_json(FILE *f, const struct synth_trigger *t, const char *action,
		 bool waited, const char *status);
/* Devices that were not processed, or all with VERBOSE, and a summary. */
void report_text(FILE *f, const struct synth_trigger *t, bool verbose,
		 bool waited);

#endif
