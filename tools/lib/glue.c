// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A class's glue directory and its names (see glue.h).  The selection looks
 * an entry of ROOT/class/CLASS up here before it reads the entry's link: one
 * directory read, instead of a readlinkat() for each of the class's devices
 * that share a parent (every dummy netdev is in ROOT/devices/virtual/net).
 *
 * Why a name found here is the device the class entry links to: a class's
 * device names are unique (the class directory holds one link per name),
 * and the glue directory named as the class holds only that class's
 * devices, each in a directory named as it is (get_device_parent() in the
 * driver core).  Class devices whose parent is a class device live in that
 * parent's directory, which has a uevent file: such a parent is never
 * taken for a glue directory.  This holds at one instant: a device removed
 * or renamed since the listing (the link goes before the directory) is
 * written to and fails, or is reported vanished, as any device that goes
 * while it is triggered; none is ever taken for another.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "glue.h"

/* FNV-1a: names of a directory differ mostly in their last bytes. */
static size_t hash(const char *s)
{
	size_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

void glue_clear(struct glue *g)
{
	pathv_clear(&g->names);
	free(g->set);
	g->set = NULL;
	g->mask = 0;
	g->path[0] = '\0';
	g->next = 0;
}

/* The set of G's names, at most half full. */
static int hash_names(struct glue *g)
{
	size_t i, size = 16;

	while (size < 2 * g->names.n)
		size *= 2;
	g->set = calloc(size, sizeof(*g->set));
	if (!g->set)
		return -ENOMEM;
	g->mask = size - 1;
	for (i = 0; i < g->names.n; i++) {
		size_t k = hash(g->names.items[i]) & g->mask;

		while (g->set[k])
			k = (k + 1) & g->mask;
		g->set[k] = g->names.items[i];
	}
	return 0;
}

int glue_load(struct glue *g, const char *path, const char *class)
{
	const char *base = strrchr(path, '/');
	size_t len = strlen(path);
	struct dirent *e;
	DIR *d;
	int fd, r = 0;

	glue_clear(g);
	if (!base || strcmp(base + 1, class) || len >= sizeof(g->path))
		return -EINVAL;
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* A device's directory, not a glue directory. */
	if (!faccessat(fd, "uevent", F_OK, 0) || errno != ENOENT) {
		close(fd);
		return -ENOTDIR;
	}
	d = fdopendir(fd);
	if (!d) {
		r = -errno;
		close(fd);
		return r;
	}
	while (!r && (e = readdir(d)))
		if (e->d_name[0] != '.' && e->d_type == DT_DIR)
			r = pathv_push(&g->names, e->d_name);
	closedir(d);
	if (!r)
		r = hash_names(g);
	if (r) {
		glue_clear(g);
		return r;
	}
	memcpy(g->path, path, len + 1);
	return 0;
}

bool glue_has(struct glue *g, const char *name)
{
	size_t k;

	if (!g->set)
		return false;
	/* Both directories list their names in kernfs's order, mostly. */
	if (g->next < g->names.n && !strcmp(g->names.items[g->next], name)) {
		g->next++;
		return true;
	}
	for (k = hash(name) & g->mask; g->set[k]; k = (k + 1) & g->mask)
		if (!strcmp(g->set[k], name))
			return true;
	return false;
}
