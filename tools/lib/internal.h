/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Declarations shared by the files of the library, not part of its API. */
#ifndef SYNTH_INTERNAL_H
#define SYNTH_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "synth_uevent.h"

#define SYNTH_GROUP_KERNEL	1
#define SYNTH_GROUP_UDEV	2
/* "SYNTH_UUID=" + UUID + NUL, counted against SYNTH_ENV_MAX. */
#define SYNTH_UUID_ENV_SIZE	(sizeof("SYNTH_UUID=") + SYNTH_UUID_LEN)
/* The largest uevent message the kernel or udevd sends, with margin. */
#define SYNTH_MSG_MAX		(16 << 10)

/* args.c */
bool synth_key_char(char c);
bool synth_value_char(char c);
bool synth_env_is_alnum(const char *key_value);
size_t synth_env_size(const char *key_value);
/* Length written to BUF, or -E2BIG. UUID NULL: the action alone. */
int synth_format_write(char *buf, size_t size, const char *action,
		       const char *uuid, char *const *env, size_t n_env);

/* message.c */
struct synth_msg {
	bool from_udev;
	const char *props;	/* NUL-separated KEY=VALUE */
	size_t props_len;
	const char *action;
	const char *devpath;
	const char *devpath_old;
	const char *uuid;
	uint64_t seqnum;
	bool worker_failed;
	bool initialized;	/* USEC_INITIALIZED: udevd's rules ran */
	long sender_pid;	/* SCM_CREDENTIALS, or 0 */
};

/* -EBADMSG when malformed, -EPROTO for a udev header of another magic. */
int synth_msg_parse(struct synth_msg *m, const char *buf, size_t len);
const char *synth_msg_get(const struct synth_msg *m, const char *key);

/* listener.c */
int synth_listen_open(unsigned int group, int rcvbuf);
/* Messages received in one system call. */
#define SYNTH_RX_BATCH		16
struct synth_rx {
	char buf[SYNTH_RX_BATCH][SYNTH_MSG_MAX];
	struct synth_msg msg[SYNTH_RX_BATCH];
	/* Per message: 0, or -EPERM (sender not trusted), -EMSGSIZE,
	 * -EBADMSG, -EPROTO: to be dropped. */
	int rc[SYNTH_RX_BATCH];
};
/*
 * Receive up to SYNTH_RX_BATCH messages without blocking: how many, or
 * -EAGAIN (none), -ENOBUFS (messages were lost).  Each is NUL-terminated
 * in RX->buf.
 */
int synth_listen_recv(int fd, unsigned int group, struct synth_rx *rx);
/* The sender and format checks of synth_listen_recv(), on a message. */
int synth_msg_check(const char *buf, size_t len, unsigned int group,
		    unsigned int sender_port, long sender_uid,
		    struct synth_msg *m);

/* select.c */
struct pathv;
/*
 * Hand the selected paths of the last synth_select_run() to OUT, leaving S
 * empty; 0, -ENOMEM, or -EINVAL (S unchanged) when one does not begin with
 * PREFIX.
 */
int select_take(struct synth_select *s, const char *prefix,
		struct pathv *out);

/* trigger.c */
/* The group mdevd's -O MASK rebroadcasts to that we listen on, or 0. */
unsigned int synth_mask_group(unsigned long mask);

/* reason.c: a reason in words, for people. */
const char *synth_reason_text(enum synth_reason r);

/* clock.c */
uint64_t synth_now_usec(void);
/* A + B, or UINT64_MAX (never) when that does not fit. */
uint64_t synth_usec_add(uint64_t a, uint64_t b);
/* USEC in milliseconds, rounded up (never sooner), at most MAX. */
int synth_usec_to_ms(uint64_t usec, int max);

#endif /* SYNTH_INTERNAL_H */
