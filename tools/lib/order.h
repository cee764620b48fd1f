/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef SYNTH_ORDER_H
#define SYNTH_ORDER_H

#include <stddef.h>

struct pathv;
struct strv;

/*
 * Put the selection V, sorted and unique (pathv_sort_unique()), in the
 * order udevadm trigger writes in.  ROOT_LEN bytes of each path are the
 * sysfs root's (what follows is the devpath); ROOT and RUN_UDEV are the
 * selection's, for the subsystems of the PRIORITIZED ones.  0 or -ENOMEM.
 */
int order_udevadm(struct pathv *v, size_t root_len,
		  const struct strv *prioritized, const char *root,
		  const char *run_udev);

#endif
