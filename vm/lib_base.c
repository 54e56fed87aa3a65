/*
 * lib_base.c: the base library (print, type, pcall, load, ...).
 *
 * Builtins that call Lua (print and tostring through __tostring, pairs
 * through __pairs, pcall, xpcall, load with a reader, dofile) do so with
 * vm_callk and continue at a state kept in ci->pc; everything else they
 * remember lives in their stack slots. pcall/xpcall frames are flagged
 * CIST_PCALL (do.c unwinds errors to them) and CIST_YIELDOK (a coroutine
 * may yield across them).
 *
 * Builtin ids are BUILTIN_ID(BLIB_BASE, index into `regs`): never reorder.
 */
#include <string.h>
#include <stdio.h>
#include "vm/api.h"
#include "vm/do.h"
#include "vm/interp.h"
#include "vm/state.h"
#include "vm/string.h"
#include "vm/table.h"
#include "vm/number.h"
#include "vm/func.h"
#include "vm/gc.h"
#include "vm/parse.h"
#include "vm/bytecode.h"
#include "vm/debug.h"
#include "vm/platform.h"

int vm_pkg_require(VM *vm, CallInfo *ci);

enum {
	B_PRINT, B_TYPE, B_TOSTRING, B_TONUMBER, B_PAIRS, B_IPAIRS, B_NEXT,
	B_SELECT, B_RAWGET, B_RAWSET, B_RAWEQUAL, B_RAWLEN, B_SETMETATABLE,
	B_GETMETATABLE, B_ASSERT, B_ERROR, B_PCALL, B_XPCALL, B_LOAD, B_DOFILE,
	B_LOADFILE, B_COLLECTGARBAGE, B_IPAIRSAUX, B_REQUIRE, B_TBCCLOSER, B_NBUILTINS
};

/* ---- tostring ------------------------------------------------------------------ */

String *vm_tolstring(VM *vm, const Value *v)
{
	String *s = vm_rawtostring(vm, v);
	if (s != NULL)
		return s;
	const Value *tm = vm_getmetafield(vm, v, "__tostring");
	if (tm != NULL) {
		Value f = *tm, a = *v;
		vm_pushvalue(vm, &f);
		vm_pushvalue(vm, &a);
		return NULL;
	}
	const Value *name = vm_getmetafield(vm, v, "__name");
	char buf[200];
	snprintf(buf, sizeof buf, "%s: %p", getstr(strvalue(name)), (void *)gcvalue(v));
	return str_newz(vm, buf);
}

String *vm_tostringresult(VM *vm)
{
	Value *r = vm_top(vm, 1);
	if (ttisnumber(r))
		setsvalue(r, num_tostring(vm, r));
	if (!ttisstring(r))
		vm_error(vm, "'__tostring' must return a string");
	return strvalue(r);
}

static void writestr(String *s)
{
	plat_write(1, getstr(s), tsslen(s));
}

/* print: ci->pc = (argument being printed) << 1 | waiting for __tostring */
static int b_print(VM *vm, CallInfo *ci)
{
	int n = vm_nargs(vm);
	uint32_t i = ci->pc >> 1;
	if (ci->pc & 1) {        /* a __tostring result is on top */
		String *s = vm_tostringresult(vm);
		if (i > 1)
			plat_write(1, "\t", 1);
		writestr(s);
		vm_pop(vm, 1);
		n = vm_nargs(vm);
		i++;
	} else {
		i = 1;
	}
	for (; (int)i <= n; i++) {
		String *s = vm_tolstring(vm, vm_arg(vm, (int)i));
		if (s == NULL)
			return vm_callk(vm, 1, 1, i << 1 | 1);
		if (i > 1)
			plat_write(1, "\t", 1);
		writestr(s);
	}
	plat_write(1, "\n", 1);
	return 0;
}

static int b_tostring(VM *vm, CallInfo *ci)
{
	if (ci->pc == 1) {
		vm_tostringresult(vm);
		return 1;
	}
	vm_checkany(vm, 1);
	String *s = vm_tolstring(vm, vm_arg(vm, 1));
	if (s == NULL)
		return vm_callk(vm, 1, 1, 1);
	Value v;
	setsvalue(&v, s);
	vm_pushvalue(vm, &v);
	return 1;
}

static int b_type(VM *vm, CallInfo *ci)
{
	int t = vm_argtype(vm, 1);
	vm_argcheck(vm, t != T_NONE, 1, "value expected");
	vm_pushstring(vm, vm_basictypename(t));
	return 1;
}

/* ---- tonumber ------------------------------------------------------------------ */

static int isspace_(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static int b_tonumber(VM *vm, CallInfo *ci)
{
	if (vm_argtype(vm, 2) <= T_NIL) {   /* no base */
		Value *o = vm_arg(vm, 1);
		Value r;
		if (ttisnumber(o)) {
			vm_pushvalue(vm, o);
			return 1;
		}
		if (ttisstring(o) && num_strtonumber(getstr(strvalue(o)), tsslen(strvalue(o)), &r)) {
			vm_pushvalue(vm, &r);
			return 1;
		}
		vm_checkany(vm, 1);
		vm_pushnil(vm);
		return 1;
	}
	int64_t base = vm_checkinteger(vm, 2);
	vm_checktype(vm, 1, T_STRING);
	size_t len;
	const char *s = vm_checklstring(vm, 1, &len), *e = s + len;
	vm_argcheck(vm, 2 <= base && base <= 36, 2, "base out of range");
	while (s < e && isspace_((unsigned char)*s))
		s++;
	int neg = 0;
	if (s < e && *s == '-') {
		neg = 1;
		s++;
	} else if (s < e && *s == '+') {
		s++;
	}
	uint64_t n = 0;
	int digits = 0;
	for (; s < e; s++) {
		int c = (unsigned char)*s, d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
			d = (c | 0x20) - 'a' + 10;
		else
			break;
		if (d >= base)
			break;
		n = n * (uint64_t)base + (uint64_t)d;
		digits++;
	}
	while (s < e && isspace_((unsigned char)*s))
		s++;
	if (digits == 0 || s != e) {
		vm_pushnil(vm);
		return 1;
	}
	vm_pushinteger(vm, (int64_t)(neg ? 0 - n : n));
	return 1;
}

/* ---- iteration -------------------------------------------------------------------- */

static int b_next(VM *vm, CallInfo *ci)
{
	Table *t = vm_checktable(vm, 1);
	vm_settop(vm, 2);
	Value key = *vm_arg(vm, 2), val;
	if (tab_next(vm, t, &key, &val)) {
		vm_pushvalue(vm, &key);
		vm_pushvalue(vm, &val);
		return 2;
	}
	vm_pushnil(vm);
	return 1;
}

static int b_pairs(VM *vm, CallInfo *ci)
{
	if (ci->pc == 1)
		return 3;
	vm_checkany(vm, 1);
	const Value *tm = vm_getmetafield(vm, vm_arg(vm, 1), "__pairs");
	if (tm != NULL) {
		Value f = *tm, t = *vm_arg(vm, 1);
		vm_pushvalue(vm, &f);
		vm_pushvalue(vm, &t);
		return vm_callk(vm, 1, 3, 1);
	}
	Value t = *vm_arg(vm, 1);
	vm_pushbuiltin(vm, BUILTIN_ID(BLIB_BASE, B_NEXT));
	vm_pushvalue(vm, &t);
	vm_pushnil(vm);
	return 3;
}

/* ipairs iterator: t[i + 1] honouring __index. */
static int b_ipairsaux(VM *vm, CallInfo *ci)
{
	if (ci->pc == 1) {       /* __index returned the value */
		Value v = *vm_top(vm, 1);
		if (ttisnil(&v)) {
			vm_pushnil(vm);
			return 1;
		}
		int64_t i = vm_checkinteger(vm, 2) + 1;
		vm_pushinteger(vm, i);
		vm_pushvalue(vm, &v);
		return 2;
	}
	int64_t i = vm_checkinteger(vm, 2) + 1;
	Value t = *vm_arg(vm, 1), key;
	setivalue(&key, i);
	for (int loop = 0; loop < 2000; loop++) {
		const Value *tm;
		if (ttistable(&t)) {
			const Value *v = tab_getint(tvalue(&t), i);
			if (!ttisnil(v)) {
				Value r = *v;
				vm_pushinteger(vm, i);
				vm_pushvalue(vm, &r);
				return 2;
			}
			tm = vm_getmetafield(vm, &t, "__index");
			if (tm == NULL) {
				vm_pushnil(vm);
				return 1;
			}
		} else {
			tm = vm_getmetafield(vm, &t, "__index");
			if (tm == NULL)
				vm_error(vm, "attempt to index a %s value", vm_typename(vm, &t));
		}
		if (ttisfunction(tm)) {
			Value f = *tm;
			vm_pushvalue(vm, &f);
			vm_pushvalue(vm, &t);
			vm_pushvalue(vm, &key);
			return vm_callk(vm, 2, 1, 1);
		}
		t = *tm;
	}
	vm_error(vm, "'__index' chain too long; possible loop");
	return 0;
}

static int b_ipairs(VM *vm, CallInfo *ci)
{
	vm_checkany(vm, 1);
	Value t = *vm_arg(vm, 1);
	vm_pushbuiltin(vm, BUILTIN_ID(BLIB_BASE, B_IPAIRSAUX));
	vm_pushvalue(vm, &t);
	vm_pushinteger(vm, 0);
	return 3;
}

static int b_select(VM *vm, CallInfo *ci)
{
	int n = vm_nargs(vm);
	Value *a = vm_arg(vm, 1);
	if (ttisstring(a) && getstr(strvalue(a))[0] == '#') {
		vm_pushinteger(vm, n - 1);
		return 1;
	}
	int64_t i = vm_checkinteger(vm, 1);
	if (i < 0)
		i = n + i;
	else if (i > n)
		i = n;
	vm_argcheck(vm, 1 <= i, 1, "index out of range");
	return n - (int)i;
}

/* ---- raw access and metatables ---------------------------------------------------- */

static int b_rawget(VM *vm, CallInfo *ci)
{
	Table *t = vm_checktable(vm, 1);
	vm_checkany(vm, 2);
	const Value *v = tab_get(t, vm_arg(vm, 2));
	if (ttisnil(v))
		vm_pushnil(vm);   /* not the absent-key tag: it is no Lua value */
	else
		vm_pushvalue(vm, v);
	return 1;
}

static int b_rawset(VM *vm, CallInfo *ci)
{
	Table *t = vm_checktable(vm, 1);
	vm_checkany(vm, 2);
	vm_checkany(vm, 3);
	tab_set(vm, t, vm_arg(vm, 2), vm_arg(vm, 3));
	vm_settop(vm, 1);
	return 1;
}

static int b_rawequal(VM *vm, CallInfo *ci)
{
	vm_checkany(vm, 1);
	vm_checkany(vm, 2);
	vm_pushboolean(vm, vm_equalobj(vm, vm_arg(vm, 1), vm_arg(vm, 2)));
	return 1;
}

static int b_rawlen(VM *vm, CallInfo *ci)
{
	int t = vm_argtype(vm, 1);
	if (t != T_TABLE && t != T_STRING)
		vm_typeerror(vm, 1, "table or string");
	vm_pushinteger(vm, vm_rawlen(vm_arg(vm, 1)));
	return 1;
}

static int b_setmetatable(VM *vm, CallInfo *ci)
{
	Table *t = vm_checktable(vm, 1);
	int mtt = vm_argtype(vm, 2);
	if (mtt != T_NIL && mtt != T_TABLE)
		vm_typeerror(vm, 2, "nil or table");
	if (vm_getmetafield(vm, vm_arg(vm, 1), "__metatable") != NULL)
		vm_error(vm, "cannot change a protected metatable");
	Table *mt = mtt == T_TABLE ? tvalue(vm_arg(vm, 2)) : NULL;
	t->metatable = mt;
	if (mt != NULL)
		gc_objbarrier(vm, t, mt);
	vm_settop(vm, 1);
	return 1;
}

static int b_getmetatable(VM *vm, CallInfo *ci)
{
	vm_checkany(vm, 1);
	Table *mt = vm_getmetatable(vm, vm_arg(vm, 1));
	if (mt == NULL) {
		vm_pushnil(vm);
		return 1;
	}
	const Value *protect = tab_getstr(mt, vm->g->tmname[TM_METATABLE]);
	if (!ttisnil(protect)) {
		vm_pushvalue(vm, protect);
		return 1;
	}
	Value v;
	setgcovalue(&v, mt);
	vm_pushvalue(vm, &v);
	return 1;
}

/* ---- errors ------------------------------------------------------------------------ */

static int b_assert(VM *vm, CallInfo *ci)
{
	if (!l_isfalse(vm_arg(vm, 1)))
		return vm_nargs(vm);
	vm_checkany(vm, 1);
	if (vm_nargs(vm) < 2)
		vm_error(vm, "%s", "assertion failed!");
	Value *msg = vm_arg(vm, 2);
	if (ttisstring(msg))           /* as error(msg, 1) */
		vm_error(vm, "%s", getstr(strvalue(msg)));  /* (cut at a NUL) */
	vm_errorvalue(vm, msg);
}

static int b_error(VM *vm, CallInfo *ci)
{
	int64_t level = vm_optinteger(vm, 2, 1);
	vm_settop(vm, 1);
	Value *e = vm_arg(vm, 1);
	if (ttisstring(e) && level > 0) {
		VMBuffer b;
		vm_buffinit(vm, &b);
		dbg_addwhere(vm, &b, (int)level);
		vm_addlstring(&b, getstr(strvalue(e)), tsslen(strvalue(e)));
		vm_pushresult(&b);
		vm_errorvalue(vm, vm_top(vm, 1));
	}
	vm_errorvalue(vm, e);
	return 0;
}

static int b_pcall(VM *vm, CallInfo *ci)
{
	if (ci->pc == 1)
		return vm_nargs(vm);
	vm_checkany(vm, 1);
	int n = vm_nargs(vm);
	vm_pushnil(vm);
	Value *a = vm_arg(vm, 1);
	memmove(a + 1, a, (size_t)n * sizeof(Value));
	settrue(a);
	ci->callstatus |= CIST_PCALL | CIST_YIELDOK;
	return vm_callk(vm, n - 1, -1, 1);
}

static int b_xpcall(VM *vm, CallInfo *ci)
{
	if (ci->pc == 1)
		return vm_nargs(vm) - 1;
	vm_checktype(vm, 2, T_FUNCTION);
	int n = vm_nargs(vm);
	/* [f h args...] -> [h true f args...] */
	Value f = *vm_arg(vm, 1), h = *vm_arg(vm, 2);
	vm_pushnil(vm);
	Value *a = vm_arg(vm, 1);
	memmove(a + 3, a + 2, (size_t)(n - 2) * sizeof(Value));
	a[0] = h;
	settrue(&a[1]);
	a[2] = f;
	ci->callstatus |= CIST_PCALL | CIST_XPCALL | CIST_YIELDOK;
	return vm_callk(vm, n - 2, -1, 1);
}

/* ---- load ------------------------------------------------------------------------ */

/* Compile src into a closure on top; returns 1, or pushes nil and the
 * message and returns 2. env: the first upvalue's value, or NULL for _G. */
static int loadchunk(VM *vm, const char *src, size_t len, const char *chunkname,
                     const char *mode, const Value *env)
{
	int binary = bc_isbinary(src, len);
	if (strchr(mode, binary ? 'b' : 't') == NULL) {
		vm_pushnil(vm);
		vm_pushfstring(vm, "attempt to load a %s chunk (mode is '%s')",
		               binary ? "binary" : "text", mode);
		return 2;
	}
	String *err = NULL;
	Proto *p = binary ? bc_load(vm, src, len, chunkname, &err)   /* verified */
	                  : vm_compile(vm, src, len, chunkname, &err);
	if (p == NULL) {
		vm_pushnil(vm);
		Value e;
		setsvalue(&e, err);
		vm_pushvalue(vm, &e);
		return 2;
	}
	LClosure *cl = func_newmain(vm, p, env);
	Value v;
	setgcovalue(&v, cl);
	vm_pushvalue(vm, &v);
	return 1;
}

/* load(chunk [, chunkname [, mode [, env]]]): a reader function is called
 * until it returns nil or ""; the pieces accumulate in slot 5. */
static int b_load(VM *vm, CallInfo *ci)
{
	int hasenv = vm_nargs(vm) >= 4;
	Value *env = hasenv ? vm_arg(vm, 4) : NULL;
	if (ci->pc == 0) {
		vm_settop(vm, 4);
		env = hasenv ? vm_arg(vm, 4) : NULL;
		if (ttisstring(vm_arg(vm, 1)) || ttisnumber(vm_arg(vm, 1))) {
			size_t len;
			const char *s = vm_checklstring(vm, 1, &len);
			const char *name = vm_optlstring(vm, 2, s, NULL);
			const char *mode = vm_optlstring(vm, 3, "bt", NULL);
			Value e;
			if (env)
				e = *env;
			return loadchunk(vm, s, len, name, mode, hasenv ? &e : NULL);
		}
		vm_checktype(vm, 1, T_FUNCTION);
		vm_pushstring(vm, "");            /* slot 5: the pieces so far */
		ci->nextra = (uint16_t)hasenv;
	} else {
		hasenv = ci->nextra;
		env = hasenv ? vm_arg(vm, 4) : NULL;
		Value *r = vm_top(vm, 1);
		if (!ttisnil(r) && !(ttisstring(r) && tsslen(strvalue(r)) == 0)) {
			if (!ttisstring(r)) {
				vm_settop(vm, 5);
				vm_pushnil(vm);
				vm_pushstring(vm, "reader function must return a string");
				return 2;
			}
			String *acc = strvalue(vm_arg(vm, 5)), *piece = strvalue(r);
			size_t la = tsslen(acc), lp = tsslen(piece);
			VMBuffer b;
			vm_buffinit(vm, &b);
			vm_addlstring(&b, getstr(acc), la);
			vm_addlstring(&b, getstr(piece), lp);
			vm_settop(vm, 5);
			vm_pushresult(&b);
			*vm_arg(vm, 5) = *vm_top(vm, 1);
			vm_settop(vm, 5);
		} else {
			vm_settop(vm, 5);
			String *src = strvalue(vm_arg(vm, 5));
			const char *name = vm_optlstring(vm, 2, "=(load)", NULL);
			const char *mode = vm_optlstring(vm, 3, "bt", NULL);
			Value e;
			if (env)
				e = *env;
			return loadchunk(vm, getstr(src), tsslen(src), name, mode, hasenv ? &e : NULL);
		}
	}
	Value f = *vm_arg(vm, 1);
	vm_pushvalue(vm, &f);
	return vm_callk(vm, 0, 1, 1);
}

/* Read and compile a file (NULL: stdin is not supported hosted-free). */
static int loadfile(VM *vm, const char *fname, const char *mode, const Value *env)
{
	char err[128];
	size_t len;
	char *buf = plat_readfile(fname, &len, err, sizeof err);
	if (buf == NULL) {
		vm_pushnil(vm);
		vm_pushfstring(vm, "cannot open %s: %s", fname, err);
		return 2;
	}
	size_t skip = 0;
	if (len > 0 && buf[0] == '#')       /* keep the newline: lines stay right */
		while (skip < len && buf[skip] != '\n')
			skip++;
	VMBuffer name;
	vm_buffinit(vm, &name);
	vm_addchar(&name, '@');
	vm_addstring(&name, fname);
	vm_addchar(&name, '\0');
	int r = loadchunk(vm, buf + skip, len - skip, name.b, mode, env);
	vm_bufffree(&name);
	plat_freefile(buf);
	return r;
}

static int b_loadfile(VM *vm, CallInfo *ci)
{
	const char *fname = vm_checklstring(vm, 1, NULL);
	const char *mode = vm_optlstring(vm, 2, "bt", NULL);
	Value e;
	int hasenv = vm_nargs(vm) >= 3;
	if (hasenv)
		e = *vm_arg(vm, 3);
	return loadfile(vm, fname, mode, hasenv ? &e : NULL);
}

static int b_dofile(VM *vm, CallInfo *ci)
{
	if (ci->pc == 1)
		return vm_nargs(vm) - 1;
	const char *fname = vm_checklstring(vm, 1, NULL);
	vm_settop(vm, 1);
	if (loadfile(vm, fname, "bt", NULL) != 1)
		vm_errorvalue(vm, vm_top(vm, 1));
	return vm_callk(vm, 0, -1, 1);
}

/* ---- collectgarbage ----------------------------------------------------------------- */

static int b_collectgarbage(VM *vm, CallInfo *ci)
{
	static const char *const opts[] = {
		"stop", "restart", "collect", "count", "step", "setpause",
		"setstepmul", "isrunning", "generational", "incremental", NULL
	};
	VMGlobal *g = vm->g;
	switch (vm_checkoption(vm, 1, "collect", opts)) {
	case 0:
		g->gcstopped = 1;
		vm_pushinteger(vm, 0);
		return 1;
	case 1:
		g->gcstopped = 0;
		vm_pushinteger(vm, 0);
		return 1;
	case 2:
		gc_fullgc(vm);
		vm_pushinteger(vm, 0);
		return 1;
	case 3:
		vm_pushnumber(vm, (double)gc_count(vm) / 1024.0);
		return 1;
	case 4: {                     /* a step even when stopped, like Lua */
		int64_t kb = vm_optinteger(vm, 2, 0);
		uint8_t before = g->gcstate, stopped = g->gcstopped;
		int stepped = 1;
		g->gcstopped = 0;
		if (kb <= 0) {                /* a basic step */
			gc_step(vm);
		} else {                      /* pay for kb more KiB of allocation */
			g->GCdebt += kb > INT32_MAX ? (int64_t)INT32_MAX * 1024 : kb * 1024;
			stepped = g->GCdebt > 0;
			gc_checkstep(vm);
		}
		g->gcstopped = stopped;
		vm_pushboolean(vm, stepped && g->gcstate == GCS_PAUSE && before != GCS_PAUSE);
		return 1;
	}
	case 5: {
		int64_t old = g->gcpause;
		g->gcpause = (uint32_t)vm_optinteger(vm, 2, 200);
		vm_pushinteger(vm, old);
		return 1;
	}
	case 6: {
		int64_t old = g->gcstepmul;
		g->gcstepmul = (uint32_t)vm_optinteger(vm, 2, 100);
		vm_pushinteger(vm, old);
		return 1;
	}
	case 7:
		vm_pushboolean(vm, !g->gcstopped);
		return 1;
	default:
		vm_pushstring(vm, "incremental");
		return 1;
	}
}

static void openbase(VM *vm, Table *t)
{
	Value v;
	setgcovalue(&v, t);
	tab_setstr(vm, t, str_newz(vm, "_G"), &v);
	setsvalue(&v, str_newz(vm, "Lua 5.4"));
	tab_setstr(vm, t, str_newz(vm, "_VERSION"), &v);
}

static const BuiltinReg regs[B_NBUILTINS] = {
	[B_PRINT] = {"print", b_print},
	[B_TYPE] = {"type", b_type},
	[B_TOSTRING] = {"tostring", b_tostring},
	[B_TONUMBER] = {"tonumber", b_tonumber},
	[B_PAIRS] = {"pairs", b_pairs},
	[B_IPAIRS] = {"ipairs", b_ipairs},
	[B_NEXT] = {"next", b_next},
	[B_SELECT] = {"select", b_select},
	[B_RAWGET] = {"rawget", b_rawget},
	[B_RAWSET] = {"rawset", b_rawset},
	[B_RAWEQUAL] = {"rawequal", b_rawequal},
	[B_RAWLEN] = {"rawlen", b_rawlen},
	[B_SETMETATABLE] = {"setmetatable", b_setmetatable},
	[B_GETMETATABLE] = {"getmetatable", b_getmetatable},
	[B_ASSERT] = {"assert", b_assert},
	[B_ERROR] = {"error", b_error},
	[B_PCALL] = {"pcall", b_pcall},
	[B_XPCALL] = {"xpcall", b_xpcall},
	[B_LOAD] = {"load", b_load},
	[B_DOFILE] = {"dofile", b_dofile},
	[B_LOADFILE] = {"loadfile", b_loadfile},
	[B_COLLECTGARBAGE] = {"collectgarbage", b_collectgarbage},
	[B_IPAIRSAUX] = {NULL, b_ipairsaux},
	[B_REQUIRE] = {"require", vm_pkg_require},     /* lib_package.c */
	[B_TBCCLOSER] = {NULL, do_tbccloser},          /* do.c */
};
_Static_assert(BUILTIN_ID(BLIB_BASE, B_TBCCLOSER) == BUILTIN_TBCCLOSER,
               "the closer's builtin id (builtin.h)");

const BuiltinLib vm_lib_base = {
	.lib = BLIB_BASE, .name = "_G", .regs = regs, .nregs = B_NBUILTINS,
	.open = openbase,
};
