// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The scan of sysfs for a selection (select.h): the candidates, found under
 * ROOT/bus/X/devices and ROOT/class/X, the subsystems as ROOT/bus/X,
 * ROOT/bus/X/drivers/Y and ROOT/module/Z, or every directory with a uevent
 * file below a parent, as udevd's enumerator finds them; most of the cost
 * of a selection among thousands of devices is here, in system calls.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "glue.h"
#include "path.h"
#include "pathv.h"
#include "select.h"

/*
 * LINK, read from the entry of the canonical directory DIR, as the path of
 * a device: a relative link to a directory below ROOT/devices, whose
 * components are all directories (kernfs makes them so), is resolved by
 * hand instead of by realpath()'s system call per component.  False for
 * any other link.
 */
static bool device_link(const struct synth_select *s, const char *dir,
			const char *link, char *out)
{
	size_t len = strlen(dir), n;
	const char *p = link, *c;

	if (link[0] == '/' || len >= PATH_MAX)
		return false;
	memcpy(out, dir, len + 1);
	for (; !strncmp(p, "../", 3); p += 3) {
		char *slash = strrchr(out, '/');

		if (!slash || slash == out)
			return false;
		*slash = '\0';
		len = slash - out;
	}
	/* What is left: names only, no ".", ".." or empty component. */
	for (c = p; *c; c += n + (c[n] == '/')) {
		n = strcspn(c, "/");
		if (!n || (n == 1 && c[0] == '.') ||
		    (n == 2 && c[0] == '.' && c[1] == '.'))
			return false;
	}
	n = strlen(p);
	if (!n || p[n - 1] == '/' || len + 1 + n >= PATH_MAX)
		return false;
	out[len] = '/';
	memcpy(out + len + 1, p, n + 1);
	return s->devices_len && !strncmp(out, s->devices, s->devices_len) &&
	       out[s->devices_len] == '/';
}

/*
 * The glue directories of a class, each taken once two of the class's
 * entries in a row were found in it: listed (if it is a glue directory:
 * see glue.h), and later entries looked up there.  A few at most: a
 * class's devices are mostly in one or two (ROOT/devices/virtual/tty and
 * a serial port's), and a name is the class's in any of them.
 */
#define GLUES_MAX	4

struct class_scan {
	struct glue glue[GLUES_MAX];
	unsigned int glues;	/* loaded */
	char last[PATH_MAX];	/* parent of the last entry read as a link */
	unsigned int in_last;	/* how many in a row were found there */
};

static void class_scan_reset(struct class_scan *cs)
{
	unsigned int i;

	for (i = 0; i < cs->glues; i++)
		glue_clear(&cs->glue[i]);
	cs->glues = 0;
	cs->last[0] = '\0';
	cs->in_last = 0;
}

/* The glue directory that lists NAME, or NULL. */
static const struct glue *class_scan_find(struct class_scan *cs,
					  const char *name)
{
	unsigned int i;

	for (i = 0; i < cs->glues; i++)
		if (glue_has(&cs->glue[i], name))
			return &cs->glue[i];
	return NULL;
}

static void class_scan_seen(struct class_scan *cs, const char *class,
			    const char *syspath)
{
	size_t len = strrchr(syspath, '/') - syspath;

	if (strncmp(cs->last, syspath, len) || cs->last[len]) {
		memcpy(cs->last, syspath, len);
		cs->last[len] = '\0';
		cs->in_last = 0;
	}
	/* Not a glue directory, or no memory: the links are read. */
	if (++cs->in_last == 2 && cs->glues < GLUES_MAX &&
	    !glue_load(&cs->glue[cs->glues], cs->last, class))
		cs->glues++;
}

/*
 * The device the link NAME of the canonical directory CANON (open as DFD)
 * leads to, into REAL (PATH_MAX): found in a glue directory of CS's class,
 * else read with one readlinkat().  False when it is no link to a device.
 */
static bool link_device(const struct synth_select *s, int dfd,
			const char *canon, const char *subsystem,
			struct class_scan *cs, const char *name, char *real)
{
	const struct glue *g;
	char link[PATH_MAX];
	ssize_t n;

	if (cs && (g = class_scan_find(cs, name)) &&
	    !path_join(real, PATH_MAX, g->path, name))
		return true;
	n = readlinkat(dfd, name, link, sizeof(link) - 1);
	if (n <= 0)
		return false;
	link[n] = '\0';
	if (!device_link(s, canon, link, real))
		return false;
	if (cs)
		class_scan_seen(cs, subsystem, real);
	return true;
}

/*
 * Add each entry of DIR (of SUBSYSTEM, as udev calls what is found there)
 * that has a uevent file to OUT, resolved.  A link to a device costs one
 * readlinkat(): every device has a uevent file.  With CS, DIR is a class's:
 * an entry found in the class's glue directory costs nothing.
 */
static int scan_dir(const struct synth_select *s, const char *dir,
		    const char *subsystem, struct class_scan *cs,
		    struct pathv *out)
{
	char canon[PATH_MAX], path[PATH_MAX];
	char real[PATH_MAX], uevent[NAME_MAX + 8];
	struct dirent *e;
	DIR *d;
	int dfd, r = 0;

	if (!select_subsystem_passes(s, subsystem))
		return 0;
	if (!realpath(dir, canon))
		return errno == ENOENT || errno == ENOTDIR ? 0 : -errno;
	d = opendir(canon);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	dfd = dirfd(d);
	while (!r && (e = readdir(d))) {
		if (e->d_name[0] == '.' || !select_name_passes(s, e->d_name))
			continue;
		if ((e->d_type == DT_LNK || e->d_type == DT_UNKNOWN) &&
		    link_device(s, dfd, canon, subsystem, cs, e->d_name,
				real)) {
			r = pathv_push(out, real);
			continue;
		}
		/* Anything else: resolved and checked the long way. */
		path_fmt(uevent, sizeof(uevent), "%s/uevent", e->d_name);
		if (faccessat(dfd, uevent, F_OK, 0))
			continue;
		if (path_fmt(path, sizeof(path), "%s/%s", canon, e->d_name) ||
		    !realpath(path, real))
			continue;
		/* Duplicates (bus and class views) go when sorted. */
		r = pathv_push(out, real);
	}
	closedir(d);
	return r;
}

/* Call FN for each subdirectory name of DIR. */
static int for_each_subdir(const char *dir, int (*fn)(const char *dir,
						      const char *name,
						      void *data),
			   void *data)
{
	struct dirent *e;
	DIR *d = opendir(dir);
	int r = 0;

	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while (!r && (e = readdir(d)))
		if (e->d_name[0] != '.')
			r = fn(dir, e->d_name, data);
	closedir(d);
	return r;
}

/* Add DIR and every directory below it that has a uevent file. */
static int walk_tree(const char *dir, struct pathv *out, int depth)
{
	char path[PATH_MAX], uevent[PATH_MAX + 8];
	struct dirent *e;
	DIR *d;
	int r = 0;

	path_fmt(uevent, sizeof(uevent), "%s/uevent", dir);
	if (!access(uevent, F_OK))
		r = pathv_push(out, dir);
	if (r || depth > 64)
		return r;
	d = opendir(dir);
	if (!d)
		return 0;
	while (!r && (e = readdir(d))) {
		/* Directories only: links lead back up or across the tree. */
		if (e->d_name[0] == '.' || e->d_type != DT_DIR)
			continue;
		if (!path_fmt(path, sizeof(path), "%s/%s", dir, e->d_name))
			r = walk_tree(path, out, depth + 1);
	}
	closedir(d);
	return r;
}

struct scan {
	struct synth_select *s;
	struct pathv *out;
	const char *sub;	/* "devices" or "drivers" below a bus */
	struct class_scan *cs;	/* while the classes are scanned */
};

static int scan_bus_entry(const char *dir, const char *name, void *data)
{
	struct scan *sc = data;
	char path[PATH_MAX];

	/* A bus's devices are of the bus; its drivers are "drivers". */
	path_fmt(path, sizeof(path), "%s/%s/%s", dir, name, sc->sub);
	return scan_dir(sc->s, path,
			strcmp(sc->sub, "devices") ? "drivers" : name, NULL,
			sc->out);
}

static int scan_class_entry(const char *dir, const char *name, void *data)
{
	struct scan *sc = data;
	char path[PATH_MAX];

	class_scan_reset(sc->cs);
	path_join(path, sizeof(path), dir, name);
	/*
	 * A glue directory is listed whole: worth it when every name of the
	 * class is looked up, not for a few that a sysname filter lets pass
	 * (100 of 10 000 netdevs), whose links are read as before.
	 */
	return scan_dir(sc->s, path, name,
			sc->s->match[SYNTH_MATCH_SYSNAME].n ? NULL : sc->cs,
			sc->out);
}

int scan_add_parents(const struct synth_select *s, struct pathv *out)
{
	size_t i, n = out->n;
	char path[PATH_MAX], uevent[PATH_MAX + 8];
	char devices[PATH_MAX];
	int r = 0;

	snprintf(devices, sizeof(devices), "%s/devices", s->root);
	for (i = 0; i < n && !r; i++) {
		char *slash;

		path_fmt(path, sizeof(path), "%s", out->items[i]);
		while (!r && (slash = strrchr(path, '/')) &&
		       slash > path + strlen(devices)) {
			*slash = '\0';
			path_fmt(uevent, sizeof(uevent), "%s/uevent", path);
			if (!access(uevent, F_OK))
				r = pathv_push(out, path);
		}
	}
	return r;
}

/*
 * The candidates of S into S->result, unsorted: its parents' trees, or the
 * devices of every bus and class, and the subsystems, drivers and modules,
 * as its type asks; the subsystem and sysname filters applied on the way.
 */
int scan_sysfs(struct synth_select *s)
{
	struct scan sc = { .s = s, .out = &s->result, .cs = NULL };
	char dir[PATH_MAX];
	size_t i;
	int r = 0;

	/* Without it, every entry is resolved the long way. */
	if (!realpath(s->root, dir) ||
	    path_fmt(s->devices, sizeof(s->devices), "%s/devices", dir))
		s->devices[0] = '\0';
	s->devices_len = strlen(s->devices);
	if (s->match[SYNTH_MATCH_PARENT].n) {
		for (i = 0; !r && i < s->match[SYNTH_MATCH_PARENT].n; i++)
			r = walk_tree(s->match[SYNTH_MATCH_PARENT].items[i],
				      &s->result, 0);
	} else if (s->type != SYNTH_SELECT_SUBSYSTEMS) {
		sc.sub = "devices";
		path_fmt(dir, sizeof(dir), "%s/bus", s->root);
		r = for_each_subdir(dir, scan_bus_entry, &sc);
		path_fmt(dir, sizeof(dir), "%s/class", s->root);
		/* One for all classes. */
		sc.cs = r ? NULL : calloc(1, sizeof(*sc.cs));
		if (!r && !sc.cs)
			r = -ENOMEM;
		if (!r) {
			r = for_each_subdir(dir, scan_class_entry, &sc);
			class_scan_reset(sc.cs);
		}
		free(sc.cs);
		sc.cs = NULL;
	}
	if (!r && s->type != SYNTH_SELECT_DEVICES &&
	    !s->match[SYNTH_MATCH_PARENT].n) {
		path_fmt(dir, sizeof(dir), "%s/bus", s->root);
		r = scan_dir(s, dir, "subsystem", NULL, &s->result);
		sc.sub = "drivers";
		if (!r)
			r = for_each_subdir(dir, scan_bus_entry, &sc);
		path_fmt(dir, sizeof(dir), "%s/module", s->root);
		if (!r)
			r = scan_dir(s, dir, "module", NULL, &s->result);
	}
	return r;
}
