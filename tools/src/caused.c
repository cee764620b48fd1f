// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The consequences of a run (--wait-consequences) in the tool's report:
 * under the device that caused them, in JSON and in text, and in the exit
 * status (a consequence not processed counts as a device not processed).
 */
#include <string.h>

#include "caused.h"
#include "report.h"

/*
 * The J-th consequence in JSON.  "action" first: a reader that takes each
 * object beginning with "syspath" for a device (the coldplug's awk) never
 * takes a consequence for one.
 */
static void one_json(FILE *f, const struct synth_trigger *t, size_t j)
{
	fprintf(f, "{\"action\":\"%s\",\"syspath\":",
		synth_trigger_get_consequence_action(t, j));
	report_json_string(f, synth_trigger_get_consequence_syspath(t, j));
	fprintf(f, ",\"seqnum\":%llu,\"cause\":%llu,\"outcome\":\"%s\",\"reason\":\"%s\"}",
		(unsigned long long)synth_trigger_get_consequence_seqnum(t, j),
		(unsigned long long)synth_trigger_get_consequence_cause(t, j),
		synth_outcome_name(synth_trigger_get_consequence_outcome(t, j)),
		synth_reason_name(synth_trigger_get_consequence_reason_code(t, j)));
}

void caused_json(FILE *f, const struct synth_trigger *t, size_t i)
{
	size_t j, n = synth_trigger_count_consequences(t), k = 0;

	/* Before the list: in the device's own object, not a consequence's. */
	if (synth_trigger_get_consequences_lost(t, i))
		fprintf(f, ",\"consequences_lost\":true");
	for (j = 0; j < n; j++) {
		if (synth_trigger_get_consequence_device(t, j) != i)
			continue;
		fprintf(f, "%s", k++ ? "," : ",\"consequences\":[");
		one_json(f, t, j);
	}
	if (k)
		fputc(']', f);
}

/* The outcome of the J-th consequence, REPORT_OTHER when unknown. */
static int outcome(const struct synth_trigger *t, size_t j)
{
	int o = synth_trigger_get_consequence_outcome(t, j);

	return o >= 0 && o < REPORT_OTHER ? o : REPORT_OTHER;
}

/*
 * Done with: processed, or removed on the manager's word (nothing waits
 * for what is gone; a partition table read twice removes and adds).
 */
static bool done(const struct synth_trigger *t, size_t j)
{
	return outcome(t, j) == SYNTH_PROCESSED ||
	       (outcome(t, j) == SYNTH_VANISHED &&
		synth_trigger_get_consequence_reason_code(t, j) ==
		SYNTH_REASON_REMOVED);
}

static size_t lost(const struct synth_trigger *t)
{
	size_t i, n = synth_trigger_count(t), k = 0;

	for (i = 0; i < n; i++)
		k += synth_trigger_get_consequences_lost(t, i);
	return k;
}

void caused_json_summary(FILE *f, const struct synth_trigger *t)
{
	size_t counts[REPORT_OUTCOMES] = { 0 };
	size_t j, n = synth_trigger_count_consequences(t), k = lost(t);
	int o;

	if (!n && !k)
		return;
	for (j = 0; j < n; j++)
		counts[outcome(t, j)]++;
	fprintf(f, ",\"consequences\":{\"total\":%zu", n);
	for (o = SYNTH_PENDING; o < REPORT_OTHER; o++)
		if (counts[o])
			fprintf(f, ",\"%s\":%zu", synth_outcome_name(o),
				counts[o]);
	if (counts[REPORT_OTHER])
		fprintf(f, ",\"unknown\":%zu", counts[REPORT_OTHER]);
	if (k)
		fprintf(f, ",\"devices_lost\":%zu", k);
	fputc('}', f);
}

void caused_text(FILE *f, const struct synth_trigger *t, size_t i,
		 bool verbose)
{
	size_t j, n = synth_trigger_count_consequences(t);

	for (j = 0; j < n; j++) {
		if (synth_trigger_get_consequence_device(t, j) != i ||
		    (done(t, j) && !verbose))
			continue;
		fprintf(f, "  caused: %s %s (seqnum %llu, by %llu): %s",
			synth_trigger_get_consequence_action(t, j),
			synth_trigger_get_consequence_syspath(t, j),
			(unsigned long long)synth_trigger_get_consequence_seqnum(t, j),
			(unsigned long long)synth_trigger_get_consequence_cause(t, j),
			synth_outcome_name(synth_trigger_get_consequence_outcome(t, j)));
		if (outcome(t, j) != SYNTH_PROCESSED)
			fprintf(f, " (%s)", synth_reason_name(
				synth_trigger_get_consequence_reason_code(t, j)));
		fputc('\n', f);
	}
	if (synth_trigger_get_consequences_lost(t, i))
		fprintf(f, "  caused: unknown: kernel messages were lost while its consequences were followed\n");
}

bool caused_device_done(const struct synth_trigger *t, size_t i)
{
	size_t j, n = synth_trigger_count_consequences(t);

	for (j = 0; j < n; j++)
		if (synth_trigger_get_consequence_device(t, j) == i &&
		    !done(t, j))
			return false;
	return !synth_trigger_get_consequences_lost(t, i);
}

bool caused_success(const struct synth_trigger *t)
{
	size_t j, n = synth_trigger_count_consequences(t);

	for (j = 0; j < n; j++)
		if (!done(t, j))
			return false;
	return !lost(t);
}
