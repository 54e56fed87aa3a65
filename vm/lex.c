/*
 * lex.c: the Lua 5.4 lexer and the compile's C-memory arena.
 *
 * See lex.h for the interface. The lexer reads one character ahead
 * (`current`), collects the text of the token being read in `buf` (also used
 * for the "near '...'" part of error messages, so what is kept there follows
 * lua5.4 exactly), and produces tokens with their semantic value.
 *
 * Numbers are converted here with lua5.4's rules: decimal integers that
 * overflow become floats, hexadecimal integers wrap around, floats (also hex
 * floats with 'p' exponents) go through strtod; "inf"/"nan" are never
 * numerals.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include "vm/lex.h"

/* ---- arena ---------------------------------------------------------------- */

struct CBlock {
	struct CBlock *next;
	size_t size;
	max_align_t data[];
};

static _Noreturn void arena_nomem(CArena *a)
{
	arena_error(a, "not enough memory");
}

void *arena_alloc(CArena *a, size_t size)
{
	struct CBlock *b = malloc(sizeof(struct CBlock) + size);
	if (b == NULL)
		arena_nomem(a);
	b->next = a->blocks;
	b->size = size;
	a->blocks = b;
	memset(b->data, 0, size);
	return b->data;
}

/* Grow an arena block in place of the old one (the old one stays until the
 * arena is freed only if it was not the newest; keep it simple: copy). */
void *arena_grow(CArena *a, void *p, size_t oldsize, size_t newsize)
{
	struct CBlock **pb, *b;
	if (p != NULL) {
		for (pb = &a->blocks; *pb != NULL; pb = &(*pb)->next)
			if ((void *)(*pb)->data == p)
				break;
		if (*pb != NULL) {      /* unlink and realloc */
			struct CBlock *old = *pb;
			*pb = old->next;
			b = realloc(old, sizeof(struct CBlock) + newsize);
			if (b == NULL) {
				old->next = a->blocks;
				a->blocks = old;
				arena_nomem(a);
			}
			b->next = a->blocks;
			a->blocks = b;
			b->size = newsize;
			if (newsize > oldsize)
				memset((char *)b->data + oldsize, 0, newsize - oldsize);
			return b->data;
		}
	}
	void *n = arena_alloc(a, newsize);
	if (p != NULL)
		memcpy(n, p, oldsize < newsize ? oldsize : newsize);
	return n;
}

void arena_free(CArena *a)
{
	struct CBlock *b = a->blocks;
	while (b != NULL) {
		struct CBlock *n = b->next;
		free(b);
		b = n;
	}
	a->blocks = NULL;
	free(a->strt);
	a->strt = NULL;
	a->strsize = a->nstr = 0;
}

_Noreturn void arena_error(CArena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	free(a->errmsg);
	a->errmsg = malloc((size_t)n + 1);
	if (a->errmsg != NULL) {
		va_start(ap, fmt);
		vsnprintf(a->errmsg, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	longjmp(*a->errjmp, 1);
}

/* ---- interned strings ------------------------------------------------------- */

static const char *const reserved[LEX_NRESERVED] = {
	"and", "break", "do", "else", "elseif", "end", "false", "for",
	"function", "goto", "if", "in", "local", "nil", "not", "or", "repeat",
	"return", "then", "true", "until", "while"
};

static uint32_t strhash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (uint8_t)s[i]) * 16777619u;
	return h;
}

static void strt_resize(CArena *a, uint32_t nsize)
{
	CStr **nt = calloc(nsize, sizeof(CStr *));
	if (nt == NULL)
		arena_nomem(a);
	for (uint32_t i = 0; i < a->strsize; i++) {
		CStr *s = a->strt[i];
		while (s != NULL) {
			CStr *n = s->hnext;
			s->hnext = nt[s->hash & (nsize - 1)];
			nt[s->hash & (nsize - 1)] = s;
			s = n;
		}
	}
	free(a->strt);
	a->strt = nt;
	a->strsize = nsize;
}

CStr *lex_newstr(CArena *a, const char *s, size_t len)
{
	if (len > 0x7FFFFFFF)
		arena_error(a, "string length overflow");
	uint32_t h = strhash(s, len);
	if (a->strsize == 0)
		strt_resize(a, 256);
	for (CStr *c = a->strt[h & (a->strsize - 1)]; c != NULL; c = c->hnext)
		if (c->hash == h && c->len == len && memcmp(c->s, s, len) == 0)
			return c;
	if (a->nstr >= a->strsize)
		strt_resize(a, a->strsize * 2);
	CStr *c = arena_alloc(a, sizeof(CStr) + len + 1);
	c->hash = h;
	c->len = (uint32_t)len;
	memcpy(c->s, s, len);
	c->s[len] = '\0';
	c->hnext = a->strt[h & (a->strsize - 1)];
	a->strt[h & (a->strsize - 1)] = c;
	a->nstr++;
	return c;
}

/* ---- chunk names -------------------------------------------------------------- */

/* lua5.4's luaO_chunkid: "=name" literal, "@file" (keeping the end of a
 * long name), else [string "first line..."]. srclen excludes the NUL. */
void lex_chunkid(char *out, const char *source, size_t srclen)
{
	const size_t size = LEX_IDSIZE;
	if (srclen > 0 && source[0] == '=') {
		size_t n = srclen - 1 < size - 1 ? srclen - 1 : size - 1;
		memcpy(out, source + 1, n);
		out[n] = '\0';
	} else if (srclen > 0 && source[0] == '@') {
		if (srclen <= size) {
			memcpy(out, source + 1, srclen - 1);
			out[srclen - 1] = '\0';
		} else {                 /* "..." + the last size-4 characters */
			memcpy(out, "...", 3);
			memcpy(out + 3, source + srclen - (size - 4), size - 4);
			out[size - 1] = '\0';
		}
	} else {
		const char *nl = memchr(source, '\n', srclen);
		size_t room = size - (9 + 3 + 2) - 1;   /* [string " ... "] NUL */
		char *o = out;
		memcpy(o, "[string \"", 9);
		o += 9;
		if (srclen < room && nl == NULL) {
			memcpy(o, source, srclen);
			o += srclen;
		} else {
			size_t n = nl != NULL ? (size_t)(nl - source) : srclen;
			if (n > room)
				n = room;
			memcpy(o, source, n);
			o += n;
			memcpy(o, "...", 3);
			o += 3;
		}
		memcpy(o, "\"]", 3);
	}
}

/* ---- errors ----------------------------------------------------------------------- */

const char *lex_token2str(LexState *ls, int token, char *buf, size_t size)
{
	static const char *const others[] = {
		"//", "..", "...", "==", ">=", "<=", "~=", "<<", ">>", "::",
		"<eof>", "<number>", "<integer>", "<name>", "<string>"
	};
	if (token < TK_FIRST) {
		if (isprint(token))
			snprintf(buf, size, "'%c'", token);
		else
			snprintf(buf, size, "'<\\%d>'", token);
	} else if (token <= TK_WHILE) {
		snprintf(buf, size, "'%s'", reserved[token - TK_FIRST]);
	} else if (token < TK_EOS) {
		snprintf(buf, size, "'%s'", others[token - TK_IDIV]);
	} else {
		snprintf(buf, size, "%s", others[token - TK_IDIV]);
	}
	return buf;
}

static void save(LexState *ls, int c)
{
	if (ls->nbuf + 1 >= ls->bufsize) {
		size_t ns = ls->bufsize < 64 ? 64 : ls->bufsize * 2;
		ls->buf = arena_grow(ls->arena, ls->buf, ls->bufsize, ns);
		ls->bufsize = ns;
	}
	ls->buf[ls->nbuf++] = (char)c;
}

_Noreturn void lex_error(LexState *ls, const char *msg, int token)
{
	if (token == 0)
		arena_error(ls->arena, "%s:%d: %s", ls->chunkid, ls->linenumber, msg);
	if (token == TK_NAME || token == TK_STRING || token == TK_FLT ||
	    token == TK_INT) {
		save(ls, '\0');
		arena_error(ls->arena, "%s:%d: %s near '%s'", ls->chunkid,
			ls->linenumber, msg, ls->buf);
	}
	char tb[32];
	arena_error(ls->arena, "%s:%d: %s near %s", ls->chunkid, ls->linenumber,
		msg, lex_token2str(ls, token, tb, sizeof tb));
}

_Noreturn void lex_syntaxerror(LexState *ls, const char *msg)
{
	lex_error(ls, msg, ls->t.token);
}

_Noreturn void lex_semerror(LexState *ls, const char *msg)
{
	ls->t.token = 0;
	lex_error(ls, msg, 0);
}

/* ---- reading ------------------------------------------------------------------------ */

#define EOZ (-1)

static void next(LexState *ls)
{
	ls->current = ls->p < ls->end ? (uint8_t)*ls->p++ : EOZ;
}

static void save_and_next(LexState *ls)
{
	save(ls, ls->current);
	next(ls);
}

static int isnewline(int c)
{
	return c == '\n' || c == '\r';
}

/* Skip "\n", "\r", "\n\r" or "\r\n" and count one line. */
static void inclinenumber(LexState *ls)
{
	int old = ls->current;
	next(ls);
	if (isnewline(ls->current) && ls->current != old)
		next(ls);
	if (++ls->linenumber >= 0x7FFFFFFF)
		lex_error(ls, "chunk has too many lines", 0);
}

static int check_next1(LexState *ls, int c)
{
	if (ls->current != c)
		return 0;
	next(ls);
	return 1;
}

static int check_next2(LexState *ls, const char *set)
{
	if (ls->current != set[0] && ls->current != set[1])
		return 0;
	save_and_next(ls);
	return 1;
}

void lex_init(LexState *ls, CArena *a, const char *src, size_t len,
	const char *chunkname, size_t chunknamelen)
{
	memset(ls, 0, sizeof *ls);
	ls->arena = a;
	ls->p = src;
	ls->end = src + len;
	ls->linenumber = 1;
	ls->lastline = 1;
	ls->ahead.token = TK_EOS + 100;
	lex_chunkid(ls->chunkid, chunkname, chunknamelen);
	for (int i = 0; i < LEX_NRESERVED; i++)
		lex_newstr(a, reserved[i], strlen(reserved[i]))->reserved = (int8_t)(i + 1);
	ls->envname = lex_newstr(a, "_ENV", 4);
	next(ls);
}

/* ---- numerals ----------------------------------------------------------------------- */

static int hexvalue(int c)
{
	return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

static int isxdigit_a(int c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

static int isdigit_a(int c)
{
	return c >= '0' && c <= '9';
}

static int isalpha_a(int c)
{
	return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_';
}

/* An integer numeral: hex wraps around, decimal must not overflow. */
static int str2int(const char *s, int64_t *out)
{
	uint64_t a = 0;
	int empty = 1;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		for (s += 2; isxdigit_a(*s); s++, empty = 0)
			a = a * 16 + (uint64_t)hexvalue(*s);
	} else {
		for (; isdigit_a(*s); s++, empty = 0) {
			int d = *s - '0';
			if (a >= UINT64_C(922337203685477580) &&
			    (a > UINT64_C(922337203685477580) || d > 7))
				return 0;    /* overflow: not an integer */
			a = a * 10 + (uint64_t)d;
		}
	}
	if (empty || *s != '\0')
		return 0;
	*out = (int64_t)a;
	return 1;
}

static int str2flt(const char *s, double *out)
{
	char *end;
	if (strpbrk(s, "nN") != NULL)   /* reject 'inf' and 'nan' */
		return 0;
	*out = strtod(s, &end);
	return end != s && *end == '\0';
}

static int read_numeral(LexState *ls, SemInfo *si)
{
	const char *expo = "Ee";
	int first = ls->current;
	save_and_next(ls);
	if (first == '0' && check_next2(ls, "xX"))
		expo = "Pp";
	for (;;) {
		if (check_next2(ls, expo))
			check_next2(ls, "-+");
		else if (isxdigit_a(ls->current) || ls->current == '.')
			save_and_next(ls);
		else
			break;
	}
	if (isalpha_a(ls->current))     /* numeral touching a letter */
		save_and_next(ls);          /* forces an error */
	save(ls, '\0');
	ls->nbuf--;
	if (str2int(ls->buf, &si->i))
		return TK_INT;
	if (str2flt(ls->buf, &si->r))
		return TK_FLT;
	lex_error(ls, "malformed number", TK_FLT);
}

/* ---- long brackets ---------------------------------------------------------------- */

/* At '[' or ']': count '='s. Returns level+2 for a well-formed bracket, 1 for
 * a lone bracket, 0 for '[=' without the second bracket. */
static size_t skip_sep(LexState *ls)
{
	size_t count = 0;
	int s = ls->current;
	save_and_next(ls);
	while (ls->current == '=') {
		save_and_next(ls);
		count++;
	}
	return ls->current == s ? count + 2 : count == 0 ? 1 : 0;
}

static void read_long_string(LexState *ls, SemInfo *si, size_t sep)
{
	int line = ls->linenumber;
	char msg[80];
	save_and_next(ls);              /* second '[' */
	if (isnewline(ls->current))
		inclinenumber(ls);          /* a first newline is skipped */
	for (;;) {
		switch (ls->current) {
		case EOZ:
			snprintf(msg, sizeof msg, "unfinished long %s (starting at line %d)",
				si ? "string" : "comment", line);
			lex_error(ls, msg, TK_EOS);
		case ']':
			if (skip_sep(ls) == sep) {
				save_and_next(ls);
				if (si)
					si->s = lex_newstr(ls->arena, ls->buf + sep,
						ls->nbuf - 2 * sep);
				return;
			}
			break;
		case '\n': case '\r':
			save(ls, '\n');
			inclinenumber(ls);
			if (!si)
				ls->nbuf = 0;
			break;
		default:
			if (si)
				save_and_next(ls);
			else
				next(ls);
		}
	}
}

/* ---- short strings ------------------------------------------------------------------ */

static void esccheck(LexState *ls, int ok, const char *msg)
{
	if (!ok) {
		if (ls->current != EOZ)
			save_and_next(ls);      /* show the offending character */
		lex_error(ls, msg, TK_STRING);
	}
}

static int gethexa(LexState *ls)
{
	save_and_next(ls);
	esccheck(ls, isxdigit_a(ls->current), "hexadecimal digit expected");
	return hexvalue(ls->current);
}

static int readhexaesc(LexState *ls)
{
	int r = gethexa(ls);
	r = (r << 4) + gethexa(ls);
	ls->nbuf -= 2;                  /* the 'x' and first digit */
	return r;
}

static void utf8esc(LexState *ls)
{
	unsigned long r;
	int i = 4;                      /* '\', 'u', '{' and the first digit */
	save_and_next(ls);              /* 'u' */
	esccheck(ls, ls->current == '{', "missing '{'");
	r = (unsigned long)gethexa(ls);
	for (save_and_next(ls); isxdigit_a(ls->current); save_and_next(ls)) {
		i++;
		esccheck(ls, r <= (0x7FFFFFFFu >> 4), "UTF-8 value too large");
		r = (r << 4) + (unsigned long)hexvalue(ls->current);
	}
	esccheck(ls, ls->current == '}', "missing '}'");
	next(ls);
	ls->nbuf -= (size_t)i;
	/* encode r (up to 2^31) in the extended UTF-8 of lua5.4 */
	char b[8];
	int n = 1;
	if (r < 0x80) {
		b[7] = (char)r;
	} else {
		unsigned int mfb = 0x3f;      /* largest payload of the first byte */
		do {
			b[8 - n++] = (char)(0x80 | (r & 0x3f));
			r >>= 6;
			mfb >>= 1;
		} while (r > mfb);
		b[8 - n] = (char)((~mfb << 1) | r);
	}
	for (int k = 8 - n; k < 8; k++)
		save(ls, b[k]);
}

static int readdecesc(LexState *ls)
{
	int i, r = 0;
	for (i = 0; i < 3 && isdigit_a(ls->current); i++) {
		r = 10 * r + ls->current - '0';
		save_and_next(ls);
	}
	esccheck(ls, r <= 255, "decimal escape too large");
	ls->nbuf -= (size_t)i;
	return r;
}

/* After a backslash (already saved): one escape sequence. */
static void read_escape(LexState *ls)
{
	int c;
	switch (ls->current) {
	case 'a': c = '\a'; break;
	case 'b': c = '\b'; break;
	case 'f': c = '\f'; break;
	case 'n': c = '\n'; break;
	case 'r': c = '\r'; break;
	case 't': c = '\t'; break;
	case 'v': c = '\v'; break;
	case '\\': case '"': case '\'': c = ls->current; break;
	case 'x': c = readhexaesc(ls); break;
	case 'u':
		utf8esc(ls);                /* removes the '\\' itself */
		return;
	case '\n': case '\r':
		inclinenumber(ls);
		ls->buf[ls->nbuf - 1] = '\n';
		return;
	case EOZ:
		return;                     /* the string loop reports it */
	case 'z':
		ls->nbuf--;
		next(ls);
		while (ls->current == ' ' || (ls->current >= '\t' && ls->current <= '\r')) {
			if (isnewline(ls->current))
				inclinenumber(ls);
			else
				next(ls);
		}
		return;
	default:
		esccheck(ls, isdigit_a(ls->current), "invalid escape sequence");
		ls->buf[ls->nbuf - 1] = (char)readdecesc(ls);
		return;
	}
	next(ls);                       /* the escape's last character */
	ls->buf[ls->nbuf - 1] = (char)c;  /* replaces the '\\' */
}

static void read_string(LexState *ls, int del, SemInfo *si)
{
	save_and_next(ls);              /* keep the delimiter for messages */
	while (ls->current != del) {
		switch (ls->current) {
		case EOZ:
			lex_error(ls, "unfinished string", TK_EOS);
		case '\n': case '\r':
			lex_error(ls, "unfinished string", TK_STRING);
		case '\\':
			save_and_next(ls);
			read_escape(ls);
			break;
		default:
			save_and_next(ls);
		}
	}
	save_and_next(ls);
	si->s = lex_newstr(ls->arena, ls->buf + 1, ls->nbuf - 2);
}

/* ---- tokens ------------------------------------------------------------------------- */

static int llex(LexState *ls, SemInfo *si)
{
	ls->nbuf = 0;
	for (;;) {
		switch (ls->current) {
		case '\n': case '\r':
			inclinenumber(ls);
			break;
		case ' ': case '\f': case '\t': case '\v':
			next(ls);
			break;
		case '-':
			next(ls);
			if (ls->current != '-')
				return '-';
			next(ls);
			if (ls->current == '[') {
				size_t sep = skip_sep(ls);
				ls->nbuf = 0;
				if (sep >= 2) {
					read_long_string(ls, NULL, sep);
					ls->nbuf = 0;
					break;
				}
			}
			while (!isnewline(ls->current) && ls->current != EOZ)
				next(ls);
			break;
		case '[': {
			size_t sep = skip_sep(ls);
			if (sep >= 2) {
				read_long_string(ls, si, sep);
				return TK_STRING;
			}
			if (sep == 0)
				lex_error(ls, "invalid long string delimiter", TK_STRING);
			return '[';
		}
		case '=':
			next(ls);
			return check_next1(ls, '=') ? TK_EQ : '=';
		case '<':
			next(ls);
			return check_next1(ls, '=') ? TK_LE : check_next1(ls, '<') ? TK_SHL : '<';
		case '>':
			next(ls);
			return check_next1(ls, '=') ? TK_GE : check_next1(ls, '>') ? TK_SHR : '>';
		case '/':
			next(ls);
			return check_next1(ls, '/') ? TK_IDIV : '/';
		case '~':
			next(ls);
			return check_next1(ls, '=') ? TK_NE : '~';
		case ':':
			next(ls);
			return check_next1(ls, ':') ? TK_DBCOLON : ':';
		case '"': case '\'':
			read_string(ls, ls->current, si);
			return TK_STRING;
		case '.':
			save_and_next(ls);
			if (check_next1(ls, '.'))
				return check_next1(ls, '.') ? TK_DOTS : TK_CONCAT;
			if (!isdigit_a(ls->current))
				return '.';
			return read_numeral(ls, si);
		case '0': case '1': case '2': case '3': case '4':
		case '5': case '6': case '7': case '8': case '9':
			return read_numeral(ls, si);
		case EOZ:
			return TK_EOS;
		default:
			if (isalpha_a(ls->current)) {
				do
					save_and_next(ls);
				while (isalpha_a(ls->current) || isdigit_a(ls->current));
				CStr *s = lex_newstr(ls->arena, ls->buf, ls->nbuf);
				si->s = s;
				return s->reserved ? TK_FIRST + s->reserved - 1 : TK_NAME;
			} else {
				int c = ls->current;
				next(ls);
				return c;
			}
		}
	}
}

void lex_next(LexState *ls)
{
	ls->lastline = ls->linenumber;
	if (ls->ahead.token != TK_EOS + 100) {
		ls->t = ls->ahead;
		ls->ahead.token = TK_EOS + 100;
	} else {
		ls->t.token = llex(ls, &ls->t.seminfo);
	}
}

int lex_lookahead(LexState *ls)
{
	ls->ahead.token = llex(ls, &ls->ahead.seminfo);
	return ls->ahead.token;
}
