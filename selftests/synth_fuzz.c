// SPDX-License-Identifier: GPL-2.0
/*
 * synth_fuzz: fuzz the synthetic uevent parser through the uevent files of
 * a device, a bus, a driver and a module, and hold every write to the
 * reference model of the documented grammar (fuzz_model.c): the errno or
 * length write() returns, and the event the kernel emits or must not emit,
 * read back from the NETLINK_KOBJECT_UEVENT group.
 *
 * Writes go in batches, each closed by a sentinel event; between two
 * sentinels the kernel must have sent exactly the events the model expects,
 * in order.  A batch that disagrees is replayed one write at a time to name
 * the input, which is printed as a "REGRESSION" line (hex) so that it can
 * join the corpus.
 *
 * Environment: SYNTH_FUZZ_SEED (default: random, printed), SYNTH_FUZZ_WRITES
 * (default 10000), SYNTH_FUZZ_CORPUS (default /tests/corpus: *.hex inputs
 * replayed first on every target).  With kmemleak, the last test scans for
 * objects leaked while this program ran.
 *
 * The model is that of the series; on a kernel that refuses a key with '_'
 * every test skips, unless SYNTH_FUZZ_FORCE=1.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/random.h>

#include "fuzz_gen.h"
#include "fuzz_model.h"
#include "fuzz_uevent.h"

#include "kselftest_harness.h"

#define BATCH		32
#define RECV_MS		30000
#define MAX_REPORTS	10
#define KMEMLEAK	"/sys/kernel/debug/kmemleak"

struct write_rec {
	char buf[GEN_MAX];
	size_t len;
	int target;
	struct model_result want;
};

struct stats {
	long writes, accepted, events, einval, e2big, other_events;
	long disagreements;
};

struct fuzz {
	struct uevent_target t[UEVENT_TARGETS];
	int ntargets;
	int sock;
	bool quiet;		/* a batch's first pass: count, do not print */
	long quiet_hits;
	unsigned long sentinels;
	struct stats st;
	struct uevent_msg msg;
	struct write_rec batch[BATCH];
};

static void print_hex(const char *tag, const char *kind, const char *buf,
		      size_t len)
{
	size_t i;

	printf("# %s %s %zu ", tag, kind, len);
	for (i = 0; i < len; i++)
		printf("%02x", (unsigned char)buf[i]);
	printf("\n");
	fflush(stdout);
}

static void print_event(const struct uevent_msg *m)
{
	const char *s;
	size_t i;

	printf("#   got %s:", m->buf);
	for (i = 0; (s = uevent_synth_var(m, i)); i++)
		printf(" %s", s);
	printf("\n");
}

static void report(struct fuzz *f, const struct write_rec *w,
		   const char *what, const struct uevent_msg *got)
{
	const struct model_result *m = &w->want;

	if (f->quiet) {
		f->quiet_hits++;
		return;
	}
	f->st.disagreements++;
	if (f->st.disagreements > MAX_REPORTS)
		return;
	printf("# DISAGREEMENT on %s %s: %s\n", f->t[w->target].kind,
	       f->t[w->target].devpath, what);
	if (m->err)
		printf("#   model: %s (%s)\n", strerror(m->err), m->why);
	else if (m->emits)
		printf("#   model: %zu written, %s, SYNTH_UUID=%s, %zu pairs\n",
		       m->written, m->action, m->uuid, m->npairs);
	else
		printf("#   model: %zu written, no event\n", m->written);
	if (got)
		print_event(got);
	print_hex("REGRESSION", f->t[w->target].kind, w->buf, w->len);
}

/* Write @w and hold the result to the model; true when they agree. */
static bool do_write(struct fuzz *f, struct write_rec *w)
{
	ssize_t n = pwrite(f->t[w->target].fd, w->buf, w->len, 0);
	int err = n < 0 ? errno : 0;
	char what[128];

	f->st.writes++;
	if (!err)
		f->st.accepted++;
	else if (err == EINVAL)
		f->st.einval++;
	else if (err == E2BIG)
		f->st.e2big++;

	if (err == w->want.err &&
	    (err || (size_t)n == w->want.written))
		return true;
	if (n < 0)
		snprintf(what, sizeof(what), "write failed with %s",
			 strerror(err));
	else
		snprintf(what, sizeof(what), "write returned %zd", n);
	report(f, w, what, NULL);
	return false;
}

static int target_of(const struct fuzz *f, const char *devpath)
{
	int i;

	for (i = 0; devpath && i < f->ntargets; i++)
		if (!strcmp(f->t[i].devpath, devpath))
			return i;
	return -1;
}

/* Does message @m carry exactly what the model expects of @w? */
static bool event_matches(const struct fuzz *f, const struct uevent_msg *m,
			  const struct write_rec *w)
{
	const struct model_result *r = &w->want;
	const char *action = uevent_get(m, "ACTION");
	const char *s;
	char var[UEVENT_MSG_MAX];
	size_t i;

	if (target_of(f, uevent_get(m, "DEVPATH")) != w->target ||
	    !action || strcmp(action, r->action))
		return false;
	snprintf(var, sizeof(var), "SYNTH_UUID=%s", r->uuid);
	s = uevent_synth_var(m, 0);
	if (!s || strcmp(s, var))
		return false;
	for (i = 0; i < r->npairs; i++) {
		snprintf(var, sizeof(var), "SYNTH_ARG_%.*s=%.*s",
			 (int)r->pairs[i].key_len, r->pairs[i].key,
			 (int)r->pairs[i].value_len, r->pairs[i].value);
		s = uevent_synth_var(m, i + 1);
		if (!s || strcmp(s, var))
			return false;
	}
	return !uevent_synth_var(m, r->npairs + 1);
}

static bool is_sentinel(const struct fuzz *f, const struct uevent_msg *m,
			const char *uuid)
{
	const char *u = uevent_get(m, "SYNTH_UUID");

	return target_of(f, uevent_get(m, "DEVPATH")) == 0 && u &&
	       !strcmp(u, uuid);
}

/*
 * Write the @n inputs of @w, then a sentinel, and check the events that
 * come before the sentinel against the model.  Returns the number of
 * disagreements.
 */
static long run_batch(struct fuzz *f, struct write_rec *w, int n)
{
	long before = f->st.disagreements + f->quiet_hits;
	char sentinel[64], uuid[MODEL_UUID_LEN + 1];
	int i, next = 0, r;

	for (i = 0; i < n; i++)
		do_write(f, &w[i]);

	snprintf(uuid, sizeof(uuid), "00000000-0000-4000-8000-%012lx",
		 ++f->sentinels);
	snprintf(sentinel, sizeof(sentinel), "change %s", uuid);
	if (pwrite(f->t[0].fd, sentinel, strlen(sentinel), 0) < 0) {
		printf("# sentinel write failed: %s\n", strerror(errno));
		f->st.disagreements++;
		return 1;
	}

	for (;;) {
		r = uevent_recv(f->sock, &f->msg, RECV_MS);
		if (r) {
			printf("# waiting for the sentinel: %s\n",
			       strerror(-r));
			f->st.disagreements++;
			return 1;
		}
		if (is_sentinel(f, &f->msg, uuid))
			break;
		if (target_of(f, uevent_get(&f->msg, "DEVPATH")) < 0) {
			f->st.other_events++;
			continue;
		}
		while (next < n && !w[next].want.emits)
			next++;
		if (next == n) {
			report(f, &w[n - 1], "an event no write should emit",
			       &f->msg);
			continue;
		}
		if (!event_matches(f, &f->msg, &w[next])) {
			report(f, &w[next], "its event differs", &f->msg);
		}
		f->st.events++;
		next++;
	}
	for (; next < n; next++)
		if (w[next].want.emits)
			report(f, &w[next], "no event was emitted", NULL);
	return f->st.disagreements + f->quiet_hits - before;
}

/*
 * Run a batch, counting; when it disagrees, replay it one write at a time so
 * that the reports name single inputs.
 */
static void run_and_pin(struct fuzz *f, struct write_rec *w, int n)
{
	long hits, before;
	int i;

	f->quiet = n > 1;
	hits = run_batch(f, w, n);
	f->quiet = false;
	if (!hits || n == 1)
		return;
	printf("# batch of %d writes disagreed; replaying one by one\n", n);
	before = f->st.disagreements;
	for (i = 0; i < n; i++)
		run_batch(f, &w[i], 1);
	if (f->st.disagreements > before)
		return;
	f->st.disagreements++;
	printf("# no single write disagrees alone; the batch was:\n");
	for (i = 0; i < n; i++)
		print_hex("REGRESSION", f->t[w[i].target].kind, w[i].buf,
			  w[i].len);
}

static uint64_t env_u64(const char *name, uint64_t dflt)
{
	const char *s = getenv(name);

	return s && *s ? strtoull(s, NULL, 0) : dflt;
}

FIXTURE(fuzz) {
	struct fuzz *f;
};

FIXTURE_SETUP(fuzz)
{
	static const char uuid[] = "00000000-0000-4000-8000-000000000000";
	static const char probe[] = "change 00000000-0000-4000-8000-000000000000 A_B=1";
	struct fuzz *f;
	bool probed;

	f = calloc(1, sizeof(*f));
	ASSERT_NE(NULL, f);
	self->f = f;
	f->sock = uevent_listen();
	ASSERT_LE(0, f->sock) TH_LOG("netlink: %s", strerror(-f->sock));
	f->ntargets = uevent_targets_open(f->t);
	ASSERT_EQ(UEVENT_TARGETS, f->ntargets)
		TH_LOG("found %d of 4 kinds of uevent files", f->ntargets);
	ASSERT_EQ(0, strcmp(f->t[0].kind, "device"));

	/*
	 * The model is the series' grammar: does this kernel speak it?
	 * SYNTH_FUZZ_FORCE=1 runs anyway, to show what another parser does.
	 */
	probed = pwrite(f->t[0].fd, probe, strlen(probe), 0) >= 0;
	if (!probed && !getenv("SYNTH_FUZZ_FORCE"))
		SKIP(return, "the kernel refuses a key with '_' (%s): no series",
		     strerror(errno));
	while (probed) {
		int r = uevent_recv(f->sock, &f->msg, RECV_MS);

		ASSERT_EQ(0, r) TH_LOG("the probe's event: %s", strerror(-r));
		if (is_sentinel(f, &f->msg, uuid))
			break;
	}
}

FIXTURE_TEARDOWN(fuzz)
{
	if (self->f) {
		uevent_targets_close(self->f->t, self->f->ntargets);
		if (self->f->sock >= 0)
			close(self->f->sock);
		free(self->f);
	}
}

/* Parse a corpus file: hex digits, '#' comments to the end of a line. */
static size_t read_hex(FILE *fp, char *buf)
{
	size_t len = 0;
	int c, hi = -1;

	while ((c = fgetc(fp)) != EOF && len < GEN_MAX) {
		int v;

		if (c == '#') {
			while ((c = fgetc(fp)) != EOF && c != '\n')
				;
			continue;
		}
		if (c >= '0' && c <= '9')
			v = c - '0';
		else if (c >= 'a' && c <= 'f')
			v = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v = c - 'A' + 10;
		else
			continue;
		if (hi < 0) {
			hi = v;
		} else {
			buf[len++] = (char)(hi << 4 | v);
			hi = -1;
		}
	}
	return len;
}

/* Every saved input of the corpus, on every kind of uevent file. */
TEST_F_TIMEOUT(fuzz, corpus, 600)
{
	const char *dir = getenv("SYNTH_FUZZ_CORPUS") ?: "/tests/corpus";
	struct fuzz *f = self->f;
	struct dirent **names;
	int n, i, t, files = 0;

	n = scandir(dir, &names, NULL, alphasort);
	ASSERT_LE(0, n) TH_LOG("corpus %s: %s", dir, strerror(errno));
	for (i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		size_t nl = strlen(name);
		char path[PATH_MAX];
		FILE *fp;

		if (nl < 5 || strcmp(name + nl - 4, ".hex"))
			goto next;
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		fp = fopen(path, "r");
		if (!fp)
			goto next;
		for (t = 0; t < f->ntargets; t++) {
			struct write_rec *w = &f->batch[t];

			rewind(fp);
			w->len = read_hex(fp, w->buf);
			w->target = t;
			model_judge(w->buf, w->len, &w->want);
		}
		fclose(fp);
		run_and_pin(f, f->batch, f->ntargets);
		files++;
next:
		free(names[i]);
	}
	free(names);
	printf("# %d corpus inputs, %ld writes, %ld accepted, %ld events checked\n",
	       files, f->st.writes, f->st.accepted, f->st.events);
	ASSERT_LT(0, files) TH_LOG("no *.hex input in %s", dir);
	EXPECT_EQ(0, f->st.disagreements);
}

/* SYNTH_FUZZ_WRITES seeded random writes. */
TEST_F_TIMEOUT(fuzz, random_writes, 7200)
{
	uint64_t seed = 0, total = env_u64("SYNTH_FUZZ_WRITES", 10000);
	struct fuzz *f = self->f;
	struct timespec t0, t1;
	struct gen g;
	uint64_t i;
	double secs;

	if (getrandom(&seed, sizeof(seed), 0) != sizeof(seed))
		seed = (uint64_t)time(NULL);
	seed = env_u64("SYNTH_FUZZ_SEED", seed);
	printf("# seed 0x%016" PRIx64 ", %" PRIu64
	       " writes (SYNTH_FUZZ_SEED, SYNTH_FUZZ_WRITES repeat this run)\n",
	       seed, total);
	fflush(stdout);
	gen_seed(&g, seed);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < total && f->st.disagreements <= MAX_REPORTS;) {
		int n;

		for (n = 0; n < BATCH && i < total; n++, i++) {
			struct write_rec *w = &f->batch[n];

			w->len = gen_input(&g, w->buf);
			w->target = (int)gen_below(&g, f->ntargets);
			model_judge(w->buf, w->len, &w->want);
		}
		run_and_pin(f, f->batch, n);
		if (i % 10000 < BATCH && i >= 10000) {
			printf("# %" PRIu64 " writes\n", i);
			fflush(stdout);
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;

	printf("# %ld writes in %.1f s (%.0f/s): %ld accepted, %ld EINVAL, %ld E2BIG; %ld events checked, %ld from other objects ignored\n",
	       f->st.writes, secs, f->st.writes / (secs > 0 ? secs : 1),
	       f->st.accepted, f->st.einval, f->st.e2big, f->st.events,
	       f->st.other_events);
	printf("# %ld disagreements with the model\n", f->st.disagreements);
	EXPECT_EQ(0, f->st.disagreements);
	EXPECT_LT(0, f->st.accepted);
	EXPECT_LT(0, f->st.einval);
	EXPECT_LT(0, f->st.e2big);
}

/*
 * kmemleak: forget what was reported before this program started (see
 * start() below), then scan after the writes.  An object must be
 * unreferenced for a few seconds before kmemleak reports it.
 */
static void kmemleak_cmd(const char *cmd)
{
	FILE *fp = fopen(KMEMLEAK, "w");

	if (fp) {
		fputs(cmd, fp);
		fclose(fp);
	}
}

static void __attribute__((constructor)) start(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (access(KMEMLEAK, F_OK))
		mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL);
	kmemleak_cmd("clear");
}

TEST_F_TIMEOUT(fuzz, no_leak, 120)
{
	char line[256];
	int leaks = 0;
	FILE *fp;

	if (access(KMEMLEAK, F_OK))
		SKIP(return, "no kmemleak in this kernel");
	sleep(6);
	kmemleak_cmd("scan");
	kmemleak_cmd("scan");
	fp = fopen(KMEMLEAK, "r");
	ASSERT_NE(NULL, fp);
	while (fgets(line, sizeof(line), fp)) {
		leaks += !strncmp(line, "unreferenced object", 19);
		printf("# %s", line);
	}
	fclose(fp);
	EXPECT_EQ(0, leaks) TH_LOG("%d objects leaked", leaks);
}

TEST_HARNESS_MAIN
