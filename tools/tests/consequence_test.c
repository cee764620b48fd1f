// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The descendant rule of consequence.c on the messages themselves: what
 * the kernel's real events cannot show on a host (a SEQNUM seen twice or
 * going back, the PCI names of the boundary, a kernel overrun at a given
 * moment).  trigger_test.c runs the rule on the kernel's real events with
 * a stand-in udevd.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "kselftest_harness.h"
#include "internal.h"
#include "trigger.h"

#define BUS	"/devices/pci0000:00"
#define DEV	BUS "/0000:00:01.1"
#define DEV10	BUS "/0000:00:01.10"

FIXTURE(cons) {
	struct synth_trigger *t;
};

/* Triggered: DEV (event 100) and DEV10 (event 200), both pending. */
FIXTURE_SETUP(cons)
{
	struct dev *d;

	self->t = synth_trigger_new();
	ASSERT_NE(NULL, self->t);
	ASSERT_EQ(0, devtab_add(&self->t->tab, "/sys" DEV));
	ASSERT_EQ(0, devtab_add(&self->t->tab, "/sys" DEV10));
	ASSERT_EQ(0, devtab_index(&self->t->tab));
	d = devtab_by_devpath(&self->t->tab, DEV);
	ASSERT_EQ(0, devtab_confirm(&self->t->tab, d, 100));
	d = devtab_by_devpath(&self->t->tab, DEV10);
	ASSERT_EQ(0, devtab_confirm(&self->t->tab, d, 200));
	ASSERT_EQ(0, synth_trigger_set_consequences(self->t, true));
	/* A manager's group is open (no socket is read here). */
	self->t->wfd = 0;
	ASSERT_EQ(0, cons_prepare(self->t));
	self->t->wfd = -1;
	ASSERT_TRUE(self->t->cons.on);
}

FIXTURE_TEARDOWN(cons)
{
	synth_trigger_free(self->t);
}

static int kernel(struct synth_trigger *t, const char *action,
		  const char *devpath, uint64_t seqnum)
{
	struct synth_msg m = { .action = action, .devpath = devpath,
			       .seqnum = seqnum };

	return cons_kernel_msg(t, &m);
}

/* The manager broadcast our event of DEVPATH: its window closes. */
static void dev_done(struct synth_trigger *t, const char *devpath)
{
	struct dev *d = devtab_by_devpath(&t->tab, devpath);

	d->outcome = SYNTH_PROCESSED;
	cons_dev_broadcast(t, d - t->tab.devs);
	cons_close(t);
}

static bool broadcast(struct synth_trigger *t, const char *action,
		      const char *devpath, uint64_t seqnum)
{
	struct synth_msg m = { .action = action, .devpath = devpath,
			       .seqnum = seqnum };
	bool r = cons_broadcast(t, &m, SYNTH_REASON_BROADCAST);

	cons_close(t);
	return r;
}

TEST_F(cons, path_boundary_is_a_slash)
{
	struct synth_trigger *t = self->t;

	ASSERT_EQ(0, kernel(t, "add", DEV10 "/virtio1", 201));
	ASSERT_EQ(0, kernel(t, "add", DEV "/virtio2", 202));
	ASSERT_EQ(2, synth_trigger_count_consequences(t));
	/* Each belongs to its own device, not to the one a prefix names. */
	EXPECT_EQ(1, synth_trigger_get_consequence_device(t, 0));
	EXPECT_EQ(200, synth_trigger_get_consequence_cause(t, 0));
	EXPECT_EQ(0, synth_trigger_get_consequence_device(t, 1));
	EXPECT_EQ(100, synth_trigger_get_consequence_cause(t, 1));
	EXPECT_STREQ("/sys" DEV "/virtio2",
		     synth_trigger_get_consequence_syspath(t, 1));
	/* DEV10's closed: a prefix of its name must not take DEV's. */
	dev_done(t, DEV10);
	ASSERT_EQ(0, kernel(t, "add", DEV10 "/virtio3", 203));
	EXPECT_EQ(2, synth_trigger_count_consequences(t));
}

TEST_F(cons, a_grandchild_is_its_childs_consequence)
{
	struct synth_trigger *t = self->t;

	ASSERT_EQ(0, kernel(t, "add", DEV "/virtio1", 201));
	dev_done(t, DEV);
	/* After the device's broadcast, inside its child's window. */
	ASSERT_EQ(0, kernel(t, "add", DEV "/virtio1/block/vda", 202));
	ASSERT_EQ(2, synth_trigger_count_consequences(t));
	EXPECT_EQ(201, synth_trigger_get_consequence_cause(t, 1));
	EXPECT_EQ(0, synth_trigger_get_consequence_device(t, 1));
	EXPECT_TRUE(broadcast(t, "add", DEV "/virtio1", 201));
	/* vda's window is open still: its partition is its consequence. */
	ASSERT_EQ(0, kernel(t, "add", DEV "/virtio1/block/vda/vda1", 203));
	ASSERT_EQ(3, synth_trigger_count_consequences(t));
	EXPECT_EQ(202, synth_trigger_get_consequence_cause(t, 2));
	/* Below the device, but in no open window: none. */
	ASSERT_EQ(0, kernel(t, "add", DEV "/virtio9", 204));
	EXPECT_EQ(3, synth_trigger_count_consequences(t));
	EXPECT_EQ(SYNTH_PROCESSED, synth_trigger_get_consequence_outcome(t, 0));
	EXPECT_EQ(SYNTH_PENDING, synth_trigger_get_consequence_outcome(t, 1));
	EXPECT_EQ(2, t->cons.pending);
}

TEST_F(cons, devices_outside_the_subtree_are_ignored)
{
	struct synth_trigger *t = self->t;

	ASSERT_EQ(0, kernel(t, "add", "/devices/virtual/net/eth0", 201));
	ASSERT_EQ(0, kernel(t, "add", BUS "/0000:00:02.0/virtio3", 202));
	/* The parent of a triggered device is not below it. */
	ASSERT_EQ(0, kernel(t, "bind", BUS, 203));
	/* Nor are removals and changes consequences, even below. */
	ASSERT_EQ(0, kernel(t, "remove", DEV "/virtio1", 204));
	ASSERT_EQ(0, kernel(t, "change", DEV "/virtio1", 205));
	EXPECT_EQ(0, synth_trigger_count_consequences(t));
}

TEST_F(cons, events_after_the_causes_broadcast_are_ignored)
{
	struct synth_trigger *t = self->t;

	dev_done(t, DEV);
	ASSERT_EQ(0, kernel(t, "add", DEV "/virtio1", 201));
	EXPECT_EQ(0, synth_trigger_count_consequences(t));
	ASSERT_EQ(0, kernel(t, "add", DEV10 "/virtio2", 202));
	EXPECT_EQ(1, synth_trigger_count_consequences(t));
}

TEST_F(cons, a_bind_of_the_device_and_its_rename_are_consequences)
{
	struct synth_trigger *t = self->t;
	struct synth_msg mv = { .action = "move", .devpath = BUS "/renamed",
				.devpath_old = DEV, .seqnum = 202 };

	ASSERT_EQ(0, kernel(t, "bind", DEV, 201));
	ASSERT_EQ(0, cons_kernel_msg(t, &mv));
	ASSERT_EQ(2, synth_trigger_count_consequences(t));
	EXPECT_STREQ("bind", synth_trigger_get_consequence_action(t, 0));
	EXPECT_STREQ("move", synth_trigger_get_consequence_action(t, 1));
	EXPECT_STREQ("/sys" BUS "/renamed",
		     synth_trigger_get_consequence_syspath(t, 1));
	/* The renamed device's window is at its new name. */
	ASSERT_EQ(0, kernel(t, "add", BUS "/renamed/queue", 203));
	ASSERT_EQ(3, synth_trigger_count_consequences(t));
	EXPECT_EQ(202, synth_trigger_get_consequence_cause(t, 2));
}

TEST_F(cons, a_seqnum_counts_once)
{
	struct synth_trigger *t = self->t;

	ASSERT_EQ(0, kernel(t, "add", DEV "/virtio1", 201));
	/* The same message again, or a SEQNUM gone back: none. */
	ASSERT_EQ(0, kernel(t, "add", DEV "/virtio1", 201));
	ASSERT_EQ(0, kernel(t, "add", DEV "/virtio2", 150));
	/* Our own event's SEQNUM is never a consequence. */
	ASSERT_EQ(0, kernel(t, "add", DEV "/virtio3", 200));
	EXPECT_EQ(1, synth_trigger_count_consequences(t));
	EXPECT_EQ(1, t->cons.pending);
	/* Its SEQNUM with another action is not its broadcast. */
	EXPECT_FALSE(broadcast(t, "change", DEV "/virtio1", 201));
	EXPECT_EQ(SYNTH_PENDING, synth_trigger_get_consequence_outcome(t, 0));
	EXPECT_TRUE(broadcast(t, "add", DEV "/virtio1", 201));
	/* Broadcast twice, settled once. */
	EXPECT_FALSE(broadcast(t, "add", DEV "/virtio1", 201));
	EXPECT_EQ(SYNTH_PROCESSED, synth_trigger_get_consequence_outcome(t, 0));
	EXPECT_EQ(0, t->cons.pending);
}

TEST_F(cons, a_removal_after_it_is_vanished)
{
	struct synth_trigger *t = self->t;

	ASSERT_EQ(0, kernel(t, "add", DEV "/virtio1", 201));
	/* A removal before its add (an older device of the name): none. */
	EXPECT_FALSE(broadcast(t, "remove", DEV "/virtio1", 190));
	EXPECT_TRUE(broadcast(t, "remove", DEV "/virtio1", 205));
	EXPECT_EQ(SYNTH_VANISHED, synth_trigger_get_consequence_outcome(t, 0));
	EXPECT_EQ(SYNTH_REASON_REMOVED,
		  synth_trigger_get_consequence_reason_code(t, 0));
}

TEST_F(cons, kernel_messages_lost_make_open_subtrees_unknown)
{
	struct synth_trigger *t = self->t;

	dev_done(t, DEV10);
	cons_kernel_lost(t);
	EXPECT_TRUE(synth_trigger_get_consequences_lost(t, 0));
	/* Closed before the loss: what it caused is known. */
	EXPECT_FALSE(synth_trigger_get_consequences_lost(t, 1));
}

TEST_F(cons, lost_broadcasts_leave_the_pending_unconfirmed)
{
	struct synth_trigger *t = self->t;

	ASSERT_EQ(0, kernel(t, "add", DEV "/virtio1", 201));
	cons_broadcasts_lost(t);
	EXPECT_EQ(SYNTH_UNCONFIRMED, synth_trigger_get_consequence_outcome(t, 0));
	EXPECT_EQ(SYNTH_REASON_BROADCASTS_LOST,
		  synth_trigger_get_consequence_reason_code(t, 0));
	EXPECT_EQ(0, t->cons.pending);
}

TEST(getters_past_the_end_and_null)
{
	EXPECT_EQ(0, synth_trigger_count_consequences(NULL));
	EXPECT_EQ(SIZE_MAX, synth_trigger_get_consequence_device(NULL, 0));
	EXPECT_EQ(NULL, synth_trigger_get_consequence_syspath(NULL, 0));
	EXPECT_EQ(NULL, synth_trigger_get_consequence_action(NULL, 0));
	EXPECT_EQ(0, synth_trigger_get_consequence_seqnum(NULL, 0));
	EXPECT_EQ(0, synth_trigger_get_consequence_cause(NULL, 0));
	EXPECT_EQ(-ERANGE, synth_trigger_get_consequence_outcome(NULL, 0));
	EXPECT_EQ(-ERANGE, synth_trigger_get_consequence_reason_code(NULL, 0));
	EXPECT_FALSE(synth_trigger_get_consequences_lost(NULL, 0));
	EXPECT_EQ(-EINVAL, synth_trigger_set_consequences(NULL, true));
}

TEST_HARNESS_MAIN
