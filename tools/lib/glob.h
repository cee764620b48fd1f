/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef SYNTH_GLOB_H
#define SYNTH_GLOB_H

#include <stdbool.h>

/*
 * Does the calling thread collate as the C locale (its own locale, or the
 * global one)?  Then glob_match() may answer ranges such as [0-9] itself.
 * Asked once per selection; thread-safe, no setlocale().
 */
bool glob_c_collation(void);
/*
 * fnmatch(GLOB, S, 0) == 0: the same answer for every GLOB and S, from a
 * matcher of its own where it can give it (ASCII only, no backslash, no
 * bracket class such as [:digit:], ranges only with C_COLLATION),
 * otherwise from fnmatch().  Selecting among ten thousand devices, the
 * names are most of the work.
 */
bool glob_match(const char *glob, const char *s, bool c_collation);

/*
 * How many bytes of an ASCII name GLOB matches, when that is fixed (no '*',
 * nothing fnmatch() alone judges), or -1.  A name of another length is
 * no match, without a look at it.
 */
int glob_fixed_len(const char *glob);

#endif
