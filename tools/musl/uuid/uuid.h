/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The two libuuid calls libsynthuevent makes, for the musl build only
 * (make musl): Debian ships no libuuid built for musl, and its source
 * package cannot be fetched at package build time.  The glibc builds use
 * the real libuuid.  See ../uuid.c and the README.
 */
#ifndef SYNTH_MUSL_UUID_H
#define SYNTH_MUSL_UUID_H

typedef unsigned char uuid_t[16];

void uuid_generate_random(uuid_t out);
void uuid_unparse_lower(const uuid_t uu, char *out);

#endif
