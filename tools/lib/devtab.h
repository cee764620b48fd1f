/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef SYNTH_DEVTAB_H
#define SYNTH_DEVTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "index.h"
#include "pool.h"

struct pathv;

/*
 * One device of a group, in 32 bytes: at 10 000 devices, what a group costs
 * is mostly these and the paths.
 */
struct dev {
	const char *syspath;	/* in the table's pool */
	uint64_t seqnum;	/* of the event confirmed, or 0 */
	uint64_t usec;		/* when written; once done, how long it took */
	int16_t error;		/* errno of a failed write */
	uint8_t outcome;	/* enum synth_outcome */
	bool confirmed : 1;	/* its event left the kernel as seqnum */
	bool renamed : 1;	/* the kernel calls it by another name now */
	bool timed : 1;		/* usec is the duration */
	bool unsure : 1;	/* written, but the kernel's messages were lost:
				 * whether it made an event is unknown */
	bool other_netns : 1;	/* a network device of another network
				 * namespace: its events never reach us */
	uint8_t reason;		/* enum synth_reason, once settled */
	uint16_t retries;
};

/* A device's name after a "move", for the few that are renamed. */
struct rename {
	const char *syspath;	/* "/sys" + the new devpath, in the pool */
	uint32_t dev;
};

/*
 * The devices of a group and the ways to find one: by the devpath the kernel
 * gives it now (binary search over the names they were added with, a hash
 * of the renamed), and by the SEQNUM of its confirmed event (binary search
 * over the confirmations, which come in SEQNUM order).
 */
struct devtab {
	struct dev *devs;
	size_t n, cap;
	struct pool pool;	/* syspaths and new devpaths */
	uint32_t *by_path;	/* positions in devs, sorted by syspath */
	uint64_t *conf_seqnum;	/* the confirmations, SEQNUMs ascending */
	uint32_t *conf_dev;
	size_t n_conf, cap_conf;
	struct rename *renames;
	size_t n_renames, cap_renames;
	uint32_t *rename_of;	/* per device, once one was renamed */
	struct index by_rename;	/* hash of a new devpath to renames[] */
};

/* Add a copy of SYSPATH (a /sys/... path); 0, -ENOMEM or -E2BIG. */
int devtab_add(struct devtab *dt, const char *syspath);
/* Add every path of V, taking its strings over; V is left empty. */
int devtab_adopt(struct devtab *dt, struct pathv *v);
/*
 * Build the lookup by devpath, once every device was added; a device added
 * twice is kept once, where it was first added.
 */
int devtab_index(struct devtab *dt);
/*
 * The device the kernel calls DEVPATH now, or NULL.  Of a device added
 * twice, one still unconfirmed comes first.
 */
struct dev *devtab_by_devpath(struct devtab *dt, const char *devpath);
/* The device whose event is SEQNUM now, or NULL. */
struct dev *devtab_by_seqnum(struct devtab *dt, uint64_t seqnum);
/*
 * The device whose event was SEQNUM, now or before it was triggered again
 * (a udevd that kept its queue across a restart processes the old one),
 * or NULL.
 */
struct dev *devtab_by_any_seqnum(struct devtab *dt, uint64_t seqnum);
/* D's event is SEQNUM (D->confirmed and D->seqnum are set). */
int devtab_confirm(struct devtab *dt, struct dev *d, uint64_t seqnum);
/* The kernel renamed D to DEVPATH. */
int devtab_rename(struct devtab *dt, struct dev *d, const char *devpath);
/* Where D is now: its syspath, or the one the kernel renamed it to. */
const char *devtab_syspath(const struct devtab *dt, const struct dev *d);
void devtab_free(struct devtab *dt);

#endif
