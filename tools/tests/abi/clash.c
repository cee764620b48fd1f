// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A program with functions of its own named as the library's internals
 * were: it must link against libsynthuevent, static or shared, and call
 * its own functions, not the library's.
 */
#include <stdio.h>
#include <string.h>

#include "synth_uevent.h"

int device_free(void *d);
int path_fmt(char *buf, size_t size, const char *fmt, ...);
int strv_push(void *v, const char *s);
int index_put(void *i, const char *k, void *v);
int devtab_add(void *t, const char *p);

int device_free(void *d) { return d ? 1 : 2; }
int path_fmt(char *buf, size_t size, const char *fmt, ...)
{ return snprintf(buf, size, "%s", fmt) > 0 ? 3 : 0; }
int strv_push(void *v, const char *s) { return v || s ? 4 : 0; }
int index_put(void *i, const char *k, void *v) { return i || k || v ? 5 : 0; }
int devtab_add(void *t, const char *p) { return t || p ? 6 : 0; }

int main(void)
{
	struct synth_trigger *t = synth_trigger_new();
	char buf[8];
	int ok;

	/* The library's own use of its internals is not ours. */
	ok = synth_uevent_version() == SYNTH_UEVENT_VERSION &&
	     t && !synth_trigger_add_device(t, "/sys/devices/virtual/mem/null") &&
	     synth_trigger_count(t) == 1;
	synth_trigger_free(t);
	ok = ok && device_free(buf) == 1 && path_fmt(buf, 8, "x") == 3 &&
	     strv_push(buf, "") == 4 && index_put(buf, "", buf) == 5 &&
	     devtab_add(buf, "") == 6;
	puts(ok ? "ok" : "wrong");
	return !ok;
}
