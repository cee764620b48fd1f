// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What one write to a uevent file may carry: the action, the UUID and the
 * KEY=VALUE pairs, checked with the rules of the kernel series before
 * anything is written, and the text of the write.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

static const char *const actions[] = {
	"add", "remove", "change", "move", "online", "offline", "bind",
	"unbind",
};

int synth_check_action(const char *action)
{
	size_t i;

	for (i = 0; action && i < sizeof(actions) / sizeof(actions[0]); i++)
		if (!strcmp(action, actions[i]))
			return 0;
	return -EINVAL;
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

int synth_check_uuid(const char *uuid)
{
	size_t i;

	if (!uuid || strlen(uuid) != SYNTH_UUID_LEN)
		return -EINVAL;
	for (i = 0; i < SYNTH_UUID_LEN; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? uuid[i] != '-' : !is_hex(uuid[i]))
			return -EINVAL;
	}
	return 0;
}

bool synth_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

bool synth_value_char(char c)
{
	return synth_key_char(c) || (c && strchr("+-.", c));
}

/* Does the text use only what every kernel since 4.13 accepts? */
bool synth_env_is_alnum(const char *key_value)
{
	for (; *key_value; key_value++) {
		char c = *key_value;

		if (c != '=' && !((c >= 'a' && c <= 'z') ||
				  (c >= 'A' && c <= 'Z') ||
				  (c >= '0' && c <= '9')))
			return false;
	}
	return true;
}

int synth_check_env(const char *key_value, const char **why)
{
	const char *eq = key_value ? strchr(key_value, '=') : NULL;
	const char *s;
	const char *dummy;

	if (!why)
		why = &dummy;
	if (!eq) {
		*why = "not KEY=VALUE";
		return -EINVAL;
	}
	if (eq == key_value) {
		*why = "empty key";
		return -EINVAL;
	}
	for (s = key_value; s < eq; s++) {
		if (!synth_key_char(*s)) {
			*why = "a key holds only ASCII letters, digits and '_'";
			return -EINVAL;
		}
	}
	if (!eq[1]) {
		*why = "empty value";
		return -EINVAL;
	}
	for (s = eq + 1; *s; s++) {
		if (!synth_value_char(*s)) {
			*why = "a value holds only ASCII letters, digits and _ + - . (a device-mapper or LVM name)";
			return -EINVAL;
		}
	}
	/* As the kernel, and LVM's names: no option (-rf), nor . or .. */
	if (eq[1] == '-' || !strcmp(eq + 1, ".") || !strcmp(eq + 1, "..")) {
		*why = "a value may not begin with '-' nor be '.' or '..'";
		return -EINVAL;
	}
	if (synth_env_size(key_value) + SYNTH_UUID_ENV_SIZE > SYNTH_ENV_MAX) {
		*why = "longer than the kernel accepts";
		return -E2BIG;
	}
	*why = NULL;
	return 0;
}

size_t synth_env_size(const char *key_value)
{
	/* "SYNTH_ARG_" KEY=VALUE NUL */
	return strlen("SYNTH_ARG_") + strlen(key_value) + 1;
}

int synth_format_write(char *buf, size_t size, const char *action,
		       const char *uuid, char *const *env, size_t n_env)
{
	size_t len, i;
	int r;

	r = snprintf(buf, size, "%s", action);
	if (r < 0 || (size_t)r >= size)
		return -E2BIG;
	len = r;
	if (!uuid)
		return len;
	r = snprintf(buf + len, size - len, " %s", uuid);
	if (r < 0 || (size_t)r >= size - len)
		return -E2BIG;
	len += r;
	for (i = 0; i < n_env; i++) {
		r = snprintf(buf + len, size - len, " %s", env[i]);
		if (r < 0 || (size_t)r >= size - len)
			return -E2BIG;
		len += r;
	}
	return len;
}
