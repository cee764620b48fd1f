// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The group transaction as an object: its settings, its devices and, after
 * the run (run.c), their results.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uuid/uuid.h>

#include "internal.h"
#include "pathv.h"
#include "trigger.h"

unsigned int synth_uevent_version(void)
{
	return SYNTH_UEVENT_VERSION;
}

const char *synth_outcome_name(enum synth_outcome o)
{
	static const char *const names[] = {
		[SYNTH_PENDING] = "pending",
		[SYNTH_PROCESSED] = "processed",
		[SYNTH_FAILED] = "failed",
		[SYNTH_NO_EVENT] = "no-event",
		[SYNTH_VANISHED] = "vanished",
		[SYNTH_TIMEOUT] = "timeout",
		[SYNTH_UNCONFIRMED] = "unconfirmed",
		[SYNTH_EMITTED] = "emitted",
	};

	return (unsigned int)o < sizeof(names) / sizeof(names[0]) ?
	       names[o] : "unknown";
}

void synth_logf(struct synth_trigger *t, int level, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (!t->log)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	t->log(t->log_data, level, msg);
}

const char *synth_manager_name(const struct synth_trigger *t)
{
	return t->wait == SYNTH_WAIT_UDEV ? "udevd" : "mdevd";
}

/*
 * May T's settings change?  0; -EINVAL without T; -EBUSY once it was
 * started: the run indexed its devices and listens with them, and a device
 * added then would be outside the index the kernel's events are looked up
 * in.
 */
static int settable(const struct synth_trigger *t)
{
	if (!t)
		return -EINVAL;
	return t->state == RUN_NEW ? 0 : -EBUSY;
}

struct synth_trigger *synth_trigger_new(void)
{
	struct synth_trigger *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	strcpy(t->action, "change");
	strcpy(t->run_udev, "/run/udev");
	strcpy(t->proc, "/proc");
	t->wait = SYNTH_WAIT_AUTO;
	t->kfd = t->wfd = t->pidfd = t->epfd = -1;
	return t;
}

void synth_trigger_free(struct synth_trigger *t)
{
	if (!t)
		return;
	devtab_free(&t->tab);
	cons_free(&t->cons);
	strv_clear(&t->env);
	if (t->kfd >= 0)
		close(t->kfd);
	if (t->wfd >= 0)
		close(t->wfd);
	watch_close(t);
	if (t->epfd >= 0)
		close(t->epfd);
	free(t->rx);
	free(t);
}

int synth_trigger_set_roots(struct synth_trigger *t, const char *run_udev,
			    const char *proc)
{
	int r = settable(t);

	if (r)
		return r;
	if (!run_udev || !proc)
		return -EINVAL;
	if (strlen(run_udev) >= sizeof(t->run_udev) ||
	    strlen(proc) >= sizeof(t->proc))
		return -ENAMETOOLONG;
	strcpy(t->run_udev, run_udev);
	strcpy(t->proc, proc);
	return 0;
}

int synth_trigger_set_action(struct synth_trigger *t, const char *action)
{
	int r = settable(t);

	if (r)
		return r;
	if (synth_check_action(action))
		return -EINVAL;
	snprintf(t->action, sizeof(t->action), "%s", action);
	return 0;
}

/*
 * A random UUID from the kernel (/proc/sys/kernel/random/uuid), into OUT
 * (SYNTH_UUID_LEN + 1 bytes).  It never waits for the entropy pool, which
 * early in boot (an initramfs, a kernel without RANDOM_TRUST_CPU) stalls
 * libuuid's getrandom() retries for a second.  0, or -errno.
 */
static int kernel_uuid(char *out)
{
	int fd = open("/proc/sys/kernel/random/uuid", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, out, SYNTH_UUID_LEN);
	close(fd);
	if (n != SYNTH_UUID_LEN)
		return -EIO;
	out[SYNTH_UUID_LEN] = '\0';
	return synth_check_uuid(out);
}

void synth_random_uuid(char *out)
{
	uuid_t u;

	if (!kernel_uuid(out))
		return;
	uuid_generate_random(u);
	uuid_unparse_lower(u, out);
}

int synth_trigger_set_uuid(struct synth_trigger *t, const char *uuid)
{
	int r = settable(t);

	if (r)
		return r;
	if (!uuid) {
		synth_random_uuid(t->uuid);
		return 0;
	}
	if (synth_check_uuid(uuid))
		return -EINVAL;
	snprintf(t->uuid, sizeof(t->uuid), "%s", uuid);
	return 0;
}

const char *synth_trigger_get_uuid(const struct synth_trigger *t)
{
	return t ? t->uuid : "";
}

int synth_trigger_add_env(struct synth_trigger *t, const char *key_value)
{
	size_t klen, i;
	int r = settable(t);

	if (r)
		return r;
	r = synth_check_env(key_value, NULL);
	if (r)
		return r;
	klen = strcspn(key_value, "=");
	for (i = 0; i < t->env.n; i++)
		if (!strncmp(t->env.items[i], key_value, klen + 1))
			return -EEXIST;
	if (t->env.n + 1 > SYNTH_ARGS_MAX ||
	    SYNTH_UUID_ENV_SIZE + t->env_size + synth_env_size(key_value) >
	    SYNTH_ENV_MAX)
		return -E2BIG;
	r = strv_push(&t->env, key_value);
	if (!r)
		t->env_size += synth_env_size(key_value);
	return r;
}

/* The group mdevd's -O MASK rebroadcasts to that we listen on, or 0. */
unsigned int synth_mask_group(unsigned long mask)
{
	unsigned int g;

	/* Groups 1 and 2 are the kernel's and udevd's. */
	for (g = 3; g <= 32; g++)
		if (mask & (1UL << (g - 1)))
			return g;
	return 0;
}

int synth_trigger_set_wait(struct synth_trigger *t, enum synth_wait_source src,
			   unsigned int group)
{
	int r = settable(t);

	if (r)
		return r;
	if (src > SYNTH_WAIT_MDEVD ||
	    (src == SYNTH_WAIT_GROUP && (group < 1 || group > 32 ||
					 group == SYNTH_GROUP_KERNEL)) ||
	    (src == SYNTH_WAIT_MDEVD && group && !synth_mask_group(group)))
		return -EINVAL;
	t->wait = src;
	/* mdevd without a mask: its own, read when the run starts. */
	t->group = src == SYNTH_WAIT_MDEVD ? synth_mask_group(group) : group;
	return 0;
}

enum synth_wait_source synth_trigger_get_wait(const struct synth_trigger *t)
{
	return t ? t->wait : SYNTH_WAIT_NONE;
}

unsigned int synth_trigger_get_group(const struct synth_trigger *t)
{
	if (!t)
		return 0;
	return t->wait == SYNTH_WAIT_UDEV ? SYNTH_GROUP_UDEV : t->group;
}

const char *synth_trigger_wait_reason(const struct synth_trigger *t)
{
	return t ? t->wait_reason : "";
}

const char *synth_trigger_manager_lost(const struct synth_trigger *t)
{
	return t ? t->manager_lost : "";
}

int synth_trigger_set_timeout(struct synth_trigger *t, uint64_t usec)
{
	int r = settable(t);

	if (!r)
		t->timeout = usec;
	return r;
}

int synth_trigger_set_rcvbuf(struct synth_trigger *t, int bytes)
{
	int r = settable(t);

	if (!r && bytes < 0)
		r = -EINVAL;
	if (!r)
		t->rcvbuf = bytes;
	return r;
}

int synth_trigger_set_consequences(struct synth_trigger *t, bool yes)
{
	int r = settable(t);

	if (!r)
		t->consequences = yes;
	return r;
}

int synth_trigger_set_log(struct synth_trigger *t,
			  void (*log)(void *data, int level, const char *msg),
			  void *data)
{
	int r = settable(t);

	if (!r) {
		t->log = log;
		t->log_data = data;
	}
	return r;
}

int synth_trigger_set_progress(struct synth_trigger *t,
			       void (*progress)(void *data, size_t done,
						size_t total),
			       void *data)
{
	int r = settable(t);

	if (!r) {
		t->progress = progress;
		t->progress_data = data;
	}
	return r;
}

int synth_trigger_set_stop(struct synth_trigger *t,
			   volatile const sig_atomic_t *flag)
{
	int r = settable(t);

	if (!r)
		t->stop = flag;
	return r;
}

int synth_trigger_add_device(struct synth_trigger *t, const char *syspath)
{
	char real[PATH_MAX];
	int r = settable(t);

	if (r)
		return r;
	if (!syspath || strncmp(syspath, "/sys/", 5))
		return -EINVAL;
	/* The kernel's name for it: /sys/class/net/lo is a link. */
	if (!realpath(syspath, real))
		return -errno;
	if (strncmp(real, "/sys/", 5))
		return -EINVAL;
	return devtab_add(&t->tab, real);
}

int synth_trigger_add_selection(struct synth_trigger *t,
				struct synth_select *s)
{
	struct pathv v;
	int r = settable(t);

	if (r)
		return r;
	if (!s)
		return -EINVAL;
	r = select_take(s, "/sys/", &v);
	if (r)
		return r;
	/* The selection's strings become ours: nothing is copied. */
	r = devtab_adopt(&t->tab, &v);
	if (r)
		pathv_clear(&v);
	return r;
}

size_t synth_trigger_count(const struct synth_trigger *t)
{
	return t ? t->tab.n : 0;
}

static const struct dev *dev_at(const struct synth_trigger *t, size_t i)
{
	return t && i < t->tab.n ? &t->tab.devs[i] : NULL;
}

const char *synth_trigger_get_syspath(const struct synth_trigger *t, size_t i)
{
	const struct dev *d = dev_at(t, i);

	return d ? devtab_syspath(&t->tab, d) : NULL;
}

int synth_trigger_get_outcome(const struct synth_trigger *t, size_t i)
{
	const struct dev *d = dev_at(t, i);

	return d ? (int)d->outcome : -ERANGE;
}

uint64_t synth_trigger_get_seqnum(const struct synth_trigger *t, size_t i)
{
	const struct dev *d = dev_at(t, i);

	return d ? d->seqnum : 0;
}

int synth_trigger_get_error(const struct synth_trigger *t, size_t i)
{
	const struct dev *d = dev_at(t, i);

	return d ? d->error : 0;
}

uint64_t synth_trigger_get_usec(const struct synth_trigger *t, size_t i)
{
	const struct dev *d = dev_at(t, i);

	return d && d->timed ? d->usec : 0;
}

int synth_trigger_get_reason_code(const struct synth_trigger *t, size_t i)
{
	const struct dev *d = dev_at(t, i);

	return d ? (int)d->reason : -ERANGE;
}

const char *synth_trigger_get_reason(const struct synth_trigger *t, size_t i)
{
	const struct dev *d = dev_at(t, i);

	return d ? synth_reason_text(d->reason) : NULL;
}

unsigned int synth_trigger_get_retries(const struct synth_trigger *t, size_t i)
{
	const struct dev *d = dev_at(t, i);

	return d ? d->retries : 0;
}

bool synth_trigger_fell_back(const struct synth_trigger *t)
{
	return t && t->fell_back;
}

const char *synth_trigger_refusal(const struct synth_trigger *t)
{
	return t ? t->refusal : "";
}
