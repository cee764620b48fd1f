// SPDX-License-Identifier: GPL-2.0-or-later
/* What a write may carry: the rules of the kernel series, checked early. */
#include <errno.h>
#include <string.h>

#include "kselftest_harness.h"
#include "internal.h"

TEST(actions)
{
	static const char *const ok[] = { "add", "remove", "change", "move",
		"online", "offline", "bind", "unbind" };
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		EXPECT_EQ(0, synth_check_action(ok[i]));
	EXPECT_EQ(-EINVAL, synth_check_action("Add"));
	EXPECT_EQ(-EINVAL, synth_check_action("adds"));
	EXPECT_EQ(-EINVAL, synth_check_action(""));
}

TEST(uuids)
{
	EXPECT_EQ(0, synth_check_uuid("4f60b88c-3052-4daa-8904-2e4efe8563ef"));
	EXPECT_EQ(0, synth_check_uuid("4F60B88C-3052-4DAA-8904-2E4EFE8563EF"));
	EXPECT_EQ(0, synth_check_uuid("00000000-0000-0000-0000-000000000000"));
	/* The SID document's 35-character null UUID. */
	EXPECT_EQ(-EINVAL, synth_check_uuid("00000000-0000-0000-0000-00000000000"));
	EXPECT_EQ(-EINVAL, synth_check_uuid("g0000000-0000-0000-0000-000000000000"));
	EXPECT_EQ(-EINVAL, synth_check_uuid("000000000-000-0000-0000-000000000000"));
}

TEST(env_accepted)
{
	const char *why = "unset";

	EXPECT_EQ(0, synth_check_env("UDEV_TRIGGER=1", &why));
	EXPECT_EQ(NULL, why);
	EXPECT_EQ(0, synth_check_env("DM_NAME=vg0-lv_root", NULL));
	EXPECT_EQ(0, synth_check_env("LV=lv+snap.1", NULL));
	EXPECT_EQ(0, synth_check_env("A=.x", NULL));
	EXPECT_EQ(0, synth_check_env("A=a..", NULL));
	EXPECT_EQ(0, synth_check_env("DM=vg--1-lv_x", NULL));
}

TEST(env_refused)
{
	const char *why = NULL;

	EXPECT_EQ(-EINVAL, synth_check_env("NOEQUALS", &why));
	EXPECT_NE(NULL, why);
	EXPECT_EQ(-EINVAL, synth_check_env("=1", NULL));
	EXPECT_EQ(-EINVAL, synth_check_env("A=", NULL));
	EXPECT_EQ(-EINVAL, synth_check_env("A-B=1", NULL));
	EXPECT_EQ(-EINVAL, synth_check_env("A=b c", NULL));
	EXPECT_EQ(-EINVAL, synth_check_env("A=a=b", NULL));
	EXPECT_EQ(-EINVAL, synth_check_env("A=$x", NULL));
	EXPECT_EQ(-EINVAL, synth_check_env("\xc4=1", NULL));
	EXPECT_EQ(-EINVAL, synth_check_env("A=caf\xe9", NULL));
	/* Paths and bus addresses are not names (the RFC's v4). */
	EXPECT_EQ(-EINVAL, synth_check_env("P=/dev/disk/by-path/pci-0000:00:1f.2-ata-1",
					   NULL));
	EXPECT_EQ(-EINVAL, synth_check_env("MAC=52:54:00:12:34:56", NULL));
	EXPECT_EQ(-EINVAL, synth_check_env("A=/", NULL));
}

TEST(env_value_option_dot_or_dotdot)
{
	const char *why = NULL;

	EXPECT_EQ(-EINVAL, synth_check_env("A=-rf", &why));
	EXPECT_NE(NULL, why);
	EXPECT_EQ(-EINVAL, synth_check_env("A=--foo", NULL));
	EXPECT_EQ(-EINVAL, synth_check_env("A=.", NULL));
	EXPECT_EQ(-EINVAL, synth_check_env("A=..", NULL));
	EXPECT_EQ(0, synth_check_env("P=a..b", NULL));
	EXPECT_EQ(0, synth_check_env("A=a-b.c", NULL));
	EXPECT_EQ(0, synth_check_env("A=1.2.3", NULL));
}

TEST(env_too_long)
{
	char kv[1100];

	memset(kv, 'v', sizeof(kv) - 1);
	kv[0] = 'K';
	kv[1] = '=';
	kv[sizeof(kv) - 1] = '\0';
	EXPECT_EQ(-E2BIG, synth_check_env(kv, NULL));
}

TEST(trigger_env_limits)
{
	struct synth_trigger *t = synth_trigger_new();
	char kv[16];
	int i;

	ASSERT_NE(NULL, t);
	EXPECT_EQ(0, synth_trigger_add_env(t, "A=1"));
	EXPECT_EQ(-EEXIST, synth_trigger_add_env(t, "A=2"));
	EXPECT_EQ(0, synth_trigger_add_env(t, "a=2"));
	for (i = 2; i < SYNTH_ARGS_MAX; i++) {
		snprintf(kv, sizeof(kv), "K%02d=v", i);
		EXPECT_EQ(0, synth_trigger_add_env(t, kv));
	}
	EXPECT_EQ(-E2BIG, synth_trigger_add_env(t, "LAST=1"));
	synth_trigger_free(t);
}

TEST(format_write)
{
	char *env[] = { "A=1", "UDEV_TRIGGER=1" };
	char buf[128];

	EXPECT_EQ(6, synth_format_write(buf, sizeof(buf), "change", NULL,
					NULL, 0));
	EXPECT_STREQ("change", buf);
	ASSERT_LT(0, synth_format_write(buf, sizeof(buf), "add",
					"4f60b88c-3052-4daa-8904-2e4efe8563ef",
					env, 2));
	EXPECT_STREQ("add 4f60b88c-3052-4daa-8904-2e4efe8563ef A=1 UDEV_TRIGGER=1",
		     buf);
	EXPECT_EQ(-E2BIG, synth_format_write(buf, 10, "add",
					     "4f60b88c-3052-4daa-8904-2e4efe8563ef",
					     env, 2));
}

TEST_HARNESS_MAIN
