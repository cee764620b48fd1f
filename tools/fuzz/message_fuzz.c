// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer target: the parser of kernel and udevd uevent messages, as the
 * listener calls it on whatever arrives on the socket.  The input is copied
 * to a buffer of exactly its size, so that ASan sees any read past it.
 * Invariants: a parsed message's strings lie inside the buffer and end
 * there; the group and sender checks never accept the wrong format.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static void inside(const char *s, const char *buf, size_t len)
{
	if (!s)
		return;
	if (s < buf || s >= buf + len || !memchr(s, '\0', buf + len - s))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size ? size : 1);
	struct synth_msg m;

	if (!buf)
		return 0;
	memcpy(buf, data, size);

	if (!synth_msg_parse(&m, buf, size)) {
		inside(m.action, buf, size);
		inside(m.devpath, buf, size);
		inside(m.devpath_old, buf, size);
		inside(m.uuid, buf, size);
		if (!m.action || !m.devpath || !m.seqnum)
			__builtin_trap();
		if (m.props < buf || m.props + m.props_len > buf + size)
			__builtin_trap();
	}
	if (!synth_msg_check(buf, size, 1, 0, 0, &m) && m.from_udev)
		__builtin_trap();
	if (!synth_msg_check(buf, size, 2, 4242, 0, &m) && !m.from_udev)
		__builtin_trap();
	if (!synth_msg_check(buf, size, 1, 4242, 0, &m) ||
	    !synth_msg_check(buf, size, 2, 4242, 1000, &m))
		__builtin_trap();	/* an untrusted sender got through */
	free(buf);
	return 0;
}
