/*
 * lib_table.c: the table library (concat, insert, move, pack, remove,
 * sort, unpack), with lua5.4's argument rules and messages.
 *
 * Elements are read and written raw (tab_getint/tab_setint); lengths are
 * borders (tab_getn). table.sort is lua5.4's quicksort (median of three,
 * the same pivots and partition, so even an unstable order comes out the
 * same) written as a resumable state machine: every variable of the sort
 * lives in the builtin's frame slots (S_* below, plus a stack of pending
 * ranges as triples above them), and a comparison that needs Lua (the
 * comparator, or an __lt metamethod) is a vm_callk whose state names the
 * step that takes its result. Numbers and strings without a comparator are
 * compared in C, so the common sort never leaves C.
 *
 * Builtin ids are BUILTIN_ID(BLIB_TABLE, index into `regs`): never reorder.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "vm/api.h"
#include "vm/do.h"
#include "vm/func.h"
#include "vm/number.h"
#include "vm/parse.h"
#include "vm/platform.h"
#include "vm/state.h"
#include "vm/string.h"
#include "vm/table.h"
#include "vm/tm.h"

enum {
	TB_CONCAT, TB_INSERT, TB_MOVE, TB_PACK, TB_REMOVE, TB_SORT, TB_UNPACK,
	TB_TOINT, TB_LESSTHAN, TB_NBUILTINS
};

/* An error without position, as lua5.4's luaG_ errors raised while a
 * builtin runs (luaL_error's vm_error adds the caller's position). */
/* ---- element access ----------------------------------------------------- */

static void geti(Table *t, int64_t i, Value *out)
{
	const Value *v = tab_getint(t, i);
	if (ttisnil(v))
		setnilvalue(out);
	else
		*out = *v;
}

static void seti(VM *vm, Table *t, int64_t i, const Value *v)
{
	tab_setint(vm, t, i, v);
}

static int64_t getn(Table *t)
{
	return (int64_t)tab_getn(t);
}

/* ---- tables with metamethods: the prelude --------------------------------- */

/* When a table argument has __index, __newindex or __len (or is not a table
 * but has them), the operation must go through those metamethods, which
 * may be Lua functions: the builtin then calls this Lua code (compiled once
 * at open time, its _ENV the helper table H) with the checked arguments.
 * It mirrors lua5.4's order of reads, writes and length queries, so
 * metamethods see the same sequence of events. Called as
 * chunk(op, nargs, a1, a2, a3, a4, a5). Errors come back as the results
 * (H, argno, message) and are raised by the builtin itself, so they carry
 * its name and position like lua5.4's (argno 0: not an argument error);
 * comparisons without a comparator use the builtin `lessthan`, whose
 * errors have no position, like lua5.4's from within sort. */
static const char prelude_src[] =
"local op, n, t, a, b, c, d = ...\n"
"local MIN = 1 << 63\n"
"local function ult(x, y) return (x ~ MIN) < (y ~ MIN) end\n"
"local function len(x)\n"
"  return toint(#x)\n"
"end\n"
"local BADLEN = 'object length is not an integer'\n"
"if op == 'insert' then\n"
"  local e = len(t)\n"
"  if e == nil then return _ENV, 0, BADLEN end\n"
"  e = e + 1\n"
"  if n == 2 then t[e] = a return end\n"
"  if not ult(a - 1, e) then return _ENV, 2, 'position out of bounds' end\n"
"  for i = e, a + 1, -1 do t[i] = t[i - 1] end\n"
"  t[a] = b\n"
"  return\n"
"elseif op == 'remove' then\n"
"  local size = len(t)\n"
"  if size == nil then return _ENV, 0, BADLEN end\n"
"  local pos = a\n"
"  if pos == nil then pos = size end\n"
"  if pos ~= size and not (ult(pos - 1, size) or pos - 1 == size) then\n"
"    return _ENV, 1, 'position out of bounds'\n"
"  end\n"
"  local r = t[pos]\n"
"  while pos < size do t[pos] = t[pos + 1]; pos = pos + 1 end\n"
"  t[pos] = nil\n"
"  return r\n"
"elseif op == 'concat' then\n"
"  local last = len(t)\n"
"  if last == nil then return _ENV, 0, BADLEN end\n"
"  if c ~= nil then last = c end\n"
"  local parts, k = {}, 0\n"
"  for i = b, last do\n"
"    local v = t[i]\n"
"    local ty = type(v)\n"
"    if ty ~= 'string' and ty ~= 'number' then\n"
"      return _ENV, 0, 'invalid value (' .. ty .. ') at index ' .. i ..\n"
"             \" in table for 'concat'\"\n"
"    end\n"
"    k = k + 1; parts[k] = v\n"
"  end\n"
"  return concat(parts, a)\n"
"elseif op == 'unpack' then\n"
"  local e = b\n"
"  if e == nil then e = len(t) end\n"
"  if e == nil then return _ENV, 0, BADLEN end\n"
"  if a > e then return end\n"
"  if not ult(e - a, 999999) then return _ENV, 0, 'too many results to unpack' end\n"
"  local vals, k = {}, 0\n"
"  for i = a, e do k = k + 1; vals[k] = t[i] end\n"
"  return unpack(vals, 1, k)\n"
"elseif op == 'move' then\n"
"  local f, e, tt, a2 = a, b, c, d\n"
"  if e >= f then\n"
"    if not (f > 0 or e < ~MIN + f) then\n"
"      return _ENV, 3, 'too many elements to move'\n"
"    end\n"
"    local m = e - f + 1\n"
"    if tt > ~MIN - m + 1 then return _ENV, 4, 'destination wrap around' end\n"
"    if tt > e or tt <= f or a2 ~= t then\n"
"      for i = 0, m - 1 do a2[tt + i] = t[f + i] end\n"
"    else\n"
"      for i = m - 1, 0, -1 do a2[tt + i] = t[f + i] end\n"
"    end\n"
"  end\n"
"  return a2\n"
"elseif op == 'sort' then\n"
"  local nn = len(t)\n"
"  if nn == nil then return _ENV, 0, BADLEN end\n"
"  if nn <= 1 then return end\n"
"  if nn >= 0x7fffffff then return _ENV, 1, 'array too big' end\n"
"  local lt = a or lessthan\n"
"  local function auxsort(lo, up)\n"
"    while lo < up do\n"
"      local x, y = t[lo], t[up]\n"
"      if lt(y, x) then t[lo] = y; t[up] = x end\n"
"      if up - lo == 1 then return end\n"
"      local p = (lo + up) // 2\n"
"      local ap, alo = t[p], t[lo]\n"
"      if lt(ap, alo) then t[p] = alo; t[lo] = ap\n"
"      else\n"
"        local aup = t[up]\n"
"        if lt(aup, ap) then t[p] = aup; t[up] = ap end\n"
"      end\n"
"      if up - lo == 2 then return end\n"
"      local P = t[p]\n"
"      t[p] = t[up - 1]; t[up - 1] = P\n"
"      local i, j = lo, up - 1\n"
"      while true do\n"
"        i = i + 1\n"
"        local ai = t[i]\n"
"        while lt(ai, P) do\n"
"          if i == up - 1 then return true end\n"
"          i = i + 1; ai = t[i]\n"
"        end\n"
"        j = j - 1\n"
"        local aj = t[j]\n"
"        while lt(P, aj) do\n"
"          if j < i then return true end\n"
"          j = j - 1; aj = t[j]\n"
"        end\n"
"        if j < i then t[up - 1] = ai; t[i] = P; break end\n"
"        t[i] = aj; t[j] = ai\n"
"      end\n"
"      p = i\n"
"      if p - lo < up - p then\n"
"        if auxsort(lo, p - 1) then return true end\n"
"        lo = p + 1\n"
"      else\n"
"        if auxsort(p + 1, up) then return true end\n"
"        up = p - 1\n"
"      end\n"
"    end\n"
"  end\n"
"  if auxsort(1, nn) then return _ENV, 0, 'invalid order function for sorting' end\n"
"end\n";

/* The prelude is the upvalue of each table builtin's closure. */
static const Value *prelude(VM *vm, CallInfo *ci)
{
	return &clBvalue(s2v(vm->L, ci->func))->upvalue[0];
}

/* Must the value at argument i go through metamethods? */
static int needmeta(VM *vm, int i)
{
	const Value *v = vm_arg(vm, i);
	Table *mt = vm_getmetatable(vm, v);
	if (mt == NULL)
		return 0;
	return !ttisnil(tab_getstr(mt, vm->g->tmname[TM_INDEX])) ||
	       !ttisnil(tab_getstr(mt, vm->g->tmname[TM_NEWINDEX])) ||
	       !ttisnil(tab_getstr(mt, vm->g->tmname[TM_LEN]));
}

#define PRELUDE_STATE 0x10000u

/* Call the prelude for operation op with the arguments args[0..n). The
 * builtin is re-entered at PRELUDE_STATE | (its own argument count). */
static int callprelude(VM *vm, CallInfo *ci, const char *op, int nargs,
                       const Value *args, int n)
{
	Value f = *prelude(vm, ci);
	uint32_t nbase = (uint32_t)vm_nargs(vm);
	vm_pushvalue(vm, &f);
	vm_pushstring(vm, op);
	vm_pushinteger(vm, nargs);
	for (int i = 0; i < n; i++)
		vm_pushvalue(vm, &args[i]);
	return vm_callk(vm, n + 2, -1, PRELUDE_STATE | nbase);
}

/* Re-entered after the prelude: its results are the builtin's, or an
 * error to raise here. */
static int preluderesults(VM *vm, CallInfo *ci)
{
	int nres = vm_gettop(vm) - (int)(ci->pc & 0xffffu);
	LClosure *cl = clLvalue(prelude(vm, ci));
	const Value *h = cl->upvals[0]->v;
	if (nres == 3 && ttistable(vm_top(vm, 3)) && tvalue(vm_top(vm, 3)) == tvalue(h)) {
		int argno = (int)ivalue(vm_top(vm, 2));
		char msg[200];
		snprintf(msg, sizeof msg, "%s", getstr(strvalue(vm_top(vm, 1))));
		if (argno > 0)
			vm_argerror(vm, argno, msg);
		vm_error(vm, "%s", msg);
	}
	return nres;
}

/* What an operation needs of a non-table argument's metatable. */
enum { TAB_R = 1, TAB_W = 2, TAB_L = 4 };

static int hasfield(VM *vm, Table *mt, TMS ev)
{
	return !ttisnil(tab_getstr(mt, vm->g->tmname[ev]));
}

/* Argument i as a table (NULL when it is not one). *meta is set when the
 * operation must go through metamethods: a table with __index, __newindex
 * or __len, or another value whose metatable has every field `what` asks
 * for (lua5.4's checktab); anything else is a type error. */
static Table *checktab(VM *vm, int i, int what, int *meta)
{
	Value *v = vm_arg(vm, i);
	*meta = needmeta(vm, i);
	if (ttistable(v))
		return tvalue(v);
	Table *mt = vm_getmetatable(vm, v);
	if (mt == NULL || ((what & TAB_R) && !hasfield(vm, mt, TM_INDEX)) ||
	    ((what & TAB_W) && !hasfield(vm, mt, TM_NEWINDEX)) ||
	    ((what & TAB_L) && !hasfield(vm, mt, TM_LEN)))
		vm_typeerror(vm, i, "table");
	return NULL;
}

/* math.tointeger for the prelude (math may not be open yet). */
static int t_toint(VM *vm, CallInfo *ci)
{
	int64_t n;
	if (vm_tointeger(vm_arg(vm, 1), &n))
		vm_pushinteger(vm, n);
	else
		vm_pushnil(vm);
	return 1;
}

/* ---- insert, remove, move ----------------------------------------------- */

static int t_insert(VM *vm, CallInfo *ci)
{
	int meta;
	if (ci->pc & PRELUDE_STATE)
		return preluderesults(vm, ci);
	Table *t = checktab(vm, 1, TAB_R | TAB_W | TAB_L, &meta);
	if (meta) {
		int n = vm_nargs(vm);
		if (n != 2 && n != 3)
			vm_error(vm, "wrong number of arguments to 'insert'");
		Value args[3];
		args[0] = *vm_arg(vm, 1);
		if (n == 3)
			setivalue(&args[1], vm_checkinteger(vm, 2));
		else
			args[1] = *vm_arg(vm, 2);
		args[2] = *vm_arg(vm, 3);
		return callprelude(vm, ci, "insert", n, args, 3);
	}
	int64_t e = (int64_t)((uint64_t)getn(t) + 1);  /* first empty slot */
	int64_t pos;
	Value v;
	switch (vm_nargs(vm)) {
	case 2:
		pos = e;
		break;
	case 3:
		pos = vm_checkinteger(vm, 2);
		vm_argcheck(vm, (uint64_t)pos - 1u < (uint64_t)e, 2,
		            "position out of bounds");
		for (int64_t i = e; i > pos; i--) {
			geti(t, i - 1, &v);
			seti(vm, t, i, &v);
		}
		break;
	default:
		vm_error(vm, "wrong number of arguments to 'insert'");
	}
	v = *vm_arg(vm, vm_nargs(vm));
	seti(vm, t, pos, &v);
	return 0;
}

static int t_remove(VM *vm, CallInfo *ci)
{
	int meta;
	if (ci->pc & PRELUDE_STATE)
		return preluderesults(vm, ci);
	Table *t = checktab(vm, 1, TAB_R | TAB_W | TAB_L, &meta);
	if (meta) {
		Value args[2];
		args[0] = *vm_arg(vm, 1);
		setnilvalue(&args[1]);
		if (!ttisnil(vm_arg(vm, 2)))
			setivalue(&args[1], vm_checkinteger(vm, 2));
		return callprelude(vm, ci, "remove", vm_nargs(vm), args, 2);
	}
	int64_t size = getn(t);
	int64_t pos = vm_optinteger(vm, 2, size);
	Value v, r;
	if (pos != size)
		vm_argcheck(vm, (uint64_t)pos - 1u <= (uint64_t)size, 1,
		            "position out of bounds");
	geti(t, pos, &r);
	for (; pos < size; pos++) {
		geti(t, pos + 1, &v);
		seti(vm, t, pos, &v);
	}
	setnilvalue(&v);
	seti(vm, t, pos, &v);
	vm_pushvalue(vm, &r);
	return 1;
}

static int t_move(VM *vm, CallInfo *ci)
{
	if (ci->pc & PRELUDE_STATE)
		return preluderesults(vm, ci);
	int64_t f = vm_checkinteger(vm, 2);
	int64_t e = vm_checkinteger(vm, 3);
	int64_t t = vm_checkinteger(vm, 4);
	int tt = !ttisnil(vm_arg(vm, 5)) ? 5 : 1;
	int meta1, meta2;
	Table *a1 = checktab(vm, 1, TAB_R, &meta1);
	Table *a2 = checktab(vm, tt, TAB_W, &meta2);
	if (meta1 || meta2) {
		Value args[5];
		args[0] = *vm_arg(vm, 1);
		setivalue(&args[1], f);
		setivalue(&args[2], e);
		setivalue(&args[3], t);
		args[4] = *vm_arg(vm, tt);
		return callprelude(vm, ci, "move", vm_nargs(vm), args, 5);
	}
	if (e >= f) {
		Value v;
		vm_argcheck(vm, f > 0 || e < INT64_MAX + f, 3,
		            "too many elements to move");
		int64_t n = e - f + 1;
		vm_argcheck(vm, t <= INT64_MAX - n + 1, 4, "destination wrap around");
		if (t > e || t <= f || a1 != a2) {
			for (int64_t i = 0; i < n; i++) {
				geti(a1, f + i, &v);
				seti(vm, a2, t + i, &v);
			}
		} else {
			for (int64_t i = n - 1; i >= 0; i--) {
				geti(a1, f + i, &v);
				seti(vm, a2, t + i, &v);
			}
		}
	}
	Value r = *vm_arg(vm, tt);
	vm_pushvalue(vm, &r);
	return 1;
}

/* ---- concat, pack, unpack ----------------------------------------------- */

static void addfield(VM *vm, VMBuffer *b, Table *t, int64_t i)
{
	Value v;
	geti(t, i, &v);
	if (ttisstring(&v)) {
		vm_addlstring(b, getstr(strvalue(&v)), tsslen(strvalue(&v)));
	} else if (ttisnumber(&v)) {
		char buf[NUM_MAXSTR];
		vm_addlstring(b, buf, (size_t)num_tostrbuf(&v, buf));
	} else {
		vm_bufffree(b);
		vm_error(vm, "invalid value (%s) at index %I in table for 'concat'",
		         vm_basictypename(ttype(&v)), i);
	}
}

static int t_concat(VM *vm, CallInfo *ci)
{
	int meta;
	if (ci->pc & PRELUDE_STATE)
		return preluderesults(vm, ci);
	Table *t = checktab(vm, 1, TAB_R | TAB_L, &meta);
	if (meta) {
		Value args[4];
		args[0] = *vm_arg(vm, 1);
		if (ttisnil(vm_arg(vm, 2)))
			setsvalue(&args[1], str_newz(vm, ""));
		else
			setsvalue(&args[1], vm_checkstring(vm, 2));
		setivalue(&args[2], vm_optinteger(vm, 3, 1));
		setnilvalue(&args[3]);
		if (!ttisnil(vm_arg(vm, 4)))
			setivalue(&args[3], vm_checkinteger(vm, 4));
		return callprelude(vm, ci, "concat", vm_nargs(vm), args, 4);
	}
	int64_t last = getn(t);
	size_t lsep;
	const char *sep = vm_optlstring(vm, 2, "", &lsep);
	int64_t i = vm_optinteger(vm, 3, 1);
	last = vm_optinteger(vm, 4, last);
	VMBuffer b;
	vm_buffinit(vm, &b);
	for (; i < last; i++) {
		addfield(vm, &b, t, i);
		vm_addlstring(&b, sep, lsep);
	}
	if (i == last)
		addfield(vm, &b, t, i);
	vm_pushresult(&b);
	return 1;
}

static int t_pack(VM *vm, CallInfo *ci)
{
	int n = vm_nargs(vm);
	Table *t = vm_pushnewtable(vm, n, 1);
	for (int i = 1; i <= n; i++)
		seti(vm, t, i, vm_arg(vm, i));
	Value v;
	setivalue(&v, n);
	tab_setstr(vm, t, str_newz(vm, "n"), &v);
	return 1;
}

static int t_unpack(VM *vm, CallInfo *ci)
{
	if (ci->pc & PRELUDE_STATE)
		return preluderesults(vm, ci);
	if (needmeta(vm, 1)) {
		Value args[3];
		args[0] = *vm_arg(vm, 1);
		setivalue(&args[1], vm_optinteger(vm, 2, 1));
		setnilvalue(&args[2]);
		if (!ttisnil(vm_arg(vm, 3)))
			setivalue(&args[2], vm_checkinteger(vm, 3));
		return callprelude(vm, ci, "unpack", vm_nargs(vm), args, 3);
	}
	Value *a = vm_arg(vm, 1);
	int64_t i = vm_optinteger(vm, 2, 1);
	int64_t e;
	if (!ttisnil(vm_arg(vm, 3))) {
		e = vm_checkinteger(vm, 3);
	} else {
		if (!ttistable(a) && !ttisstring(a))
			vm_rawerror(vm, "attempt to get length of a %s value",
			         vm_typename(vm, a));
		e = vm_rawlen(a);
	}
	if (i > e)
		return 0;
	uint64_t n = (uint64_t)e - (uint64_t)i;
	if (n >= (uint64_t)VM_MAXSTACK - vm->L->top)
		vm_error(vm, "too many results to unpack");
	n++;
	a = vm_arg(vm, 1);
	if (!ttistable(a)) {
		if (!ttisstring(a))
			vm_rawerror(vm, "attempt to index a %s value", vm_typename(vm, a));
		for (uint64_t k = 0; k < n; k++)  /* string[i] is nil */
			vm_pushnil(vm);
		return (int)n;
	}
	Table *t = tvalue(a);
	vm_settop(vm, vm_nargs(vm) + (int)n);  /* room for all, then fill */
	Value *dst = vm_top(vm, (int)n);
	for (uint64_t k = 0; k < n; k++)
		geti(t, i + (int64_t)k, &dst[k]);
	return (int)n;
}

/* ---- sort --------------------------------------------------------------- */

/* Frame slots of sort; pending ranges (lo, up, rnd) are pushed above. */
enum { S_T = 1, S_CMP, S_PIVOT, S_LO, S_UP, S_P, S_I, S_J, S_RND, S_NSLOTS = S_RND };

/* Continuation states: which comparison's result is on top. */
enum { PH_LOOP, PH_C1, PH_C2, PH_C3, PH_AFTER3, PH_INEXT, PH_I, PH_JNEXT,
       PH_J, PH_SPLIT, PH_DONE };

#define SORT_RANLIMIT 100u

/* a < b: 1 or 0, or -1 after pushing a call whose result decides. */
static int sortless(VM *vm, const Value *a, const Value *b)
{
	const Value *cmp = vm_arg(vm, S_CMP);
	if (ttisnil(cmp))
		return vm_lessthan(vm, a, b);
	Value f = *cmp, x = *a, y = *b;
	vm_pushvalue(vm, &f);
	vm_pushvalue(vm, &x);
	vm_pushvalue(vm, &y);
	return -1;
}

static unsigned sort_randomize(void)
{
	uint64_t c = (uint64_t)(plat_clock() * 1e6), t = (uint64_t)plat_time();
	return (unsigned)(c + t);
}

/* The sort's variables, loaded from and saved to the frame. */
typedef struct SortVars {
	int64_t lo, up, p, i, j;
	unsigned rnd;
} SortVars;

static void sort_save(VM *vm, const SortVars *s)
{
	setivalue(vm_arg(vm, S_LO), s->lo);
	setivalue(vm_arg(vm, S_UP), s->up);
	setivalue(vm_arg(vm, S_P), s->p);
	setivalue(vm_arg(vm, S_I), s->i);
	setivalue(vm_arg(vm, S_J), s->j);
	setivalue(vm_arg(vm, S_RND), s->rnd);
}

static void sort_load(VM *vm, SortVars *s)
{
	s->lo = ivalue(vm_arg(vm, S_LO));
	s->up = ivalue(vm_arg(vm, S_UP));
	s->p = ivalue(vm_arg(vm, S_P));
	s->i = ivalue(vm_arg(vm, S_I));
	s->j = ivalue(vm_arg(vm, S_J));
	s->rnd = (unsigned)ivalue(vm_arg(vm, S_RND));
}

static void swap(VM *vm, Table *t, int64_t a, int64_t b)
{
	Value va, vb;
	geti(t, a, &va);
	geti(t, b, &vb);
	seti(vm, t, a, &vb);
	seti(vm, t, b, &va);
}

/* Next pending range into s; 0 when none is left. */
static int sort_pop(VM *vm, SortVars *s)
{
	if (vm_gettop(vm) <= S_NSLOTS)
		return 0;
	s->lo = ivalue(vm_top(vm, 3));
	s->up = ivalue(vm_top(vm, 2));
	s->rnd = (unsigned)ivalue(vm_top(vm, 1));
	vm_pop(vm, 3);
	return 1;
}

/* Compare a < b and go on at phase ph with the result in res; or save
 * the state and call Lua, to be re-entered at ph. */
#define COMPARE(a, b, ph) do { \
	int r_ = sortless(vm, (a), (b)); \
	if (r_ < 0) { \
		sort_save(vm, &s); \
		return vm_callk(vm, 2, 1, (ph)); \
	} \
	res = r_; \
	phase = (ph); \
	goto again; \
} while (0)

static int sort_run(VM *vm, int phase, int res)
{
	Table *t = tvalue(vm_arg(vm, S_T));
	SortVars s;
	Value va, vb;
	sort_load(vm, &s);
again:
	switch (phase) {
	case PH_LOOP:
		if (s.lo >= s.up) {
			if (!sort_pop(vm, &s))
				return 0;
			goto again;
		}
		geti(t, s.up, &va);
		geti(t, s.lo, &vb);
		COMPARE(&va, &vb, PH_C1);           /* a[up] < a[lo]? */
	case PH_C1:
		if (res)
			swap(vm, t, s.lo, s.up);
		if (s.up - s.lo == 1) {
			phase = PH_DONE;
			goto again;
		}
		if ((uint64_t)(s.up - s.lo) < SORT_RANLIMIT || s.rnd == 0) {
			s.p = (s.lo + s.up) / 2;
		} else {
			unsigned r4 = (unsigned)(s.up - s.lo) / 4;
			s.p = (int64_t)(s.rnd % (r4 * 2) + ((unsigned)s.lo + r4));
		}
		geti(t, s.p, &va);
		geti(t, s.lo, &vb);
		COMPARE(&va, &vb, PH_C2);           /* a[p] < a[lo]? */
	case PH_C2:
		if (res) {
			swap(vm, t, s.p, s.lo);
			phase = PH_AFTER3;
			goto again;
		}
		geti(t, s.up, &va);
		geti(t, s.p, &vb);
		COMPARE(&va, &vb, PH_C3);           /* a[up] < a[p]? */
	case PH_C3:
		if (res)
			swap(vm, t, s.p, s.up);
		/* fall through */
	case PH_AFTER3:
		if (s.up - s.lo == 2) {
			phase = PH_DONE;
			goto again;
		}
		geti(t, s.p, &va);                  /* the pivot P = a[p] */
		*vm_arg(vm, S_PIVOT) = va;
		swap(vm, t, s.p, s.up - 1);         /* P goes to a[up - 1] */
		s.i = s.lo;
		s.j = s.up - 1;
		/* fall through */
	case PH_INEXT:
		s.i++;
		geti(t, s.i, &va);
		COMPARE(&va, vm_arg(vm, S_PIVOT), PH_I);   /* a[i] < P? */
	case PH_I:
		if (res) {
			if (s.i == s.up - 1)
				vm_error(vm, "invalid order function for sorting");
			phase = PH_INEXT;
			goto again;
		}
		/* fall through */
	case PH_JNEXT:
		s.j--;
		geti(t, s.j, &vb);
		COMPARE(vm_arg(vm, S_PIVOT), &vb, PH_J);   /* P < a[j]? */
	case PH_J:
		if (res) {
			if (s.j < s.i)
				vm_error(vm, "invalid order function for sorting");
			phase = PH_JNEXT;
			goto again;
		}
		if (s.j >= s.i) {
			swap(vm, t, s.i, s.j);
			phase = PH_INEXT;
			goto again;
		}
		swap(vm, t, s.up - 1, s.i);
		s.p = s.i;
		/* fall through */
	case PH_SPLIT: {
		/* sort the smaller side first; the larger one waits on the stack */
		int64_t n, tlo, tup;
		if (s.p - s.lo < s.up - s.p) {
			n = s.p - s.lo;
			tlo = s.p + 1;
			tup = s.up;
			s.up = s.p - 1;
		} else {
			n = s.up - s.p;
			tlo = s.lo;
			tup = s.p - 1;
			s.lo = s.p + 1;
		}
		unsigned trnd = s.rnd;
		if ((uint64_t)(tup - tlo) / 128 > (uint64_t)n)
			trnd = sort_randomize();
		vm_pushinteger(vm, tlo);
		vm_pushinteger(vm, tup);
		vm_pushinteger(vm, trnd);
		phase = PH_LOOP;
		goto again;
	}
	case PH_DONE:
		if (!sort_pop(vm, &s))
			return 0;
		phase = PH_LOOP;
		goto again;
	}
	return 0;
}

static int t_sort(VM *vm, CallInfo *ci)
{
	int meta;
	if (ci->pc & PRELUDE_STATE)
		return preluderesults(vm, ci);
	if (ci->pc != 0) {  /* a comparison result is on top */
		int res = !l_isfalse(vm_top(vm, 1));
		vm_pop(vm, 1);
		return sort_run(vm, (int)ci->pc, res);
	}
	Table *t = checktab(vm, 1, TAB_R | TAB_W | TAB_L, &meta);
	if (meta) {
		if (!ttisnil(vm_arg(vm, 2)))
			vm_checktype(vm, 2, T_FUNCTION);
		Value args[2];
		args[0] = *vm_arg(vm, 1);
		args[1] = *vm_arg(vm, 2);
		return callprelude(vm, ci, "sort", vm_nargs(vm), args, 2);
	}
	int64_t n = getn(t);
	if (n <= 1)
		return 0;
	vm_argcheck(vm, n < 0x7fffffff, 1, "array too big");
	if (!ttisnil(vm_arg(vm, 2)))
		vm_checktype(vm, 2, T_FUNCTION);
	vm_settop(vm, S_NSLOTS);
	SortVars s = {1, n, 0, 0, 0, 0};
	sort_save(vm, &s);
	return sort_run(vm, PH_LOOP, 0);
}

/* a < b for the prelude's sort: the builtin re-entered with the result of
 * an __lt call at state 1. */
static int t_lessthan(VM *vm, CallInfo *ci)
{
	if (ci->pc == 1) {
		vm_pushboolean(vm, !l_isfalse(vm_top(vm, 1)));
		return 1;
	}
	Value a = *vm_arg(vm, 1), b = *vm_arg(vm, 2);
	vm_settop(vm, S_CMP);
	setnilvalue(vm_arg(vm, S_CMP));  /* sortless: no comparator */
	int r = sortless(vm, &a, &b);
	if (r < 0)
		return vm_callk(vm, 2, 1, 1);
	vm_pushboolean(vm, r);
	return 1;
}

/* ---- the library -------------------------------------------------------- */

static const BuiltinReg table_regs[TB_NBUILTINS] = {
	[TB_CONCAT] = {"concat", t_concat},
	[TB_INSERT] = {"insert", t_insert},
	[TB_MOVE] = {"move", t_move},
	[TB_PACK] = {"pack", t_pack},
	[TB_REMOVE] = {"remove", t_remove},
	[TB_SORT] = {"sort", t_sort},
	[TB_UNPACK] = {"unpack", t_unpack},
	[TB_TOINT] = {NULL, t_toint},
	[TB_LESSTHAN] = {NULL, t_lessthan},
};

static void sethelper(VM *vm, Table *h, const char *name, const Value *v)
{
	tab_setstr(vm, h, str_newz(vm, name), v);
}

/* Compile the prelude with _ENV = {type, toint, concat, unpack, lessthan}
 * (type taken from the base library, opened before),
 * and make the table functions closures over it. */
static void table_open(VM *vm, Table *lib)
{
	Table *h = tab_new(vm);
	Value v;
	setgcovalue(&v, h);
	vm_pushvalue(vm, &v);  /* anchor */
	sethelper(vm, h, "type", tab_getstr(vm->g->globals, str_newz(vm, "type")));
	setbuiltin(&v, BUILTIN_ID(BLIB_TABLE, TB_TOINT));
	sethelper(vm, h, "toint", &v);
	setbuiltin(&v, BUILTIN_ID(BLIB_TABLE, TB_CONCAT));
	sethelper(vm, h, "concat", &v);
	setbuiltin(&v, BUILTIN_ID(BLIB_TABLE, TB_UNPACK));
	sethelper(vm, h, "unpack", &v);
	setbuiltin(&v, BUILTIN_ID(BLIB_TABLE, TB_LESSTHAN));
	sethelper(vm, h, "lessthan", &v);
	String *err = NULL;
	Proto *p = vm_compile(vm, prelude_src, sizeof prelude_src - 1, "=[table]", &err);
	if (p == NULL)
		plat_panic("table_open: prelude: %s", getstr(err));
	LClosure *cl = func_newLclosure(vm, p->sizeupvalues);
	cl->p = p;
	setgcovalue(&v, cl);
	vm_pushvalue(vm, &v);  /* anchor */
	func_initupvals(vm, cl);
	setgcovalue(cl->upvals[0]->v, h);
	static const int fns[] = {TB_CONCAT, TB_INSERT, TB_MOVE, TB_REMOVE,
	                          TB_SORT, TB_UNPACK};
	for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
		BClosure *bc = func_newBclosure(vm, BUILTIN_ID(BLIB_TABLE, fns[i]), 1);
		setgcovalue(&bc->upvalue[0], cl);
		setgcovalue(&v, bc);
		tab_setstr(vm, lib, str_newz(vm, table_regs[fns[i]].name), &v);
	}
	vm_pop(vm, 2);
}

const BuiltinLib vm_lib_table = {
	BLIB_TABLE, "table", table_regs, TB_NBUILTINS, table_open
};
