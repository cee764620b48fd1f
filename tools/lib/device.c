// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What udevadm's filters look at, read from sysfs and udevd's database:
 * subsystem, sysname, attributes, uevent properties, the database entry
 * (properties "E:", tags "G:") and whether there is one.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "device.h"
#include "glob.h"
#include "path.h"

/* Read a small file into BUF, without the trailing white space. */
static int read_small(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -errno;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' ' ||
			 buf[n - 1] == '\t'))
		n--;
	buf[n] = '\0';
	return 0;
}

void device_init(struct device *d, const char *root, const char *run_udev,
		 const char *syspath)
{
	const char *base;

	memset(d, 0, sizeof(*d));
	d->root = root;
	d->run_udev = run_udev;
	d->syspath = syspath;
	base = strrchr(syspath, '/');
	snprintf(d->sysname, sizeof(d->sysname), "%s", base ? base + 1 : syspath);
	/* udev spells '!' in a sysname as '/'. */
	for (char *c = d->sysname; *c; c++)
		if (*c == '!')
			*c = '/';
}

/* Read when first asked for: most selections never need it. */
const char *device_subsystem(struct device *d)
{
	char link[PATH_MAX], path[PATH_MAX];
	const char *base;
	ssize_t n;

	if (d->subsystem_loaded)
		return d->subsystem;
	d->subsystem_loaded = true;
	path_fmt(path, sizeof(path), "%s/subsystem", d->syspath);
	n = readlink(path, link, sizeof(link) - 1);
	if (n > 0) {
		link[n] = '\0';
		base = strrchr(link, '/');
		snprintf(d->subsystem, sizeof(d->subsystem), "%.63s",
			 base ? base + 1 : link);
	} else {
		/* Not a device: what udev calls these. */
		size_t rl = strlen(d->root);

		if (!strncmp(d->syspath + rl, "/module/", 8))
			strcpy(d->subsystem, "module");
		else if (strstr(d->syspath + rl, "/drivers/"))
			strcpy(d->subsystem, "drivers");
		else if (!strncmp(d->syspath + rl, "/bus/", 5) ||
			 !strncmp(d->syspath + rl, "/class/", 7))
			strcpy(d->subsystem, "subsystem");
	}
	return d->subsystem;
}

void device_free(struct device *d)
{
	free(d->uevent);
	free(d->db);
	d->uevent = d->db = NULL;
}

int device_attr(const struct device *d, const char *attr, char *buf,
		size_t size)
{
	char path[PATH_MAX];

	if (strstr(attr, ".."))
		return -EINVAL;
	path_fmt(path, sizeof(path), "%s/%s", d->syspath, attr);
	return read_small(path, buf, size);
}

static char *slurp(const char *path)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	for (;;) {
		if (len + 1024 > cap) {
			char *p = realloc(buf, cap + 4096);

			if (!p)
				break;
			buf = p;
			cap += 4096;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n <= 0)
			break;
		len += n;
	}
	close(fd);
	if (buf)
		buf[len] = '\0';
	return buf;
}

/* The value of KEY in a text of lines "KEY=VALUE" (after PREFIX), or NULL. */
static const char *lines_get(const char *text, const char *prefix,
			     const char *key, char *buf, size_t size)
{
	size_t plen = strlen(prefix), klen = strlen(key);
	const char *s = text;

	while (s && *s) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);

		if (len > plen + klen && !strncmp(s, prefix, plen) &&
		    !strncmp(s + plen, key, klen) && s[plen + klen] == '=') {
			size_t vlen = len - plen - klen - 1;

			if (vlen >= size)
				vlen = size - 1;
			memcpy(buf, s + plen + klen + 1, vlen);
			buf[vlen] = '\0';
			return buf;
		}
		s = nl ? nl + 1 : NULL;
	}
	return NULL;
}

static void load_uevent(struct device *d)
{
	char path[PATH_MAX];

	if (d->uevent_loaded)
		return;
	d->uevent_loaded = true;
	path_fmt(path, sizeof(path), "%s/uevent", d->syspath);
	d->uevent = slurp(path);
}

/* udevd's database id: b/c MAJ:MIN, nIFINDEX, or +SUBSYSTEM:SYSNAME. */
static void load_db(struct device *d)
{
	char id[512], path[PATH_MAX], val[64];
	const char *major, *minor, *ifindex;
	char maj[32], min[32];

	if (d->db_loaded)
		return;
	d->db_loaded = true;
	load_uevent(d);
	major = d->uevent ? lines_get(d->uevent, "", "MAJOR", maj, sizeof(maj)) : NULL;
	minor = d->uevent ? lines_get(d->uevent, "", "MINOR", min, sizeof(min)) : NULL;
	ifindex = d->uevent ? lines_get(d->uevent, "", "IFINDEX", val, sizeof(val)) : NULL;
	if (major && minor)
		snprintf(id, sizeof(id), "%c%s:%s",
			 strcmp(device_subsystem(d), "block") ? 'c' : 'b',
			 major, minor);
	else if (ifindex)
		snprintf(id, sizeof(id), "n%s", ifindex);
	else if (!strcmp(device_subsystem(d), "drivers"))
		/* udevd keys a driver by its bus: +drivers:BUS:NAME. */
		snprintf(id, sizeof(id), "+drivers:%.*s:%.255s",
			 (int)strcspn(d->syspath + strlen(d->root) + 5, "/"),
			 d->syspath + strlen(d->root) + 5,
			 strrchr(d->syspath, '/') + 1);
	else
		snprintf(id, sizeof(id), "+%s:%.255s", device_subsystem(d),
			 strrchr(d->syspath, '/') + 1);
	if (path_fmt(path, sizeof(path), "%s/data/%s", d->run_udev, id))
		return;
	d->db = slurp(path);
}

bool device_initialized(struct device *d)
{
	load_db(d);
	return d->db != NULL;
}

const char *device_property(struct device *d, const char *key, char *buf,
			    size_t size)
{
	const char *v = NULL;

	load_uevent(d);
	if (!strcmp(key, "SUBSYSTEM")) {
		snprintf(buf, size, "%s", device_subsystem(d));
		return buf;
	}
	if (d->uevent)
		v = lines_get(d->uevent, "", key, buf, size);
	if (!v) {
		load_db(d);
		if (d->db)
			v = lines_get(d->db, "E:", key, buf, size);
	}
	return v;
}

bool device_has_tag(struct device *d, const char *glob, bool c_collation)
{
	const char *s;

	load_db(d);
	for (s = d->db; s && *s;) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		char tag[256];

		if (len > 2 && len - 2 < sizeof(tag) && !strncmp(s, "G:", 2)) {
			memcpy(tag, s + 2, len - 2);
			tag[len - 2] = '\0';
			if (glob_match(glob, tag, c_collation))
				return true;
		}
		s = nl ? nl + 1 : NULL;
	}
	return false;
}

int device_from_devnode(const char *root, const char *devnode, char *syspath)
{
	char path[PATH_MAX];
	struct stat st;

	if (stat(devnode, &st))
		return -errno;
	if (!S_ISBLK(st.st_mode) && !S_ISCHR(st.st_mode))
		return -ENOTBLK;
	path_fmt(path, sizeof(path), "%s/dev/%s/%u:%u", root,
		 S_ISBLK(st.st_mode) ? "block" : "char", major(st.st_rdev),
		 minor(st.st_rdev));
	if (!realpath(path, syspath))
		return -errno;
	return 0;
}
