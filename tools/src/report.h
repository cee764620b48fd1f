/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef UEVENT_TRIGGER_REPORT_H
#define UEVENT_TRIGGER_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "synth_uevent.h"

/*
 * The outcomes this tool knows of; a newer library's others are counted
 * as failures (REPORT_OTHER).
 */
#define REPORT_OTHER	(SYNTH_EMITTED + 1)
#define REPORT_OUTCOMES	(REPORT_OTHER + 1)

/* S as a JSON string. */
void report_json_string(FILE *f, const char *s);
/* COUNTS has REPORT_OUTCOMES entries, by outcome. */
void report_counts(const struct synth_trigger *t, size_t counts[]);
/* The I-th device's outcome, REPORT_OTHER for one unknown to the tool. */
int report_outcome(const struct synth_trigger *t, size_t i);
void report_json(FILE *f, const struct synth_trigger *t, const char *action,
		 bool waited, const char *status);
/*
 * Did the run do all it should, for the exit status: every device
 * processed, emitted or known to make no event, or gone before its write
 * (ENOENT, ENODEV: vanished, which udevadm ignores too)?
 */
bool report_success(const struct synth_trigger *t);
/* The selected devices, one syspath a line (udevadm's -n -v). */
void report_dry_run(FILE *f, const struct synth_trigger *t);
/*
 * udevadm's --uuid: for each device written, the event's UUID on a line,
 * after its syspath on a line of its own with VERBOSE; when WAITED, then
 * for each event the manager broadcast, "settle UUID", after
 * "settle SYSPATH" with VERBOSE.
 */
void report_uuids(FILE *f, const struct synth_trigger *t, bool verbose,
		  bool waited);
/* Devices that were not processed, or all with VERBOSE, and a summary. */
void report_text(FILE *f, const struct synth_trigger *t, bool verbose,
		 bool waited);

#endif
