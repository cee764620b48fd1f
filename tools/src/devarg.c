// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * udevadm's ways of naming a device (its find_device(), systemd 262): a
 * /sys/... or /dev/... path anywhere; for --name-match a name relative to
 * /dev (sda, disk/by-id/...), for -b a devpath or a path relative to /sys
 * (/devices/..., devices/...), each tried after the word as it is; and a
 * systemd device unit name (dev-sda.device, sys-devices-...device),
 * unescaped to its path as udevadm does when it has no system bus to ask
 * systemd (a device unit's name is its escaped path); before all these,
 * udevd's device ids of a device that is there (b8:0, c1:3, n2 for an
 * ifindex, +SUBSYSTEM:SYSNAME), found below /sys.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "devarg.h"

/* systemd's limit on a unit name's length, and the characters of one. */
#define UNIT_NAME_MAX	256
#define DIGITS		"0123456789"
#define UNIT_CHARS	"0123456789abcdefghijklmnopqrstuvwxyz" \
			"ABCDEFGHIJKLMNOPQRSTUVWXYZ:-_.\\"

static bool sys_or_dev(const char *path)
{
	return !strncmp(path, "/sys/", 5) || !strncmp(path, "/dev/", 5);
}

static int hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* No empty, "." or ".." component in the absolute PATH. */
static bool normalized(const char *path)
{
	const char *c = path + 1;
	size_t n;

	for (;; c += n + 1) {
		n = strcspn(c, "/");
		if (!n || (n == 1 && c[0] == '.') ||
		    (n == 2 && c[0] == '.' && c[1] == '.'))
			return false;
		if (!c[n])
			return true;
	}
}

/*
 * The path a device unit's name NAME stands for, allocated: '-' is '/',
 * \xNN a byte; a leading '/' put back.  NULL when NAME is no valid name of
 * a device unit (or for ENOMEM: either way the word is not taken).
 */
static char *unit_path(const char *name)
{
	size_t len = strlen(name), plen;
	const char *suffix = strrchr(name, '.');
	char *path, *t;
	size_t i;

	if (len >= UNIT_NAME_MAX || !suffix || strcmp(suffix, ".device"))
		return NULL;
	plen = suffix - name;
	if (!plen || strspn(name, UNIT_CHARS) < len ||
	    name[0] == '-' || name[plen - 1] == '-')
		return NULL;
	path = malloc(plen + 2);
	if (!path)
		return NULL;
	t = path;
	*t++ = '/';
	for (i = 0; i < plen; i++) {
		if (name[i] == '-') {
			*t++ = '/';
		} else if (name[i] != '\\') {
			*t++ = name[i];
		} else if (i + 3 < plen && name[i + 1] == 'x' &&
			   hex(name[i + 2]) >= 0 && hex(name[i + 3]) >= 0 &&
			   (hex(name[i + 2]) | hex(name[i + 3]))) {
			/* \x00 would end the path: refused. */
			*t++ = hex(name[i + 2]) << 4 | hex(name[i + 3]);
			i += 3;
		} else {
			free(path);
			return NULL;
		}
	}
	*t = '\0';
	if (!normalized(path)) {
		free(path);
		return NULL;
	}
	return path;
}

/* Does SYSPATH (PATH_MAX bytes) name a device (a uevent file)? */
static bool is_device(const char *syspath)
{
	char uevent[PATH_MAX + 8];

	snprintf(uevent, sizeof(uevent), "%s/uevent", syspath);
	return !access(uevent, F_OK);
}

/* The network interface whose ifindex is IFINDEX, into OUT. */
static bool by_ifindex(unsigned long ifindex, char *out, size_t size)
{
	DIR *d = opendir("/sys/class/net");
	struct dirent *e;
	bool found = false;

	while (d && !found && (e = readdir(d))) {
		char path[PATH_MAX];
		unsigned long v;
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/class/net/%s/ifindex",
			 e->d_name);
		f = fopen(path, "re");
		found = f && fscanf(f, "%lu", &v) == 1 && v == ifindex;
		if (f)
			fclose(f);
		if (found)
			snprintf(out, size, "/sys/class/net/%s", e->d_name);
	}
	if (d)
		closedir(d);
	return found;
}

/* SUBSYSTEM:SYSNAME as udevd keys it, into OUT ('/' of SYSNAME is '!'). */
static bool by_subsystem(const char *spec, char *out, size_t size)
{
	const char *colon = strchr(spec, ':');
	char name[NAME_MAX + 1], *c;
	int sub;

	if (!colon || colon == spec || colon - spec > NAME_MAX ||
	    !colon[1] || strlen(colon + 1) > NAME_MAX)
		return false;
	sub = colon - spec;
	strcpy(name, colon + 1);
	for (c = name; *c; c++)
		if (*c == '/')
			*c = '!';
	if (!strncmp(spec, "subsystem:", 10)) {
		snprintf(out, size, "/sys/bus/%s", name);
		if (is_device(out))
			return true;
		snprintf(out, size, "/sys/class/%s", name);
	} else if (!strncmp(spec, "module:", 7)) {
		snprintf(out, size, "/sys/module/%s", name);
	} else if (!strncmp(spec, "drivers:", 8)) {
		/* +drivers:BUS:DRIVER */
		c = strchr(name, ':');
		if (!c)
			return false;
		snprintf(out, size, "/sys/bus/%.*s/drivers/%s",
			 (int)(c - name), name, c + 1);
	} else {
		snprintf(out, size, "/sys/bus/%.*s/devices/%s", sub, spec,
			 name);
		if (is_device(out))
			return true;
		snprintf(out, size, "/sys/class/%.*s/%s", sub, spec, name);
		if (is_device(out))
			return true;
		snprintf(out, size, "/sys/firmware/%.*s/%s", sub, spec, name);
	}
	return is_device(out);
}

/*
 * udevd's id of a device that is there (b8:0, c1:3, n2, +pci:...), as
 * its /sys/... path into OUT; false for anything else.
 */
static bool device_id(const char *id, char *out, size_t size)
{
	unsigned int major, minor;
	unsigned long ifindex;

	switch (id[0]) {
	case 'b':
	case 'c':
		/* Digits, ':', digits: nothing else. */
		if (!strspn(id + 1, DIGITS) ||
		    id[1 + strspn(id + 1, DIGITS)] != ':' ||
		    strspn(strchr(id, ':') + 1, DIGITS) !=
		    strlen(strchr(id, ':') + 1) || !strchr(id, ':')[1] ||
		    sscanf(id + 1, "%u:%u", &major, &minor) != 2)
			return false;
		snprintf(out, size, "/sys/dev/%s/%u:%u",
			 id[0] == 'b' ? "block" : "char", major, minor);
		return is_device(out);
	case 'n':
		if (id[1] < '1' || id[1] > '9' ||
		    strspn(id + 1, DIGITS) != strlen(id + 1) ||
		    sscanf(id + 1, "%lu", &ifindex) != 1)
			return false;
		return by_ifindex(ifindex, out, size);
	case '+':
		return by_subsystem(id + 1, out, size);
	default:
		return false;
	}
}

static int take(const char *path, char **out)
{
	*out = strdup(path);
	return *out ? 0 : -ENOMEM;
}

int devarg_path(const char *arg, enum devarg_kind kind, char **out)
{
	char joined[PATH_MAX];
	char *unit;

	*out = NULL;
	if (device_id(arg, joined, sizeof(joined)))
		return take(joined, out);
	if (sys_or_dev(arg))
		return take(arg, out);
	joined[0] = '\0';
	if (kind != DEVARG_POSITIONAL) {
		const char *rel = arg + strspn(arg, "/");

		if (strlen(rel) + 6 > sizeof(joined) || !*rel)
			return -EINVAL;
		strcpy(joined, kind == DEVARG_NAME ? "/dev/" : "/sys/");
		strcat(joined, rel);
	}
	/* A unit name has no '/'; a file of that name is taken first. */
	if (!strchr(arg, '/') && (!joined[0] || access(joined, F_OK))) {
		unit = unit_path(arg);
		if (unit && sys_or_dev(unit)) {
			*out = unit;
			return 0;
		}
		free(unit);
	}
	return joined[0] ? take(joined, out) : -EINVAL;
}
