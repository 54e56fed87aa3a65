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
#include <string.h>
#include "vm/api.h"
#include "vm/do.h"
#include "vm/number.h"
#include "vm/platform.h"
#include "vm/state.h"
#include "vm/string.h"
#include "vm/table.h"
#include "vm/tm.h"

enum {
	TB_CONCAT, TB_INSERT, TB_MOVE, TB_PACK, TB_REMOVE, TB_SORT, TB_UNPACK,
	TB_NBUILTINS
};

/* An error without position, as lua5.4's luaG_ errors raised while a
 * builtin runs (luaL_error's vm_error adds the caller's position). */
static _Noreturn void rawerror(VM *vm, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	String *s = vm_pushvfstring(vm, fmt, ap);
	va_end(ap);
	Value v;
	setsvalue(&v, s);
	vm_errorvalue(vm, &v);
}

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

/* ---- insert, remove, move ----------------------------------------------- */

static int t_insert(VM *vm, CallInfo *ci)
{
	Table *t = vm_checktable(vm, 1);
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
	Table *t = vm_checktable(vm, 1);
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
	int64_t f = vm_checkinteger(vm, 2);
	int64_t e = vm_checkinteger(vm, 3);
	int64_t t = vm_checkinteger(vm, 4);
	int tt = !ttisnil(vm_arg(vm, 5)) ? 5 : 1;
	Table *a1 = vm_checktable(vm, 1);
	Table *a2 = vm_checktable(vm, tt);
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
	Table *t = vm_checktable(vm, 1);
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
	Value *a = vm_arg(vm, 1);
	int64_t i = vm_optinteger(vm, 2, 1);
	int64_t e;
	if (!ttisnil(vm_arg(vm, 3))) {
		e = vm_checkinteger(vm, 3);
	} else {
		if (!ttistable(a) && !ttisstring(a))
			rawerror(vm, "attempt to get length of a %s value",
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
			rawerror(vm, "attempt to index a %s value", vm_typename(vm, a));
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

static int strless(const String *a, const String *b)
{
	size_t la = tsslen(a), lb = tsslen(b);
	int r = memcmp(getstr(a), getstr(b), la < lb ? la : lb);
	return r < 0 || (r == 0 && la < lb);
}

/* a < b: 1 or 0, or -1 after pushing a call whose result decides. */
static int sortless(VM *vm, const Value *a, const Value *b)
{
	Value x = *a, y = *b, f;
	const Value *cmp = vm_arg(vm, S_CMP);
	if (!ttisnil(cmp)) {
		f = *cmp;
	} else {
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
				rawerror(vm, "attempt to compare two %s values", t1);
			rawerror(vm, "attempt to compare %s with %s", t1, t2);
		}
		f = *tm;
	}
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
	if (ci->pc != 0) {  /* a comparison result is on top */
		int res = !l_isfalse(vm_top(vm, 1));
		vm_pop(vm, 1);
		return sort_run(vm, (int)ci->pc, res);
	}
	Table *t = vm_checktable(vm, 1);
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

/* ---- the library -------------------------------------------------------- */

static const BuiltinReg table_regs[TB_NBUILTINS] = {
	[TB_CONCAT] = {"concat", t_concat},
	[TB_INSERT] = {"insert", t_insert},
	[TB_MOVE] = {"move", t_move},
	[TB_PACK] = {"pack", t_pack},
	[TB_REMOVE] = {"remove", t_remove},
	[TB_SORT] = {"sort", t_sort},
	[TB_UNPACK] = {"unpack", t_unpack},
};

const BuiltinLib vm_lib_table = {
	BLIB_TABLE, "table", table_regs, TB_NBUILTINS, NULL
};
