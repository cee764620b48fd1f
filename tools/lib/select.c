// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Selection of devices with the filters and semantics of udevadm trigger:
 * the subsystem, sysname and property filters match any of their patterns,
 * the attribute and tag filters all of theirs, the nomatch filters none; a
 * parent filter keeps the parent and everything below it.  Patterns are
 * fnmatch() globs.  The candidates come from the scan of sysfs (scan.c),
 * which applies the subsystem and sysname filters on the way; the rest are
 * applied here, and the result is put in udevadm's order (order.c).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "device.h"
#include "glob.h"
#include "internal.h"
#include "order.h"
#include "path.h"
#include "pathv.h"
#include "select.h"
#include "strv.h"

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

bool select_subsystem_passes(const struct synth_select *s,
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

	if (!scanned && !select_subsystem_passes(s, device_subsystem(d)))
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
bool select_name_passes(const struct synth_select *s, const char *name)
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
	size_t i;
	int r;

	if (!s || !paths || !n)
		return -EINVAL;
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
	r = scan_sysfs(s);

	/* The candidates are filtered in place: no second copy of a path. */
	pathv_sort_unique(&s->result);
	if (!r && filters_left(s))
		pathv_filter(&s->result, keep_selected, s);
	if (!r && s->include_parents) {
		r = scan_add_parents(s, &s->result);
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
