// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Parsing of the two uevent message formats seen on NETLINK_KOBJECT_UEVENT:
 *
 *  - the kernel's: "ACTION@DEVPATH\0KEY=VALUE\0KEY=VALUE\0..." (also what
 *    mdevd -O rebroadcasts);
 *  - udevd's (systemd-udevd, eudev): the 8-byte prefix "libudev\0", a header
 *    whose fields are in host order except the magic 0xfeedcafe (network
 *    order), and the properties, NUL-separated, at properties_off.
 *
 * No libudev: the header layout is the documented wire format.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define UDEV_PREFIX	"libudev"
#define UDEV_MAGIC	0xfeedcafeU

struct udev_header {
	char prefix[8];
	uint32_t magic;
	uint32_t header_size;
	uint32_t properties_off;
	uint32_t properties_len;
	uint32_t filter_subsystem_hash;
	uint32_t filter_devtype_hash;
	uint32_t filter_tag_bloom_hi;
	uint32_t filter_tag_bloom_lo;
};

const char *synth_msg_get(const struct synth_msg *m, const char *key)
{
	size_t klen = strlen(key);
	const char *s = m->props;
	const char *end = m->props + m->props_len;

	while (s < end) {
		size_t len = strnlen(s, end - s);

		if (len > klen && !strncmp(s, key, klen) && s[klen] == '=')
			return s + klen + 1;
		s += len + 1;
	}
	return NULL;
}

/* KEY=VALUE at S: VALUE if the key is KEY (of KLEN bytes), else NULL. */
static const char *value_of(const char *s, size_t len, const char *key,
			    size_t klen)
{
	if (len > klen && s[klen] == '=' && !memcmp(s, key, klen))
		return s + klen + 1;
	return NULL;
}

#define VALUE_OF(s, len, key) value_of(s, len, key, sizeof(key) - 1)

/*
 * A SEQNUM: 1 to 19 decimal digits (no u64 overflows with 19); 0 for
 * anything else.
 */
static uint64_t seqnum_of(const char *s)
{
	uint64_t v = 0;
	int i;

	for (i = 0; s[i]; i++) {
		unsigned int digit = (unsigned char)s[i] - '0';

		if (digit > 9 || i == 19)
			return 0;
		v = v * 10 + digit;
	}
	return v;
}

/*
 * Fill the fields every caller needs, in one pass over the properties;
 * -EBADMSG when one is missing.  The first of a key counts, as with
 * synth_msg_get().
 */
static int msg_fill(struct synth_msg *m)
{
	const char *seq = NULL, *failed = NULL, *usec = NULL, *v;
	const char *s = m->props, *end = m->props + m->props_len;
	size_t len;

	/* The properties must end with a NUL: no string may run past them. */
	if (!m->props_len || m->props[m->props_len - 1] != '\0')
		return -EBADMSG;
	for (; s < end; s += len + 1) {
		len = strlen(s);

		switch (s[0]) {
		case 'A':
			if (!m->action && (v = VALUE_OF(s, len, "ACTION")))
				m->action = v;
			break;
		case 'D':
			if (!m->devpath && (v = VALUE_OF(s, len, "DEVPATH")))
				m->devpath = v;
			else if (!m->devpath_old &&
				 (v = VALUE_OF(s, len, "DEVPATH_OLD")))
				m->devpath_old = v;
			break;
		case 'S':
			if (!seq && (v = VALUE_OF(s, len, "SEQNUM")))
				seq = v;
			else if (!m->uuid &&
				 (v = VALUE_OF(s, len, "SYNTH_UUID")))
				m->uuid = v;
			break;
		case 'U':
			if (!failed &&
			    (v = VALUE_OF(s, len, "UDEV_WORKER_FAILED")))
				failed = v;
			else if (!usec &&
				 (v = VALUE_OF(s, len, "USEC_INITIALIZED")))
				usec = v;
			break;
		}
	}
	if (!m->action || !m->devpath || !seq || !*seq)
		return -EBADMSG;
	m->seqnum = seqnum_of(seq);
	if (!m->seqnum)
		return -EBADMSG;
	m->worker_failed = failed && !strcmp(failed, "1");
	m->initialized = usec && *usec;
	return 0;
}

int synth_msg_parse(struct synth_msg *m, const char *buf, size_t len)
{
	const char *at;

	memset(m, 0, sizeof(*m));
	if (len >= sizeof(UDEV_PREFIX) &&
	    !memcmp(buf, UDEV_PREFIX, sizeof(UDEV_PREFIX))) {
		struct udev_header h;

		if (len < sizeof(h))
			return -EBADMSG;
		memcpy(&h, buf, sizeof(h));
		if (ntohl(h.magic) != UDEV_MAGIC)
			return -EPROTO;
		if (h.header_size < sizeof(h) || h.header_size > len ||
		    h.properties_off < h.header_size ||
		    h.properties_off > len ||
		    h.properties_len > len - h.properties_off)
			return -EBADMSG;
		m->from_udev = true;
		m->props = buf + h.properties_off;
		m->props_len = h.properties_len;
		return msg_fill(m);
	}

	/* Kernel format: a header "ACTION@DEVPATH", then the properties. */
	at = memchr(buf, '@', strnlen(buf, len));
	if (!at)
		return -EBADMSG;
	m->props = buf + strnlen(buf, len) + 1;
	if (m->props > buf + len)
		return -EBADMSG;
	m->props_len = buf + len - m->props;
	return msg_fill(m);
}
