// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The command line: udevadm trigger's options, and that every bad word is
 * named and refused with status 2 before anything could be written.
 */
#include <string.h>

#include "kselftest_harness.h"
#include "options.h"

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

/* A bad command line: status 2 and the bad word in the message. */
FIXTURE(bad) {
	struct options o;
	char err[256];
};

FIXTURE_VARIANT(bad) {
	const char *word;
	char *argv[4];
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
BAD(bad_parent, "devices/foo", "-b", "devices/foo");
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

TEST_F(bad, refused)
{
	int argc = 0;

	while (variant->argv[argc])
		argc++;
	EXPECT_EQ(2, options_parse(&self->o, argc, (char **)variant->argv,
				   self->err, sizeof(self->err)));
	EXPECT_NE(NULL, strstr(self->err, variant->word))
		TH_LOG("message '%s' does not name '%s'", self->err,
		       variant->word);
}

TEST_HARNESS_MAIN
