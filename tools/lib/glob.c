// SPDX-License-Identifier: LGPL-2.1-or-later
/* Shell patterns as fnmatch() without flags matches them (see glob.h). */
#include <fnmatch.h>
#include <langinfo.h>
#include <locale.h>
#include <stddef.h>
#include <string.h>

#include "glob.h"

/*
 * The bracket expression after the '[' at G against C: 1 if it matches,
 * 0 if not, with *END after its ']'; -1 if it is not one (no ']'), and
 * the '[' is then an ordinary character; -2 if it is one fnmatch() must
 * judge (a class, an equivalence class, a collating symbol, a backslash,
 * a byte beyond ASCII; a range unless C_COLLATION).
 */
static int bracket(const char *g, unsigned char c, bool c_collation,
		   const char **end)
{
	bool negate = false, in = false;
	const char *p = g;

	if (*p == '!' || *p == '^') {
		negate = true;
		p++;
	}
	/* A ']' first is a member, not the end. */
	do {
		unsigned char lo = *p, hi = lo;

		if (!lo)
			return -1;
		if (lo >= 0x80 || lo == '\\' || (lo == '[' && p[1] &&
						   strchr(":=.", p[1])))
			return -2;
		if (p[1] == '-' && p[2] && p[2] != ']') {
			hi = p[2];
			if (!c_collation || hi >= 0x80 || hi == '\\' ||
			    hi == '[')
				return -2;
			p += 3;
		} else {
			p++;
		}
		if (lo <= c && c <= hi)
			in = true;
	} while (*p != ']');
	*end = p + 1;
	return in != negate;
}

/* 1 if GLOB matches S, 0 if not, -1 if fnmatch() must say. */
static int match_own(const char *g, const char *s, bool c_collation)
{
	const char *star_g = NULL, *star_s = NULL;

	while (*s) {
		const char *next;
		int r;

		if ((unsigned char)*s >= 0x80)
			return -1;
		switch (*g) {
		case '*':
			while (*g == '*')
				g++;
			if (!*g)
				return 1;
			star_g = g;
			star_s = s;
			continue;
		case '?':
			g++;
			s++;
			continue;
		case '[':
			r = bracket(g + 1, *s, c_collation, &next);
			if (r == -2)
				return -1;
			if (r == 1) {
				g = next;
				s++;
				continue;
			}
			if (r == -1 && *s == '[') {
				g++;
				s++;
				continue;
			}
			break;
		case '\\':
			return -1;
		default:
			if ((unsigned char)*g >= 0x80)
				return -1;
			if (*g == *s) {
				g++;
				s++;
				continue;
			}
			break;
		}
		/* No match here: let the last star take one more character. */
		if (!star_g)
			return 0;
		g = star_g;
		s = ++star_s;
	}
	while (*g == '*')
		g++;
	return !*g;
}

int glob_fixed_len(const char *glob)
{
	const char *g = glob, *p;
	int len = 0;

	for (; *g; g++, len++) {
		if ((unsigned char)*g >= 0x80 || *g == '*' || *g == '\\')
			return -1;
		if (*g != '[')
			continue;
		p = g + 1;
		if (*p == '!' || *p == '^')
			p++;
		/* A ']' first is a member, not the end. */
		do {
			if (!*p)
				break;
			if ((unsigned char)*p >= 0x80 || *p == '\\' ||
			    (*p == '[' && p[1] && strchr(":=.", p[1])))
				return -1;
			p++;
		} while (*p != ']');
		/* Without its ']', the '[' is a character of its own. */
		if (*p)
			g = p;
	}
	return len;
}

bool glob_c_collation(void)
{
#ifdef NL_LOCALE_NAME
	/*
	 * The name of the calling thread's collation, from its own locale
	 * (uselocale()) or the global one: nl_langinfo() is thread-safe,
	 * where setlocale(LC_COLLATE, NULL) is not (glibc's MT-Unsafe
	 * const:locale), and the library promises no global state.
	 */
	const char *l = nl_langinfo(NL_LOCALE_NAME(LC_COLLATE));

	return l && (!strcmp(l, "C") || !strcmp(l, "POSIX"));
#else
	/* No name to ask for (musl): fnmatch() judges every range. */
	return false;
#endif
}

bool glob_match(const char *glob, const char *s, bool c_collation)
{
	int r = match_own(glob, s, c_collation);

	if (r >= 0)
		return r;
	return fnmatch(glob, s, 0) == 0;
}
