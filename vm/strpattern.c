/*
 * strpattern.c: the Lua 5.4 pattern matcher (see strpattern.h).
 *
 * A backtracking matcher over (source, pattern) with the semantics of
 * lua5.4's lstrlib: single-character classes, sets, the quantifiers
 * '* + - ?', anchors, captures (string and position), back-references,
 * '%b' and '%f'. Errors are recorded in ms->err and every function returns
 * NULL (or false) once an error is set, so the recursion unwinds at once.
 * Character classes use the "C" locale, written out here so the hosted and
 * the kernel builds agree byte for byte.
 */
#include "vm/strpattern.h"

#include <stdio.h>
#include <string.h>

#define ESC '%'
#define SPECIALS "^$*+?.([%-"

#define uchar(c) ((unsigned char)(c))

/* ---- "C" locale character classes --------------------------------------- */

static int c_isupper(int c) { return c >= 'A' && c <= 'Z'; }
static int c_islower(int c) { return c >= 'a' && c <= 'z'; }
static int c_isalpha(int c) { return c_isupper(c) || c_islower(c); }
static int c_isdigit(int c) { return c >= '0' && c <= '9'; }
static int c_isalnum(int c) { return c_isalpha(c) || c_isdigit(c); }
static int c_isspace(int c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
static int c_iscntrl(int c) { return c < 32 || c == 127; }
static int c_isgraph(int c) { return c > 32 && c < 127; }
static int c_ispunct(int c) { return c_isgraph(c) && !c_isalnum(c); }
static int c_isxdigit(int c)
{
	return c_isdigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Does character c belong to class %cl ? */
static int match_class(int c, int cl)
{
	int res;
	switch (cl | 0x20) {
	case 'a': res = c_isalpha(c); break;
	case 'c': res = c_iscntrl(c); break;
	case 'd': res = c_isdigit(c); break;
	case 'g': res = c_isgraph(c); break;
	case 'l': res = c_islower(c); break;
	case 'p': res = c_ispunct(c); break;
	case 's': res = c_isspace(c); break;
	case 'u': res = c_isupper(c); break;
	case 'w': res = c_isalnum(c); break;
	case 'x': res = c_isxdigit(c); break;
	case 'z': res = (c == 0); break;  /* deprecated, still in 5.4 */
	default: return cl == c;
	}
	if (c_isupper(cl))
		res = !res;
	return res;
}

/* ---- errors ------------------------------------------------------------- */

static const char *fail(PatState *ms, const char *msg)
{
	if (ms->err == NULL)
		ms->err = msg;
	return NULL;
}

static const char *fail_capindex(PatState *ms, int l)
{
	snprintf(ms->errbuf, sizeof ms->errbuf, "invalid capture index %%%d", l + 1);
	return fail(ms, ms->errbuf);
}

/* ---- single items ------------------------------------------------------- */

/* The end of the single-character class starting at p, or NULL on error. */
static const char *class_end(PatState *ms, const char *p)
{
	char c = *p++;
	if (c == ESC) {
		if (p >= ms->p_end)
			return fail(ms, "malformed pattern (ends with '%')");
		return p + 1;
	}
	if (c == '[') {
		if (*p == '^')
			p++;
		do {  /* the first character is literal, even ']' */
			if (p >= ms->p_end)
				return fail(ms, "malformed pattern (missing ']')");
			if (*(p++) == ESC && p < ms->p_end)
				p++;
		} while (*p != ']');
		return p + 1;
	}
	return p;
}

/* Does c match the set [...] between p (at '[') and ec (at ']')? */
static int match_set(int c, const char *p, const char *ec)
{
	int sig = 1;
	if (*(p + 1) == '^') {
		sig = 0;
		p++;
	}
	while (++p < ec) {
		if (*p == ESC) {
			p++;
			if (match_class(c, uchar(*p)))
				return sig;
		} else if (*(p + 1) == '-' && p + 2 < ec) {
			p += 2;
			if (uchar(*(p - 2)) <= c && c <= uchar(*p))
				return sig;
		} else if (uchar(*p) == c) {
			return sig;
		}
	}
	return !sig;
}

static int single_match(PatState *ms, const char *s, const char *p,
                        const char *ep)
{
	if (s >= ms->src_end)
		return 0;
	int c = uchar(*s);
	switch (*p) {
	case '.': return 1;
	case ESC: return match_class(c, uchar(*(p + 1)));
	case '[': return match_set(c, p, ep - 1);
	default: return uchar(*p) == c;
	}
}

/* ---- the matcher -------------------------------------------------------- */

static const char *match(PatState *ms, const char *s, const char *p);

static const char *match_balance(PatState *ms, const char *s, const char *p)
{
	if (p >= ms->p_end - 1)
		return fail(ms, "malformed pattern (missing arguments to '%b')");
	if (*s != *p)
		return NULL;
	int b = *p, e = *(p + 1), cont = 1;
	while (++s < ms->src_end) {
		if (*s == e) {
			if (--cont == 0)
				return s + 1;
		} else if (*s == b) {
			cont++;
		}
	}
	return NULL;
}

static const char *max_expand(PatState *ms, const char *s, const char *p,
                              const char *ep)
{
	ptrdiff_t i = 0;
	while (single_match(ms, s + i, p, ep))
		i++;
	for (; i >= 0; i--) {  /* try the longest first */
		const char *res = match(ms, s + i, ep + 1);
		if (res != NULL || ms->err != NULL)
			return res;
	}
	return NULL;
}

static const char *min_expand(PatState *ms, const char *s, const char *p,
                              const char *ep)
{
	for (;;) {
		const char *res = match(ms, s, ep + 1);
		if (res != NULL || ms->err != NULL)
			return res;
		if (!single_match(ms, s, p, ep))
			return NULL;
		s++;
	}
}

static const char *start_capture(PatState *ms, const char *s, const char *p,
                                 ptrdiff_t what)
{
	int level = ms->level;
	if (level >= PAT_MAXCAPTURES)
		return fail(ms, "too many captures");
	ms->capture[level].init = s;
	ms->capture[level].len = what;
	ms->level = level + 1;
	const char *res = match(ms, s, p);
	if (res == NULL)
		ms->level--;
	return res;
}

static const char *end_capture(PatState *ms, const char *s, const char *p)
{
	int l = ms->level - 1;
	while (l >= 0 && ms->capture[l].len != PAT_CAP_UNFINISHED)
		l--;
	if (l < 0)
		return fail(ms, "invalid pattern capture");
	ms->capture[l].len = s - ms->capture[l].init;
	const char *res = match(ms, s, p);
	if (res == NULL)
		ms->capture[l].len = PAT_CAP_UNFINISHED;
	return res;
}

/* Back-reference %l: the text of a closed capture again. */
static const char *match_capture(PatState *ms, const char *s, int l)
{
	l -= '1';
	if (l < 0 || l >= ms->level || ms->capture[l].len == PAT_CAP_UNFINISHED)
		return fail_capindex(ms, l);
	size_t len = (size_t)ms->capture[l].len;
	if ((size_t)(ms->src_end - s) >= len &&
	    memcmp(ms->capture[l].init, s, len) == 0)
		return s + len;
	return NULL;
}

/* %f[set]: the transition from a character not in set to one in it. */
static const char *match_frontier(PatState *ms, const char *s, const char **pp)
{
	const char *p = *pp + 2;
	if (*p != '[')
		return fail(ms, "missing '[' after '%f' in pattern");
	const char *ep = class_end(ms, p);
	if (ep == NULL)
		return NULL;
	int prev = (s == ms->src_init) ? '\0' : uchar(*(s - 1));
	if (!match_set(prev, p, ep - 1) && match_set(uchar(*s), p, ep - 1)) {
		*pp = ep;
		return s;
	}
	return NULL;
}

/* A single item, possibly quantified, then the rest of the pattern. */
static const char *match_item(PatState *ms, const char *s, const char **pp,
                              int *more)
{
	const char *p = *pp;
	const char *ep = class_end(ms, p);
	if (ep == NULL)
		return NULL;
	*more = 0;
	if (!single_match(ms, s, p, ep)) {
		if (*ep == '*' || *ep == '?' || *ep == '-') {  /* accept empty */
			*pp = ep + 1;
			*more = 1;
			return s;
		}
		return NULL;
	}
	switch (*ep) {
	case '?': {
		const char *res = match(ms, s + 1, ep + 1);
		if (res != NULL || ms->err != NULL)
			return res;
		*pp = ep + 1;
		*more = 1;
		return s;
	}
	case '+': return max_expand(ms, s + 1, p, ep);
	case '*': return max_expand(ms, s, p, ep);
	case '-': return min_expand(ms, s, p, ep);
	default:
		*pp = ep;
		*more = 1;
		return s + 1;
	}
}

static const char *match(PatState *ms, const char *s, const char *p)
{
	if (ms->err != NULL)
		return NULL;
	if (ms->depth-- == 0)
		return fail(ms, "pattern too complex");
	int more = 1;
	while (more && s != NULL && p != ms->p_end) {
		more = 0;
		switch (*p) {
		case '(':
			if (*(p + 1) == ')')
				s = start_capture(ms, s, p + 2, PAT_CAP_POSITION);
			else
				s = start_capture(ms, s, p + 1, PAT_CAP_UNFINISHED);
			break;
		case ')':
			s = end_capture(ms, s, p + 1);
			break;
		case '$':
			if (p + 1 != ms->p_end)
				goto item;
			s = (s == ms->src_end) ? s : NULL;
			break;
		case ESC:
			switch (*(p + 1)) {
			case 'b':
				s = match_balance(ms, s, p + 2);
				p += 4;
				more = 1;
				break;
			case 'f':
				s = match_frontier(ms, s, &p);
				more = 1;
				break;
			case '0': case '1': case '2': case '3': case '4':
			case '5': case '6': case '7': case '8': case '9':
				s = match_capture(ms, s, uchar(*(p + 1)));
				p += 2;
				more = 1;
				break;
			default:
				goto item;
			}
			break;
		default:
		item:
			s = match_item(ms, s, &p, &more);
			break;
		}
	}
	ms->depth++;
	return s;
}

/* ---- interface ---------------------------------------------------------- */

void pat_init(PatState *ms, const char *s, size_t ls, const char *p, size_t lp)
{
	ms->src_init = s;
	ms->src_end = s + ls;
	ms->p_end = p + lp;
	ms->err = NULL;
	pat_reset(ms);
}

void pat_reset(PatState *ms)
{
	ms->level = 0;
	ms->depth = PAT_MAXDEPTH;
}

const char *pat_match(PatState *ms, const char *s, const char *p)
{
	return match(ms, s, p);
}

int pat_ncaptures(const PatState *ms, const char *s)
{
	return (ms->level == 0 && s != NULL) ? 1 : ms->level;
}

int pat_getcapture(PatState *ms, int i, const char *s, const char *e,
                   PatCapture *cap)
{
	cap->pos = 0;
	if (i >= ms->level) {
		if (i != 0) {
			fail_capindex(ms, i);
			return 0;
		}
		cap->s = s;  /* no captures: the whole match */
		cap->len = (size_t)(e - s);
		return 1;
	}
	ptrdiff_t l = ms->capture[i].len;
	cap->s = ms->capture[i].init;
	if (l == PAT_CAP_UNFINISHED) {
		fail(ms, "unfinished capture");
		return 0;
	}
	if (l == PAT_CAP_POSITION) {
		cap->pos = (long long)(ms->capture[i].init - ms->src_init) + 1;
		cap->len = 0;
	} else {
		cap->len = (size_t)l;
	}
	return 1;
}

int pat_nospecials(const char *p, size_t lp)
{
	size_t upto = 0;
	do {  /* strpbrk stops at '\0': step over embedded zeros */
		if (strpbrk(p + upto, SPECIALS))
			return 0;
		upto += strlen(p + upto) + 1;
	} while (upto <= lp);
	return 1;
}

const char *pat_memfind(const char *s, size_t ls, const char *p, size_t lp)
{
	if (lp == 0)
		return s;
	if (lp > ls)
		return NULL;
	const char *last = s + (ls - lp);
	while (s <= last) {
		const char *hit = memchr(s, *p, (size_t)(last - s) + 1);
		if (hit == NULL)
			return NULL;
		if (memcmp(hit + 1, p + 1, lp - 1) == 0)
			return hit;
		s = hit + 1;
	}
	return NULL;
}
