// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Selection of devices with the filters and semantics of udevadm trigger:
 * devices are found under ROOT/bus/X/devices and ROOT/class/X, subsystems
 * as ROOT/bus/X, ROOT/bus/X/drivers/Y and ROOT/module/Z; the subsystem,
 * sysname and property filters match any of their patterns, the attribute
 * and tag filters all of theirs, the nomatch filters none; a parent filter
 * keeps the parent and everything below it, found by walking the parent's
 * directory as udevd's enumerator does.  Patterns are fnmatch() globs.
 * The result is in udevadm's order (order.c).
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "device.h"
#include "glob.h"
#include "glue.h"
#include "internal.h"
#include "order.h"
#include "path.h"
#include "pathv.h"
#include "strv.h"

struct synth_select {
	char *root;
	char *run_udev;
	enum synth_select_type type;
	enum synth_initialized initialized;
	bool include_parents;
	/* While a run lasts: for glob_match(), and glob_fixed_len() of each
	 * sysname pattern. */
	bool c_collation;
	int *sysname_len;
	struct strv match[SYNTH_PRIORITIZED_SUBSYSTEM + 1];
	struct pathv result;
	/* While a run scans: the canonical ROOT/devices, and its length. */
	char devices[PATH_MAX];
	size_t devices_len;
};

static bool any_match(const struct synth_select *s, const struct strv *globs,
		      const char *str)
{
	size_t i;

	for (i = 0; i < globs->n; i++)
		if (glob_match(globs->items[i], str, s->c_collation))
			return true;
	return false;
}

struct synth_select *synth_select_new(const char *root, const char *run_udev)
{
	struct synth_select *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->root = strdup(root ? root : "/sys");
	s->run_udev = strdup(run_udev ? run_udev : "/run/udev");
	if (!s->root || !s->run_udev) {
		synth_select_free(s);
		return NULL;
	}
	return s;
}

void synth_select_free(struct synth_select *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i <= SYNTH_PRIORITIZED_SUBSYSTEM; i++)
		strv_clear(&s->match[i]);
	pathv_clear(&s->result);
	free(s->sysname_len);
	free(s->root);
	free(s->run_udev);
	free(s);
}

int synth_select_set_type(struct synth_select *s, enum synth_select_type type)
{
	if (!s || type > SYNTH_SELECT_ALL)
		return -EINVAL;
	s->type = type;
	return 0;
}

int synth_select_set_initialized(struct synth_select *s,
				 enum synth_initialized want)
{
	if (!s || want > SYNTH_INITIALIZED_NO)
		return -EINVAL;
	s->initialized = want;
	return 0;
}

int synth_select_set_include_parents(struct synth_select *s, bool yes)
{
	if (!s)
		return -EINVAL;
	s->include_parents = yes;
	return 0;
}

/* A /sys/... or /dev/... argument, as the syspath it names. */
static int resolve_device(const struct synth_select *s, const char *arg,
			  char *syspath)
{
	char path[PATH_MAX], uevent[PATH_MAX];

	if (!strncmp(arg, "/dev/", 5))
		return device_from_devnode(s->root, arg, syspath);
	if (!strncmp(arg, "/sys/", 5) && strcmp(s->root, "/sys"))
		path_fmt(path, sizeof(path), "%s%s", s->root, arg + 4);
	else
		path_fmt(path, sizeof(path), "%s", arg);
	if (!realpath(path, syspath))
		return errno == ENOENT ? -ENODEV : -errno;
	path_fmt(uevent, sizeof(uevent), "%s/uevent", syspath);
	if (access(uevent, F_OK))
		return -ENODEV;
	return 0;
}

int synth_select_add(struct synth_select *s, enum synth_filter kind,
		     const char *pattern)
{
	char syspath[PATH_MAX];
	const char *p;
	int r;

	if (!s || kind > SYNTH_PRIORITIZED_SUBSYSTEM || !pattern || !*pattern)
		return -EINVAL;
	switch (kind) {
	case SYNTH_MATCH_PROPERTY:
		p = strchr(pattern, '=');
		if (!p || p == pattern)
			return -EINVAL;
		break;
	case SYNTH_MATCH_ATTR:
	case SYNTH_NOMATCH_ATTR:
		if (pattern[0] == '=' || strstr(pattern, ".."))
			return -EINVAL;
		break;
	case SYNTH_MATCH_PARENT:
		r = resolve_device(s, pattern, syspath);
		if (r)
			return r;
		return strv_push(&s->match[kind], syspath);
	case SYNTH_PRIORITIZED_SUBSYSTEM: {
		char *copy = strdup(pattern), *tok, *save = NULL;

		if (!copy)
			return -ENOMEM;
		r = 0;
		for (tok = strtok_r(copy, ",", &save); tok && !r;
		     tok = strtok_r(NULL, ",", &save))
			r = strv_push(&s->match[kind], tok);
		free(copy);
		return r;
	}
	default:
		break;
	}
	return strv_push(&s->match[kind], pattern);
}

/* ATTR[=glob] against the device. */
static bool attr_matches(const struct synth_select *s, struct device *d,
			 const char *spec)
{
	const char *eq = strchr(spec, '=');
	char attr[256], val[4096];

	if (eq) {
		snprintf(attr, sizeof(attr), "%.*s", (int)(eq - spec), spec);
		if (device_attr(d, attr, val, sizeof(val)))
			return false;
		return glob_match(eq + 1, val, s->c_collation);
	}
	return device_attr(d, spec, val, sizeof(val)) == 0;
}

static bool property_matches(const struct synth_select *s, struct device *d,
			     const char *spec)
{
	const char *eq = strchr(spec, '=');
	char key[256], val[4096];

	snprintf(key, sizeof(key), "%.*s", (int)(eq - spec), spec);
	return device_property(d, key, val, sizeof(val)) &&
	       glob_match(eq + 1, val, s->c_collation);
}

static bool below(const char *syspath, const char *parent)
{
	size_t n = strlen(parent);

	return !strncmp(syspath, parent, n) &&
	       (syspath[n] == '\0' || syspath[n] == '/');
}

static bool subsystem_passes(const struct synth_select *s,
			     const char *subsystem)
{
	const struct strv *m = s->match;

	return (!m[SYNTH_MATCH_SUBSYSTEM].n ||
		any_match(s, &m[SYNTH_MATCH_SUBSYSTEM], subsystem)) &&
	       !any_match(s, &m[SYNTH_NOMATCH_SUBSYSTEM], subsystem);
}

/*
 * Does D pass the filters?  Without a parent filter, D comes from the scan
 * of ROOT/bus, ROOT/class and ROOT/module and already passed the subsystem
 * and sysname filters there, from the directory's and the entry's names.
 */
static bool selected(struct synth_select *s, struct device *d)
{
	const struct strv *m = s->match;
	bool scanned = !m[SYNTH_MATCH_PARENT].n;
	size_t i;

	if (!scanned && !subsystem_passes(s, device_subsystem(d)))
		return false;
	if (!scanned && m[SYNTH_MATCH_SYSNAME].n &&
	    !any_match(s, &m[SYNTH_MATCH_SYSNAME], d->sysname))
		return false;
	if (m[SYNTH_MATCH_PARENT].n) {
		bool found = false;

		for (i = 0; i < m[SYNTH_MATCH_PARENT].n && !found; i++)
			found = below(d->syspath, m[SYNTH_MATCH_PARENT].items[i]);
		if (!found)
			return false;
	}
	for (i = 0; i < m[SYNTH_MATCH_ATTR].n; i++)
		if (!attr_matches(s, d, m[SYNTH_MATCH_ATTR].items[i]))
			return false;
	for (i = 0; i < m[SYNTH_NOMATCH_ATTR].n; i++)
		if (attr_matches(s, d, m[SYNTH_NOMATCH_ATTR].items[i]))
			return false;
	if (m[SYNTH_MATCH_PROPERTY].n) {
		bool found = false;

		for (i = 0; i < m[SYNTH_MATCH_PROPERTY].n && !found; i++)
			found = property_matches(
				s, d, m[SYNTH_MATCH_PROPERTY].items[i]);
		if (!found)
			return false;
	}
	for (i = 0; i < m[SYNTH_MATCH_TAG].n; i++)
		if (!device_has_tag(d, m[SYNTH_MATCH_TAG].items[i],
				    s->c_collation))
			return false;
	if (s->initialized != SYNTH_INITIALIZED_ANY &&
	    device_initialized(d) != (s->initialized == SYNTH_INITIALIZED_YES))
		return false;
	return true;
}

/*
 * Does the directory entry NAME pass the sysname matches of S?  An entry of
 * a class, bus or module directory is named as its device, '!' standing for
 * the '/' of udev's sysname.  Deciding here, from the name alone, spares a
 * realpath() and two more system calls per device left out: most of the
 * cost of a selection among thousands of devices.
 */
static bool name_passes(const struct synth_select *s, const char *name)
{
	const struct strv *m = &s->match[SYNTH_MATCH_SYSNAME];
	char sysname[NAME_MAX + 1];
	bool ascii = true, bang = false;
	size_t i;
	int len;

	if (!m->n)
		return true;
	for (len = 0; name[len] && len < NAME_MAX; len++) {
		ascii &= !((unsigned char)name[len] & 0x80);
		bang |= name[len] == '!';
	}
	if (bang) {
		memcpy(sysname, name, len);
		sysname[len] = '\0';
		for (i = 0; i < (size_t)len; i++)
			if (sysname[i] == '!')
				sysname[i] = '/';
		name = sysname;
	}
	for (i = 0; i < m->n; i++) {
		/* Most names are not of the one length a pattern matches. */
		if (ascii && s->sysname_len[i] >= 0 && s->sysname_len[i] != len)
			continue;
		if (glob_match(m->items[i], name, s->c_collation))
			return true;
	}
	return false;
}

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

	if (!subsystem_passes(s, subsystem))
		return 0;
	if (!realpath(dir, canon))
		return errno == ENOENT || errno == ENOTDIR ? 0 : -errno;
	d = opendir(canon);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	dfd = dirfd(d);
	while (!r && (e = readdir(d))) {
		if (e->d_name[0] == '.' || !name_passes(s, e->d_name))
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

static int add_parents(struct synth_select *s, struct pathv *out)
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

static int keep_selected(const char *path, void *data)
{
	struct synth_select *s = data;
	struct device d;
	bool yes;

	device_init(&d, s->root, s->run_udev, path);
	yes = selected(s, &d);
	device_free(&d);
	return yes;
}

/* Is there a filter left that the scan did not apply? */
static bool filters_left(const struct synth_select *s)
{
	const struct strv *m = s->match;

	return m[SYNTH_MATCH_PARENT].n || m[SYNTH_MATCH_ATTR].n ||
	       m[SYNTH_NOMATCH_ATTR].n || m[SYNTH_MATCH_PROPERTY].n ||
	       m[SYNTH_MATCH_TAG].n ||
	       s->initialized != SYNTH_INITIALIZED_ANY;
}

int synth_select_run(struct synth_select *s, const char *const **paths,
		     size_t *n)
{
	struct scan sc;
	char dir[PATH_MAX];
	size_t i;
	int r = 0;

	if (!s || !paths || !n)
		return -EINVAL;
	sc = (struct scan){ .s = s, .out = &s->result, .cs = NULL };
	pathv_clear(&s->result);
	s->c_collation = glob_c_collation();
	free(s->sysname_len);
	s->sysname_len = malloc((s->match[SYNTH_MATCH_SYSNAME].n + 1) *
				sizeof(int));
	if (!s->sysname_len)
		return -ENOMEM;
	for (i = 0; i < s->match[SYNTH_MATCH_SYSNAME].n; i++)
		s->sysname_len[i] =
			glob_fixed_len(s->match[SYNTH_MATCH_SYSNAME].items[i]);
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

	/* The candidates are filtered in place: no second copy of a path. */
	pathv_sort_unique(&s->result);
	if (!r && filters_left(s))
		pathv_filter(&s->result, keep_selected, s);
	if (!r && s->include_parents) {
		r = add_parents(s, &s->result);
		if (!r)
			pathv_sort_unique(&s->result);
	}
	if (!r)
		r = order_udevadm(&s->result, s->devices_len ?
				  s->devices_len - strlen("/devices") :
				  strlen(s->root),
				  &s->match[SYNTH_PRIORITIZED_SUBSYSTEM],
				  s->root, s->run_udev);
	if (r) {
		pathv_clear(&s->result);
		return r;
	}
	*paths = (const char *const *)s->result.items;
	*n = s->result.n;
	return 0;
}

int select_take(struct synth_select *s, const char *prefix,
		struct pathv *out)
{
	struct pathv *v = &s->result;
	size_t i, kept = 0, plen = strlen(prefix);
	int r = 0;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < v->n; i++) {
		if (strncmp(v->items[i], prefix, plen))
			return -EINVAL;
		kept += strlen(v->items[i]) + 1;
	}
	if (kept * 2 >= pool_size(&v->pool)) {
		*out = *v;
		memset(v, 0, sizeof(*v));
		return 0;
	}
	/* Most candidates were filtered out: keep only what was selected. */
	for (i = 0; !r && i < v->n; i++)
		r = pathv_push(out, v->items[i]);
	if (r)
		pathv_clear(out);
	else
		pathv_clear(v);
	return r;
}
