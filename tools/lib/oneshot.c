// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * synth_uevent(): the one-call form of the SID design, a transaction of one
 * device marked SYNTH_ARG_LIBUDEV_TRIGGER=1.
 */
#include <errno.h>

#include "synth_uevent.h"

int synth_uevent(const char *syspath, const char *action, bool wait,
		 uint64_t timeout_usec)
{
	struct synth_trigger *t = synth_trigger_new();
	int r;

	if (!t)
		return -ENOMEM;
	r = synth_trigger_set_action(t, action);
	if (!r)
		r = synth_trigger_set_uuid(t, NULL);
	if (!r)
		r = synth_trigger_add_env(t, "LIBUDEV_TRIGGER=1");
	if (!r)
		r = synth_trigger_set_wait(t, wait ? SYNTH_WAIT_AUTO :
					   SYNTH_WAIT_NONE, 0);
	if (!r)
		r = synth_trigger_add_device(t, syspath);
	if (!r) {
		synth_trigger_set_timeout(t, timeout_usec);
		r = synth_trigger_run(t);
	}
	if (!r) {
		switch (synth_trigger_get_outcome(t, 0)) {
		case SYNTH_PROCESSED:
		case SYNTH_EMITTED:
			r = 0;
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
