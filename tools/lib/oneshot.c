// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * synth_uevent(): the one-call form of the SID design, a transaction of one
 * device marked SYNTH_ARG_LIBUDEV_TRIGGER=1 where the kernel takes it.
 */
#include <errno.h>

#include "synth_uevent.h"

/*
 * One transaction on SYSPATH, MARKED or not.  The run's error, or the
 * outcome as an errno (SYNTH_UEVENT_EMITTED when it was waited for and
 * only the kernel confirmed it); *RAN: the run completed; *PLAIN: the
 * kernel ignored the UUID (plain actions were used).
 */
static int once(const char *syspath, const char *action, bool wait,
		uint64_t timeout_usec, bool marked, bool *ran, bool *plain)
{
	struct synth_trigger *t = synth_trigger_new();
	int r;

	*ran = *plain = false;
	if (!t)
		return -ENOMEM;
	r = synth_trigger_set_action(t, action);
	if (!r)
		r = synth_trigger_set_uuid(t, NULL);
	if (!r && marked)
		r = synth_trigger_add_env(t, "LIBUDEV_TRIGGER=1");
	if (!r)
		r = synth_trigger_set_wait(t, wait ? SYNTH_WAIT_AUTO :
					   SYNTH_WAIT_NONE, 0);
	if (!r)
		r = synth_trigger_add_device(t, syspath);
	if (!r)
		r = synth_trigger_set_timeout(t, timeout_usec);
	if (!r) {
		r = synth_trigger_run(t);
		*plain = synth_trigger_fell_back(t);
	}
	if (!r) {
		*ran = true;
		switch (synth_trigger_get_outcome(t, 0)) {
		case SYNTH_PROCESSED:
			r = 0;
			break;
		case SYNTH_EMITTED:
			/* Written; waited for, but no manager to process it. */
			r = wait ? SYNTH_UEVENT_EMITTED : 0;
			break;
		case SYNTH_VANISHED:
			r = -ENODEV;
			break;
		case SYNTH_NO_EVENT:
			r = -ENODATA;
			break;
		case SYNTH_TIMEOUT:
			r = -ETIMEDOUT;
			break;
		case SYNTH_UNCONFIRMED:
			r = -ESRCH;
			break;
		default:
			r = synth_trigger_get_error(t, 0) ?
			    -synth_trigger_get_error(t, 0) : -EIO;
			break;
		}
	}
	synth_trigger_free(t);
	return r;
}

int synth_uevent_full(const char *syspath, const char *action, bool wait,
		      uint64_t timeout_usec, enum synth_form *form)
{
	bool ran, plain, marked = true;
	int r;

	r = once(syspath, action, wait, timeout_usec, true, &ran, &plain);
	if (r == -ENOTSUP) {
		/*
		 * The kernel refused the marker: mainline takes only letters
		 * and digits in keys (or, before 4.13, no arguments at all).
		 */
		marked = false;
		r = once(syspath, action, wait, timeout_usec, false, &ran,
			 &plain);
	}
	if (form)
		*form = !ran ? SYNTH_FORM_NONE : plain ? SYNTH_FORM_PLAIN :
			marked ? SYNTH_FORM_MARKED : SYNTH_FORM_UUID;
	return r;
}

int synth_uevent(const char *syspath, const char *action, bool wait,
		 uint64_t timeout_usec)
{
	return synth_uevent_full(syspath, action, wait, timeout_usec, NULL);
}
