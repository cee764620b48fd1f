// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * udevadm's ways of naming a device (its find_device(), systemd 262): a
 * /sys/... or /dev/... path anywhere; for --name-match a name relative to
 * /dev (sda, disk/by-id/...), for -b a devpath or a path relative to /sys
 * (/devices/..., devices/...), each tried after the word as it is; and a
 * systemd device unit name (dev-sda.device, sys-devices-...device),
 * unescaped to its path as udevadm does when it has no system bus to ask
 * systemd (a device unit's name is its escaped path).  udevadm's device
 * ids (b8:0, c1:3, n1, +pci:...) are not taken.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "devarg.h"

/* systemd's limit on a unit name's length, and the characters of one. */
#define UNIT_NAME_MAX	256
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
