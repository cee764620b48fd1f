// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Parsing of kernel- and udev-format uevent messages, and the sender checks:
 * well-formed messages of both formats, and truncated, oversized, wrong-magic
 * and wrong-sender ones.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "kselftest_harness.h"
#include "internal.h"

#define KMSG "change@/devices/virtual/mem/null\0ACTION=change\0" \
	"DEVPATH=/devices/virtual/mem/null\0SUBSYSTEM=mem\0" \
	"SYNTH_UUID=4f60b88c-3052-4daa-8904-2e4efe8563ef\0SEQNUM=1234\0"

struct udev_hdr {
	char prefix[8];
	uint32_t magic, header_size, properties_off, properties_len;
	uint32_t hashes[4];
};

/* A udevd-format message with PROPS (LEN bytes) into BUF; its length. */
static size_t udev_msg(char *buf, const char *props, size_t len,
		       uint32_t magic)
{
	struct udev_hdr h = {
		.prefix = "libudev",
		.magic = htonl(magic),
		.header_size = sizeof(h),
		.properties_off = sizeof(h),
		.properties_len = len,
	};

	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), props, len);
	return sizeof(h) + len;
}

#define UPROPS "ACTION=change\0DEVPATH=/devices/virtual/net/lo\0" \
	"SEQNUM=77\0SYNTH_UUID=4f60b88c-3052-4daa-8904-2e4efe8563ef\0" \
	"UDEV_WORKER_FAILED=1\0"

TEST(kernel_message)
{
	struct synth_msg m;

	ASSERT_EQ(0, synth_msg_parse(&m, KMSG, sizeof(KMSG) - 1));
	EXPECT_FALSE(m.from_udev);
	EXPECT_STREQ("change", m.action);
	EXPECT_STREQ("/devices/virtual/mem/null", m.devpath);
	EXPECT_EQ(1234, m.seqnum);
	EXPECT_STREQ("4f60b88c-3052-4daa-8904-2e4efe8563ef", m.uuid);
	EXPECT_STREQ("mem", synth_msg_get(&m, "SUBSYSTEM"));
	EXPECT_EQ(NULL, synth_msg_get(&m, "SUBSYS"));
	EXPECT_FALSE(m.worker_failed);
}

TEST(udev_message)
{
	char buf[512];
	size_t len = udev_msg(buf, UPROPS, sizeof(UPROPS) - 1, 0xfeedcafe);
	struct synth_msg m;

	ASSERT_EQ(0, synth_msg_parse(&m, buf, len));
	EXPECT_TRUE(m.from_udev);
	EXPECT_EQ(77, m.seqnum);
	EXPECT_STREQ("/devices/virtual/net/lo", m.devpath);
	EXPECT_TRUE(m.worker_failed);
	EXPECT_FALSE(m.initialized);
}

/* A worker's broadcast: USEC_INITIALIZED, set when its rules ran. */
TEST(udev_message_initialized)
{
	static const char props[] = "ACTION=change\0DEVPATH=/devices/virtual/net/lo\0"
		"SEQNUM=78\0USEC_INITIALIZED=4242\0";
	char buf[512];
	size_t len = udev_msg(buf, props, sizeof(props) - 1, 0xfeedcafe);
	struct synth_msg m;

	ASSERT_EQ(0, synth_msg_parse(&m, buf, len));
	EXPECT_TRUE(m.initialized);
	EXPECT_FALSE(m.worker_failed);
}

TEST(udev_wrong_magic)
{
	char buf[512];
	size_t len = udev_msg(buf, UPROPS, sizeof(UPROPS) - 1, 0xcafefeed);
	struct synth_msg m;

	EXPECT_EQ(-EPROTO, synth_msg_parse(&m, buf, len));
}

TEST(udev_truncated_header)
{
	char buf[512];
	struct synth_msg m;

	udev_msg(buf, UPROPS, sizeof(UPROPS) - 1, 0xfeedcafe);
	EXPECT_EQ(-EBADMSG, synth_msg_parse(&m, buf, 20));
}

TEST(udev_properties_past_the_end)
{
	char buf[512];
	size_t len = udev_msg(buf, UPROPS, sizeof(UPROPS) - 1, 0xfeedcafe);
	struct synth_msg m;

	/* The message is cut: properties_len now claims more than arrived. */
	EXPECT_EQ(-EBADMSG, synth_msg_parse(&m, buf, len - 10));
}

TEST(udev_oversized_offset)
{
	char buf[512];
	size_t len = udev_msg(buf, UPROPS, sizeof(UPROPS) - 1, 0xfeedcafe);
	struct udev_hdr *h = (struct udev_hdr *)buf;
	struct synth_msg m;

	h->properties_off = 0xffffff00;
	EXPECT_EQ(-EBADMSG, synth_msg_parse(&m, buf, len));
	h->properties_off = sizeof(*h);
	h->properties_len = 0xffffffff;
	EXPECT_EQ(-EBADMSG, synth_msg_parse(&m, buf, len));
}

TEST(properties_not_terminated)
{
	struct synth_msg m;

	/* Without its final NUL, the last string would run past the end. */
	EXPECT_EQ(-EBADMSG, synth_msg_parse(&m, KMSG, sizeof(KMSG) - 2));
}

TEST(kernel_message_without_header)
{
	struct synth_msg m;
	static const char msg[] = "ACTION=change\0SEQNUM=1\0DEVPATH=/x\0";

	EXPECT_EQ(-EBADMSG, synth_msg_parse(&m, msg, sizeof(msg) - 1));
}

TEST(missing_seqnum)
{
	struct synth_msg m;
	static const char msg[] = "add@/x\0ACTION=add\0DEVPATH=/x\0";

	EXPECT_EQ(-EBADMSG, synth_msg_parse(&m, msg, sizeof(msg) - 1));
}

TEST(bad_seqnum)
{
	struct synth_msg m;
	static const char msg[] = "add@/x\0ACTION=add\0DEVPATH=/x\0SEQNUM=12x\0";

	EXPECT_EQ(-EBADMSG, synth_msg_parse(&m, msg, sizeof(msg) - 1));
}

TEST(kernel_group_trusts_only_the_kernel)
{
	struct synth_msg m;

	EXPECT_EQ(0, synth_msg_check(KMSG, sizeof(KMSG) - 1, 1, 0, 0, &m));
	/* A userspace process (port != 0) on the kernel group, even root. */
	EXPECT_EQ(-EPERM, synth_msg_check(KMSG, sizeof(KMSG) - 1, 1, 4242, 0,
					  &m));
}

TEST(udev_group_trusts_only_root)
{
	char buf[512];
	size_t len = udev_msg(buf, UPROPS, sizeof(UPROPS) - 1, 0xfeedcafe);
	struct synth_msg m;

	EXPECT_EQ(0, synth_msg_check(buf, len, 2, 321, 0, &m));
	EXPECT_EQ(-EPERM, synth_msg_check(buf, len, 2, 321, 1000, &m));
	/* No credentials at all. */
	EXPECT_EQ(-EPERM, synth_msg_check(buf, len, 2, 321, -1, &m));
}

TEST(format_must_fit_the_group)
{
	char buf[512];
	size_t len = udev_msg(buf, UPROPS, sizeof(UPROPS) - 1, 0xfeedcafe);
	struct synth_msg m;

	EXPECT_EQ(-EPROTO, synth_msg_check(buf, len, 1, 0, 0, &m));
	EXPECT_EQ(-EPROTO, synth_msg_check(KMSG, sizeof(KMSG) - 1, 2, 9, 0, &m));
	/* mdevd's rebroadcast group carries the kernel format. */
	EXPECT_EQ(0, synth_msg_check(KMSG, sizeof(KMSG) - 1, 4, 9, 0, &m));
}

TEST_HARNESS_MAIN
