// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Why a device has its outcome: the stable name of each reason, for
 * programs and --json, and its words, for people.
 */
#include "internal.h"

static const struct {
	const char *name;
	const char *text;
} reasons[] = {
	[SYNTH_REASON_NONE] = { "none", "nothing is known yet" },
	[SYNTH_REASON_BROADCAST] = { "broadcast",
		"the device manager broadcast the event as processed" },
	[SYNTH_REASON_WRITE_ERROR] = { "write-error",
		"writing to the uevent file failed" },
	[SYNTH_REASON_WORKER_FAILED] = { "worker-failed",
		"udevd broadcast the event with UDEV_WORKER_FAILED=1: its worker failed" },
	[SYNTH_REASON_FORWARDED] = { "forwarded",
		"udevd's main process forwarded the kernel's event: its worker died" },
	[SYNTH_REASON_NOT_INITIALIZED] = { "not-initialized",
		"udevd broadcast the event without USEC_INITIALIZED: its rules did not run (a dead worker's event, forwarded)" },
	[SYNTH_REASON_NOT_EMITTED] = { "not-emitted",
		"the write was accepted, but the kernel emitted no event" },
	[SYNTH_REASON_WRITE_GONE] = { "write-gone",
		"the write found no device" },
	[SYNTH_REASON_REMOVED] = { "removed",
		"the device was removed, and the device manager processed its removal without our event" },
	[SYNTH_REASON_GONE] = { "gone",
		"the device was no longer in sysfs when the wait ended" },
	[SYNTH_REASON_TIMEOUT] = { "timeout",
		"the event was not processed before the timeout" },
	[SYNTH_REASON_MANAGER_GONE] = { "manager-gone",
		"the device manager went away with the event pending" },
	[SYNTH_REASON_KERNEL_LOST] = { "kernel-lost",
		"the kernel's messages about the event were lost every time" },
	[SYNTH_REASON_KERNEL_ONLY] = { "kernel-only",
		"the kernel was asked to be the only confirmation" },
	[SYNTH_REASON_NO_MANAGER] = { "no-manager",
		"no device manager runs: only the kernel confirmed the event" },
	[SYNTH_REASON_NOT_WAITING] = { "not-waiting",
		"nothing was waited for: the kernel emitted the event" },
	[SYNTH_REASON_OTHER_NETNS] = { "other-netns",
		"a network device of another network namespace: the kernel sends its events only there, where nothing of ours can confirm them" },
	[SYNTH_REASON_BROADCASTS_LOST] = { "broadcasts-lost",
		"the device manager's messages were lost while this consequence was pending; not ours to trigger again" },
};

const char *synth_reason_name(enum synth_reason r)
{
	return (unsigned int)r < sizeof(reasons) / sizeof(reasons[0]) ?
	       reasons[r].name : "unknown";
}

const char *synth_reason_text(enum synth_reason r)
{
	return (unsigned int)r < sizeof(reasons) / sizeof(reasons[0]) ?
	       reasons[r].text : "unknown";
}
