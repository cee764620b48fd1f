// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The command line of uevent-trigger: udevadm trigger's option names and
 * meanings, plus the transaction and waiting options.  Options may follow
 * the path arguments, as with udevadm (GNU getopt's permutation; "--" ends
 * them).  Everything is validated here, before any device is touched; an
 * error names the word.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devarg.h"
#include "options.h"
#include "timespan.h"

enum {
	OPT_NAME_MATCH = 0x100,
	OPT_INCLUDE_PARENTS,
	OPT_INITIALIZED_MATCH,
	OPT_INITIALIZED_NOMATCH,
	OPT_PRIORITIZED,
	OPT_UUID,
	OPT_ENV,
	OPT_WAIT_SOURCE,
	OPT_TIMEOUT,
	OPT_JSON,
	OPT_RCVBUF,
	OPT_WAIT_DAEMON,
	OPT_CONSEQUENCES,
};

static const struct option longopts[] = {
	{ "verbose", no_argument, NULL, 'v' },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "type", required_argument, NULL, 't' },
	{ "action", required_argument, NULL, 'c' },
	{ "subsystem-match", required_argument, NULL, 's' },
	{ "subsystem-nomatch", required_argument, NULL, 'S' },
	{ "attr-match", required_argument, NULL, 'a' },
	{ "attr-nomatch", required_argument, NULL, 'A' },
	{ "property-match", required_argument, NULL, 'p' },
	{ "tag-match", required_argument, NULL, 'g' },
	{ "sysname-match", required_argument, NULL, 'y' },
	{ "name-match", required_argument, NULL, OPT_NAME_MATCH },
	{ "parent-match", required_argument, NULL, 'b' },
	{ "include-parents", no_argument, NULL, OPT_INCLUDE_PARENTS },
	{ "initialized-match", no_argument, NULL, OPT_INITIALIZED_MATCH },
	{ "initialized-nomatch", no_argument, NULL, OPT_INITIALIZED_NOMATCH },
	{ "prioritized-subsystem", required_argument, NULL, OPT_PRIORITIZED },
	{ "uuid", optional_argument, NULL, OPT_UUID },
	{ "env", required_argument, NULL, OPT_ENV },
	{ "wait-uevent", no_argument, NULL, 'w' },
	{ "settle", no_argument, NULL, 'w' },
	{ "wait-source", required_argument, NULL, OPT_WAIT_SOURCE },
	{ "wait-consequences", no_argument, NULL, OPT_CONSEQUENCES },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "wait-daemon", optional_argument, NULL, OPT_WAIT_DAEMON },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "receive-buffer", required_argument, NULL, OPT_RCVBUF },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ 0 }
};

static int fail(char *err, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, size, fmt, ap);
	va_end(ap);
	return 2;
}

/* The actions, in udevadm's order; change is the default. */
static const char *const actions[] = {
	"add", "remove", "change", "move", "online", "offline", "bind",
	"unbind",
};

void options_print_actions(FILE *f)
{
	size_t i;

	for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		fprintf(f, "%s\n", actions[i]);
}

/* Add a filter; OWNED (PATTERN, allocated) is the options' from now on. */
static int add_filter(struct options *o, enum synth_filter kind,
		      const char *pattern, char *owned)
{
	struct filter *f = realloc(o->filters,
				   (o->n_filters + 1) * sizeof(*f));

	if (!f) {
		free(owned);
		return -ENOMEM;
	}
	o->filters = f;
	f[o->n_filters].kind = kind;
	f[o->n_filters].pattern = owned ? owned : pattern;
	f[o->n_filters].owned = owned;
	o->n_filters++;
	return 0;
}

/* A device as udevadm names it (devarg.c); 0, or 2 with ERR set. */
static int add_device(struct options *o, const char *arg,
		      enum devarg_kind kind, char *err, size_t size)
{
	char *path;
	int r = devarg_path(arg, kind, &path);

	if (r == -EINVAL)
		return fail(err, size, "'%s' is no /sys/... or /dev/... path%s, device unit name (dev-sda.device) nor id of a device that is there (c1:3)",
			    arg, kind == DEVARG_NAME ? ", name below /dev" :
			    kind == DEVARG_PARENT ? ", path below /sys" : "");
	if (!r)
		r = add_filter(o, SYNTH_MATCH_PARENT, path, path);
	return r ? fail(err, size, "out of memory") : 0;
}

/* A decimal number from MIN to MAX, the whole of S. */
static int parse_uint(const char *s, unsigned long min, unsigned long max,
		      unsigned long *v)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	*v = strtoul(s, &end, 10);
	if (errno || *end || *v < min || *v > max)
		return -EINVAL;
	return 0;
}

static int parse_source(struct options *o, const char *s)
{
	unsigned long v = 0;

	if (!strcmp(s, "auto"))
		o->source = SYNTH_WAIT_AUTO;
	else if (!strcmp(s, "udev"))
		o->source = SYNTH_WAIT_UDEV;
	else if (!strcmp(s, "kernel"))
		o->source = SYNTH_WAIT_KERNEL;
	else if (!strncmp(s, "group:", 6) &&
		 !parse_uint(s + 6, 2, 32, &v))
		o->source = SYNTH_WAIT_GROUP;
	else if (!strcmp(s, "mdevd") ||
		 (!strncmp(s, "mdevd:", 6) &&
		  !parse_uint(s + 6, 1, 0xffffffffUL, &v)))
		o->source = SYNTH_WAIT_MDEVD;
	else
		return -EINVAL;
	o->group = v;
	return 0;
}

/* One option; 0, 2 with ERR set, or -1: stop here, nothing more to read. */
static int one(struct options *o, int c, const char *arg, const char *word,
	       char *err, size_t size)
{
	static const enum synth_filter kinds[128] = {
		['s'] = SYNTH_MATCH_SUBSYSTEM, ['S'] = SYNTH_NOMATCH_SUBSYSTEM,
		['a'] = SYNTH_MATCH_ATTR, ['A'] = SYNTH_NOMATCH_ATTR,
		['p'] = SYNTH_MATCH_PROPERTY, ['g'] = SYNTH_MATCH_TAG,
		['y'] = SYNTH_MATCH_SYSNAME,
	};
	const char *why;
	size_t i;
	char *end;
	long v;

	switch (c) {
	case 'v': o->verbose = true; return 0;
	case 'n': o->dry_run = true; return 0;
	case 'q': o->quiet = true; return 0;
	case 'w': o->wait = true; return 0;
	case 'h': o->help = true; return 0;
	case 'V': o->version = true; return 0;
	case OPT_JSON: o->json = true; return 0;
	case OPT_CONSEQUENCES: o->consequences = true; return 0;
	case OPT_INCLUDE_PARENTS: o->include_parents = true; return 0;
	case OPT_INITIALIZED_MATCH:
		o->initialized = SYNTH_INITIALIZED_YES;
		return 0;
	case OPT_INITIALIZED_NOMATCH:
		o->initialized = SYNTH_INITIALIZED_NO;
		return 0;
	case 't':
		if (!strcmp(arg, "devices"))
			o->type = SYNTH_SELECT_DEVICES;
		else if (!strcmp(arg, "subsystems"))
			o->type = SYNTH_SELECT_SUBSYSTEMS;
		else if (!strcmp(arg, "all"))
			o->type = SYNTH_SELECT_ALL;
		else
			return fail(err, size, "unknown type '%s': devices, subsystems or all",
				    arg);
		return 0;
	case 'c':
		/* udevadm lists them and stops there. */
		if (!strcmp(arg, "help")) {
			o->list_actions = true;
			return -1;
		}
		if (synth_check_action(arg))
			return fail(err, size, "unknown action '%s': add, remove, change, move, online, offline, bind or unbind (-c help lists them)",
				    arg);
		o->action = arg;
		return 0;
	case 's':
	case 'S':
	case 'g':
	case 'y':
		break;
	case 'p':
		if (!strchr(arg, '=') || arg[0] == '=')
			return fail(err, size, "'%s' is not KEY=VALUE", arg);
		break;
	case 'a':
	case 'A':
		if (arg[0] == '=' || strstr(arg, ".."))
			return fail(err, size, "'%s' is not ATTR[=VALUE]", arg);
		break;
	case 'b':
		return add_device(o, arg, DEVARG_PARENT, err, size);
	case OPT_NAME_MATCH:
		return add_device(o, arg, DEVARG_NAME, err, size);
	case OPT_PRIORITIZED:
		return add_filter(o, SYNTH_PRIORITIZED_SUBSYSTEM, arg, NULL) ?
		       2 : 0;
	case OPT_UUID:
		/* Bare, udevadm's: print the UUID of each event. */
		o->print_uuid = !arg;
		if (arg && synth_check_uuid(arg))
			return fail(err, size, "'%s' is not a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, 36 characters)",
				    arg);
		o->uuid = arg;
		return 0;
	case OPT_ENV:
		if (synth_check_env(arg, &why))
			return fail(err, size, "--env '%s': %s", arg, why);
		for (i = 0; i < o->n_env; i++)
			if (!strncmp(o->env[i], arg, strcspn(arg, "=") + 1))
				return fail(err, size, "--env '%s': key given twice",
					    arg);
		if (o->n_env == SYNTH_ARGS_MAX)
			return fail(err, size, "--env '%s': more than %d pairs",
				    arg, SYNTH_ARGS_MAX);
		o->env[o->n_env++] = arg;
		return 0;
	case OPT_WAIT_SOURCE:
		if (parse_source(o, arg))
			return fail(err, size, "unknown wait source '%s': auto, udev, kernel, mdevd, mdevd:MASK (mdevd's -O bitmask) or group:N (2-32)",
				    arg);
		if (o->source == SYNTH_WAIT_MDEVD && o->group &&
		    !(o->group & ~3UL))
			return fail(err, size, "wait source '%s': mask %u holds only groups 1 and 2 (the kernel's and udevd's); mdevd -O 4 rebroadcasts to group 3",
				    arg, o->group);
		return 0;
	case OPT_WAIT_DAEMON:
		o->wait_daemon = true;
		if (arg && timespan_parse(arg, &o->wait_daemon_usec))
			return fail(err, size, "--wait-daemon '%s' is not a time span (seconds, or as 1min 30s)",
				    arg);
		return 0;
	case OPT_TIMEOUT:
		if (timespan_parse(arg, &o->timeout_usec))
			return fail(err, size, "timeout '%s' is not a time span (seconds, or as 1min 30s)",
				    arg);
		return 0;
	case OPT_RCVBUF:
		errno = 0;
		v = strtol(arg, &end, 10);
		if (errno || end == arg || *end || v < 1 || v > INT_MAX)
			return fail(err, size, "receive buffer '%s' is not a size in bytes",
				    arg);
		o->rcvbuf = v;
		return 0;
	default:
		return fail(err, size, "unknown option '%s' (see --help)", word);
	}
	return add_filter(o, kinds[c], arg, NULL) ? 2 : 0;
}

/*
 * The word getopt_long() just refused: the long option as written, else
 * the short option (alone, or in a cluster such as -vx).
 */
static const char *bad_word(char **argv, char *buf)
{
	const char *w = optind > 0 ? argv[optind - 1] : "";

	if (!strncmp(w, "--", 2) || !optopt)
		return w;
	buf[0] = '-';
	buf[1] = optopt;
	buf[2] = '\0';
	return buf;
}

int options_parse(struct options *o, int argc, char **argv, char *err,
		  size_t size)
{
	size_t env_size = 0, i;
	int c, r;

	memset(o, 0, sizeof(*o));
	o->action = "change";
	o->source = SYNTH_WAIT_AUTO;
	o->timeout_usec = 120 * 1000000ULL;
	o->wait_daemon_usec = 5 * 1000000ULL;
	optind = 0;
	opterr = 0;
	for (;;) {
		char buf[3];

		c = getopt_long(argc, argv, "vnqt:c:s:S:a:A:p:g:y:b:whV",
				longopts, NULL);
		if (c == -1)
			break;
		if (c == '?' || c == ':') {
			const char *word = bad_word(argv, buf);
			const struct option *l;
			bool needs = optopt > 0 && optopt < 128 &&
				     strchr("tcsSaApgyb", optopt);

			/* A long option known, its value missing. */
			for (l = longopts; !strncmp(word, "--", 2) &&
			     l->name && !needs; l++)
				needs = !strcmp(word + 2, l->name) &&
					l->has_arg == required_argument;
			if (c == ':' || needs)
				return fail(err, size, "option '%s' needs a value",
					    word);
			return fail(err, size, "unknown option '%s' (see --help)",
				    word);
		}
		r = one(o, c, optarg, bad_word(argv, buf), err, size);
		if (r < 0)
			return 0;
		if (r)
			return r;
	}
	for (; optind < argc; optind++) {
		r = add_device(o, argv[optind], DEVARG_POSITIONAL, err, size);
		if (r)
			return r;
	}
	for (i = 0; i < o->n_env; i++)
		env_size += strlen("SYNTH_ARG_") + strlen(o->env[i]) + 1;
	if (env_size + sizeof("SYNTH_UUID=") + SYNTH_UUID_LEN > SYNTH_ENV_MAX)
		return fail(err, size, "--env: %zu bytes of variables, more than the kernel's %d",
			    env_size + sizeof("SYNTH_UUID=") + SYNTH_UUID_LEN,
			    SYNTH_ENV_MAX);
	if (o->quiet && o->verbose)
		return fail(err, size, "'--quiet' and '--verbose' exclude each other");
	/* Only a manager's broadcast says a consequence was processed. */
	if (o->consequences && o->source == SYNTH_WAIT_KERNEL)
		return fail(err, size, "'--wait-consequences' needs a device manager's word, and '--wait-source=kernel' waits for none");
	if (!o->wait && (o->source != SYNTH_WAIT_AUTO || o->consequences))
		o->wait = true;
	return 0;
}

void options_free(struct options *o)
{
	size_t i;

	for (i = 0; i < o->n_filters; i++)
		free(o->filters[i].owned);
	free(o->filters);
	o->filters = NULL;
}
