/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What uevent-trigger prints of the consequences (--wait-consequences). */
#ifndef UEVENT_TRIGGER_CAUSED_H
#define UEVENT_TRIGGER_CAUSED_H

#include <stdbool.h>
#include <stdio.h>

#include "synth_uevent.h"

/*
 * The I-th device's consequences into its JSON object: ,"consequences_lost":
 * true when they are unknown, then ,"consequences":[...] when it has any,
 * each object beginning with "action".
 */
void caused_json(FILE *f, const struct synth_trigger *t, size_t i);
/* Into the JSON summary: ,"consequences":{...} when there were any. */
void caused_json_summary(FILE *f, const struct synth_trigger *t);
/*
 * The I-th device's consequences, a line each under its own: those not
 * processed, or all with VERBOSE; and a line when they are unknown.
 */
void caused_text(FILE *f, const struct synth_trigger *t, size_t i,
		 bool verbose);
/*
 * Are the I-th device's consequences done (processed, or removed on the
 * manager's word) and none unknown?
 */
bool caused_device_done(const struct synth_trigger *t, size_t i);
/* The same of every device (the exit status). */
bool caused_success(const struct synth_trigger *t);

#endif
