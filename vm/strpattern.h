/*
 * strpattern.h: Lua 5.4 patterns (string.find/match/gmatch/gsub), pure C.
 *
 * The matcher knows nothing of the VM: it works on a source and a pattern
 * given as (pointer, length), both of which must be followed by a '\0' byte
 * (String contents are), as the matcher may read the byte at the end (for
 * '%f' and '%b'). It never raises: on a malformed pattern it records a
 * message in PatState.err (lua5.4's wording) and unwinds with NULL; the
 * caller turns that into a Lua error.
 *
 * Recursion is bounded by PAT_MAXDEPTH nested match calls ("pattern too
 * complex"), so a hostile pattern cannot exhaust the C stack.
 *
 * Interface:
 *   pat_init(ms, s, ls, p, lp)   bind source and pattern
 *   pat_reset(ms)                forget captures before a new attempt
 *   pat_match(ms, s, p)          match pattern p against source position s;
 *                                returns the end of the match or NULL
 *   pat_getcapture(ms, i, s, e, &cap)  capture i (0-based) of the match
 *                                [s, e); a pattern without captures has the
 *                                whole match as capture 0
 *   pat_ncaptures(ms, s)         how many values push_captures would yield
 *   pat_nospecials(p, lp)        no magic characters: use a plain search
 *   pat_memfind(s, ls, p, lp)    plain substring search
 */
#ifndef AMBER_VM_STRPATTERN_H
#define AMBER_VM_STRPATTERN_H

#include <stddef.h>

#define PAT_MAXCAPTURES 32
#define PAT_MAXDEPTH 200

enum { PAT_CAP_UNFINISHED = -1, PAT_CAP_POSITION = -2 };

typedef struct PatState {
	const char *src_init;     /* start of the source */
	const char *src_end;      /* end of the source ('\0' there) */
	const char *p_end;        /* end of the pattern ('\0' there) */
	int level;                /* captures open or closed so far */
	int depth;                /* nested match calls still allowed */
	const char *err;          /* NULL, or the error message */
	char errbuf[40];          /* storage for formatted messages */
	struct {
		const char *init;
		ptrdiff_t len;        /* length, or PAT_CAP_* */
	} capture[PAT_MAXCAPTURES];
} PatState;

/* One capture's value: a string (s, len) or a 1-based position. */
typedef struct PatCapture {
	const char *s;
	size_t len;
	long long pos;            /* > 0 for a position capture */
} PatCapture;

void pat_init(PatState *ms, const char *s, size_t ls, const char *p, size_t lp);
void pat_reset(PatState *ms);
const char *pat_match(PatState *ms, const char *s, const char *p);
int pat_getcapture(PatState *ms, int i, const char *s, const char *e,
                   PatCapture *cap);
int pat_ncaptures(const PatState *ms, const char *s);
int pat_nospecials(const char *p, size_t lp);
const char *pat_memfind(const char *s, size_t ls, const char *p, size_t lp);

#endif
