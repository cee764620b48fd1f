// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The command line: udevadm trigger's options, and that every bad word is
 * named and refused with status 2 before anything could be written.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "options.h"
#include "report.h"
#include "trigger.h"

#define ARGV(...) ((char *[]){ "uevent-trigger", __VA_ARGS__, NULL })

static int parse(struct options *o, char **argv, char *err)
{
	int argc = 0;

	while (argv[argc])
		argc++;
	err[0] = '\0';
	return options_parse(o, argc, argv, err, 256);
}

TEST(defaults)
{
	char *argv[] = { "uevent-trigger", NULL };
	struct options o;
	char err[256];

	ASSERT_EQ(0, parse(&o, argv, err));
	EXPECT_STREQ("change", o.action);
	EXPECT_EQ(NULL, o.uuid);
	EXPECT_FALSE(o.wait);
	EXPECT_EQ(SYNTH_WAIT_AUTO, o.source);
	EXPECT_EQ(120000000ULL, o.timeout_usec);
	EXPECT_EQ(SYNTH_SELECT_DEVICES, o.type);
	options_free(&o);
}

TEST(udevadm_options)
{
	char **argv = ARGV("-c", "add", "-s", "block", "-S", "net",
			   "-a", "size=0", "-A", "ro", "-p", "ID_FS_TYPE=ext4",
			   "-g", "systemd", "-y", "loop*", "-b", "/sys/devices",
			   "--name-match=/dev/null", "--include-parents",
			   "--initialized-match", "--prioritized-subsystem=block,net",
			   "-t", "all", "-v", "-n");
	struct options o;
	char err[256];

	ASSERT_EQ(0, parse(&o, argv, err)) TH_LOG("%s", err);
	EXPECT_STREQ("add", o.action);
	EXPECT_EQ(SYNTH_SELECT_ALL, o.type);
	EXPECT_TRUE(o.include_parents);
	EXPECT_EQ(SYNTH_INITIALIZED_YES, o.initialized);
	EXPECT_TRUE(o.verbose);
	EXPECT_TRUE(o.dry_run);
	ASSERT_EQ(10, o.n_filters);
	EXPECT_EQ(SYNTH_MATCH_SUBSYSTEM, o.filters[0].kind);
	EXPECT_STREQ("block", o.filters[0].pattern);
	EXPECT_EQ(SYNTH_NOMATCH_SUBSYSTEM, o.filters[1].kind);
	EXPECT_EQ(SYNTH_MATCH_ATTR, o.filters[2].kind);
	EXPECT_EQ(SYNTH_NOMATCH_ATTR, o.filters[3].kind);
	EXPECT_EQ(SYNTH_MATCH_PROPERTY, o.filters[4].kind);
	EXPECT_EQ(SYNTH_MATCH_TAG, o.filters[5].kind);
	EXPECT_EQ(SYNTH_MATCH_SYSNAME, o.filters[6].kind);
	EXPECT_EQ(SYNTH_MATCH_PARENT, o.filters[7].kind);
	EXPECT_EQ(SYNTH_MATCH_PARENT, o.filters[8].kind);
	EXPECT_STREQ("/dev/null", o.filters[8].pattern);
	EXPECT_EQ(SYNTH_PRIORITIZED_SUBSYSTEM, o.filters[9].kind);
	options_free(&o);
}

TEST(transaction_and_wait)
{
	char **argv = ARGV("--uuid=4f60b88c-3052-4daa-8904-2e4efe8563ef",
			   "--env=UDEV_TRIGGER=1", "--env", "DM_NAME=vg0-lv_root",
			   "--settle", "--wait-source=group:4", "--timeout=2.5",
			   "--json", "/sys/devices/virtual/mem/null");
	struct options o;
	char err[256];

	ASSERT_EQ(0, parse(&o, argv, err)) TH_LOG("%s", err);
	EXPECT_STREQ("4f60b88c-3052-4daa-8904-2e4efe8563ef", o.uuid);
	ASSERT_EQ(2, o.n_env);
	EXPECT_STREQ("DM_NAME=vg0-lv_root", o.env[1]);
	EXPECT_TRUE(o.wait);
	EXPECT_EQ(SYNTH_WAIT_GROUP, o.source);
	EXPECT_EQ(4, o.group);
	EXPECT_EQ(2500000ULL, o.timeout_usec);
	EXPECT_TRUE(o.json);
	ASSERT_EQ(1, o.n_filters);
	EXPECT_EQ(SYNTH_MATCH_PARENT, o.filters[0].kind);
	options_free(&o);
}

/* mdevd's own notation: its -O bitmask, or the running mdevd's. */
TEST(mdevd_and_wait_daemon)
{
	char **argv = ARGV("--wait-source=mdevd:4", "--wait-daemon");
	char **bare = ARGV("--wait-source=mdevd", "--wait-daemon=0.5");
	struct options o;
	char err[256];

	ASSERT_EQ(0, parse(&o, argv, err)) TH_LOG("%s", err);
	EXPECT_TRUE(o.wait);
	EXPECT_EQ(SYNTH_WAIT_MDEVD, o.source);
	EXPECT_EQ(4, o.group);
	EXPECT_TRUE(o.wait_daemon);
	EXPECT_EQ(5000000ULL, o.wait_daemon_usec);
	options_free(&o);
	ASSERT_EQ(0, parse(&o, bare, err)) TH_LOG("%s", err);
	EXPECT_EQ(SYNTH_WAIT_MDEVD, o.source);
	EXPECT_EQ(0, o.group);
	EXPECT_EQ(500000ULL, o.wait_daemon_usec);
	options_free(&o);
}

/*
 * --wait-consequences waits (it implies --settle); with the kernel as the
 * only word it is refused, naming itself: nothing can say a consequence
 * was processed.
 */
TEST(wait_consequences)
{
	char **argv = ARGV("--wait-consequences");
	char **kernel = ARGV("--wait-consequences", "--wait-source=kernel");
	struct options o;
	char err[256];

	ASSERT_EQ(0, parse(&o, argv, err)) TH_LOG("%s", err);
	EXPECT_TRUE(o.consequences);
	EXPECT_TRUE(o.wait);
	options_free(&o);
	EXPECT_EQ(2, parse(&o, kernel, err));
	EXPECT_NE(NULL, strstr(err, "'--wait-consequences'")) TH_LOG("%s", err);
	options_free(&o);
}

/*
 * 0 waits without limit: a positive timeout too small for a microsecond
 * is one, never 0; others are the nearest microsecond.
 */
TEST(tiny_timeouts_are_never_forever)
{
	static const struct {
		const char *arg;
		uint64_t usec;
	} cases[] = {
		{ "--timeout=1e-7", 1 }, { "--timeout=0.0000004", 1 },
		{ "--timeout=0.0000016", 2 }, { "--timeout=0", 0 },
		{ "--timeout=0.000", 0 }, { "--timeout=1e9", 1000000000000000ULL },
	};
	char **daemon = ARGV("--wait-daemon=1e-7");
	struct options o;
	char err[256];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *argv[] = { "uevent-trigger", (char *)cases[i].arg, NULL };

		ASSERT_EQ(0, parse(&o, argv, err)) TH_LOG("%s", err);
		EXPECT_EQ(cases[i].usec, o.timeout_usec)
			TH_LOG("%s", cases[i].arg);
		options_free(&o);
	}
	ASSERT_EQ(0, parse(&o, daemon, err)) TH_LOG("%s", err);
	EXPECT_EQ(1, o.wait_daemon_usec);
	options_free(&o);
}

/* As udevadm (GNU getopt's permutation): options after the paths too. */
TEST(options_after_paths)
{
	char **argv = ARGV("/sys/devices/virtual/mem/null", "-v", "-c",
			   "add", "/dev/null", "--settle");
	char **end = ARGV("-n", "--", "/dev/null");
	struct options o;
	char err[256];

	ASSERT_EQ(0, parse(&o, argv, err)) TH_LOG("%s", err);
	EXPECT_TRUE(o.verbose);
	EXPECT_TRUE(o.wait);
	EXPECT_STREQ("add", o.action);
	ASSERT_EQ(2, o.n_filters);
	EXPECT_STREQ("/sys/devices/virtual/mem/null", o.filters[0].pattern);
	EXPECT_STREQ("/dev/null", o.filters[1].pattern);
	options_free(&o);
	ASSERT_EQ(0, parse(&o, end, err)) TH_LOG("%s", err);
	EXPECT_TRUE(o.dry_run);
	ASSERT_EQ(1, o.n_filters);
	options_free(&o);
}

/*
 * udevadm's names of a device: a name below /dev for --name-match, a
 * devpath or a path below /sys for -b, and device unit names anywhere
 * (unescaped: '-' is '/', \xNN a byte), and udevd's ids of devices that
 * are there (the host's null and zero, its loopback device).
 */
TEST(devices_as_udevadm_names_them)
{
	static const struct {
		const char *opt, *arg, *path;
	} cases[] = {
		{ "--name-match", "null", "/dev/null" },
		{ "--name-match", "disk/by-id/x", "/dev/disk/by-id/x" },
		{ "--name-match", "/dev/null", "/dev/null" },
		{ "--name-match", "dev-null.device", "/dev/null" },
		{ "-b", "/devices/virtual/mem/null",
		  "/sys/devices/virtual/mem/null" },
		{ "-b", "devices/virtual/mem", "/sys/devices/virtual/mem" },
		{ "-b", "/sys/devices/virtual", "/sys/devices/virtual" },
		{ "-b", "/dev/null", "/dev/null" },
		{ NULL, "sys-devices-virtual-mem-null.device",
		  "/sys/devices/virtual/mem/null" },
		{ NULL, "dev-sda.device", "/dev/sda" },
		{ NULL, "dev-disk-by\\x2did-ata\\x2dX.device",
		  "/dev/disk/by-id/ata-X" },
		{ NULL, "sys-devices-pci0000:00-0000:00:1f.2.device",
		  "/sys/devices/pci0000:00/0000:00:1f.2" },
		/* udevd's device ids, of devices that are there. */
		{ NULL, "c1:3", "/sys/dev/char/1:3" },
		{ "--name-match", "+mem:zero", "/sys/class/mem/zero" },
		{ "-b", "n1", "/sys/class/net/lo" },
	};
	struct options o;
	char err[256];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *argv[] = { "uevent-trigger", (char *)cases[i].arg, NULL,
				 NULL };

		if (cases[i].opt) {
			argv[1] = (char *)cases[i].opt;
			argv[2] = (char *)cases[i].arg;
		}
		ASSERT_EQ(0, parse(&o, argv, err))
			TH_LOG("%s %s: %s", cases[i].opt, cases[i].arg, err);
		ASSERT_EQ(1, o.n_filters);
		EXPECT_EQ(SYNTH_MATCH_PARENT, o.filters[0].kind);
		EXPECT_STREQ(cases[i].path, o.filters[0].pattern)
			TH_LOG("%s", cases[i].arg);
		options_free(&o);
	}
}

/* udevadm's "-c help": the actions, one a line, and nothing else read. */
TEST(action_help_lists_the_actions)
{
	char **argv = ARGV("-c", "help", "--bogus");
	struct options o;
	char err[256], *text = NULL;
	size_t len = 0;
	FILE *f;

	ASSERT_EQ(0, parse(&o, argv, err)) TH_LOG("%s", err);
	EXPECT_TRUE(o.list_actions);
	options_free(&o);
	f = open_memstream(&text, &len);
	ASSERT_NE(NULL, f);
	options_print_actions(f);
	fclose(f);
	EXPECT_STREQ("add\nremove\nchange\nmove\nonline\noffline\nbind\n"
		     "unbind\n", text);
	free(text);
}

/* systemd's time spans (parse_sec()), for --wait-daemon and --timeout. */
TEST(time_spans_as_systemd_takes_them)
{
	static const struct {
		const char *arg;
		uint64_t usec;
	} cases[] = {
		{ "1min", 60000000ULL }, { "1min 30s", 90000000ULL },
		{ "1min30s", 90000000ULL }, { "2 m", 120000000ULL },
		{ "500ms", 500000 }, { "500 msec", 500000 },
		{ "1.5h", 5400000000ULL }, { "1d", 86400000000ULL },
		{ "1w", 604800000000ULL }, { "1M", 2629800000000ULL },
		{ "1y", 31557600000000ULL }, { "10us", 10 },
		{ "10\xc2\xb5s", 10 }, { "3 seconds", 3000000 },
		{ "2hr", 7200000000ULL }, { " 7 ", 7000000 },
		{ "0.4us", 1 }, { "1e-7", 1 }, { "0s", 0 },
		{ "infinity", UINT64_MAX },
	};
	struct options o;
	char err[256], arg[64];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *argv[] = { "uevent-trigger", arg, NULL };

		snprintf(arg, sizeof(arg), "--wait-daemon=%s", cases[i].arg);
		ASSERT_EQ(0, parse(&o, argv, err)) TH_LOG("%s", err);
		EXPECT_EQ(cases[i].usec, o.wait_daemon_usec)
			TH_LOG("%s", cases[i].arg);
		options_free(&o);
		snprintf(arg, sizeof(arg), "--timeout=%s", cases[i].arg);
		ASSERT_EQ(0, parse(&o, argv, err)) TH_LOG("%s", err);
		EXPECT_EQ(cases[i].usec, o.timeout_usec)
			TH_LOG("%s", cases[i].arg);
		options_free(&o);
	}
}

/* A bare --uuid is udevadm's: print; with a value, ours: set it. */
TEST(bare_uuid_prints)
{
	char **bare = ARGV("--uuid");
	char **set = ARGV("--uuid=4f60b88c-3052-4daa-8904-2e4efe8563ef");
	struct options o;
	char err[256];

	ASSERT_EQ(0, parse(&o, bare, err)) TH_LOG("%s", err);
	EXPECT_TRUE(o.print_uuid);
	EXPECT_EQ(NULL, o.uuid);
	options_free(&o);
	ASSERT_EQ(0, parse(&o, set, err)) TH_LOG("%s", err);
	EXPECT_FALSE(o.print_uuid);
	options_free(&o);
}

/*
 * What the tool prints and how it ends, on a group whose outcomes are set
 * by hand: null written and processed, zero gone before its write (the
 * write's ENOENT), full not written.
 */
FIXTURE(out) {
	struct synth_trigger *t;
	char *text;
	size_t len;
	FILE *f;
};

FIXTURE_SETUP(out)
{
	static const char *const devs[] = {
		"/sys/devices/virtual/mem/null",
		"/sys/devices/virtual/mem/zero",
		"/sys/devices/virtual/mem/full",
	};
	size_t i;

	if (access("/sys/devices/virtual/mem/full/uevent", F_OK))
		SKIP(return, "no /sys/devices/virtual/mem here");
	self->t = synth_trigger_new();
	ASSERT_NE(NULL, self->t);
	ASSERT_EQ(0, synth_trigger_set_uuid(
			     self->t, "4f60b88c-3052-4daa-8904-2e4efe8563ef"));
	for (i = 0; i < 3; i++)
		ASSERT_EQ(0, synth_trigger_add_device(self->t, devs[i]));
	self->t->tab.devs[0].outcome = SYNTH_PROCESSED;
	self->t->tab.devs[0].reason = SYNTH_REASON_BROADCAST;
	self->t->tab.devs[1].outcome = SYNTH_VANISHED;
	self->t->tab.devs[1].reason = SYNTH_REASON_WRITE_GONE;
	self->t->tab.devs[1].error = ENOENT;
	self->f = open_memstream(&self->text, &self->len);
	ASSERT_NE(NULL, self->f);
}

FIXTURE_TEARDOWN(out)
{
	if (self->f)
		fclose(self->f);
	free(self->text);
	synth_trigger_free(self->t);
}

/* -n (-v too): one syspath a line, for "while read" loops. */
TEST_F(out, dry_run_prints_one_syspath_a_line)
{
	report_dry_run(self->f, self->t);
	fflush(self->f);
	EXPECT_STREQ("/sys/devices/virtual/mem/null\n"
		     "/sys/devices/virtual/mem/zero\n"
		     "/sys/devices/virtual/mem/full\n", self->text);
}

/* --uuid: the UUID of each event written; with -v, after its syspath. */
TEST_F(out, uuid_of_each_event_written)
{
	report_uuids(self->f, self->t, false, false);
	fflush(self->f);
	EXPECT_STREQ("4f60b88c-3052-4daa-8904-2e4efe8563ef\n", self->text);
	rewind(self->f);
	report_uuids(self->f, self->t, true, false);
	fflush(self->f);
	EXPECT_STREQ("/sys/devices/virtual/mem/null\n"
		     "4f60b88c-3052-4daa-8904-2e4efe8563ef\n", self->text);
}

/*
 * --uuid --settle: then udevadm's "settle" lines for each event udevd
 * broadcast (failed in a worker too), not for one it never did.
 */
TEST_F(out, uuid_and_settle_lines_of_each_event_broadcast)
{
	self->t->tab.devs[2].outcome = SYNTH_FAILED;
	self->t->tab.devs[2].reason = SYNTH_REASON_WORKER_FAILED;
	report_uuids(self->f, self->t, true, true);
	fflush(self->f);
	EXPECT_STREQ("/sys/devices/virtual/mem/null\n"
		     "4f60b88c-3052-4daa-8904-2e4efe8563ef\n"
		     "/sys/devices/virtual/mem/full\n"
		     "4f60b88c-3052-4daa-8904-2e4efe8563ef\n"
		     "settle /sys/devices/virtual/mem/null\n"
		     "settle 4f60b88c-3052-4daa-8904-2e4efe8563ef\n"
		     "settle /sys/devices/virtual/mem/full\n"
		     "settle 4f60b88c-3052-4daa-8904-2e4efe8563ef\n",
		     self->text);
	self->t->tab.devs[0].outcome = SYNTH_TIMEOUT;
	self->t->tab.devs[0].reason = SYNTH_REASON_TIMEOUT;
	/* A new stream: a shorter text would leave the old one's end. */
	fclose(self->f);
	free(self->text);
	self->text = NULL;
	self->f = open_memstream(&self->text, &self->len);
	ASSERT_NE(NULL, self->f);
	report_uuids(self->f, self->t, false, true);
	fflush(self->f);
	EXPECT_STREQ("4f60b88c-3052-4daa-8904-2e4efe8563ef\n"
		     "4f60b88c-3052-4daa-8904-2e4efe8563ef\n"
		     "settle 4f60b88c-3052-4daa-8904-2e4efe8563ef\n",
		     self->text);
}

/*
 * A device gone before its write is no failure (udevadm ignores ENOENT
 * and ENODEV), but is still vanished in the report; one removed after
 * its write, or not written, is.
 */
TEST_F(out, a_device_gone_before_its_write_is_no_failure)
{
	self->t->tab.devs[2].outcome = SYNTH_EMITTED;
	EXPECT_TRUE(report_success(self->t));
	EXPECT_EQ(SYNTH_VANISHED, synth_trigger_get_outcome(self->t, 1));
	report_text(self->f, self->t, false, true);
	fflush(self->f);
	EXPECT_NE(NULL, strstr(self->text, "mem/zero: vanished"))
		TH_LOG("%s", self->text);
	self->t->tab.devs[1].reason = SYNTH_REASON_REMOVED;
	self->t->tab.devs[1].error = 0;
	EXPECT_FALSE(report_success(self->t));
	self->t->tab.devs[1].reason = SYNTH_REASON_WRITE_GONE;
	self->t->tab.devs[2].outcome = SYNTH_PENDING;
	EXPECT_FALSE(report_success(self->t));
}

/* A bad command line: status 2 and the bad word in the message. */
FIXTURE(bad) {
	struct options o;
	char err[256];
};

FIXTURE_VARIANT(bad) {
	const char *word;
	char *argv[5];
};

FIXTURE_SETUP(bad) {}
FIXTURE_TEARDOWN(bad) { options_free(&self->o); }

#define BAD(name, w, ...) \
	FIXTURE_VARIANT_ADD(bad, name) { \
		.word = w, .argv = { "uevent-trigger", __VA_ARGS__, NULL }, \
	}

BAD(unknown_option, "--bogus", "--bogus");
BAD(unknown_action, "explode", "--action=explode");
BAD(unknown_type, "things", "-t", "things");
BAD(short_uuid, "00000000-0000-0000-0000-00000000000",
    "--uuid=00000000-0000-0000-0000-00000000000");
BAD(env_space, "A=b c", "--env=A=b c");
BAD(env_dash_key, "A-B=1", "--env=A-B=1");
BAD(env_empty_value, "A=", "--env=A=");
BAD(env_twice, "A=2", "--env=A=1", "--env=A=2");
BAD(env_latin1, "K=\xe9", "--env=K=\xe9");
BAD(property_without_value, "ID_FS", "-p", "ID_FS");
BAD(attr_dotdot, "../x", "-a", "../x");
BAD(relative_device, "sda", "sda");
BAD(bad_parent, "'/'", "-b", "/");
BAD(unit_not_below_sys_or_dev, "foo.device", "foo.device");
BAD(unit_of_another_type, "dev-sda.mount", "dev-sda.mount");
BAD(unit_trailing_dash, "dev-sda-.device", "dev-sda-.device");
BAD(unit_bad_escape, "dev-s\\xzz.device", "dev-s\\xzz.device");
BAD(unit_nul_escape, "dev-s\\x00.device", "dev-s\\x00.device");
BAD(unit_dotdot, "dev-..-sda.device", "dev-..-sda.device");
BAD(device_id_not_there, "c4095:1048575", "c4095:1048575");
BAD(device_id_malformed, "c1:3x", "c1:3x");
BAD(device_id_no_sysname, "+mem:", "+mem:");
BAD(span_unknown_unit, "1x", "--timeout=1x");
BAD(span_unit_alone, "min", "--wait-daemon=min");
BAD(span_negative, "-1s", "--timeout=-1s");
BAD(span_too_long, "40years", "--timeout=40years");
BAD(span_hex, "0x10", "--timeout=0x10");
BAD(span_inf, "inf", "--timeout=inf");
BAD(unknown_after_path, "--bogus", "/sys/devices/virtual/mem/null",
    "--bogus");
BAD(unknown_in_cluster, "-x", "-vx");
BAD(long_without_value, "--action", "--action");
BAD(bad_wait_source, "group:1", "--wait-source=group:1");
BAD(bad_wait_source_name, "mdev", "--wait-source=mdev");
BAD(mdevd_mask_not_a_number, "mdevd:0x4", "--wait-source=mdevd:0x4");
BAD(mdevd_mask_kernel_group, "mdevd:1", "--wait-source=mdevd:1");
BAD(mdevd_mask_udev_group, "mdevd:3", "--wait-source=mdevd:3");
BAD(mdevd_mask_empty, "mdevd:", "--wait-source=mdevd:");
BAD(bad_wait_daemon, "soon", "--wait-daemon=soon");
BAD(bad_timeout, "soon", "--timeout=soon");
BAD(negative_timeout, "-1", "--timeout=-1");
BAD(nan_timeout, "nan", "--timeout=nan");
BAD(nan_wait_daemon, "nan", "--wait-daemon=nan");
BAD(huge_timeout, "1e10", "--timeout=1e10");
BAD(missing_value, "-s", "-s");
BAD(quiet_verbose, "--quiet", "-q", "-v");
BAD(quiet_verbose_after_path, "--quiet", "/dev/null", "-q", "-v");

TEST_F(bad, refused)
{
	char *argv[5];
	int argc = 0;

	/* Writable, as main()'s: getopt_long() permutes it. */
	for (; variant->argv[argc]; argc++)
		argv[argc] = variant->argv[argc];
	argv[argc] = NULL;
	EXPECT_EQ(2, options_parse(&self->o, argc, argv, self->err,
				   sizeof(self->err)));
	EXPECT_NE(NULL, strstr(self->err, variant->word))
		TH_LOG("message '%s' does not name '%s'", self->err,
		       variant->word);
}

TEST_HARNESS_MAIN
