/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef SYNTH_DEVICE_H
#define SYNTH_DEVICE_H

#include <stdbool.h>
#include <stddef.h>

/* One candidate of the selection; files are read when first asked for. */
struct device {
	const char *root;
	const char *run_udev;
	const char *syspath;
	char sysname[256];
	char subsystem[64];
	char *uevent;		/* the uevent file */
	char *db;		/* udevd's database entry */
	bool subsystem_loaded;
	bool uevent_loaded;
	bool db_loaded;
};

void device_init(struct device *d, const char *root, const char *run_udev,
		 const char *syspath);
void device_free(struct device *d);
/* The subsystem, as udev names it ("drivers", "module", "subsystem" too). */
const char *device_subsystem(struct device *d);
/* The attribute's value without trailing white space; 0 or -errno. */
int device_attr(const struct device *d, const char *attr, char *buf,
		size_t size);
/* From the uevent file, then udevd's database; NULL when absent. */
const char *device_property(struct device *d, const char *key, char *buf,
			    size_t size);
bool device_initialized(struct device *d);
/* Has D a tag GLOB matches (glob_match() with C_COLLATION)? */
bool device_has_tag(struct device *d, const char *glob, bool c_collation);
/* The syspath (a PATH_MAX buffer) of the device node DEVNODE. */
int device_from_devnode(const char *root, const char *devnode, char *syspath);

#endif
