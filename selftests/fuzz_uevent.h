/* SPDX-License-Identifier: GPL-2.0 */
/* uevent files to write to, and the kernel's uevent multicast group. */
#ifndef FUZZ_UEVENT_H
#define FUZZ_UEVENT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#define UEVENT_TARGETS	4
#define UEVENT_MSG_MAX	8192

struct uevent_target {
	const char *kind;	/* device, bus, driver, module */
	char devpath[PATH_MAX];	/* as DEVPATH= says it */
	int fd;			/* the uevent file, open for writing */
};

/* Find one of each kind; returns how many were found and opened. */
int uevent_targets_open(struct uevent_target *t);
void uevent_targets_close(struct uevent_target *t, int n);

/* One message of the kernel: "ACTION@DEVPATH\0KEY=VALUE\0...". */
struct uevent_msg {
	char buf[UEVENT_MSG_MAX + 1];
	size_t len;
};

/* A socket bound to the kernel's group, with a large buffer; or -errno. */
int uevent_listen(void);
/*
 * The next message the kernel sent, waiting at most @timeout_ms: 0,
 * -ETIMEDOUT, -ENOBUFS (messages were lost) or another -errno.
 */
int uevent_recv(int sock, struct uevent_msg *m, int timeout_ms);
/* The value of @key in @m, or NULL. */
const char *uevent_get(const struct uevent_msg *m, const char *key);
/* The @i-th "SYNTH_..." variable of @m, counting from 0, or NULL. */
const char *uevent_synth_var(const struct uevent_msg *m, size_t i);

#endif
