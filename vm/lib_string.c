/*
 * lib_string.c: the string library (lua5.4's, without pack/unpack/dump).
 *
 * Patterns are matched by vm/strpattern.c, format items rendered by
 * vm/strformat.c; this file fetches arguments, raises lua5.4's errors and
 * builds results. Builtins that call Lua do so with vm_callk and keep all
 * their state in their frame (no C state across a call):
 *   - string.format re-runs from the start after each __tostring call of a
 *     '%s' argument, whose result replaces that argument in the frame;
 *   - string.gsub keeps its position, last match, count and the pieces of
 *     the result built so far (a table) in frame slots, and is re-entered
 *     with the replacement value of a function or an __index function;
 *   - the gmatch iterator is a BClosure whose upvalues are the subject,
 *     the pattern, the position and the end of the last match.
 * At open time the string metatable (mt[T_STRING]) gets __index = string.
 *
 * Builtin ids are BUILTIN_ID(BLIB_STRING, index into `regs`): never reorder.
 */
#include <stdio.h>
#include <stdarg.h>
#include <string.h>
#include "vm/api.h"
#include "vm/do.h"
#include "vm/gc.h"
#include "vm/number.h"
#include "vm/state.h"
#include "vm/string.h"
#include "vm/strformat.h"
#include "vm/strpattern.h"
#include "vm/table.h"
#include "vm/tm.h"

enum {
	S_BYTE, S_CHAR, S_FIND, S_FORMAT, S_GMATCH, S_GSUB, S_LEN, S_LOWER,
	S_MATCH, S_REP, S_REVERSE, S_SUB, S_UPPER, S_GMATCHAUX,
	S_ADD, S_SUB_, S_MUL, S_MOD, S_POW, S_DIV, S_IDIV, S_UNM,  /* metatable */
	S_NBUILTINS
};

/* Results are limited like lua5.4's (MAXSIZE = INT_MAX). */
#define STR_MAXSIZE ((size_t)0x7fffffff)

/* An error without position, as lua5.4's luaG_ errors raised while a
 * builtin runs (luaL_error's vm_error adds the caller's position). */
/* ---- positions ---------------------------------------------------------- */

/* A start position: negative counts from the end, clipped to >= 1. */
static size_t posrelat(int64_t pos, size_t len)
{
	if (pos > 0)
		return (size_t)pos;
	if (pos == 0)
		return 1;
	if (pos < -(int64_t)len)
		return 1;
	return len + (size_t)pos + 1;
}

/* An end position from argument i (default def), clipped to [0, len]. */
static size_t endpos(VM *vm, int i, int64_t def, size_t len)
{
	int64_t pos = vm_optinteger(vm, i, def);
	if (pos > (int64_t)len)
		return len;
	if (pos >= 0)
		return (size_t)pos;
	if (pos < -(int64_t)len)
		return 0;
	return len + (size_t)pos + 1;
}

/* ---- simple functions --------------------------------------------------- */

static int s_len(VM *vm, CallInfo *ci)
{
	size_t l;
	vm_checklstring(vm, 1, &l);
	vm_pushinteger(vm, (int64_t)l);
	return 1;
}

static int s_sub(VM *vm, CallInfo *ci)
{
	size_t l;
	const char *s = vm_checklstring(vm, 1, &l);
	size_t start = posrelat(vm_checkinteger(vm, 2), l);
	size_t end = endpos(vm, 3, -1, l);
	if (start > end)
		vm_pushlstring(vm, "", 0);
	else
		vm_pushlstring(vm, s + start - 1, end - start + 1);
	return 1;
}

static int s_byte(VM *vm, CallInfo *ci)
{
	size_t l;
	String *str = vm_checkstring(vm, 1);
	l = tsslen(str);
	int64_t i = vm_optinteger(vm, 2, 1);
	size_t pe = endpos(vm, 3, i, l);  /* the default end is i as given */
	size_t pi = posrelat(i, l);
	if (pi > pe)
		return 0;
	if (pe - pi >= (size_t)0x7fffffff || pe - pi + 1 > VM_MAXSTACK / 2)
		vm_error(vm, "string slice too long");
	int n = (int)(pe - pi) + 1;
	for (int i = 0; i < n; i++)
		vm_pushinteger(vm, (unsigned char)getstr(str)[pi + (size_t)i - 1]);
	return n;
}

static int s_char(VM *vm, CallInfo *ci)
{
	int n = vm_nargs(vm);
	VMBuffer b;
	for (int i = 1; i <= n; i++)  /* check all before allocating */
		vm_argcheck(vm, (uint64_t)vm_checkinteger(vm, i) <= 255, i,
		            "value out of range");
	vm_buffinit(vm, &b);
	char *p = vm_prepbuffsize(&b, (size_t)n);
	for (int i = 1; i <= n; i++)
		p[i - 1] = (char)vm_checkinteger(vm, i);
	vm_addsize(&b, (size_t)n);
	vm_pushresult(&b);
	return 1;
}

/* lower, upper, reverse: a new string of the same length. */
static int mapstring(VM *vm, int how)
{
	size_t l;
	const char *s = vm_checklstring(vm, 1, &l);
	VMBuffer b;
	vm_buffinit(vm, &b);
	char *p = vm_prepbuffsize(&b, l);
	for (size_t i = 0; i < l; i++) {
		unsigned char c = (unsigned char)s[i];
		if (how == 'l' && c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 32);
		else if (how == 'u' && c >= 'a' && c <= 'z')
			c = (unsigned char)(c - 32);
		else if (how == 'r')
			c = (unsigned char)s[l - 1 - i];
		p[i] = (char)c;
	}
	vm_addsize(&b, l);
	vm_pushresult(&b);
	return 1;
}

static int s_lower(VM *vm, CallInfo *ci) { return mapstring(vm, 'l'); }
static int s_upper(VM *vm, CallInfo *ci) { return mapstring(vm, 'u'); }
static int s_reverse(VM *vm, CallInfo *ci) { return mapstring(vm, 'r'); }

static int s_rep(VM *vm, CallInfo *ci)
{
	size_t l, lsep;
	const char *s = vm_checklstring(vm, 1, &l);
	int64_t n = vm_checkinteger(vm, 2);
	const char *sep = vm_optlstring(vm, 3, "", &lsep);
	if (n <= 0 || l + lsep == 0) {
		vm_pushlstring(vm, "", 0);
		return 1;
	}
	if (l + lsep < l || l + lsep > STR_MAXSIZE / (uint64_t)n)
		vm_error(vm, "resulting string too large");
	size_t total = (size_t)n * l + (size_t)(n - 1) * lsep;
	String *r = total <= VM_MAXSHORTLEN ? NULL : str_newlng(vm, total);
	char buf[VM_MAXSHORTLEN];
	char *p = r ? getstr(r) : buf;
	for (int64_t i = 0; i < n; i++) {
		memcpy(p, s, l);
		p += l;
		if (i + 1 < n && lsep > 0) {
			memcpy(p, sep, lsep);
			p += lsep;
		}
	}
	if (r == NULL) {
		vm_pushlstring(vm, buf, total);
	} else {
		Value v;
		setsvalue(&v, r);
		vm_pushvalue(vm, &v);
	}
	return 1;
}

/* ---- find, match, gmatch ------------------------------------------------ */

static _Noreturn void paterror(VM *vm, PatState *ms, VMBuffer *b)
{
	char msg[sizeof ms->errbuf + 64];
	strncpy(msg, ms->err, sizeof msg - 1);
	msg[sizeof msg - 1] = '\0';
	if (b != NULL)
		vm_bufffree(b);
	vm_error(vm, "%s", msg);
}

/* Push capture i of the match [s, e). */
static void pushcapture(VM *vm, PatState *ms, int i, const char *s,
                        const char *e)
{
	PatCapture c;
	if (!pat_getcapture(ms, i, s, e, &c))
		paterror(vm, ms, NULL);
	if (c.pos > 0)
		vm_pushinteger(vm, c.pos);
	else
		vm_pushlstring(vm, c.s, c.len);
}

/* Push all captures (the whole match if none and s != NULL). */
static int pushcaptures(VM *vm, PatState *ms, const char *s, const char *e)
{
	int n = pat_ncaptures(ms, s);
	for (int i = 0; i < n; i++)
		pushcapture(vm, ms, i, s, e);
	return n;
}

static int find_aux(VM *vm, int find)
{
	size_t ls, lp;
	String *ss = vm_checkstring(vm, 1);
	String *ps = vm_checkstring(vm, 2);
	const char *s = getstr(ss), *p = getstr(ps);
	ls = tsslen(ss);
	lp = tsslen(ps);
	size_t init = posrelat(vm_optinteger(vm, 3, 1), ls) - 1;
	if (init > ls) {
		vm_pushnil(vm);
		return 1;
	}
	if (find && (!l_isfalse(vm_arg(vm, 4)) || pat_nospecials(p, lp))) {
		const char *s2 = pat_memfind(s + init, ls - init, p, lp);
		if (s2 != NULL) {
			vm_pushinteger(vm, (int64_t)(s2 - s) + 1);
			vm_pushinteger(vm, (int64_t)(s2 - s + (ptrdiff_t)lp));
			return 2;
		}
	} else {
		PatState ms;
		const char *s1 = s + init;
		int anchor = (*p == '^');
		if (anchor) {
			p++;
			lp--;
		}
		pat_init(&ms, s, ls, p, lp);
		do {
			pat_reset(&ms);
			const char *e = pat_match(&ms, s1, p);
			if (ms.err != NULL)
				paterror(vm, &ms, NULL);
			if (e != NULL) {
				if (!find)
					return pushcaptures(vm, &ms, s1, e);
				vm_pushinteger(vm, (int64_t)(s1 - s) + 1);
				vm_pushinteger(vm, (int64_t)(e - s));
				return pushcaptures(vm, &ms, NULL, NULL) + 2;
			}
		} while (s1++ < ms.src_end && !anchor);
	}
	vm_pushnil(vm);
	return 1;
}

static int s_find(VM *vm, CallInfo *ci) { return find_aux(vm, 1); }
static int s_match(VM *vm, CallInfo *ci) { return find_aux(vm, 0); }

/* gmatch(s, p [, init]): an iterator closure with upvalues
 * {s, p, position (0-based), end of the last match (-1: none)}. */
static int s_gmatch(VM *vm, CallInfo *ci)
{
	String *s = vm_checkstring(vm, 1);
	String *p = vm_checkstring(vm, 2);
	size_t ls = tsslen(s);
	size_t init = posrelat(vm_optinteger(vm, 3, 1), ls) - 1;
	if (init > ls)
		init = ls + 1;
	BClosure *cl = vm_pushbclosure(vm, BUILTIN_ID(BLIB_STRING, S_GMATCHAUX), 4);
	setsvalue(&cl->upvalue[0], s);
	setsvalue(&cl->upvalue[1], p);
	setivalue(&cl->upvalue[2], (int64_t)init);
	setivalue(&cl->upvalue[3], -1);
	return 1;
}

static int s_gmatchaux(VM *vm, CallInfo *ci)
{
	BClosure *cl = clBvalue(s2v(vm->L, ci->func));
	String *ss = strvalue(&cl->upvalue[0]), *ps = strvalue(&cl->upvalue[1]);
	const char *s = getstr(ss), *p = getstr(ps);
	size_t ls = tsslen(ss);
	int64_t last = ivalue(&cl->upvalue[3]);
	PatState ms;
	pat_init(&ms, s, ls, p, tsslen(ps));
	for (int64_t pos = ivalue(&cl->upvalue[2]); pos <= (int64_t)ls; pos++) {
		pat_reset(&ms);
		const char *e = pat_match(&ms, s + pos, p);
		if (ms.err != NULL)
			paterror(vm, &ms, NULL);
		if (e != NULL && e - s != last) {
			setivalue(&cl->upvalue[2], e - s);
			setivalue(&cl->upvalue[3], e - s);
			return pushcaptures(vm, &ms, s + pos, e);
		}
	}
	setivalue(&cl->upvalue[2], (int64_t)ls + 1);
	return 0;
}

/* ---- gsub --------------------------------------------------------------- */

/* Frame slots of gsub (after its 4 arguments). */
enum {
	G_PIECES = 5,   /* table of result pieces flushed before calls, or nil */
	G_POS,          /* next source offset to look at */
	G_LAST,         /* end offset of the last match, -1: none */
	G_COUNT,        /* replacements made */
	G_MSTART,       /* the match waiting for its replacement value */
	G_MEND,
	G_NSLOTS = G_MEND
};

#define GINT(vm, k) ivalue(vm_arg(vm, k))
#define GSETINT(vm, k, x) setivalue(vm_arg(vm, k), (x))

/* Append the buffer's bytes as one piece, and empty it. */
static void gsub_flush(VM *vm, VMBuffer *b)
{
	if (b->n == 0)
		return;
	Value *pv = vm_arg(vm, G_PIECES);
	if (!ttistable(pv)) {
		Table *t = tab_new(vm);
		setgcovalue(vm_arg(vm, G_PIECES), t);
	}
	Table *t = tvalue(vm_arg(vm, G_PIECES));
	Value v;
	setsvalue(&v, str_new(vm, b->b, b->n));
	tab_setint(vm, t, (int64_t)tab_getn(t) + 1, &v);
	b->n = 0;
}

/* The string replacement with %0-%9 and %%. */
static void gsub_adds(VM *vm, PatState *ms, VMBuffer *b, const char *s,
                      const char *e)
{
	String *rs = strvalue(vm_arg(vm, 3));
	const char *news = getstr(rs), *p;
	size_t l = tsslen(rs);
	while ((p = memchr(news, '%', l)) != NULL) {
		vm_addlstring(b, news, (size_t)(p - news));
		p++;
		if (*p == '%') {
			vm_addchar(b, '%');
		} else if (*p == '0') {
			vm_addlstring(b, s, (size_t)(e - s));
		} else if (*p >= '1' && *p <= '9') {
			PatCapture c;
			if (!pat_getcapture(ms, *p - '1', s, e, &c))
				paterror(vm, ms, b);
			if (c.pos > 0) {
				char num[24];
				int n = snprintf(num, sizeof num, "%lld", c.pos);
				vm_addlstring(b, num, (size_t)n);
			} else {
				vm_addlstring(b, c.s, c.len);
			}
		} else {
			vm_bufffree(b);
			vm_error(vm, "invalid use of '%%' in replacement string");
		}
		l -= (size_t)(p + 1 - news);
		news = p + 1;
	}
	vm_addlstring(b, news, l);
}

/* A replacement value v for the match [s, e) into the buffer. */
static void gsub_addvalue(VM *vm, VMBuffer *b, const Value *v, const char *s,
                          const char *e)
{
	if (l_isfalse(v)) {
		vm_addlstring(b, s, (size_t)(e - s));
	} else if (ttisstring(v)) {
		vm_addlstring(b, getstr(strvalue(v)), tsslen(strvalue(v)));
	} else if (ttisnumber(v)) {
		char num[NUM_MAXSTR];
		int n = num_tostrbuf(v, num);
		vm_addlstring(b, num, (size_t)n);
	} else {
		vm_bufffree(b);
		vm_error(vm, "invalid replacement value (a %s)",
		         vm_basictypename(ttype(v)));
	}
}

/* t[key] with __index as lua_gettable does: the value into *out (returns
 * 0), or the __index function to call into *out with its table argument
 * into *tout (returns 1). */
static int gsub_index(VM *vm, const Value *tv, const Value *key, Value *out,
                      Value *tout)
{
	Value t = *tv;
	for (int loop = 0; loop < 2000; loop++) {
		if (ttistable(&t)) {
			const Value *r = tab_get(tvalue(&t), key);
			if (!ttisnil(r)) {
				*out = *r;
				return 0;
			}
		}
		const Value *tm = vm_getmetafield(vm, &t, "__index");
		if (tm == NULL) {
			setnilvalue(out);
			return 0;
		}
		if (ttisfunction(tm)) {
			*out = *tm;
			*tout = t;
			return 1;
		}
		t = *tm;
	}
	vm_rawerror(vm, "'__index' chain too long; possibly a loop");
}

/* Call the replacement function (or __index function) for the match
 * [s, e), after flushing the buffer: the builtin re-enters at state 1. */
static int gsub_call(VM *vm, VMBuffer *b, PatState *ms, const Value *f,
                     const Value *t, const Value *key, const char *s,
                     const char *e)
{
	const char *src = ms->src_init;
	GSETINT(vm, G_MSTART, s - src);
	GSETINT(vm, G_MEND, e - src);
	gsub_flush(vm, b);
	vm_bufffree(b);
	Value fv = *f;
	vm_pushvalue(vm, &fv);
	if (t == NULL)
		return vm_callk(vm, pushcaptures(vm, ms, s, e), 1, 1);
	Value tv = *t, kv = *key;
	vm_pushvalue(vm, &tv);
	vm_pushvalue(vm, &kv);
	return vm_callk(vm, 2, 1, 1);
}

/* Run the gsub loop from the state in the frame; b holds the result bytes
 * not yet flushed. Returns BI_CALL or the number of results. */
static int gsub_run(VM *vm, VMBuffer *b)
{
	String *ss = strvalue(vm_arg(vm, 1)), *ps = strvalue(vm_arg(vm, 2));
	const char *src = getstr(ss), *p = getstr(ps);
	size_t ls = tsslen(ss), lp = tsslen(ps);
	int tr = ttype(vm_arg(vm, 3));
	int64_t max_s = GINT(vm, 4);
	int anchor = (*p == '^');
	if (anchor) {
		p++;
		lp--;
	}
	PatState ms;
	pat_init(&ms, src, ls, p, lp);
	int64_t pos = GINT(vm, G_POS), n = GINT(vm, G_COUNT);
	while (n < max_s) {
		pat_reset(&ms);
		const char *e = pat_match(&ms, src + pos, p);
		if (ms.err != NULL)
			paterror(vm, &ms, b);
		if (e != NULL && e - src != GINT(vm, G_LAST)) {
			const char *s = src + pos;
			GSETINT(vm, G_COUNT, ++n);
			if (tr == T_STRING || tr == T_NUMBER) {
				gsub_adds(vm, &ms, b, s, e);
			} else if (tr == T_FUNCTION) {
				return gsub_call(vm, b, &ms, vm_arg(vm, 3), NULL, NULL, s, e);
			} else {
				Value key, v, t;
				pushcapture(vm, &ms, 0, s, e);
				key = *vm_top(vm, 1);
				vm_pop(vm, 1);
				if (gsub_index(vm, vm_arg(vm, 3), &key, &v, &t))
					return gsub_call(vm, b, &ms, &v, &t, &key, s, e);
				gsub_addvalue(vm, b, &v, s, e);
			}
			pos = e - src;
			GSETINT(vm, G_LAST, pos);
		} else if ((size_t)pos < ls) {
			vm_addchar(b, src[pos++]);
		} else {
			break;
		}
		GSETINT(vm, G_POS, pos);
		if (anchor)
			break;
	}
	/* the result: the pieces, the buffer, the rest of the source */
	vm_addlstring(b, src + pos, ls - (size_t)pos);
	Value *pv = vm_arg(vm, G_PIECES);
	if (ttistable(pv)) {
		Table *t = tvalue(pv);
		VMBuffer r;
		vm_buffinit(vm, &r);
		for (uint64_t i = 1, k = tab_getn(t); i <= k; i++) {
			String *piece = strvalue(tab_getint(t, (int64_t)i));
			vm_addlstring(&r, getstr(piece), tsslen(piece));
		}
		vm_addlstring(&r, b->b, b->n);
		vm_bufffree(b);
		vm_pushresult(&r);
	} else {
		vm_pushresult(b);
	}
	vm_pushinteger(vm, n);
	return 2;
}

static int s_gsub(VM *vm, CallInfo *ci)
{
	VMBuffer b;
	if (ci->pc == 1) {  /* a replacement value is on top */
		Value v = *vm_top(vm, 1);
		vm_pop(vm, 1);
		const char *src = getstr(strvalue(vm_arg(vm, 1)));
		vm_buffinit(vm, &b);
		gsub_addvalue(vm, &b, &v, src + GINT(vm, G_MSTART), src + GINT(vm, G_MEND));
		GSETINT(vm, G_POS, GINT(vm, G_MEND));
		GSETINT(vm, G_LAST, GINT(vm, G_MEND));
		ci->pc = 0;
		if (*getstr(strvalue(vm_arg(vm, 2))) == '^')
			GSETINT(vm, 4, 0);  /* anchored: one match only, now finish */
		return gsub_run(vm, &b);
	}
	size_t ls;
	vm_checklstring(vm, 1, &ls);
	vm_checkstring(vm, 2);
	int64_t max_s = vm_optinteger(vm, 4, (int64_t)ls + 1);
	int tr = vm_argtype(vm, 3);
	if (!(tr == T_NUMBER || tr == T_STRING || tr == T_FUNCTION || tr == T_TABLE))
		vm_typeerror(vm, 3, "string/function/table");
	if (tr == T_NUMBER)
		vm_checkstring(vm, 3);
	vm_settop(vm, G_NSLOTS);
	GSETINT(vm, 4, max_s);
	GSETINT(vm, G_POS, 0);
	GSETINT(vm, G_LAST, -1);
	GSETINT(vm, G_COUNT, 0);
	vm_buffinit(vm, &b);
	return gsub_run(vm, &b);
}

/* ---- format ------------------------------------------------------------- */

/* %q: a value as a Lua literal. */
static void addliteral(VM *vm, VMBuffer *b, int arg)
{
	Value *v = vm_arg(vm, arg);
	char buff[FMT_MAXITEM];
	switch (ttype(v)) {
	case T_STRING: {
		String *s = strvalue(v);
		const char *p = getstr(s);
		size_t l = tsslen(s);
		vm_addchar(b, '"');
		for (size_t i = 0; i < l; i++) {
			char *q = vm_prepbuffsize(b, 4);
			vm_addsize(b, (size_t)fmt_quotechar(q, (unsigned char)p[i],
			                                    i + 1 < l ? (unsigned char)p[i + 1] : -1));
		}
		vm_addchar(b, '"');
		return;
	}
	case T_NUMBER:
		if (ttisinteger(v))
			vm_addlstring(b, buff, (size_t)fmt_quoteinteger(buff, FMT_MAXITEM, ivalue(v)));
		else
			vm_addlstring(b, buff, (size_t)fmt_quotefloat(buff, FMT_MAXITEM, fltvalue(v)));
		return;
	case T_NIL:
		vm_addstring(b, "nil");
		return;
	case T_BOOLEAN:
		vm_addstring(b, ttistrue(v) ? "true" : "false");
		return;
	default:
		vm_bufffree(b);
		vm_argerror(vm, arg, "value has no literal form");
	}
}

/* %p: the address of a collectable value, "(null)" otherwise. */
static int fmt_pointer(VM *vm, char *buff, FmtSpec *spec, const Value *v)
{
	const void *p = NULL;
	if (ttisbuiltin(v))
		p = (const void *)(uintptr_t)(0x100000 + builtinid(v));
	else if (iscollectable(v))
		p = gcvalue(v);
	if (p == NULL) {
		spec->form[strlen(spec->form) - 1] = 's';
		return snprintf(buff, FMT_MAXITEM, spec->form, "(null)");
	}
	return snprintf(buff, FMT_MAXITEM, spec->form, p);
}

static _Noreturn void fmterror(VM *vm, VMBuffer *b, const char *msg,
                               const char *form)
{
	char m[FMT_MAXFORM + 64];
	snprintf(m, sizeof m, msg, form);
	vm_bufffree(b);
	vm_error(vm, "%s", m);
}

static void checkspec(VM *vm, VMBuffer *b, const FmtSpec *spec,
                      const char *flags, int precision)
{
	if (fmt_checkspec(spec, flags, precision) != FMT_OK)
		fmterror(vm, b, "invalid conversion specification: '%s'", spec->form);
}

/* %s: returns 0, or 1 after pushing a __tostring call for argument arg. */
static int addstringitem(VM *vm, VMBuffer *b, FmtSpec *spec, int arg)
{
	String *s = vm_tolstring(vm, vm_arg(vm, arg));
	if (s == NULL)
		return 1;
	const char *p = getstr(s);
	size_t l = tsslen(s);
	if (spec->form[2] == '\0') {  /* no modifiers: the whole string */
		vm_addlstring(b, p, l);
		return 0;
	}
	if (strlen(p) != l) {
		vm_bufffree(b);
		vm_argerror(vm, arg, "string contains zeros");
	}
	checkspec(vm, b, spec, FMT_FLAGS_C, 1);
	if (strchr(spec->form, '.') == NULL && l >= 100) {
		vm_addlstring(b, p, l);  /* too long to format, and no precision */
		return 0;
	}
	char *buff = vm_prepbuffsize(b, l + FMT_MAXITEM);
	vm_addsize(b, (size_t)snprintf(buff, l + FMT_MAXITEM, spec->form, p));
	return 0;
}

/* One conversion of argument arg into the buffer; 1 if a call was pushed. */
static int formatitem(VM *vm, VMBuffer *b, FmtSpec *spec, int arg)
{
	char buff[FMT_MAXITEMF + 8];  /* the item, added once complete */
	const char *flags;
	int nb = 0;
	switch (spec->conv) {
	case 'c':
		checkspec(vm, b, spec, FMT_FLAGS_C, 0);
		nb = fmt_char(buff, FMT_MAXITEMF, spec, (int)vm_checkinteger(vm, arg));
		break;
	case 'd': case 'i':
		flags = FMT_FLAGS_I;
		goto intcase;
	case 'u':
		flags = FMT_FLAGS_U;
		goto intcase;
	case 'o': case 'x': case 'X':
		flags = FMT_FLAGS_X;
	intcase: {
		int64_t n = vm_checkinteger(vm, arg);
		checkspec(vm, b, spec, flags, 1);
		nb = fmt_integer(buff, FMT_MAXITEMF, spec, n);
		break;
	}
	case 'a': case 'A':
		checkspec(vm, b, spec, FMT_FLAGS_F, 1);
		nb = fmt_hexfloat(buff, FMT_MAXITEMF, spec, vm_checknumber(vm, arg));
		break;
	case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': {
		double x = vm_checknumber(vm, arg);
		checkspec(vm, b, spec, FMT_FLAGS_F, 1);
		nb = fmt_float(buff, FMT_MAXITEMF, spec, x);
		break;
	}
	case 'p':
		checkspec(vm, b, spec, FMT_FLAGS_C, 0);
		nb = fmt_pointer(vm, buff, spec, vm_arg(vm, arg));
		break;
	case 'q':
		if (spec->form[2] != '\0')
			fmterror(vm, b, "specifier '%%q' cannot have modifiers", "");
		addliteral(vm, b, arg);
		break;
	case 's':
		return addstringitem(vm, b, spec, arg);
	default:
		fmterror(vm, b, "invalid conversion '%s' to 'format'", spec->form);
	}
	vm_addlstring(b, buff, (size_t)nb);
	return 0;
}

/* string.format. An argument with __tostring met by '%s' is converted by a
 * call (state = its index); its result replaces it in the frame and the
 * formatting starts over (earlier items are pure, so redoing them is
 * invisible). */
static int s_format(VM *vm, CallInfo *ci)
{
	if (ci->pc != 0) {
		Value r = *vm_top(vm, 1);
		if (ttisnumber(&r))
			setsvalue(&r, num_tostring(vm, &r));
		else
			vm_tostringresult(vm);
		vm_pop(vm, 1);
		*vm_arg(vm, (int)ci->pc) = r;
		ci->pc = 0;
	}
	int top = vm_nargs(vm);
	size_t lf;
	const char *fmt = vm_checklstring(vm, 1, &lf);
	const char *end = fmt + lf;
	int arg = 1;
	VMBuffer b;
	vm_buffinit(vm, &b);
	while (fmt < end) {
		if (*fmt != '%') {
			vm_addchar(&b, *fmt++);
		} else if (*++fmt == '%') {
			vm_addchar(&b, *fmt++);
		} else {
			FmtSpec spec;
			if (++arg > top) {
				vm_bufffree(&b);
				vm_argerror(vm, arg, "no value");
			}
			if (fmt_getspec(fmt, &spec) != FMT_OK)
				fmterror(vm, &b, "invalid format (too long)", "");
			fmt += spec.len;
			if (formatitem(vm, &b, &spec, arg)) {
				vm_bufffree(&b);
				return vm_callk(vm, 1, 1, (uint32_t)arg);
			}
		}
	}
	vm_pushresult(&b);
	return 1;
}

/* ---- arithmetic metamethods -------------------------------------------- */

/* The string metatable's __add etc. (the interpreter performs string
 * arithmetic itself; these serve direct calls like getmetatable("").__add).
 * Operands that are numbers or numeric strings are converted; otherwise
 * the second operand's metamethod is tried, as lua5.4's trymt does. */
static int strarith(VM *vm, CallInfo *ci, int op, const char *mtname)
{
	if (ci->pc != 0)
		return 1;  /* the metamethod's result is on top */
	Value a, b, r;
	Value *x = vm_arg(vm, 1), *y = vm_arg(vm, op == NUM_UNM ? 1 : 2);
	if (num_tonumber(x, &r.v.n) && num_tonumber(y, &r.v.n)) {
		if (ttisstring(x)) num_strtonumber(getstr(strvalue(x)), tsslen(strvalue(x)), &a); else a = *x;
		if (ttisstring(y)) num_strtonumber(getstr(strvalue(y)), tsslen(strvalue(y)), &b); else b = *y;
		num_rawarith(vm, op, &a, &b, &r);
		vm_pushvalue(vm, &r);
		return 1;
	}
	vm_settop(vm, 2);
	const Value *tm = ttisstring(vm_arg(vm, 2)) ? NULL
	                : vm_getmetafield(vm, vm_arg(vm, 2), mtname);
	if (tm == NULL)
		vm_error(vm, "attempt to %s a '%s' with a '%s'", mtname + 2,
		         vm_basictypename(ttype(vm_arg(vm, 1))),
		         vm_basictypename(ttype(vm_arg(vm, 2))));
	Value f = *tm, v1 = *vm_arg(vm, 1), v2 = *vm_arg(vm, 2);
	vm_pushvalue(vm, &f);
	vm_pushvalue(vm, &v1);
	vm_pushvalue(vm, &v2);
	return vm_callk(vm, 2, 1, 1);
}

static int s_add(VM *vm, CallInfo *ci) { return strarith(vm, ci, NUM_ADD, "__add"); }
static int s_subm(VM *vm, CallInfo *ci) { return strarith(vm, ci, NUM_SUB, "__sub"); }
static int s_mul(VM *vm, CallInfo *ci) { return strarith(vm, ci, NUM_MUL, "__mul"); }
static int s_mod(VM *vm, CallInfo *ci) { return strarith(vm, ci, NUM_MOD, "__mod"); }
static int s_pow(VM *vm, CallInfo *ci) { return strarith(vm, ci, NUM_POW, "__pow"); }
static int s_div(VM *vm, CallInfo *ci) { return strarith(vm, ci, NUM_DIV, "__div"); }
static int s_idiv(VM *vm, CallInfo *ci) { return strarith(vm, ci, NUM_IDIV, "__idiv"); }
static int s_unm(VM *vm, CallInfo *ci) { return strarith(vm, ci, NUM_UNM, "__unm"); }

/* ---- the library -------------------------------------------------------- */

static const BuiltinReg string_regs[S_NBUILTINS] = {
	[S_BYTE] = {"byte", s_byte},
	[S_CHAR] = {"char", s_char},
	[S_FIND] = {"find", s_find},
	[S_FORMAT] = {"format", s_format},
	[S_GMATCH] = {"gmatch", s_gmatch},
	[S_GSUB] = {"gsub", s_gsub},
	[S_LEN] = {"len", s_len},
	[S_LOWER] = {"lower", s_lower},
	[S_MATCH] = {"match", s_match},
	[S_REP] = {"rep", s_rep},
	[S_REVERSE] = {"reverse", s_reverse},
	[S_SUB] = {"sub", s_sub},
	[S_UPPER] = {"upper", s_upper},
	[S_GMATCHAUX] = {NULL, s_gmatchaux},
	[S_ADD] = {NULL, s_add}, [S_SUB_] = {NULL, s_subm},
	[S_MUL] = {NULL, s_mul}, [S_MOD] = {NULL, s_mod},
	[S_POW] = {NULL, s_pow}, [S_DIV] = {NULL, s_div},
	[S_IDIV] = {NULL, s_idiv}, [S_UNM] = {NULL, s_unm},
};

/* The metatable of strings: {__index = string, __add = ..., ...}. */
static void string_open(VM *vm, Table *lib)
{
	Table *mt = tab_new(vm);
	Value v;
	setgcovalue(&v, lib);
	tab_setstr(vm, mt, vm->g->tmname[TM_INDEX], &v);
	static const struct { int idx; TMS ev; } arith[] = {
		{S_ADD, TM_ADD}, {S_SUB_, TM_SUB}, {S_MUL, TM_MUL}, {S_MOD, TM_MOD},
		{S_POW, TM_POW}, {S_DIV, TM_DIV}, {S_IDIV, TM_IDIV}, {S_UNM, TM_UNM},
	};
	for (size_t i = 0; i < sizeof arith / sizeof arith[0]; i++) {
		setbuiltin(&v, BUILTIN_ID(BLIB_STRING, arith[i].idx));
		tab_setstr(vm, mt, vm->g->tmname[arith[i].ev], &v);
	}
	vm->g->mt[T_STRING] = mt;
}

const BuiltinLib vm_lib_string = {
	BLIB_STRING, "string", string_regs, S_NBUILTINS, string_open
};
