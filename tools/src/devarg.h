/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef UEVENT_TRIGGER_DEVARG_H
#define UEVENT_TRIGGER_DEVARG_H

/* Where a device is named on the command line. */
enum devarg_kind {
	DEVARG_POSITIONAL,	/* a path argument */
	DEVARG_NAME,		/* --name-match: relative to /dev */
	DEVARG_PARENT,		/* -b, --parent-match: relative to /sys */
};

/*
 * ARG, as udevadm takes it there, as a /sys/... or /dev/... path for the
 * selection, allocated into *PATH: 0, -EINVAL (nothing udevadm would
 * take) or -ENOMEM.
 */
int devarg_path(const char *arg, enum devarg_kind kind, char **path);

#endif
