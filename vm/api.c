/*
 * api.c: the interface of builtin functions (vm/api.h).
 *
 * A builtin's frame is the top frame of vm->L: its arguments are
 * stack[ci->base .. L->top), and pushes append at L->top (the stack grows
 * as needed; do_settle gave every builtin VM_MINSTACK free slots). Errors
 * push their value on vm->L and longjmp (do_throw); argument errors name
 * the function as lua5.4 does (the calling instruction, else the library
 * field holding the builtin).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vm/api.h"
#include "vm/do.h"
#include "vm/interp.h"
#include "vm/state.h"
#include "vm/string.h"
#include "vm/table.h"
#include "vm/number.h"
#include "vm/func.h"
#include "vm/debug.h"
#include "vm/tm.h"
#include "vm/platform.h"

static const Value nilobj = {{0}, VNIL};

#define CI(vm)   topci((vm)->L)

/* ---- arguments ---------------------------------------------------------------- */

int vm_nargs(VM *vm)
{
	return (int)(vm->L->top - CI(vm)->base);
}

Value *vm_arg(VM *vm, int i)
{
	Thread *L = vm->L;
	uint32_t idx = CI(vm)->base + (uint32_t)i - 1;
	if (i < 1 || idx >= L->top)
		return (Value *)&nilobj;
	return &L->stack[idx];
}

int vm_argtype(VM *vm, int i)
{
	if (i < 1 || i > vm_nargs(vm))
		return T_NONE;
	return ttype(vm_arg(vm, i));
}

static void interror(VM *vm, int i)
{
	if (ttisnumber(vm_arg(vm, i)))
		vm_argerror(vm, i, "number has no integer representation");
	vm_typeerror(vm, i, "number");
}

int64_t vm_checkinteger(VM *vm, int i)
{
	Value *o = vm_arg(vm, i);
	int64_t r;
	if (ttisinteger(o))
		return ivalue(o);
	if (!num_tointeger(o, &r, F2I_EQ)) {
		double d;
		if (ttisstring(o) && num_tonumber(o, &d))
			vm_argerror(vm, i, "number has no integer representation");
		interror(vm, i);
	}
	return r;
}

int64_t vm_optinteger(VM *vm, int i, int64_t def)
{
	return ttisnil(vm_arg(vm, i)) ? def : vm_checkinteger(vm, i);
}

double vm_checknumber(VM *vm, int i)
{
	Value *o = vm_arg(vm, i);
	double d;
	if (ttisfloat(o))
		return fltvalue(o);
	if (!num_tonumber(o, &d))
		vm_typeerror(vm, i, "number");
	return d;
}

double vm_optnumber(VM *vm, int i, double def)
{
	return ttisnil(vm_arg(vm, i)) ? def : vm_checknumber(vm, i);
}

String *vm_checkstring(VM *vm, int i)
{
	Value *o = vm_arg(vm, i);
	if (ttisstring(o))
		return strvalue(o);
	if (ttisnumber(o) && i <= vm_nargs(vm)) {
		String *s = num_tostring(vm, o);
		setsvalue(o, s);
		return s;
	}
	vm_typeerror(vm, i, "string");
	return NULL;
}

const char *vm_checklstring(VM *vm, int i, size_t *len)
{
	String *s = vm_checkstring(vm, i);
	if (len != NULL)
		*len = tsslen(s);
	return getstr(s);
}

const char *vm_optlstring(VM *vm, int i, const char *def, size_t *len)
{
	if (ttisnil(vm_arg(vm, i))) {
		if (len != NULL)
			*len = def ? strlen(def) : 0;
		return def;
	}
	return vm_checklstring(vm, i, len);
}

Table *vm_checktable(VM *vm, int i)
{
	Value *o = vm_arg(vm, i);
	if (!ttistable(o))
		vm_typeerror(vm, i, "table");
	return tvalue(o);
}

void vm_checkany(VM *vm, int i)
{
	if (vm_argtype(vm, i) == T_NONE)
		vm_argerror(vm, i, "value expected");
}

void vm_checktype(VM *vm, int i, int t)
{
	if (vm_argtype(vm, i) != t)
		vm_typeerror(vm, i, vm_basictypename(t));
}

int vm_checkoption(VM *vm, int i, const char *def, const char *const list[])
{
	const char *name = def ? vm_optlstring(vm, i, def, NULL) : vm_checklstring(vm, i, NULL);
	for (int k = 0; list[k] != NULL; k++)
		if (strcmp(list[k], name) == 0)
			return k;
	char msg[300];
	snprintf(msg, sizeof msg, "invalid option '%s'", name);
	vm_argerror(vm, i, msg);
	return -1;
}

/* The name lua5.4 gives the running builtin in messages. */
static const char *funcname(VM *vm, char *buf, size_t size, int *ismethod)
{
	Thread *L = vm->L;
	const char *kind = dbg_funcname(vm, L, CI(vm), buf, size);
	*ismethod = kind != NULL && strcmp(kind, "method") == 0;
	if (kind != NULL)
		return buf;
	Value *f = s2v(L, CI(vm)->func);
	if (ttisbuiltin(f) || ttisBclosure(f)) {
		uint32_t id = ttisbuiltin(f) ? builtinid(f) : clBvalue(f)->id;
		const char *n = vm_builtin_name(id, buf, (int)size);
		if (n != NULL)
			return n;
	}
	return "?";
}

_Noreturn void vm_argerror(VM *vm, int i, const char *extramsg)
{
	char buf[128];
	int ismethod;
	const char *name = funcname(vm, buf, sizeof buf, &ismethod);
	if (ismethod) {
		i--;
		if (i == 0)
			vm_error(vm, "calling '%s' on bad self (%s)", name, extramsg);
	}
	vm_error(vm, "bad argument #%d to '%s' (%s)", i, name, extramsg);
}

_Noreturn void vm_typeerror(VM *vm, int i, const char *expected)
{
	char msg[200];
	const char *got;
	if (vm_argtype(vm, i) == T_NONE)
		got = "no value";
	else
		got = vm_typename(vm, vm_arg(vm, i));
	snprintf(msg, sizeof msg, "%s expected, got %s", expected, got);
	vm_argerror(vm, i, msg);
}

void vm_argcheck(VM *vm, int cond, int i, const char *extramsg)
{
	if (!cond)
		vm_argerror(vm, i, extramsg);
}

/* ---- results ------------------------------------------------------------------ */

static Value *pushslot(VM *vm)
{
	Thread *L = vm->L;
	if (L->top + 1 + EXTRA_STACK > L->stacksize)
		do_ensurestack(vm, L, L->top + 1);
	return &L->stack[L->top++];
}

/* (the set* macros evaluate their target twice: always through a local) */
void vm_pushnil(VM *vm) { Value *o = pushslot(vm); setnilvalue(o); }
void vm_pushboolean(VM *vm, int b) { Value *o = pushslot(vm); setbool(o, b); }
void vm_pushinteger(VM *vm, int64_t n) { Value *o = pushslot(vm); setivalue(o, n); }
void vm_pushnumber(VM *vm, double n) { Value *o = pushslot(vm); setfltvalue(o, n); }
void vm_pushbuiltin(VM *vm, uint32_t id) { Value *o = pushslot(vm); setbuiltin(o, id); }

void vm_pushvalue(VM *vm, const Value *v)
{
	Value c = *v;          /* v may point into the stack being grown */
	*pushslot(vm) = c;
}

String *vm_pushlstring(VM *vm, const char *s, size_t len)
{
	String *str = str_new(vm, s, len);
	Value *o = pushslot(vm);
	setsvalue(o, str);
	return str;
}

String *vm_pushstring(VM *vm, const char *s)
{
	return vm_pushlstring(vm, s, strlen(s));
}

/* UTF-8 bytes of code point x into u; returns the count. */
static int utf8enc(char *u, unsigned long x)
{
	if (x < 0x80) {
		u[0] = (char)x;
		return 1;
	}
	if (x < 0x800) {
		u[0] = (char)(0xC0 | (x >> 6));
		u[1] = (char)(0x80 | (x & 0x3F));
		return 2;
	}
	if (x < 0x10000) {
		u[0] = (char)(0xE0 | (x >> 12));
		u[1] = (char)(0x80 | ((x >> 6) & 0x3F));
		u[2] = (char)(0x80 | (x & 0x3F));
		return 3;
	}
	u[0] = (char)(0xF0 | (x >> 18));
	u[1] = (char)(0x80 | ((x >> 12) & 0x3F));
	u[2] = (char)(0x80 | ((x >> 6) & 0x3F));
	u[3] = (char)(0x80 | (x & 0x3F));
	return 4;
}

/* Append fmt: lua_pushfstring's codes (%s %d %I %f %p %c %U %%) and, for
 * C callers' convenience, printf conversions with flags, width, precision
 * and length modifiers (%5d, %lld, %zu, %.3f, %x ...). */
void vm_addvfstring(VMBuffer *b, const char *fmt, va_list ap)
{
	char tmp[128], spec[32];
	for (const char *p = fmt; *p; p++) {
		if (*p != '%' || p[1] == '\0') {
			vm_addchar(b, *p);
			continue;
		}
		const char *start = p++;
		while (*p && strchr("-+ #0123456789.", *p))
			p++;
		int longs = 0, size = 0;
		for (; *p && strchr("hlzjtL", *p); p++) {
			if (*p == 'l')
				longs++;
			else if (*p == 'z' || *p == 'j' || *p == 't')
				size = 1;
		}
		size_t sl = (size_t)(p - start) + 1;
		if (sl >= sizeof spec || *p == '\0') {
			vm_addlstring(b, start, (size_t)(p - start));
			if (*p == '\0')
				break;
			continue;
		}
		memcpy(spec, start, sl);
		spec[sl] = '\0';
		int plain = sl == 2;
		switch (*p) {
		case 's': {
			const char *str = va_arg(ap, const char *);
			if (plain)
				vm_addstring(b, str ? str : "(null)");
			else
				vm_addlstring(b, tmp, (size_t)snprintf(tmp, sizeof tmp, spec, str));
			break;
		}
		case 'd': case 'i':
			if (longs >= 2 || size)
				snprintf(tmp, sizeof tmp, "%lld", (long long)va_arg(ap, long long));
			else if (longs == 1)
				snprintf(tmp, sizeof tmp, spec, va_arg(ap, long));
			else
				snprintf(tmp, sizeof tmp, spec, va_arg(ap, int));
			vm_addstring(b, tmp);
			break;
		case 'u': case 'x': case 'X': case 'o':
			if (longs >= 1 || size)
				snprintf(tmp, sizeof tmp, spec, va_arg(ap, unsigned long));
			else
				snprintf(tmp, sizeof tmp, spec, va_arg(ap, unsigned));
			vm_addstring(b, tmp);
			break;
		case 'I':
			snprintf(tmp, sizeof tmp, "%lld", (long long)va_arg(ap, int64_t));
			vm_addstring(b, tmp);
			break;
		case 'f':
			if (plain) {
				num_fmtfloat(va_arg(ap, double), tmp);
				vm_addstring(b, tmp);
				break;
			}
			/* fall through */
		case 'e': case 'E': case 'g': case 'G': case 'a': case 'A':
			snprintf(tmp, sizeof tmp, spec, va_arg(ap, double));
			vm_addstring(b, tmp);
			break;
		case 'p':
			snprintf(tmp, sizeof tmp, "%p", va_arg(ap, void *));
			vm_addstring(b, tmp);
			break;
		case 'c':
			vm_addchar(b, (char)va_arg(ap, int));
			break;
		case 'U': {
			char u[8];
			vm_addlstring(b, u, (size_t)utf8enc(u, va_arg(ap, unsigned long)));
			break;
		}
		case '%':
			vm_addchar(b, '%');
			break;
		default:
			vm_addlstring(b, start, sl);
		}
	}
}

String *vm_pushvfstring(VM *vm, const char *fmt, va_list ap)
{
	VMBuffer b;
	vm_buffinit(vm, &b);
	vm_addvfstring(&b, fmt, ap);
	return vm_pushresult(&b);
}

String *vm_pushfstring(VM *vm, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	String *s = vm_pushvfstring(vm, fmt, ap);
	va_end(ap);
	return s;
}

Table *vm_pushnewtable(VM *vm, int narr, int nrec)
{
	Table *t = tab_new(vm);
	Value *o = pushslot(vm);
	setgcovalue(o, t);
	if (narr > 0 || nrec > 0)
		tab_resize(vm, t, (uint32_t)narr, (uint32_t)nrec);
	return t;
}

BClosure *vm_pushbclosure(VM *vm, uint32_t id, int nup)
{
	BClosure *c = func_newBclosure(vm, id, nup);
	Value *o = pushslot(vm);
	setgcovalue(o, c);
	return c;
}

Value *vm_top(VM *vm, int n)
{
	return &vm->L->stack[vm->L->top - (uint32_t)n];
}

void vm_pop(VM *vm, int n)
{
	vm->L->top -= (uint32_t)n;
}

int vm_gettop(VM *vm)
{
	return vm_nargs(vm);
}

void vm_settop(VM *vm, int n)
{
	Thread *L = vm->L;
	uint32_t nt = CI(vm)->base + (uint32_t)n;
	if (nt + EXTRA_STACK > L->stacksize)
		do_ensurestack(vm, L, nt);
	while (L->top < nt)
		setnilvalue(&L->stack[L->top++]);
	L->top = nt;
}

/* ---- conversions ------------------------------------------------------------------ */

String *vm_rawtostring(VM *vm, const Value *v)
{
	char buf[64];
	switch (ttype(v)) {
	case T_NUMBER:
		return num_tostring(vm, v);
	case T_STRING:
		return strvalue(v);
	case T_NIL:
		return str_newz(vm, "nil");
	case T_BOOLEAN:
		return str_newz(vm, ttistrue(v) ? "true" : "false");
	default:
		break;
	}
	if (vm_getmetafield(vm, v, "__tostring") != NULL)
		return NULL;
	const Value *name = vm_getmetafield(vm, v, "__name");
	if (name != NULL && ttisstring(name))
		return NULL;
	const void *p = ttisbuiltin(v) ? (const void *)(uintptr_t)(0x100000 + builtinid(v))
	                               : (const void *)gcvalue(v);
	snprintf(buf, sizeof buf, "%s: %p", vm_basictypename(ttype(v)), p);
	return str_newz(vm, buf);
}

int vm_tointeger(const Value *v, int64_t *out)
{
	return num_tointeger(v, out, F2I_EQ);
}

int vm_tonumber(const Value *v, double *out)
{
	return num_tonumber(v, out);
}

static const char *const typenames[T_NUMTYPES] = {
	"nil", "boolean", "userdata", "number", "string", "table", "function",
	"userdata", "thread"
};

const char *vm_basictypename(int t)
{
	if (t == T_NONE)
		return "no value";
	return (t >= 0 && t < T_NUMTYPES) ? typenames[t] : "?";
}

const char *vm_typename(VM *vm, const Value *v)
{
	if (ttistable(v) || ttisinternal(v)) {
		Table *mt = vm_getmetatable(vm, v);
		if (mt != NULL) {
			const Value *n = tab_getstr(mt, vm->g->tmname[TM_NAME]);
			if (ttisstring(n))
				return getstr(strvalue(n));
		}
	}
	return vm_basictypename(ttype(v));
}

/* ---- tables ------------------------------------------------------------------------ */

const Value *vm_rawget(Table *t, const Value *k) { return tab_get(t, k); }
const Value *vm_rawgetint(Table *t, int64_t k) { return tab_getint(t, k); }

const Value *vm_rawgetstr(VM *vm, Table *t, const char *k)
{
	return tab_getstr(t, str_newz(vm, k));
}

void vm_rawset(VM *vm, Table *t, const Value *k, const Value *v) { tab_set(vm, t, k, v); }
void vm_rawsetint(VM *vm, Table *t, int64_t k, const Value *v) { tab_setint(vm, t, k, v); }

void vm_rawsetstr(VM *vm, Table *t, const char *k, const Value *v)
{
	tab_setstr(vm, t, str_newz(vm, k), v);
}

int64_t vm_rawlen(const Value *v)
{
	if (ttisstring(v))
		return (int64_t)tsslen(strvalue(v));
	if (ttistable(v))
		return (int64_t)tab_getn(tvalue(v));
	return 0;
}

Table *vm_getmetatable(VM *vm, const Value *v)
{
	switch (ttype(v)) {
	case T_TABLE:
		return tvalue(v)->metatable;
	case T_INTERNAL:
		return internalvalue(v)->metatable;
	default:
		return vm->g->mt[ttype(v)];
	}
}

const Value *vm_getmetafield(VM *vm, const Value *v, const char *event)
{
	Table *mt = vm_getmetatable(vm, v);
	if (mt == NULL)
		return NULL;
	const Value *r = tab_getstr(mt, str_newz(vm, event));
	return ttisnil(r) ? NULL : r;
}

/* ---- errors -------------------------------------------------------------------------- */

_Noreturn void vm_error(VM *vm, const char *fmt, ...)
{
	va_list ap;
	VMBuffer b;
	vm_buffinit(vm, &b);
	Thread *L = vm->L;
	if (L->nci > 0)
		dbg_addwhere(vm, &b, (CI(vm)->callstatus & CIST_LUA) ? 0 : 1);
	va_start(ap, fmt);
	vm_addvfstring(&b, fmt, ap);
	va_end(ap);
	String *s = str_new(vm, b.b, b.n);
	vm_bufffree(&b);
	Value v;
	setsvalue(&v, s);
	vm_errorvalue(vm, &v);
}

_Noreturn void vm_errorvalue(VM *vm, const Value *v)
{
	Thread *L = vm->L;
	Value e = *v;
	if (L->top >= L->stacksize)
		L->top = L->stacksize - 1;
	L->stack[L->top++] = e;
	do_throw(vm);
}

_Noreturn void vm_memerror(VM *vm)
{
	Value v;
	setsvalue(&v, vm->g->memerrmsg);
	vm_errorvalue(vm, &v);
}

_Noreturn void vm_rawerror(VM *vm, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	String *s = vm_pushvfstring(vm, fmt, ap);
	va_end(ap);
	Value v;
	setsvalue(&v, s);
	vm_errorvalue(vm, &v);
}

static int strless(const String *a, const String *b)
{
	size_t la = tsslen(a), lb = tsslen(b);
	int r = memcmp(getstr(a), getstr(b), la < lb ? la : lb);
	return r < 0 || (r == 0 && la < lb);
}

int vm_lessthan(VM *vm, const Value *a, const Value *b)
{
	if (ttisnumber(a) && ttisnumber(b))
		return num_lt(a, b);
	if (ttisstring(a) && ttisstring(b))
		return strless(strvalue(a), strvalue(b));
	const Value *tm = tm_gettmbyobj(vm, a, TM_LT);
	if (ttisnil(tm))
		tm = tm_gettmbyobj(vm, b, TM_LT);
	if (ttisnil(tm)) {
		const char *t1 = vm_typename(vm, a), *t2 = vm_typename(vm, b);
		if (strcmp(t1, t2) == 0)
			vm_rawerror(vm, "attempt to compare two %s values", t1);
		vm_rawerror(vm, "attempt to compare %s with %s", t1, t2);
	}
	Value f = *tm, x = *a, y = *b;
	vm_pushvalue(vm, &f);
	vm_pushvalue(vm, &x);
	vm_pushvalue(vm, &y);
	return -1;
}

/* ---- calls ----------------------------------------------------------------------------- */

int vm_callk(VM *vm, int nargs, int nresults, uint32_t state)
{
	CI(vm)->pc = state;
	vm->callk_nargs = nargs;
	vm->callk_nresults = nresults;
	return BI_CALL;
}

int vm_wait(VM *vm, int why)
{
	vm->wait = why;
	return BI_BLOCK;
}

/* ---- buffers --------------------------------------------------------------------------- */

void vm_buffinit(VM *vm, VMBuffer *B)
{
	B->b = B->init;
	B->n = 0;
	B->size = sizeof B->init;
	B->vm = vm;
}

char *vm_prepbuffsize(VMBuffer *B, size_t sz)
{
	if (B->size - B->n < sz) {
		size_t nsize = B->size * 2;
		if (nsize - B->n < sz)
			nsize = B->n + sz;
		char *nb = B->b == B->init ? malloc(nsize) : realloc(B->b, nsize);
		if (nb == NULL)
			vm_memerror(B->vm);
		if (B->b == B->init)
			memcpy(nb, B->b, B->n);
		B->b = nb;
		B->size = nsize;
	}
	return B->b + B->n;
}

void vm_addsize(VMBuffer *B, size_t n) { B->n += n; }

void vm_addlstring(VMBuffer *B, const char *s, size_t l)
{
	memcpy(vm_prepbuffsize(B, l), s, l);
	B->n += l;
}

void vm_addstring(VMBuffer *B, const char *s) { vm_addlstring(B, s, strlen(s)); }

void vm_addchar(VMBuffer *B, char c)
{
	*vm_prepbuffsize(B, 1) = c;
	B->n++;
}

void vm_bufffree(VMBuffer *B)
{
	if (B->b != B->init)
		free(B->b);
	B->b = B->init;
	B->size = sizeof B->init;
}

String *vm_pushresult(VMBuffer *B)
{
	String *s;
	if (B->b == B->init) {
		s = vm_pushlstring(B->vm, B->b, B->n);
	} else {   /* copy out first: an error in the push must not leak */
		char *p = B->b;
		size_t n = B->n;
		B->b = B->init;
		B->size = sizeof B->init;
		if (n <= VM_MAXSHORTLEN) {
			s = str_new(B->vm, p, n);
		} else {
			s = str_newlng(B->vm, n);
			memcpy(getstr(s), p, n);
		}
		free(p);
		Value *slot = pushslot(B->vm);
		setsvalue(slot, s);
	}
	return s;
}
