// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The group transaction: write one synthetic uevent per device under one
 * UUID, confirm on the kernel's group which writes produced an event and
 * under which SEQNUM, then wait until the device manager broadcast each of
 * those SEQNUMs as processed.
 *
 * Events are matched by SEQNUM and SYNTH_UUID, never by path, so a rename
 * cannot hang the wait.  "Processed" is only ever concluded from the
 * manager's own broadcast of our SEQNUM: when messages were lost (ENOBUFS)
 * the devices still pending are triggered again, never assumed done.  So
 * are they when the manager is restarted while we wait: its queue died
 * with it.  A manager that is gone for good ends the wait at once: nothing
 * is left to confirm the pending events (SYNTH_UNCONFIRMED).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>
#include <uuid/uuid.h>

#include "devtab.h"
#include "internal.h"
#include "manager.h"
#include "path.h"
#include "pathv.h"
#include "strv.h"

#define RETRIGGER_ROUNDS	5
#define WRITE_MAX		4096
#define RUN_UDEV		"/run/udev"
#define PROC			"/proc"
/* How often the manager is looked for while waiting. */
#define MANAGER_CHECK_MSEC	250
/*
 * A restarted udevd binds its control socket a moment before it listens on
 * the kernel's group; give it this long before triggering again.
 */
#define MANAGER_SETTLE_USEC	300000
/* A manager gone for this long is gone for good: a restart is quicker. */
#define MANAGER_GONE_USEC	3000000
/* Nothing at all on a rebroadcast group for this long is worth a word. */
#define SILENCE_USEC		3000000

struct synth_trigger {
	char action[16];
	char uuid[SYNTH_UUID_LEN + 1];
	struct strv env;
	size_t env_size;
	enum synth_wait_source wait;
	unsigned int group;
	uint64_t timeout;
	int rcvbuf;
	void (*log)(void *data, int level, const char *msg);
	void *log_data;
	void (*progress)(void *data, size_t done, size_t total);
	void *progress_data;
	volatile const int *stop;
	struct devtab tab;
	bool fell_back;		/* plain actions: the kernel ignores UUIDs */
	bool verified;		/* a write with our UUID produced an event */
	char refusal[800];
	int kfd;		/* kernel group */
	int wfd;		/* udev or rebroadcast group, or -1 */
	char *buf;
	size_t pending;		/* confirmed, outcome still pending */
	bool lost;		/* the manager's broadcasts were lost */
	bool watch;		/* the manager is known: watch for its exit */
	struct manager mgr;	/* the manager we wait for, as first found */
	uint64_t looked_at;	/* when the manager was last looked for */
	uint64_t new_at;	/* when another one was first seen, or 0 */
	uint64_t gone_at;	/* when it was first missed, or 0 */
	uint64_t waiting_at;	/* when the wait began */
	bool heard;		/* anything arrived on the wait group */
	bool silence_said;
	char wait_reason[600];
	char manager_lost[800];
};

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
	};

	return o < SYNTH_OUTCOME_COUNT ? names[o] : "unknown";
}

static void logf_(struct synth_trigger *t, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void logf_(struct synth_trigger *t, int level, const char *fmt, ...)
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

struct synth_trigger *synth_trigger_new(void)
{
	struct synth_trigger *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	strcpy(t->action, "change");
	t->wait = SYNTH_WAIT_AUTO;
	t->kfd = t->wfd = -1;
	return t;
}

void synth_trigger_free(struct synth_trigger *t)
{
	if (!t)
		return;
	devtab_free(&t->tab);
	strv_clear(&t->env);
	if (t->kfd >= 0)
		close(t->kfd);
	if (t->wfd >= 0)
		close(t->wfd);
	free(t->buf);
	free(t);
}

int synth_trigger_set_action(struct synth_trigger *t, const char *action)
{
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

int synth_trigger_set_uuid(struct synth_trigger *t, const char *uuid)
{
	uuid_t u;

	if (!uuid) {
		if (!kernel_uuid(t->uuid))
			return 0;
		uuid_generate_random(u);
		uuid_unparse_lower(u, t->uuid);
		return 0;
	}
	if (synth_check_uuid(uuid))
		return -EINVAL;
	snprintf(t->uuid, sizeof(t->uuid), "%s", uuid);
	return 0;
}

const char *synth_trigger_get_uuid(const struct synth_trigger *t)
{
	return t->uuid;
}

int synth_trigger_add_env(struct synth_trigger *t, const char *key_value)
{
	size_t klen = strcspn(key_value, "="), i;
	int r;

	r = synth_check_env(key_value, NULL);
	if (r)
		return r;
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
static unsigned int mask_group(unsigned long mask)
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
	if (src > SYNTH_WAIT_MDEVD ||
	    (src == SYNTH_WAIT_GROUP && (group < 1 || group > 32 ||
					 group == SYNTH_GROUP_KERNEL)) ||
	    (src == SYNTH_WAIT_MDEVD && group && !mask_group(group)))
		return -EINVAL;
	t->wait = src;
	/* mdevd without a mask: its own, read when the run starts. */
	t->group = src == SYNTH_WAIT_MDEVD ? mask_group(group) : group;
	return 0;
}

enum synth_wait_source synth_trigger_get_wait(const struct synth_trigger *t)
{
	return t->wait;
}

unsigned int synth_trigger_get_group(const struct synth_trigger *t)
{
	return t->wait == SYNTH_WAIT_UDEV ? SYNTH_GROUP_UDEV : t->group;
}

const char *synth_trigger_wait_reason(const struct synth_trigger *t)
{
	return t->wait_reason;
}

const char *synth_trigger_manager_lost(const struct synth_trigger *t)
{
	return t->manager_lost;
}

void synth_trigger_set_timeout(struct synth_trigger *t, uint64_t usec)
{
	t->timeout = usec;
}

void synth_trigger_set_rcvbuf(struct synth_trigger *t, int bytes)
{
	t->rcvbuf = bytes;
}

void synth_trigger_set_log(struct synth_trigger *t,
			   void (*log)(void *data, int level,
				       const char *msg),
			   void *data)
{
	t->log = log;
	t->log_data = data;
}

void synth_trigger_set_progress(struct synth_trigger *t,
				void (*progress)(void *data, size_t done,
						 size_t total),
				void *data)
{
	t->progress = progress;
	t->progress_data = data;
}

void synth_trigger_set_stop(struct synth_trigger *t, volatile const int *flag)
{
	t->stop = flag;
}

int synth_trigger_add_device(struct synth_trigger *t, const char *syspath)
{
	if (strncmp(syspath, "/sys/", 5))
		return -EINVAL;
	return devtab_add(&t->tab, syspath);
}

int synth_trigger_add_selection(struct synth_trigger *t,
				struct synth_select *s)
{
	struct pathv v;
	int r;

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
	return t->tab.n;
}

int synth_trigger_result(const struct synth_trigger *t, size_t i,
			 struct synth_result *res)
{
	const struct dev *d;

	if (i >= t->tab.n)
		return -ERANGE;
	d = &t->tab.devs[i];
	*res = (struct synth_result){
		.syspath = d->syspath,
		.seqnum = d->seqnum,
		.outcome = d->outcome,
		.error = d->error,
		.usec = d->timed ? d->usec : 0,
		.retries = d->retries,
	};
	return 0;
}

bool synth_trigger_fell_back(const struct synth_trigger *t)
{
	return t->fell_back;
}

const char *synth_trigger_refusal(const struct synth_trigger *t)
{
	return t->refusal;
}

static const char *manager_name(const struct synth_trigger *t)
{
	return t->wait == SYNTH_WAIT_UDEV ? "udevd" : "mdevd";
}

static void look(const struct synth_trigger *t, struct manager *m)
{
	if (t->wait == SYNTH_WAIT_UDEV)
		udevd_look(m, RUN_UDEV, PROC);
	else
		mdevd_look(m, PROC, t->group);
}

/*
 * Decide who is to confirm our events, before anything is written: 0, or
 * -ECONNREFUSED when the manager asked for is not there.
 */
static int choose_manager(struct synth_trigger *t)
{
	enum synth_wait_source asked = t->wait;
	struct manager m;

	switch (asked) {
	case SYNTH_WAIT_AUTO:
	case SYNTH_WAIT_UDEV:
		t->wait = SYNTH_WAIT_UDEV;
		look(t, &m);
		snprintf(t->wait_reason, sizeof(t->wait_reason), "%s", m.why);
		if (m.present)
			break;
		if (asked == SYNTH_WAIT_UDEV) {
			snprintf(t->refusal, sizeof(t->refusal),
				 "udevd is not running (%s): nothing can confirm processing; nothing was triggered",
				 m.why);
			return -ECONNREFUSED;
		}
		t->wait = SYNTH_WAIT_KERNEL;
		logf_(t, LOG_WARNING, "%s: waiting only for the kernel to emit the events, not for a manager to process them",
		      m.why);
		return 0;
	case SYNTH_WAIT_MDEVD:
		mdevd_look(&m, PROC, t->group);
		if (m.present && !t->group) {
			t->group = mask_group(m.mask);
			if (!t->group)
				m.present = false;
		}
		snprintf(t->wait_reason, sizeof(t->wait_reason), "%s", m.why);
		if (!m.present) {
			snprintf(t->refusal, sizeof(t->refusal),
				 "--wait-source=mdevd: %s; mdevd -O takes a bitmask of netlink groups (-O 4 is group 3): nothing can confirm processing; nothing was triggered",
				 m.why);
			return -ECONNREFUSED;
		}
		break;
	case SYNTH_WAIT_GROUP:
		mdevd_look(&m, PROC, t->group);
		snprintf(t->wait_reason, sizeof(t->wait_reason),
			 "group %u chosen; %s", t->group, m.why);
		if (!m.present && m.pid)
			logf_(t, LOG_WARNING, "%s: did you mean --wait-source=mdevd (its own mask)? -O takes a bitmask: group %u is -O %lu",
			      m.why, t->group, 1UL << (t->group - 1));
		if (!m.present)
			return 0;
		/* An mdevd serves the group: know when it goes. */
		break;
	default:
		snprintf(t->wait_reason, sizeof(t->wait_reason),
			 asked == SYNTH_WAIT_KERNEL ? "--wait-source=kernel" :
			 "not waiting");
		return 0;
	}
	t->mgr = m;
	t->watch = true;
	logf_(t, LOG_INFO, "waiting for %s on netlink group %u: %s",
	      manager_name(t), synth_trigger_get_group(t), m.why);
	return 0;
}

enum manager_change { MANAGER_SAME, MANAGER_RESTARTED, MANAGER_GONE };

/*
 * Is the manager still the one we began with?  Another one (a new socket
 * of udevd, a new mdevd process) is a restart once seen for
 * MANAGER_SETTLE_USEC; none for MANAGER_GONE_USEC is gone for good.
 */
static enum manager_change manager_changed(struct synth_trigger *t)
{
	uint64_t now = synth_now_usec();
	struct manager m;
	bool same;

	/* Not on every message: a busy group wakes us thousands of times. */
	if (now - t->looked_at < MANAGER_CHECK_MSEC * 1000ULL)
		return MANAGER_SAME;
	t->looked_at = now;
	look(t, &m);
	if (!m.present) {
		t->new_at = 0;
		if (!t->gone_at)
			t->gone_at = now;
		if (now - t->gone_at < MANAGER_GONE_USEC)
			return MANAGER_SAME;
		snprintf(t->manager_lost, sizeof(t->manager_lost),
			 "%s is gone and did not come back within %d s (%s): nothing is left to process the %zu pending events",
			 manager_name(t), MANAGER_GONE_USEC / 1000000, m.why,
			 t->pending);
		return MANAGER_GONE;
	}
	t->gone_at = 0;
	/* A udevd found by its process alone has no socket yet. */
	if (t->wait == SYNTH_WAIT_UDEV)
		same = !m.ino || m.ino == t->mgr.ino;
	else
		same = m.pid == t->mgr.pid;
	if (same) {
		t->new_at = 0;
		return MANAGER_SAME;
	}
	if (!t->new_at)
		t->new_at = now;
	if (now - t->new_at < MANAGER_SETTLE_USEC)
		return MANAGER_SAME;
	t->mgr = m;
	t->new_at = 0;
	return MANAGER_RESTARTED;
}

static bool stopped(const struct synth_trigger *t)
{
	return t->stop && *t->stop;
}

/* The outcome of D is known. */
static void settle_dev(struct synth_trigger *t, struct dev *d,
		       enum synth_outcome outcome)
{
	if (d->outcome == SYNTH_PENDING && d->confirmed)
		t->pending--;
	d->outcome = outcome;
}

/* D's event left the kernel as SEQNUM. */
static int confirm_dev(struct synth_trigger *t, struct dev *d, uint64_t seqnum)
{
	int r = devtab_confirm(&t->tab, d, seqnum);

	if (!r && d->outcome == SYNTH_PENDING)
		t->pending++;
	return r;
}

/* D is to be triggered again: forget its event. */
static void unconfirm_dev(struct synth_trigger *t, struct dev *d)
{
	if (d->outcome == SYNTH_PENDING && d->confirmed)
		t->pending--;
	d->confirmed = false;
	d->seqnum = 0;
}

static bool ours(const struct synth_trigger *t, const struct synth_msg *m)
{
	if (t->fell_back)
		return !m->uuid || !strcmp(m->uuid, "0");
	return m->uuid && !strcmp(m->uuid, t->uuid);
}

/*
 * Read every message queued on FD, handing each good one to FN.  Returns
 * -ENOBUFS when messages were lost, FN's error, or 0.
 */
static int drain(struct synth_trigger *t, int fd, unsigned int group,
		 int (*fn)(struct synth_trigger *t, const struct synth_msg *m))
{
	struct synth_msg m;
	int lost = 0;

	for (;;) {
		int r = synth_listen_recv(fd, group, t->buf, SYNTH_MSG_MAX, &m);

		if (r == -EAGAIN || r == -EINTR)
			return lost;
		if (r == -ENOBUFS)
			lost = -ENOBUFS;
		else if (!r && (r = fn(t, &m)))
			return r;
	}
}

/* From the kernel: confirm our events, follow renames, notice removals. */
static int kernel_msg(struct synth_trigger *t, const struct synth_msg *m)
{
	struct dev *d = devtab_by_devpath(&t->tab, m->devpath);

	if (d && !d->confirmed && !strcmp(m->action, t->action) && ours(t, m))
		return confirm_dev(t, d, m->seqnum);
	if (!strcmp(m->action, "move") && m->devpath_old) {
		d = devtab_by_devpath(&t->tab, m->devpath_old);
		/* On failure it is still found by SEQNUM: never a hang. */
		if (d)
			(void)devtab_rename(&t->tab, d, m->devpath);
		return 0;
	}
	if (d && !strcmp(m->action, "remove") && !ours(t, m) &&
	    d->outcome == SYNTH_PENDING)
		settle_dev(t, d, SYNTH_VANISHED);
	return 0;
}

static int drain_kernel(struct synth_trigger *t)
{
	return drain(t, t->kfd, SYNTH_GROUP_KERNEL, kernel_msg);
}

static int write_one(struct synth_trigger *t, struct dev *d, const char *text,
		     size_t len)
{
	char path[4096 + 8];
	ssize_t n;
	int fd, r = 0;

	path_fmt(path, sizeof(path), "%s/uevent", d->syspath);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	d->usec = synth_now_usec();
	d->timed = false;
	n = write(fd, text, len);
	if (n < 0)
		r = -errno;
	else if ((size_t)n != len)
		r = -EIO;
	close(fd);
	(void)t;
	return r;
}

/* The write text for our mode: "ACTION UUID K=V..." or the plain action. */
static int compose(struct synth_trigger *t, char *text, size_t size)
{
	if (t->fell_back)
		return synth_format_write(text, size, t->action, NULL, NULL, 0);
	return synth_format_write(text, size, t->action, t->uuid,
				  t->env.items, t->env.n);
}

static bool env_alnum(const struct synth_trigger *t)
{
	size_t i;

	for (i = 0; i < t->env.n; i++)
		if (!synth_env_is_alnum(t->env.items[i]))
			return false;
	return true;
}

/*
 * The first write with our UUID was refused (EINVAL) or silently produced
 * nothing: find out what this kernel takes, from its answers alone.
 * Returns 0 to go on (perhaps in fallback mode), or -ENOTSUP.
 */
static int kernel_refused(struct synth_trigger *t, struct dev *d, int err)
{
	char text[WRITE_MAX];
	int len, r;

	if (err == -EINVAL && t->env.n && !env_alnum(t)) {
		snprintf(t->refusal, sizeof(t->refusal),
			 "the kernel refused '%s %s %s...' (EINVAL): it only accepts letters and digits in KEY=VALUE, not the extended synthetic uevent arguments ('_' in keys, + - . / : in values); nothing was triggered",
			 t->action, t->uuid, t->env.items[0]);
		return -ENOTSUP;
	}
	/* Does it take the plain action?  Then it does not take UUIDs. */
	len = synth_format_write(text, sizeof(text), t->action, NULL, NULL, 0);
	r = write_one(t, d, text, len);
	if (r)
		return r;
	t->fell_back = true;
	drain_kernel(t);
	if (!d->confirmed) {
		/* A filtered object: it says nothing about the kernel. */
		t->fell_back = false;
		return 0;
	}
	if (t->env.n) {
		snprintf(t->refusal, sizeof(t->refusal),
			 "the kernel %s a write with a UUID (%s): it predates synthetic uevent arguments, so KEY=VALUE cannot be passed; %s received a plain '%s'",
			 err ? "refused" : "ignored", err ? strerror(-err) : "no event",
			 d->syspath, t->action);
		return -ENOTSUP;
	}
	logf_(t, LOG_WARNING, "the kernel %s a write with a UUID: falling back to plain '%s' matched by SEQNUM",
	      err ? "refused" : "ignored", t->action);
	return 0;
}

static int drain_wait(struct synth_trigger *t);

/*
 * Write to each device (with RETRY, each still pending) and confirm on the
 * kernel group.  The manager's broadcasts are read between writes too, so
 * a large group cannot overflow the socket while it is being triggered.
 * Returns 0, or an errno that stops the run.
 */
static int trigger_devices(struct synth_trigger *t, bool retry)
{
	char text[WRITE_MAX];
	size_t i;
	int len, r;

	for (i = 0; i < t->tab.n; i++) {
		struct dev *d = &t->tab.devs[i];

		if (stopped(t))
			return -EINTR;
		if (retry) {
			if (d->outcome != SYNTH_PENDING)
				continue;
			unconfirm_dev(t, d);
			if (d->retries < UINT16_MAX)
				d->retries++;
		}
		len = compose(t, text, sizeof(text));
		if (len < 0)
			return len;
		r = write_one(t, d, text, len);
		if (!r)
			r = drain_kernel(t);
		if (r == -ENOMEM)
			return r;
		if (r == -ENOBUFS) {
			/* Confirmations lost: unknown which, so none kept. */
			logf_(t, LOG_WARNING, "kernel messages lost (ENOBUFS) while triggering");
			continue;
		}
		if (r == -ENOENT || r == -ENODEV) {
			settle_dev(t, d, SYNTH_VANISHED);
			d->error = -r;
			continue;
		}
		if (r == -EACCES || r == -EPERM)
			return r;
		if (!t->verified && !t->fell_back &&
		    ((!r && !d->confirmed) || r == -EINVAL)) {
			r = kernel_refused(t, d, r);
			if (r)
				return r;
			if (!d->confirmed)
				settle_dev(t, d, SYNTH_NO_EVENT);
			continue;
		}
		if (r) {
			settle_dev(t, d, SYNTH_FAILED);
			d->error = -r;
			continue;
		}
		if (d->confirmed)
			t->verified = true;
		if (t->wfd >= 0 && drain_wait(t) == -ENOBUFS)
			t->lost = true;
	}
	return 0;
}

/* From the manager: our SEQNUMs, processed or failed. */
static int wait_msg(struct synth_trigger *t, const struct synth_msg *m)
{
	struct dev *d;

	t->heard = true;
	if (!ours(t, m))
		return 0;
	d = devtab_by_seqnum(&t->tab, m->seqnum);
	if (!d || d->outcome != SYNTH_PENDING || !d->confirmed)
		return 0;
	settle_dev(t, d, m->worker_failed ? SYNTH_FAILED : SYNTH_PROCESSED);
	d->usec = synth_now_usec() - d->usec;
	d->timed = true;
	return 0;
}

/* Read the manager's broadcasts; -ENOBUFS when some were lost. */
static int drain_wait(struct synth_trigger *t)
{
	return drain(t, t->wfd, synth_trigger_get_group(t), wait_msg);
}

/* The manager is gone: nothing will confirm what is pending. */
static void abandon(struct synth_trigger *t)
{
	size_t i;

	for (i = 0; i < t->tab.n; i++) {
		struct dev *d = &t->tab.devs[i];

		if (d->outcome == SYNTH_PENDING && d->confirmed)
			settle_dev(t, d, SYNTH_UNCONFIRMED);
	}
}

/*
 * Waiting on a rebroadcast group that no known manager serves and on which
 * nothing at all arrives: say so, once, and what mdevd's -O means.
 */
static void check_silence(struct synth_trigger *t)
{
	if (t->watch || t->heard || t->silence_said ||
	    synth_now_usec() - t->waiting_at < SILENCE_USEC)
		return;
	t->silence_said = true;
	logf_(t, LOG_WARNING, "nothing has arrived on netlink group %u in %d s while %zu events are pending: no manager seems to rebroadcast there (mdevd -O takes a bitmask: group %u is -O %lu, and -O 4 is group 3)",
	      t->group, SILENCE_USEC / 1000000, t->pending, t->group,
	      1UL << (t->group - 1));
}

static int wait_processed(struct synth_trigger *t)
{
	uint64_t deadline = t->timeout ? synth_now_usec() + t->timeout : 0;
	size_t before;
	int rounds = 0;

	while (t->pending) {
		struct pollfd pfd[2] = {
			{ .fd = t->wfd, .events = POLLIN },
			{ .fd = t->kfd, .events = POLLIN },
		};
		int ms = -1, r;

		if (stopped(t))
			return -EINTR;
		if (t->lost && rounds < RETRIGGER_ROUNDS) {
			/*
			 * Which broadcasts were lost is unknown: trigger every
			 * device still pending again, never assume it done.
			 */
			t->lost = false;
			rounds++;
			logf_(t, LOG_WARNING, "%s's messages were lost (ENOBUFS): triggering the %zu pending devices again (round %d)",
			      manager_name(t), t->pending, rounds);
			r = trigger_devices(t, true);
			if (r)
				return r;
			continue;
		}
		if (deadline) {
			uint64_t now = synth_now_usec();

			if (now >= deadline)
				break;
			ms = (deadline - now + 999) / 1000;
		}
		if (ms < 0 || ms > MANAGER_CHECK_MSEC)
			ms = MANAGER_CHECK_MSEC;
		before = t->pending;
		r = poll(pfd, 2, ms);
		if (r < 0 && errno != EINTR)
			return -errno;
		if (drain_kernel(t) == -ENOBUFS)
			logf_(t, LOG_WARNING, "kernel messages lost (ENOBUFS): removals are checked in sysfs at the end");
		if (drain_wait(t) == -ENOBUFS)
			t->lost = true;
		if (t->progress && t->pending != before)
			t->progress(t->progress_data, t->tab.n - t->pending, t->tab.n);
		if (t->watch && t->pending) {
			switch (manager_changed(t)) {
			case MANAGER_RESTARTED:
				logf_(t, LOG_WARNING, "%s was restarted and its queue lost: triggering the %zu pending devices again",
				      manager_name(t), t->pending);
				r = trigger_devices(t, true);
				if (r)
					return r;
				break;
			case MANAGER_GONE:
				logf_(t, LOG_WARNING, "%s", t->manager_lost);
				abandon(t);
				return 0;
			case MANAGER_SAME:
				break;
			}
		}
		if (t->pending)
			check_silence(t);
		if (t->lost && rounds == RETRIGGER_ROUNDS) {
			logf_(t, LOG_WARNING, "%s's messages lost again (ENOBUFS): waiting for the %zu pending devices without triggering them again",
			      manager_name(t), t->pending);
			rounds++;
		}
	}
	return 0;
}

static void finish(struct synth_trigger *t)
{
	struct stat st;
	size_t i;

	for (i = 0; i < t->tab.n; i++) {
		struct dev *d = &t->tab.devs[i];

		if (d->outcome != SYNTH_PENDING)
			continue;
		if (!d->confirmed)
			d->outcome = SYNTH_NO_EVENT;
		else if (stat(d->syspath, &st) && errno == ENOENT)
			d->outcome = SYNTH_VANISHED;
		else
			d->outcome = SYNTH_TIMEOUT;
	}
}

int synth_trigger_run(struct synth_trigger *t)
{
	size_t i;
	int r;

	if (!t->uuid[0])
		synth_trigger_set_uuid(t, NULL);
	t->refusal[0] = '\0';
	if (!t->buf) {
		t->buf = malloc(SYNTH_MSG_MAX);
		if (!t->buf)
			return -ENOMEM;
	}
	r = devtab_index(&t->tab);
	if (r)
		return r;
	r = choose_manager(t);
	if (r)
		return r;

	/* Listen before the first write, so nothing can be missed. */
	t->kfd = synth_listen_open(SYNTH_GROUP_KERNEL, t->rcvbuf);
	if (t->kfd < 0)
		return t->kfd;
	if (t->wait != SYNTH_WAIT_KERNEL && t->wait != SYNTH_WAIT_NONE) {
		t->wfd = synth_listen_open(synth_trigger_get_group(t),
					   t->rcvbuf);
		if (t->wfd < 0)
			return t->wfd;
	}

	r = trigger_devices(t, false);
	if (r)
		return r;

	for (i = 0; i < t->tab.n; i++) {
		struct dev *d = &t->tab.devs[i];

		if (d->outcome != SYNTH_PENDING || !d->confirmed)
			continue;
		if (t->wait == SYNTH_WAIT_KERNEL || t->wait == SYNTH_WAIT_NONE)
			settle_dev(t, d, SYNTH_PROCESSED);
	}
	if (t->wfd >= 0) {
		t->waiting_at = synth_now_usec();
		r = wait_processed(t);
		if (r)
			return r;
	}
	finish(t);
	return 0;
}
