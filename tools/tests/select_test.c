// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Device selection with udevadm trigger's filters, over a fake sysfs tree
 * and udev database made in a temporary directory for each test.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "kselftest_harness.h"
#include "result.h"
#include "synth_uevent.h"

static void mkdirs(const char *path)
{
	char tmp[PATH_MAX], *p;

	snprintf(tmp, sizeof(tmp), "%s", path);
	for (p = tmp + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(tmp, 0755);
			*p = '/';
		}
	}
	mkdir(tmp, 0755);
}

static void put(const char *root, const char *rel, const char *text)
{
	char path[PATH_MAX], dir[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	snprintf(dir, sizeof(dir), "%s", path);
	*strrchr(dir, '/') = '\0';
	mkdirs(dir);
	f = fopen(path, "w");
	if (!f)
		abort();
	fputs(text, f);
	fclose(f);
}

static void link_to(const char *root, const char *rel, const char *target)
{
	char path[PATH_MAX], dir[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	snprintf(dir, sizeof(dir), "%s", path);
	*strrchr(dir, '/') = '\0';
	mkdirs(dir);
	if (symlink(target, path))
		abort();
}

#define SDA "devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda"

/* A device at REL of SUBSYSTEM (a class or bus dir), with UEVENT text. */
static void device(const char *root, const char *rel, const char *kind,
		   const char *subsystem, const char *uevent)
{
	char path[PATH_MAX], target[PATH_MAX], up[PATH_MAX] = "";
	const char *s;

	snprintf(path, sizeof(path), "%s/uevent", rel);
	put(root, path, uevent);
	for (s = rel; *s; s++)
		if (*s == '/')
			strcat(up, "../");
	snprintf(path, sizeof(path), "%s/subsystem", rel);
	snprintf(target, sizeof(target), "../%s%s/%s", up, kind, subsystem);
	link_to(root, path, target);
	snprintf(path, sizeof(path), "%s/%s/%s", kind, subsystem,
		 strcmp(kind, "bus") ? strrchr(rel, '/') + 1 : "devices");
	if (!strcmp(kind, "bus"))
		snprintf(path, sizeof(path), "bus/%s/devices/%s", subsystem,
			 strrchr(rel, '/') + 1);
	up[0] = '\0';
	for (s = path; *s; s++)
		if (*s == '/')
			strcat(up, "../");
	snprintf(target, sizeof(target), "%s%s", up, rel);
	link_to(root, path, target);
}

FIXTURE(sel) {
	char dir[PATH_MAX];
	char root[PATH_MAX + 8];
	char run[PATH_MAX + 8];
	struct synth_select *s;
};

FIXTURE_SETUP(sel)
{
	char *r, path[PATH_MAX];

	snprintf(self->dir, sizeof(self->dir), "/tmp/select_test.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	snprintf(self->root, sizeof(self->root), "%s/sys", self->dir);
	snprintf(self->run, sizeof(self->run), "%s/run", self->dir);
	r = self->root;

	device(r, "devices/virtual/mem/null", "class", "mem",
	       "MAJOR=1\nMINOR=3\nDEVNAME=null\n");
	device(r, "devices/virtual/mem/zero", "class", "mem",
	       "MAJOR=1\nMINOR=5\nDEVNAME=zero\n");
	device(r, "devices/pci0000:00/0000:00:1f.2", "bus", "pci",
	       "PCI_CLASS=10601\n");
	put(r, "devices/pci0000:00/0000:00:1f.2/vendor", "0x8086\n");
	device(r, SDA, "class", "block",
	       "MAJOR=8\nMINOR=0\nDEVNAME=sda\nDEVTYPE=disk\n");
	put(r, SDA "/size", "100\n");
	device(r, SDA "/sda1", "class", "block",
	       "MAJOR=8\nMINOR=1\nDEVNAME=sda1\nDEVTYPE=partition\n");
	put(r, SDA "/sda1/size", "50\n");
	put(r, SDA "/sda1/partition", "1\n");
	device(r, "devices/virtual/block/loop0", "class", "block",
	       "MAJOR=7\nMINOR=0\nDEVNAME=loop0\nDEVTYPE=disk\n");
	put(r, "devices/virtual/block/loop0/size", "0\n");
	device(r, "devices/virtual/net/lo", "class", "net",
	       "INTERFACE=lo\nIFINDEX=1\n");
	put(r, "bus/pci/uevent", "");
	put(r, "bus/pci/drivers/ahci/uevent", "");
	put(r, "module/loop/uevent", "");

	put(self->run, "data/b7:0", "E:ID_FS_TYPE=ext4\nG:systemd\n");
	put(self->run, "data/n1", "E:ID_NET_NAME=lo\nG:systemd\nG:net\n");

	self->s = synth_select_new(self->root, self->run);
	ASSERT_NE(NULL, self->s);
	snprintf(path, sizeof(path), "%s", self->dir);
}

FIXTURE_TEARDOWN(sel)
{
	char cmd[PATH_MAX + 16];

	synth_select_free(self->s);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", self->dir);
	if (system(cmd))
		TH_LOG("could not remove %s", self->dir);
}

/*
 * The selection, joined by spaces: as names (a bus or module entry as its
 * path) relative to the root, or with WHOLE, as paths relative to it.
 */
static const char *run_as(struct __test_metadata *_metadata,
			  FIXTURE_DATA(sel) *self, char *out, size_t size,
			  bool whole)
{
	const char *const *paths;
	size_t n, i, rl;
	char real[PATH_MAX];
	int r;

	out[0] = '\0';
	ASSERT_NE(NULL, realpath(self->root, real));
	rl = strlen(real) + 1;
	r = synth_select_run(self->s, &paths, &n);
	EXPECT_EQ(0, r);
	for (i = 0; !r && i < n; i++) {
		const char *base = strrchr(paths[i], '/') + 1;

		if (whole || !strncmp(paths[i] + rl, "bus/", 4) ||
		    !strncmp(paths[i] + rl, "module/", 7))
			base = paths[i] + rl;
		snprintf(out + strlen(out), size - strlen(out), "%s%s",
			 i ? " " : "", base);
	}
	return out;
}

static const char *run(struct __test_metadata *_metadata,
		       FIXTURE_DATA(sel) *self, char *out, size_t size)
{
	return run_as(_metadata, self, out, size, false);
}

#define SELECTS(expected) do { \
	char out[4096]; \
	EXPECT_STREQ(expected, run(_metadata, self, out, sizeof(out))); \
} while (0)

TEST_F(sel, all_devices_sorted_by_path)
{
	SELECTS("0000:00:1f.2 sda sda1 loop0 null zero lo");
}

TEST_F(sel, subsystem_match)
{
	synth_select_add(self->s, SYNTH_MATCH_SUBSYSTEM, "block");
	SELECTS("sda sda1 loop0");
}

TEST_F(sel, subsystem_globs_any_of)
{
	synth_select_add(self->s, SYNTH_MATCH_SUBSYSTEM, "me?");
	synth_select_add(self->s, SYNTH_MATCH_SUBSYSTEM, "n*");
	SELECTS("null zero lo");
}

TEST_F(sel, subsystem_nomatch)
{
	synth_select_add(self->s, SYNTH_NOMATCH_SUBSYSTEM, "block");
	synth_select_add(self->s, SYNTH_NOMATCH_SUBSYSTEM, "mem");
	SELECTS("0000:00:1f.2 lo");
}

TEST_F(sel, sysname_match)
{
	synth_select_add(self->s, SYNTH_MATCH_SYSNAME, "sd*");
	SELECTS("sda sda1");
}

/* Names are filtered before anything is read; '!' is the sysname's '/'. */
TEST_F(sel, sysname_match_with_bang)
{
	device(self->root, "devices/virtual/block/cciss!c0d0", "class", "block",
	       "MAJOR=104\nMINOR=0\nDEVNAME=cciss/c0d0\n");
	synth_select_add(self->s, SYNTH_MATCH_SYSNAME, "cciss/*");
	SELECTS("cciss!c0d0");
	synth_select_add(self->s, SYNTH_MATCH_SYSNAME, "loop?");
	SELECTS("cciss!c0d0 loop0");
}

TEST_F(sel, attr_match_value_and_presence_all_of)
{
	synth_select_add(self->s, SYNTH_MATCH_ATTR, "size=[0-9]*");
	synth_select_add(self->s, SYNTH_MATCH_ATTR, "partition");
	SELECTS("sda1");
}

TEST_F(sel, attr_nomatch)
{
	synth_select_add(self->s, SYNTH_NOMATCH_ATTR, "size");
	SELECTS("0000:00:1f.2 null zero lo");
}

TEST_F(sel, property_from_uevent_and_database_any_of)
{
	synth_select_add(self->s, SYNTH_MATCH_PROPERTY, "DEVTYPE=partition");
	synth_select_add(self->s, SYNTH_MATCH_PROPERTY, "ID_FS_TYPE=ext*");
	SELECTS("sda1 loop0");
}

TEST_F(sel, tags_all_of)
{
	synth_select_add(self->s, SYNTH_MATCH_TAG, "systemd");
	SELECTS("loop0 lo");
	synth_select_add(self->s, SYNTH_MATCH_TAG, "net");
	SELECTS("lo");
}

TEST_F(sel, parent_match_keeps_it_and_below)
{
	char path[PATH_MAX + 128];

	snprintf(path, sizeof(path), "%s/" SDA, self->root);
	ASSERT_EQ(0, synth_select_add(self->s, SYNTH_MATCH_PARENT, path));
	SELECTS("sda sda1");
}

TEST_F(sel, parent_that_does_not_exist)
{
	char path[PATH_MAX + 32];

	snprintf(path, sizeof(path), "%s/devices/nothing", self->root);
	EXPECT_EQ(-ENODEV, synth_select_add(self->s, SYNTH_MATCH_PARENT, path));
}

TEST_F(sel, initialized)
{
	synth_select_set_initialized(self->s, SYNTH_INITIALIZED_YES);
	SELECTS("loop0 lo");
	synth_select_set_initialized(self->s, SYNTH_INITIALIZED_NO);
	SELECTS("0000:00:1f.2 sda sda1 null zero");
}

TEST_F(sel, include_parents)
{
	synth_select_add(self->s, SYNTH_MATCH_SYSNAME, "sda1");
	synth_select_set_include_parents(self->s, true);
	SELECTS("0000:00:1f.2 sda sda1");
}

TEST_F(sel, subsystems)
{
	synth_select_set_type(self->s, SYNTH_SELECT_SUBSYSTEMS);
	SELECTS("bus/pci bus/pci/drivers/ahci module/loop");
}

/* udevd keeps a driver's entry as +drivers:BUS:NAME. */
TEST_F(sel, initialized_driver)
{
	put(self->run, "data/+drivers:pci:ahci", "E:DRIVER_SEEN=1\n");
	synth_select_set_type(self->s, SYNTH_SELECT_SUBSYSTEMS);
	synth_select_set_initialized(self->s, SYNTH_INITIALIZED_YES);
	SELECTS("bus/pci/drivers/ahci");
	synth_select_add(self->s, SYNTH_MATCH_PROPERTY, "DRIVER_SEEN=1");
	synth_select_set_initialized(self->s, SYNTH_INITIALIZED_ANY);
	SELECTS("bus/pci/drivers/ahci");
}

TEST_F(sel, prioritized_subsystems_first)
{
	synth_select_add(self->s, SYNTH_PRIORITIZED_SUBSYSTEM, "net,mem");
	SELECTS("lo null zero 0000:00:1f.2 sda sda1 loop0");
}

/*
 * udevadm's order, as udevadm 262 listed this tree (-n -v): md and dm
 * block devices (and their partitions) after every other device, so that
 * a stacked device's event comes after its lower devices'.
 */
TEST_F(sel, md_and_dm_after_every_other_device)
{
	char *r = self->root;

	device(r, "devices/virtual/block/dm-0", "class", "block",
	       "MAJOR=253\nMINOR=0\nDEVNAME=dm-0\n");
	device(r, "devices/virtual/block/md0", "class", "block",
	       "MAJOR=9\nMINOR=0\nDEVNAME=md0\n");
	device(r, "devices/virtual/block/md0/md0p1", "class", "block",
	       "MAJOR=259\nMINOR=0\nDEVNAME=md0p1\n");
	device(r, "devices/virtual/block/nbd0", "class", "block",
	       "MAJOR=43\nMINOR=0\nDEVNAME=nbd0\n");
	device(r, "devices/virtual/block/zram0", "class", "block",
	       "MAJOR=251\nMINOR=0\nDEVNAME=zram0\n");
	SELECTS("0000:00:1f.2 sda sda1 loop0 nbd0 zram0 null zero lo "
		"dm-0 md0 md0p1");
	/* Within a prioritized subsystem's batch, late too. */
	synth_select_add(self->s, SYNTH_PRIORITIZED_SUBSYSTEM, "block");
	SELECTS("0000:00:1f.2 sda sda1 loop0 nbd0 zram0 dm-0 md0 md0p1 "
		"null zero lo");
}

/*
 * Paths compare component by component, as systemd's path_compare():
 * a directory's entries before a sibling whose name goes on with a byte
 * below '/' ('-', '.').
 */
TEST_F(sel, paths_in_order_component_by_component)
{
	put(self->root, "bus/serial/uevent", "");
	put(self->root, "bus/serial/drivers/port/uevent", "");
	put(self->root, "bus/serial-base/uevent", "");
	synth_select_set_type(self->s, SYNTH_SELECT_SUBSYSTEMS);
	SELECTS("bus/pci bus/pci/drivers/ahci bus/serial "
		"bus/serial/drivers/port bus/serial-base module/loop");
}

/*
 * A prioritized subsystem's batch brings the selected parents of its
 * devices along (the disk's PCI controller), as udevadm 262 does; a
 * parent not selected is not added.
 */
TEST_F(sel, prioritized_subsystems_bring_their_selected_parents)
{
	synth_select_add(self->s, SYNTH_PRIORITIZED_SUBSYSTEM, "block");
	SELECTS("0000:00:1f.2 sda sda1 loop0 null zero lo");
	synth_select_add(self->s, SYNTH_MATCH_SUBSYSTEM, "block");
	synth_select_add(self->s, SYNTH_MATCH_SUBSYSTEM, "mem");
	SELECTS("sda sda1 loop0 null zero");
}

/*
 * Below a sound card, its control devices come after the card's others
 * (the kernel creates them last; programs wait for the control node's
 * ACL), card by card.
 */
TEST_F(sel, a_sound_cards_control_device_after_its_others)
{
	static const char *const names[] = {
		"controlC0", "hwC0D0", "pcmC0D0p", "pcmC0D0c",
	};
	char *r = self->root, rel[PATH_MAX];
	size_t i;

	device(r, "devices/pci0000:00/0000:00:1b.0/sound/card0", "class",
	       "sound", "");
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(rel, sizeof(rel),
			 "devices/pci0000:00/0000:00:1b.0/sound/card0/%s",
			 names[i]);
		device(r, rel, "class", "sound", "");
	}
	device(r, "devices/pci0000:00/0000:00:1b.0/sound/card0/input5",
	       "class", "input", "");
	device(r, "devices/pci0000:00/0000:00:1b.0/sound/card0/input5/event5",
	       "class", "input", "");
	device(r, "devices/pci0000:00/0000:00:1c.0/sound/card1", "class",
	       "sound", "");
	device(r, "devices/pci0000:00/0000:00:1c.0/sound/card1/controlC1",
	       "class", "sound", "");
	device(r, "devices/pci0000:00/0000:00:1c.0/sound/card1/pcmC1D0p",
	       "class", "sound", "");
	device(r, "devices/virtual/sound/timer", "class", "sound", "");
	synth_select_add(self->s, SYNTH_MATCH_SUBSYSTEM, "sound");
	synth_select_add(self->s, SYNTH_MATCH_SUBSYSTEM, "input");
	SELECTS("card0 hwC0D0 input5 event5 pcmC0D0c pcmC0D0p controlC0 "
		"card1 pcmC1D0p controlC1 timer");
}

TEST_F(sel, malformed_patterns)
{
	EXPECT_EQ(-EINVAL, synth_select_add(self->s, SYNTH_MATCH_PROPERTY, "NOEQ"));
	EXPECT_EQ(-EINVAL, synth_select_add(self->s, SYNTH_MATCH_ATTR, "../x"));
	EXPECT_EQ(-EINVAL, synth_select_add(self->s, SYNTH_MATCH_SUBSYSTEM, ""));
}

TEST_F(sel, trigger_takes_only_a_selection_below_sys)
{
	struct synth_trigger *t = synth_trigger_new();
	struct result res;
	char out[4096];

	ASSERT_NE(NULL, t);
	synth_select_add(self->s, SYNTH_MATCH_SUBSYSTEM, "mem");
	EXPECT_STREQ("null zero", run(_metadata, self, out, sizeof(out)));
	/* Not below /sys: refused, and nothing taken from either side. */
	EXPECT_EQ(-EINVAL, synth_trigger_add_selection(t, self->s));
	EXPECT_EQ(0, synth_trigger_count(t));
	EXPECT_EQ(-EINVAL, synth_trigger_add_selection(t, self->s));
	EXPECT_EQ(-ERANGE, get_result(t, 0, &res));
	synth_trigger_free(t);
}

#define SELECTS_PATHS(expected) do { \
	char out[4096]; \
	EXPECT_STREQ(expected, \
		     run_as(_metadata, self, out, sizeof(out), true)); \
} while (0)

/*
 * A class's devices that share a glue directory are taken from its
 * listing, not each read from its link: devices in two of them, and
 * their names in any order, are each found at their own path.
 */
TEST_F(sel, class_devices_in_two_glue_directories)
{
	static const char *const names[] = {
		"tty3", "ttyS0", "tty0", "tty5", "ttyS1", "tty1", "tty4",
		"tty2",
	};
	char rel[PATH_MAX];
	size_t i;

	device(self->root, "devices/pnp0/00:00", "bus", "pnp", "");
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(rel, sizeof(rel), "devices/%s/tty/%s",
			 strncmp(names[i], "ttyS", 4) ? "virtual" :
			 "pnp0/00:00", names[i]);
		device(self->root, rel, "class", "tty", "");
	}
	synth_select_add(self->s, SYNTH_MATCH_SUBSYSTEM, "tty");
	SELECTS_PATHS("devices/pnp0/00:00/tty/ttyS0 "
		      "devices/pnp0/00:00/tty/ttyS1 "
		      "devices/virtual/tty/tty0 devices/virtual/tty/tty1 "
		      "devices/virtual/tty/tty2 devices/virtual/tty/tty3 "
		      "devices/virtual/tty/tty4 devices/virtual/tty/tty5");
}

/*
 * Class devices directly below a device (as below a parent of their own
 * class) share a directory that holds other devices too: it has a uevent
 * file, and is never taken for a glue directory, even named as the class.
 * m5 of that directory is a platform device; the class's m5 is elsewhere.
 */
TEST_F(sel, a_device_directory_is_never_taken_for_glue)
{
	char *r = self->root;

	device(r, "devices/platform/misc", "bus", "platform", "");
	device(r, "devices/platform/misc/m1", "class", "misc", "");
	device(r, "devices/platform/misc/m2", "class", "misc", "");
	device(r, "devices/platform/misc/m5", "bus", "platform", "");
	device(r, "devices/virtual/misc/m5", "class", "misc", "");
	device(r, "devices/platform/misc/m3", "class", "misc", "");
	device(r, "devices/platform/misc/m4", "class", "misc", "");
	synth_select_add(self->s, SYNTH_MATCH_SUBSYSTEM, "misc");
	SELECTS_PATHS("devices/platform/misc/m1 devices/platform/misc/m2 "
		      "devices/platform/misc/m3 devices/platform/misc/m4 "
		      "devices/virtual/misc/m5");
}

/*
 * A class of links to other classes' devices (a compatibility class): the
 * glue directory of foo is not compat's, and its d is not compat's d.
 */
TEST_F(sel, a_glue_directory_of_another_class_is_not_taken)
{
	static const char *const names[] = { "a", "b", "d", "c" };
	char *r = self->root, rel[PATH_MAX], target[PATH_MAX];
	size_t i;

	device(r, "devices/pci0/d", "bus", "pci", "");
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(rel, sizeof(rel), "devices/virtual/foo/%s", names[i]);
		device(r, rel, "class", "foo", "");
		snprintf(rel, sizeof(rel), "class/compat/%s", names[i]);
		snprintf(target, sizeof(target), "../../devices/%s/%s",
			 strcmp(names[i], "d") ? "virtual/foo" : "pci0",
			 names[i]);
		link_to(r, rel, target);
	}
	synth_select_add(self->s, SYNTH_MATCH_SUBSYSTEM, "compat");
	SELECTS_PATHS("devices/pci0/d devices/virtual/foo/a "
		      "devices/virtual/foo/b devices/virtual/foo/c");
}

TEST(trigger_takes_a_selection_of_sys)
{
	struct synth_select *s = synth_select_new("/sys", "/run/udev");
	struct synth_trigger *t = synth_trigger_new();
	const char *const *paths;
	struct result res;
	size_t n;

	ASSERT_NE(NULL, s);
	ASSERT_NE(NULL, t);
	if (access("/sys/devices/virtual/mem/null/uevent", F_OK))
		SKIP(goto out, "no /sys/devices/virtual/mem/null here");
	ASSERT_EQ(0, synth_select_add(s, SYNTH_MATCH_SUBSYSTEM, "mem"));
	ASSERT_EQ(0, synth_select_add(s, SYNTH_MATCH_SYSNAME, "null"));
	ASSERT_EQ(0, synth_select_add(s, SYNTH_MATCH_SYSNAME, "zero"));
	ASSERT_EQ(0, synth_select_run(s, &paths, &n));
	ASSERT_EQ(2, n);
	ASSERT_EQ(0, synth_trigger_add_device(t, "/sys/devices/virtual/mem/full"));
	EXPECT_EQ(-EINVAL, synth_trigger_add_device(t, "/dev/null"));
	ASSERT_EQ(0, synth_trigger_add_selection(t, s));
	ASSERT_EQ(3, synth_trigger_count(t));
	ASSERT_EQ(0, get_result(t, 0, &res));
	EXPECT_STREQ("/sys/devices/virtual/mem/full", res.syspath);
	ASSERT_EQ(0, get_result(t, 1, &res));
	EXPECT_STREQ("/sys/devices/virtual/mem/null", res.syspath);
	EXPECT_EQ(SYNTH_PENDING, res.outcome);
	EXPECT_EQ(0, res.seqnum);
	ASSERT_EQ(0, get_result(t, 2, &res));
	EXPECT_STREQ("/sys/devices/virtual/mem/zero", res.syspath);
	EXPECT_EQ(-ERANGE, get_result(t, 3, &res));
	/* The selection was taken: it can run again for a new one. */
	ASSERT_EQ(0, synth_select_run(s, &paths, &n));
	EXPECT_EQ(2, n);
out:
	synth_trigger_free(t);
	synth_select_free(s);
}

TEST_HARNESS_MAIN
