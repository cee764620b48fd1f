// SPDX-License-Identifier: GPL-2.0-or-later
/* What uevent-trigger prints about a run: text lines, or one JSON object. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "caused.h"
#include "report.h"

void report_json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* The errno names a write to a uevent file can meet. */
static const char *errno_name(int e)
{
	static const struct {
		int e;
		const char *name;
	} names[] = {
		{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { EIO, "EIO" },
		{ ENXIO, "ENXIO" }, { E2BIG, "E2BIG" }, { EAGAIN, "EAGAIN" },
		{ ENOMEM, "ENOMEM" }, { EACCES, "EACCES" }, { EBUSY, "EBUSY" },
		{ ENODEV, "ENODEV" }, { EINVAL, "EINVAL" }, { ENOSPC, "ENOSPC" },
		{ EROFS, "EROFS" }, { ENAMETOOLONG, "ENAMETOOLONG" },
		{ ENOTSUP, "EOPNOTSUPP" }, { ETIMEDOUT, "ETIMEDOUT" },
		{ EALREADY, "EALREADY" }, { EINTR, "EINTR" },
		{ EPROTO, "EPROTO" }, { EFAULT, "EFAULT" }, { ENOTDIR, "ENOTDIR" },
		{ EISDIR, "EISDIR" }, { ESRCH, "ESRCH" }, { EEXIST, "EEXIST" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].e == e)
			return names[i].name;
	return NULL;
}

static const char *source_name(enum synth_wait_source s)
{
	switch (s) {
	case SYNTH_WAIT_NONE: return "none";
	case SYNTH_WAIT_AUTO: return "auto";
	case SYNTH_WAIT_UDEV: return "udev";
	case SYNTH_WAIT_KERNEL: return "kernel";
	case SYNTH_WAIT_GROUP: return "group";
	case SYNTH_WAIT_MDEVD: return "mdevd";
	}
	return "unknown";
}

int report_outcome(const struct synth_trigger *t, size_t i)
{
	int o = synth_trigger_get_outcome(t, i);

	return o >= 0 && o < REPORT_OTHER ? o : REPORT_OTHER;
}

void report_counts(const struct synth_trigger *t, size_t counts[])
{
	size_t i, n = synth_trigger_count(t);

	memset(counts, 0, sizeof(size_t) * REPORT_OUTCOMES);
	for (i = 0; i < n; i++)
		counts[report_outcome(t, i)]++;
}

bool report_success(const struct synth_trigger *t)
{
	size_t i, n = synth_trigger_count(t);

	for (i = 0; i < n; i++) {
		int outcome = report_outcome(t, i);

		if (outcome == SYNTH_VANISHED &&
		    synth_trigger_get_reason_code(t, i) ==
		    SYNTH_REASON_WRITE_GONE)
			continue;
		if (outcome != SYNTH_PROCESSED && outcome != SYNTH_EMITTED &&
		    outcome != SYNTH_NO_EVENT)
			return false;
	}
	return caused_success(t);
}

void report_dry_run(FILE *f, const struct synth_trigger *t)
{
	size_t i, n = synth_trigger_count(t);

	for (i = 0; i < n; i++)
		fprintf(f, "%s\n", synth_trigger_get_syspath(t, i));
}

/* Did the manager broadcast the I-th device's event (processed or not)? */
static bool broadcast(const struct synth_trigger *t, size_t i)
{
	switch (synth_trigger_get_reason_code(t, i)) {
	case SYNTH_REASON_BROADCAST:
	case SYNTH_REASON_WORKER_FAILED:
	case SYNTH_REASON_FORWARDED:
	case SYNTH_REASON_NOT_INITIALIZED:
		return true;
	default:
		return false;
	}
}

void report_uuids(FILE *f, const struct synth_trigger *t, bool verbose,
		  bool waited)
{
	size_t i, n = synth_trigger_count(t);

	for (i = 0; i < n; i++) {
		if (report_outcome(t, i) == SYNTH_PENDING ||
		    synth_trigger_get_error(t, i))
			continue;
		if (verbose)
			fprintf(f, "%s\n", synth_trigger_get_syspath(t, i));
		fprintf(f, "%s\n", synth_trigger_get_uuid(t));
	}
	for (i = 0; waited && i < n; i++) {
		if (!broadcast(t, i))
			continue;
		if (verbose)
			fprintf(f, "settle %s\n",
				synth_trigger_get_syspath(t, i));
		fprintf(f, "settle %s\n", synth_trigger_get_uuid(t));
	}
}

void report_json(FILE *f, const struct synth_trigger *t, const char *action,
		 bool waited, const char *status)
{
	size_t counts[REPORT_OUTCOMES], i, n = synth_trigger_count(t);

	report_counts(t, counts);
	fprintf(f, "{\"uuid\":");
	report_json_string(f, synth_trigger_get_uuid(t));
	fprintf(f, ",\"action\":");
	report_json_string(f, action);
	fprintf(f, ",\"wait_source\":\"%s\"",
		waited ? source_name(synth_trigger_get_wait(t)) : "none");
	if (waited && synth_trigger_get_group(t))
		fprintf(f, ",\"group\":%u", synth_trigger_get_group(t));
	if (waited && *synth_trigger_wait_reason(t)) {
		fprintf(f, ",\"wait_reason\":");
		report_json_string(f, synth_trigger_wait_reason(t));
	}
	if (*synth_trigger_manager_lost(t)) {
		fprintf(f, ",\"manager_lost\":");
		report_json_string(f, synth_trigger_manager_lost(t));
	}
	fprintf(f, ",\"fell_back\":%s,\"status\":",
		synth_trigger_fell_back(t) ? "true" : "false");
	report_json_string(f, status);
	fprintf(f, ",\"devices\":[");
	for (i = 0; i < n; i++) {
		int outcome = report_outcome(t, i);
		int error = synth_trigger_get_error(t, i);
		unsigned int retries = synth_trigger_get_retries(t, i);

		fprintf(f, "%s{\"syspath\":", i ? "," : "");
		report_json_string(f, synth_trigger_get_syspath(t, i));
		fprintf(f, ",\"seqnum\":%llu,\"outcome\":\"%s\"",
			(unsigned long long)synth_trigger_get_seqnum(t, i),
			synth_outcome_name(synth_trigger_get_outcome(t, i)));
		if (outcome == SYNTH_PROCESSED && waited)
			fprintf(f, ",\"usec\":%llu",
				(unsigned long long)synth_trigger_get_usec(t, i));
		if (error && errno_name(error))
			fprintf(f, ",\"error\":\"%s\"", errno_name(error));
		else if (error)
			fprintf(f, ",\"error\":\"E%d\"", error);
		if (retries)
			fprintf(f, ",\"retries\":%u", retries);
		/* Last: scripts read "outcome" and "usec" side by side. */
		fprintf(f, ",\"reason\":\"%s\"",
			synth_reason_name(synth_trigger_get_reason_code(t, i)));
		caused_json(f, t, i);
		fputc('}', f);
	}
	fprintf(f, "],\"summary\":{");
	for (i = SYNTH_PROCESSED; i < REPORT_OTHER; i++)
		fprintf(f, "%s\"%s\":%zu", i == SYNTH_PROCESSED ? "" : ",",
			synth_outcome_name(i), counts[i]);
	if (counts[REPORT_OTHER])
		fprintf(f, ",\"unknown\":%zu", counts[REPORT_OTHER]);
	fputc('}', f);
	caused_json_summary(f, t);
	fprintf(f, "}\n");
}

void report_text(FILE *f, const struct synth_trigger *t, bool verbose,
		 bool waited)
{
	size_t counts[REPORT_OUTCOMES], i, n = synth_trigger_count(t);

	for (i = 0; i < n; i++) {
		int outcome = report_outcome(t, i);
		uint64_t seqnum = synth_trigger_get_seqnum(t, i);
		int error = synth_trigger_get_error(t, i);
		unsigned int retries = synth_trigger_get_retries(t, i);

		if ((outcome == SYNTH_PROCESSED ||
		     outcome == SYNTH_EMITTED) && !verbose &&
		    caused_device_done(t, i))
			continue;
		fprintf(f, "%s: %s", synth_trigger_get_syspath(t, i),
			outcome == SYNTH_EMITTED && !waited ? "triggered" :
			synth_outcome_name(synth_trigger_get_outcome(t, i)));
		if (seqnum)
			fprintf(f, " (seqnum %llu", (unsigned long long)seqnum);
		if (seqnum && outcome == SYNTH_PROCESSED && waited)
			fprintf(f, ", %.3f ms",
				synth_trigger_get_usec(t, i) / 1000.0);
		if (seqnum)
			fputc(')', f);
		if (error)
			fprintf(f, ": %s", strerror(error));
		if (retries)
			fprintf(f, " [triggered %u more time%s after lost messages]",
				retries, retries > 1 ? "s" : "");
		fputc('\n', f);
		caused_text(f, t, i, verbose);
	}
	if (!verbose)
		return;
	report_counts(t, counts);
	fprintf(f, "uuid %s: %zu device%s", synth_trigger_get_uuid(t),
		synth_trigger_count(t), synth_trigger_count(t) == 1 ? "" : "s");
	for (i = SYNTH_PROCESSED; i < REPORT_OUTCOMES; i++)
		if (counts[i])
			fprintf(f, ", %zu %s", counts[i],
				i == SYNTH_EMITTED && !waited ? "triggered" :
				i == REPORT_OTHER ? "unknown" :
				synth_outcome_name(i));
	if (synth_trigger_count_consequences(t))
		fprintf(f, "; %zu consequence%s", synth_trigger_count_consequences(t),
			synth_trigger_count_consequences(t) == 1 ? "" : "s");
	fputc('\n', f);
}
