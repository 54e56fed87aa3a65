/*
 * interp.c: the bytecode interpreter (see vm/opcodes.h for the machine).
 *
 * vm_execute runs the thread vm->L. The running Lua frame's instruction
 * pointer `ip`, its `base` and the operand top `sp` live in C locals of
 * run(); they are written back to object memory (ci->pc, L->top) by
 * savestate() before anything that may raise an error, call, collect or
 * stop (the Protect pattern). Dispatch is computed goto under GCC (a switch
 * otherwise, VM_SWITCH_DISPATCH).
 *
 * Calls never recurse in C: a Lua-to-Lua call pushes a CallInfo and
 * reloads the cached state; calls of builtins, metamethods, coroutine
 * transfers and errors leave run() with VMS_OK so that vm_execute settles
 * the frames (do.c) and re-enters run() on the Lua frame now on top. A
 * metamethod is called as an ordinary frame placed so that its result
 * lands where the instruction's result goes; the frame's CIST_FIN* flags
 * finish what is left (do_poscall).
 *
 * Check points: every backward jump, call and return looks at vm->requests
 * (and the collector's debt on backward jumps): with the state stored and
 * the pc at the instruction itself, it runs a collector step, or returns
 * VMS_STOPPED so that the thread can be continued later from object memory.
 *
 * SYS (the restartable kernel call of ARCHITECTURE.md): the arguments
 * L[0 .. top) are copied, the stack is left as it was and the pc stays at
 * the SYS while the platform hook runs; on completion the arguments are
 * popped, the pc steps past SYS and the result is pushed; a blocking call
 * returns VMS_BLOCKED with the thread standing before SYS. A builtin that
 * must wait (BI_BLOCK, vm/builtin.h) makes do_settle return VMS_BLOCKED
 * too, with its frame on top as it was entered.
 */
#include <string.h>
#include <math.h>
#include "vm/interp.h"
#include "vm/do.h"
#include "vm/state.h"
#include "vm/gc.h"
#include "vm/func.h"
#include "vm/table.h"
#include "vm/string.h"
#include "vm/number.h"
#include "vm/tm.h"
#include "vm/debug.h"
#include "vm/api.h"

#define MAXTAGLOOP 2000

/* Whole-Value stores. The setters of object.h write the payload and the
 * tag separately; a 16-byte copy of that Value soon after (the next
 * GETLOCAL, a table store) then cannot be forwarded from the store buffer
 * and stalls. The interpreter writes every Value it makes as one 16-byte
 * store (the payload bits of nil and booleans are zero). */
typedef long long VBits __attribute__((vector_size(16)));
_Static_assert(sizeof(Value) == sizeof(VBits), "a Value is 16 bytes");

static inline __attribute__((always_inline)) void putraw(Value *o, long long raw, int tag)
{
	VBits b = {raw, tag};
	__builtin_memcpy(o, &b, sizeof b);
}

static inline __attribute__((always_inline)) void putflt(Value *o, double x)
{
	long long raw;
	__builtin_memcpy(&raw, &x, sizeof raw);
	putraw(o, raw, VNUMFLT);
}

/* t[key] for a string key: a short string's main node inline (most field
 * lookups hit it), the rest in table.c. */
static inline __attribute__((always_inline)) const Value *getstrkey(Table *t, String *key)
{
	if (key->tt == VSHRSTR) {
		const Node *n = gnode(t, key->hash & (sizenode(t) - 1u));
		if (keytt(n) == CTAG(VSHRSTR) && gckey(n) == (GCObject *)key)
			return gval(n);
	}
	return tab_getstr(t, key);
}

#define putint(o, x)  putraw((o), (long long)(x), VNUMINT)
#define putbool(o, b) putraw((o), 0, (b) ? VTRUE : VFALSE)
#define putnil(o)     putraw((o), 0, VNIL)

#define l_likely(x)   __builtin_expect(!!(x), 1)
#define l_unlikely(x) __builtin_expect(!!(x), 0)

/* ---- table access with __index / __newindex --------------------------------- */

/* Put the call f(a, b[, c]) at stack index pos as a metamethod frame. The
 * values are copied first: they may live at pos. */
static void callmm(VM *vm, uint32_t pos, const Value *f, const Value *a,
                   const Value *b, const Value *c, int nres, uint16_t flags)
{
	Thread *L = vm->L;
	Value vf = *f, va = *a, vb = *b, vc;
	if (c != NULL)
		vc = *c;
	L->stack[pos] = vf;
	L->stack[pos + 1] = va;
	L->stack[pos + 2] = vb;
	L->top = pos + 3;
	if (c != NULL)
		L->stack[L->top++] = vc;
	do_precall(vm, pos, nres, (uint16_t)(flags | CIST_MM));
}

/* t[key] when the fast path failed (t not a table or key absent). Either
 * stores the value in *res and returns 0, or pushes a __index frame at pos
 * and returns 1. */
static int finishget(VM *vm, const Value *t, const Value *key, Value *res,
                     uint32_t pos, uint16_t flags)
{
	for (int loop = 0; loop < MAXTAGLOOP; loop++) {
		const Value *tm;
		if (ttistable(t)) {
			const Value *slot = tab_get(tvalue(t), key);
			if (!isempty(slot)) {
				*res = *slot;
				return 0;
			}
			tm = tm_fasttm(vm, tvalue(t)->metatable, TM_INDEX);
			if (tm == NULL) {
				putnil(res);
				return 0;
			}
		} else {
			tm = tm_gettmbyobj(vm, t, TM_INDEX);
			if (ttisnil(tm))
				dbg_typeerror(vm, t, "index");
		}
		if (ttisfunction(tm)) {
			callmm(vm, pos, tm, t, key, NULL, 1, flags);
			return 1;
		}
		t = tm;
	}
	dbg_runerror(vm, "'__index' chain too long; possible loop");
}

/* t[key] = v when the fast path failed. Returns 1 if it pushed a
 * __newindex frame at pos. */
static int finishset(VM *vm, const Value *t, const Value *key, const Value *v,
                     uint32_t pos)
{
	for (int loop = 0; loop < MAXTAGLOOP; loop++) {
		const Value *tm;
		if (ttistable(t)) {
			Table *h = tvalue(t);
			const Value *slot = tab_get(h, key);
			if (!isempty(slot) ||
			    (tm = tm_fasttm(vm, h->metatable, TM_NEWINDEX)) == NULL) {
				tab_set(vm, h, key, v);
				return 0;
			}
		} else {
			tm = tm_gettmbyobj(vm, t, TM_NEWINDEX);
			if (ttisnil(tm))
				dbg_typeerror(vm, t, "index");
		}
		if (ttisfunction(tm)) {
			callmm(vm, pos, tm, t, key, v, 0, 0);
			return 1;
		}
		t = tm;
	}
	dbg_runerror(vm, "'__newindex' chain too long; possible loop");
}

/* ---- arithmetic ------------------------------------------------------------- */

static const char *const arithnames[] = {
	"add", "sub", "mul", "mod", "pow", "div", "idiv",
	"band", "bor", "bxor", "shl", "shr", "unm", "bnot"
};

/* A string operand converted to a number, as lua5.4's string arithmetic
 * metamethods do. */
static int strtonum(const Value *o, Value *out)
{
	if (ttisnumber(o)) {
		*out = *o;
		return 1;
	}
	if (ttisstring(o)) {
		String *s = strvalue(o);
		return num_strtonumber(getstr(s), tsslen(s), out);
	}
	return 0;
}

/* The error of an arithmetic/bitwise event with no metamethod. */
static _Noreturn void aritherror(VM *vm, TMS ev, const Value *a, const Value *b)
{
	int bitwise = (ev >= TM_BAND && ev <= TM_SHR) || ev == TM_BNOT;
	if (bitwise) {
		if (ttisnumber(a) && ttisnumber(b))
			dbg_tointerror(vm, a, b);
		dbg_opinterror(vm, a, b, "perform bitwise operation on");
	}
	if (ttisstring(a) || ttisstring(b)) {   /* lua5.4's string metamethods */
		dbg_runerror(vm, "attempt to %s a '%s' with a '%s'",
		             arithnames[ev - TM_ADD], vm_basictypename(ttype(a)),
		             vm_basictypename(ttype(b)));
	}
	dbg_opinterror(vm, a, b, "perform arithmetic on");
}

/* a op b when the fast path failed: result into stack[pos] (returns 0) or a
 * metamethod frame at pos (returns 1). a and b may point at stack[pos]. */
static int arith(VM *vm, TMS ev, const Value *a, const Value *b, uint32_t pos)
{
	Value na, nb, res;
	int op = (int)ev - TM_ADD;
	int bitwise = (ev >= TM_BAND && ev <= TM_SHR) || ev == TM_BNOT;
	if (bitwise ? (ttisnumber(a) && ttisnumber(b) &&
	               num_rawarith(vm, op, a, b, &res))
	            : (strtonum(a, &na) && strtonum(b, &nb) &&
	               num_rawarith(vm, op, &na, &nb, &res))) {
		vm->L->stack[pos] = res;
		return 0;
	}
	const Value *tm = tm_gettmbyobj(vm, a, ev);
	if (ttisnil(tm) || (ttisstring(a) && !bitwise)) {
		/* a string's arithmetic metamethod only defers to b's, if any */
		if (ttisstring(b) && !bitwise)
			aritherror(vm, ev, a, b);
		tm = tm_gettmbyobj(vm, b, ev);
		if (ttisnil(tm))
			aritherror(vm, ev, a, b);
	}
	callmm(vm, pos, tm, a, b, NULL, 1, 0);
	return 1;
}

/* ---- comparisons ------------------------------------------------------------ */

/* Compare two strings as strcoll in the C locale does, embedded NULs too. */
static int strcompare(const String *a, const String *b)
{
	size_t la = tsslen(a), lb = tsslen(b);
	int r = memcmp(getstr(a), getstr(b), la < lb ? la : lb);
	if (r != 0)
		return r;
	return la < lb ? -1 : la > lb;
}

/* a < b (ev TM_LT) or a <= b (TM_LE): 0/1 into *res, or a metamethod frame
 * at pos finished to a boolean (returns 2). */
static int lessthan(VM *vm, TMS ev, const Value *a, const Value *b,
                    uint32_t pos, uint16_t flags)
{
	if (ttisnumber(a) && ttisnumber(b))
		return ev == TM_LT ? num_lt(a, b) : num_le(a, b);
	if (ttisstring(a) && ttisstring(b)) {
		int c = strcompare(strvalue(a), strvalue(b));
		return ev == TM_LT ? c < 0 : c <= 0;
	}
	const Value *tm = tm_gettmbyobj(vm, a, ev);
	if (ttisnil(tm))
		tm = tm_gettmbyobj(vm, b, ev);
	if (ttisnil(tm) && ev == TM_LE) {
		/* Debian's lua5.4 has LUA_COMPAT_LT_LE: a <= b is not (b < a) */
		tm = tm_gettmbyobj(vm, b, TM_LT);
		if (ttisnil(tm))
			tm = tm_gettmbyobj(vm, a, TM_LT);
		if (!ttisnil(tm)) {
			callmm(vm, pos, tm, b, a, NULL, 1,
			       (uint16_t)(CIST_FINBOOL | (flags ^ CIST_FINNOT)));
			return 2;
		}
	}
	if (ttisnil(tm))
		dbg_ordererror(vm, a, b);
	callmm(vm, pos, tm, a, b, NULL, 1, (uint16_t)(CIST_FINBOOL | flags));
	return 2;
}

/* Raw equality of any two values. */
static int rawequal(const Value *a, const Value *b)
{
	if (ttypetag(a) != ttypetag(b)) {
		if (ttype(a) != T_NUMBER || ttype(b) != T_NUMBER)
			return 0;
		return num_eq(a, b);
	}
	switch (ttypetag(a)) {
	case VNIL: case VFALSE: case VTRUE:
		return 1;
	case VNUMINT:
		return ivalue(a) == ivalue(b);
	case VNUMFLT:
		return fltvalue(a) == fltvalue(b);
	case VBUILTIN:
		return builtinid(a) == builtinid(b);
	case VLNGSTR:
		return str_eqlngstr(strvalue(a), strvalue(b));
	default:
		return gcvalue(a) == gcvalue(b);
	}
}

int vm_equalobj(VM *vm, const Value *a, const Value *b)
{
	return rawequal(a, b);
}

/* a == b with __eq: 0/1, or 2 when a metamethod frame was pushed at pos. */
static int equal(VM *vm, const Value *a, const Value *b, uint32_t pos,
                 uint16_t flags)
{
	if (rawequal(a, b))
		return 1;
	const Value *tm;
	if (ttistable(a) && ttistable(b)) {
		tm = tm_fasttm(vm, tvalue(a)->metatable, TM_EQ);
		if (tm == NULL)
			tm = tm_fasttm(vm, tvalue(b)->metatable, TM_EQ);
	} else if (ttisinternal(a) && ttisinternal(b)) {
		tm = tm_gettmbyobj(vm, a, TM_EQ);
		if (ttisnil(tm))
			tm = tm_gettmbyobj(vm, b, TM_EQ);
		if (ttisnil(tm))
			tm = NULL;
	} else {
		return 0;
	}
	if (tm == NULL)
		return 0;
	callmm(vm, pos, tm, a, b, NULL, 1, (uint16_t)(CIST_FINBOOL | flags));
	return 2;
}

/* ---- length and concatenation ----------------------------------------------- */

/* #o into stack[pos] (0) or a __len frame at pos (1). */
static int objlen(VM *vm, const Value *o, uint32_t pos)
{
	const Value *tm;
	Value r;
	if (ttistable(o)) {
		tm = tm_fasttm(vm, tvalue(o)->metatable, TM_LEN);
		if (tm == NULL) {
			putint(&r, (int64_t)tab_getn(tvalue(o)));
			vm->L->stack[pos] = r;
			return 0;
		}
	} else if (ttisstring(o)) {
		putint(&r, (int64_t)tsslen(strvalue(o)));
		vm->L->stack[pos] = r;
		return 0;
	} else {
		tm = tm_gettmbyobj(vm, o, TM_LEN);
		if (ttisnil(tm))
			dbg_typeerror(vm, o, "get length of");
	}
	callmm(vm, pos, tm, o, o, NULL, 1, 0);
	return 1;
}

#define tostrable(o) (ttisstring(o) || ttisnumber(o))

/* Make a number at o a string, in place. */
static void tostringinplace(VM *vm, Value *o)
{
	if (ttisnumber(o)) {
		String *s = num_tostring(vm, o);
		setsvalue(o, s);
	}
}

/* Concatenate the top n values of the running frame (state stored).
 * Returns 1 if it had to push a __concat frame (which continues the rest). */
int vm_concat(VM *vm, int total)
{
	Thread *L = vm->L;
	while (total > 1) {
		uint32_t top = L->top;
		Value *a = s2v(L, top - 2), *b = s2v(L, top - 1);
		if (!tostrable(a) || !tostrable(b)) {
			const Value *tm = tm_gettmbyobj(vm, a, TM_CONCAT);
			if (ttisnil(tm))
				tm = tm_gettmbyobj(vm, b, TM_CONCAT);
			if (ttisnil(tm))
				dbg_concaterror(vm, a, b);
			callmm(vm, top - 2, tm, a, b, NULL, 1, CIST_FINCONCAT);
			topci(L)->aux = (uint32_t)total;
			return 1;
		}
		int n = 2;
		while (n < total && tostrable(s2v(L, top - (uint32_t)n - 1)))
			n++;
		size_t len = 0;
		for (int i = n; i >= 1; i--) {
			Value *o = s2v(L, top - (uint32_t)i);
			tostringinplace(vm, o);
			size_t l = tsslen(strvalue(o));
			if (l >= (SIZE_MAX / 2) - len)
				dbg_runerror(vm, "string length overflow");
			len += l;
		}
		String *r;
		if (len <= VM_MAXSHORTLEN) {
			char buf[VM_MAXSHORTLEN + 1];
			size_t off = 0;
			for (int i = n; i >= 1; i--) {
				String *s = strvalue(s2v(L, top - (uint32_t)i));
				memcpy(buf + off, getstr(s), tsslen(s));
				off += tsslen(s);
			}
			r = str_new(vm, buf, len);
		} else {
			r = str_newlng(vm, len);
			size_t off = 0;
			for (int i = n; i >= 1; i--) {
				String *s = strvalue(s2v(L, top - (uint32_t)i));
				memcpy(getstr(r) + off, getstr(s), tsslen(s));
				off += tsslen(s);
			}
		}
		setsvalue(s2v(L, top - (uint32_t)n), r);
		L->top = top - (uint32_t)n + 1;
		total -= n - 1;
	}
	return 0;
}

/* ---- numeric for ----------------------------------------------------------------- */

/* Integer loop limit; returns 1 if the loop must not run. */
static int forlimit(VM *vm, const Value *lim, int64_t init, int64_t step, int64_t *p)
{
	if (!num_tointeger(lim, p, step < 0 ? F2I_CEIL : F2I_FLOOR)) {
		double fl;
		if (!num_tonumber(lim, &fl))
			dbg_forerror(vm, lim, "limit");
		if (fl > 0) {
			if (step < 0)
				return 1;
			*p = INT64_MAX;
		} else {
			if (step > 0)
				return 1;
			*p = INT64_MIN;
		}
	}
	return step > 0 ? init > *p : init < *p;
}

/* FORPREP on L[a..a+2]; returns 1 if the loop runs zero times. */
static int forprep(VM *vm, Value *ra)
{
	Value *pinit = ra, *plimit = ra + 1, *pstep = ra + 2;
	if (ttisinteger(pinit) && ttisinteger(pstep)) {
		int64_t init = ivalue(pinit), step = ivalue(pstep), limit;
		if (step == 0)
			dbg_runerror(vm, "'for' step is zero");
		if (forlimit(vm, plimit, init, step, &limit))
			return 1;
		uint64_t count;
		if (step > 0) {
			count = (uint64_t)limit - (uint64_t)init;
			if (step != 1)
				count /= (uint64_t)step;
		} else {
			count = (uint64_t)init - (uint64_t)limit;
			count /= (uint64_t)(-(step + 1)) + 1u;
		}
		putint(plimit, (int64_t)count);
		ra[3] = *pinit;
		return 0;
	}
	double init, limit, step;
	if (!num_tonumber(plimit, &limit))
		dbg_forerror(vm, plimit, "limit");
	if (!num_tonumber(pstep, &step))
		dbg_forerror(vm, pstep, "step");
	if (!num_tonumber(pinit, &init))
		dbg_forerror(vm, pinit, "initial value");
	if (step == 0)
		dbg_runerror(vm, "'for' step is zero");
	if (step > 0 ? limit < init : init < limit)
		return 1;
	putflt(pinit, init);
	putflt(plimit, limit);
	putflt(pstep, step);
	ra[3] = *pinit;
	return 0;
}

/* ---- to-be-closed variables ---------------------------------------------------- */

/* The value at v becomes a to-be-closed variable (state stored): an error
 * unless it has a __close metamethod (nil and false were checked). */
static void tbccheck(VM *vm, const Value *v, const char *name)
{
	if (ttisnil(tm_gettmbyobj(vm, v, TM_CLOSE)))
		dbg_runerror(vm, "variable '%s' got a non-closable value", name ? name : "?");
}

/* Call __close(L[var], nil) as a frame at stack index pos with no result
 * (state stored, ci->pc past the instruction). The instruction runs again
 * when the frame returns: ci->pc is put back on it. */
static void calltbc(VM *vm, CallInfo *ci, uint32_t var, uint32_t pos)
{
	Thread *L = vm->L;
	Value v = L->stack[var], nil;
	const Value *tm = tm_gettmbyobj(vm, &v, TM_CLOSE);
	if (!ttisfunction(tm) && ttisnil(tm_gettmbyobj(vm, tm, TM_CALL)))
		dbg_runerror(vm, "attempt to call a %s value (metamethod 'close')",
		             vm_basictypename(ttype(tm)));
	putnil(&nil);
	ci->pc--;
	callmm(vm, pos, tm, &v, &nil, NULL, 0, 0);
}

/* ---- requests and SYS --------------------------------------------------------- */

/* At a check point, state stored: honour the requests. Returns VMS_OK to go
 * on, or the status to leave vm_execute with. */
static int checkpoint(VM *vm)
{
	uint32_t r = vm->requests;
	if (r & VMREQ_GC)
		__atomic_and_fetch(&vm->requests, ~VMREQ_GC, __ATOMIC_SEQ_CST);
	gc_checkstep(vm);
	if (r & VMREQ_STOP)
		return VMS_STOPPED;
	if ((r & VMREQ_BUDGET) && --vm->budget == 0) {
		__atomic_and_fetch(&vm->requests, ~VMREQ_BUDGET, __ATOMIC_SEQ_CST);
		return VMS_BUDGET;
	}
	return VMS_OK;
}

/* SYS A with the state stored and ci->pc at the SYS itself. */
static int dosys(VM *vm, uint32_t service)
{
	Thread *L = vm->L;
	CallInfo *ci = topci(L);
	Value args[MAX_STACK_SLOTS + EXTRA_STACK], result;
	int nargs = (int)(L->top - ci->base);
	memcpy(args, s2v(L, ci->base), (size_t)nargs * sizeof(Value));
	putnil(&result);
	int r = vm->syshook ? vm->syshook(vm, service, args, nargs, &result)
	                    : VM_SYS_ERROR;
	switch (r) {
	case VM_SYS_DONE:
		L->top = ci->base;
		L->stack[L->top++] = result;
		ci->pc++;
		return VMS_OK;
	case VM_SYS_BLOCK:
		return VMS_BLOCKED;
	default:
		ci->pc++;      /* the error is reported at the SYS line */
		if (ttisstring(&result))
			dbg_runerror(vm, "%s", getstr(strvalue(&result)));
		if (ttisnil(&result))
			dbg_runerror(vm, "no kernel service %d", (int)service);
		vm_errorvalue(vm, &result);
	}
	return VMS_OK;
}

/* ---- superinstruction fast paths ---------------------------------------------- */

/* a op b for arithmetic operator `op` (offset from ADD in ORDER OP) when
 * the operands are numbers of the kinds the fast path covers; 0 otherwise,
 * and the caller takes the general path (arith(): conversions,
 * metamethods, errors). `op` is a constant at every use, so this folds. */
static inline __attribute__((always_inline)) int fastarith(int op, const Value *a,
                                                           const Value *b, Value *r)
{
	switch (op) {
	case 0: case 1: case 2: {          /* + - * */
		if (ttisinteger(a) && ttisinteger(b)) {
			uint64_t x = (uint64_t)ivalue(a), y = (uint64_t)ivalue(b);
			putint(r, (int64_t)(op == 0 ? x + y : op == 1 ? x - y : x * y));
			return 1;
		}
		if (!ttisnumber(a) || !ttisnumber(b))
			return 0;
		double x = nvalue(a), y = nvalue(b);
		putflt(r, op == 0 ? x + y : op == 1 ? x - y : x * y);
		return 1;
	}
	case 3:                            /* % */
		if (ttisinteger(a) && ttisinteger(b) && ivalue(b) > 0) {
			int64_t m = ivalue(a) % ivalue(b);
			putint(r, m < 0 ? m + ivalue(b) : m);
			return 1;
		}
		if (ttisfloat(a) && ttisfloat(b)) {
			putflt(r, num_fmod(fltvalue(a), fltvalue(b)));
			return 1;
		}
		return 0;
	case 4: case 5: {                  /* ^ / */
		if (!ttisnumber(a) || !ttisnumber(b))
			return 0;
		double x = nvalue(a), y = nvalue(b);
		putflt(r, op == 5 ? x / y : y == 2 ? x * x : pow(x, y));
		return 1;
	}
	case 6:                            /* // */
		if (ttisinteger(a) && ttisinteger(b) && ivalue(b) > 0) {
			int64_t q = ivalue(a) / ivalue(b);
			putint(r, (ivalue(a) % ivalue(b)) < 0 ? q - 1 : q);
			return 1;
		}
		if (ttisfloat(a) && ttisfloat(b)) {
			putflt(r, floor(fltvalue(a) / fltvalue(b)));
			return 1;
		}
		return 0;
	default: {                         /* & | ~ << >> */
		if (!ttisinteger(a) || !ttisinteger(b))
			return 0;
		int64_t x = ivalue(a), y = ivalue(b);
		uint64_t ux = (uint64_t)x, uy = (uint64_t)y;
		putint(r, op == 7 ? (int64_t)(ux & uy) : op == 8 ? (int64_t)(ux | uy) :
		             op == 9 ? (int64_t)(ux ^ uy) : op == 10 ? num_shiftl(x, y) :
		             num_shiftr(x, y));
		return 1;
	}
	}
}

/* ---- the dispatch loop ---------------------------------------------------------- */

#if defined(VM_STEP)
/* The instruction-stepping test build (tools/amber-snaptest links this file
 * compiled with -DVM_STEP): every instruction boundary passes STEPCHECK, so
 * vm_run's budget can count instructions (VMREQ_STEP). Plain builds never
 * compile it: their dispatch is unchanged. */
#define vmdispatch(o) goto *disptab[o];
#define vmcase(n)     L_##n:
#define vmbreak       goto nextinstr
#elif defined(__GNUC__) && !defined(VM_SWITCH_DISPATCH)
#define vmdispatch(o) goto *disptab[o];
#define vmcase(n)     L_##n:
#define vmbreak       do { i = *ip++; goto *disptab[GET_OP(i)]; } while (0)
#else
#define vmdispatch(o) switch (o)
#define vmcase(n)     case OP_##n:
#define vmbreak       break
#endif

#define savepc()     (ci->pc = (uint32_t)(ip - code))
#define savestate()  (savepc(), L->top = (uint32_t)(sp - L->stack))
/* the pc of a check point: the instruction itself */
#define saveatinstr() (ci->pc = (uint32_t)(ip - code) - 1, L->top = (uint32_t)(sp - L->stack))
#define Protect(x)   do { savestate(); x; } while (0)
#define sidx(p)      ((uint32_t)((p) - L->stack))
#define reload()     (base = L->stack + ci->base, sp = L->stack + L->top)

/* VM_STEP builds: before each instruction, with VMREQ_STEP, spend one unit
 * of vm->budget, or store the state and stop there if none is left. */
#define STEPCHECK() do { \
	if (l_unlikely(vm->requests & VMREQ_STEP)) { \
		if (vm->budget == 0) { savestate(); return VMS_BUDGET; } \
		vm->budget--; \
	} } while (0)

#define CHECKPOINT() do { \
	if (l_unlikely(vm->requests != 0)) { \
		saveatinstr(); \
		int st_ = checkpoint(vm); \
		if (st_ != VMS_OK) return st_; \
		reload(); \
	} } while (0)
#define BACKJUMP() do { \
	if (l_unlikely(vm->requests != 0 || vm->g->GCdebt > 0)) { \
		saveatinstr(); \
		int st_ = checkpoint(vm); \
		if (st_ != VMS_OK) return st_; \
		reload(); \
	} } while (0)

#define intop(op, a, b) ((int64_t)((uint64_t)(a) op (uint64_t)(b)))

/* Arithmetic superinstruction: *pa op *pb to rs, the place of a pushed
 * result (the general path puts the result or the metamethod frame
 * there). A SETLOCAL right after takes a fast result directly: the two
 * complete together (as a comparison and its jump do, CMPFORM). */
#define ARITHFORM(op, pa, pb, rs) { \
	const Value *a_ = (pa), *b_ = (pb); Value *rs_ = (rs); Value r_; \
	if (l_likely(fastarith(op, a_, b_, &r_))) { \
		Instruction ni_ = *ip; \
		if (GET_OP(ni_) == OP_SETLOCAL) { \
			base[GETARG_A(ni_)] = r_; sp = rs_; ip++; \
		} else { \
			*rs_ = r_; sp = rs_ + 1; \
		} \
	} else { \
		savestate(); \
		if (arith(vm, (TMS)(TM_ADD + (op)), a_, b_, sidx(rs_))) return VMS_OK; \
		sp = rs_ + 1; \
	} \
	vmbreak; }

/* Comparison superinstruction c (0 ==, 1 ~=, 2 <, 3 <=, 4 >, 5 >=) of *pa
 * and *pb, the boolean to rs or a forward JMPIF/JMPIFNOT taken at once. */
#define CMPFORM(c, pa, pb, rs) { \
	const Value *a_ = (pa), *b_ = (pb); Value *rs_ = (rs); int r_; \
	if ((c) >= 4) { const Value *t_ = a_; a_ = b_; b_ = t_; } \
	if ((c) <= 1) { \
		if (ttypetag(a_) == ttypetag(b_) && !ttistable(a_) && !ttisinternal(a_)) { \
			r_ = rawequal(a_, b_); \
		} else { \
			savestate(); \
			r_ = equal(vm, a_, b_, sidx(rs_), (c) == 1 ? CIST_FINNOT : 0); \
			if (r_ == 2) return VMS_OK; \
		} \
		if ((c) == 1) r_ = !r_; \
	} else if (ttisinteger(a_) && ttisinteger(b_)) { \
		r_ = ((c) & 1) ? ivalue(a_) <= ivalue(b_) : ivalue(a_) < ivalue(b_); \
	} else if (ttisfloat(a_) && ttisfloat(b_)) { \
		r_ = ((c) & 1) ? fltvalue(a_) <= fltvalue(b_) : fltvalue(a_) < fltvalue(b_); \
	} else { \
		savestate(); \
		r_ = lessthan(vm, ((c) & 1) ? TM_LE : TM_LT, a_, b_, sidx(rs_), 0); \
		if (r_ == 2) return VMS_OK; \
	} \
	Instruction ni_ = *ip; \
	if ((GET_OP(ni_) == OP_JMPIFNOT || GET_OP(ni_) == OP_JMPIF) && GETARG_sA(ni_) >= 0) { \
		sp = rs_; ip++; \
		if (!r_ == (GET_OP(ni_) == OP_JMPIFNOT)) ip += GETARG_sA(ni_); \
	} else { \
		putbool(rs_, r_); sp = rs_ + 1; \
	} \
	vmbreak; }

/* Run Lua frames of vm->L from the top frame on. Returns VMS_OK when the
 * frames must be settled (a builtin or metamethod frame was pushed, a
 * frame returned to a builtin, a thread switch), or a final status. */
static int run(VM *vm)
{
#if (defined(__GNUC__) && !defined(VM_SWITCH_DISPATCH)) || defined(VM_STEP)
#define X_LABEL(name, fmt, pops, pushes) &&L_##name,
	static const void *const disptab[NUM_OPCODES] = { OPCODES(X_LABEL) };
#undef X_LABEL
#endif
	Thread *L;
	CallInfo *ci;
	LClosure *cl;
	Value *k, *base, *sp;
	const Instruction *ip, *code;
	Instruction i;
newframe:
	L = vm->L;
	ci = topci(L);
	cl = clLvalue(s2v(L, ci->func));
	k = cl->p->k;
	code = cl->p->code;
	ip = code + ci->pc;
	base = L->stack + ci->base;
	sp = L->stack + L->top;
	for (;;) {
#ifdef VM_STEP
	nextinstr:
		STEPCHECK();
#endif
		i = *ip++;
		vmdispatch(GET_OP(i)) {
		vmcase(NOP) vmbreak;
		vmcase(LOADNIL) {
			for (uint32_t n = GETARG_A(i); n > 0; n--)
				putnil(sp++);
			vmbreak;
		}
		vmcase(LOADFALSE) putbool(sp, 0); sp++; vmbreak;
		vmcase(LOADTRUE) putbool(sp, 1); sp++; vmbreak;
		vmcase(LOADI) putint(sp, GETARG_sA(i)); sp++; vmbreak;
		vmcase(LOADF) putflt(sp, (double)GETARG_sA(i)); sp++; vmbreak;
		vmcase(LOADK) *sp++ = k[GETARG_A(i)]; vmbreak;
		vmcase(GETLOCAL) *sp++ = base[GETARG_A(i)]; vmbreak;
		vmcase(SETLOCAL) base[GETARG_A(i)] = *--sp; vmbreak;
		vmcase(GETUPVAL) *sp++ = *cl->upvals[GETARG_A(i)]->v; vmbreak;
		vmcase(SETUPVAL) {
			UpVal *uv = cl->upvals[GETARG_A(i)];
			*uv->v = *--sp;
			gc_barrier(vm, uv, sp);
			vmbreak;
		}
		vmcase(POP) sp -= GETARG_A(i); vmbreak;
		vmcase(DUP) *sp = sp[-1 - (int)GETARG_A(i)]; sp++; vmbreak;
		vmcase(GETTABUP) {
			const Value *t = cl->upvals[GETARG_A8(i)]->v;
			const Value *key = &k[GETARG_B(i)];
			if (ttistable(t)) {
				const Value *slot = getstrkey(tvalue(t), strvalue(key));
				if (!isempty(slot)) {
					*sp++ = *slot;
					vmbreak;
				}
			}
			savestate();
			if (finishget(vm, t, key, sp, sidx(sp), 0))
				return VMS_OK;
			sp++;
			vmbreak;
		}
		vmcase(SETTABUP) {
			const Value *t = cl->upvals[GETARG_A8(i)]->v;
			const Value *key = &k[GETARG_B(i)];
			Value *v = sp - 1;
			if (ttistable(t)) {
				Value *slot = (Value *)getstrkey(tvalue(t), strvalue(key));
				if (!isempty(slot)) {
					*slot = *v;
					gc_barrierback(vm, gcvalue(t), v);
					sp--;
					vmbreak;
				}
			}
			savestate();
			if (finishset(vm, t, key, v, sidx(v)))
				return VMS_OK;
			sp--;
			vmbreak;
		}
		vmcase(GETTABLE) {
			Value *t = sp - 2, *key = sp - 1;
			if (ttistable(t)) {
				const Value *slot = ttisinteger(key) ? tab_getint(tvalue(t), ivalue(key))
				                                     : tab_get(tvalue(t), key);
				if (!isempty(slot)) {
					*t = *slot;
					sp--;
					vmbreak;
				}
			}
			savestate();
			if (finishget(vm, t, key, t, sidx(t), 0))
				return VMS_OK;
			sp--;
			vmbreak;
		}
		vmcase(GETFIELD) {
			Value *t = sp - 1;
			const Value *key = &k[GETARG_A(i)];
			if (ttistable(t)) {
				const Value *slot = getstrkey(tvalue(t), strvalue(key));
				if (!isempty(slot)) {
					*t = *slot;
					vmbreak;
				}
			}
			savestate();
			if (finishget(vm, t, key, t, sidx(t), 0))
				return VMS_OK;
			vmbreak;
		}
		vmcase(GETINT) {
			Value *t = sp - 1;
			if (ttistable(t)) {
				const Value *slot = tab_getint(tvalue(t), GETARG_sA(i));
				if (!isempty(slot)) {
					*t = *slot;
					vmbreak;
				}
			}
			Value key;
			putint(&key, GETARG_sA(i));
			savestate();
			if (finishget(vm, t, &key, t, sidx(t), 0))
				return VMS_OK;
			vmbreak;
		}
		vmcase(SETTABLE) {
			Value *t = sp - 3, *key = sp - 2, *v = sp - 1;
			if (ttistable(t)) {
				Value *slot = (Value *)(ttisinteger(key) ? tab_getint(tvalue(t), ivalue(key))
				                                         : tab_get(tvalue(t), key));
				if (!isempty(slot)) {
					*slot = *v;
					gc_barrierback(vm, gcvalue(t), v);
					sp -= 3;
					vmbreak;
				}
			}
			savestate();
			if (finishset(vm, t, key, v, sidx(t)))
				return VMS_OK;
			sp -= 3;
			vmbreak;
		}
		vmcase(SETFIELD) {
			Value *t = sp - 2, *v = sp - 1;
			const Value *key = &k[GETARG_A(i)];
			if (ttistable(t)) {
				Value *slot = (Value *)getstrkey(tvalue(t), strvalue(key));
				if (!isempty(slot)) {
					*slot = *v;
					gc_barrierback(vm, gcvalue(t), v);
					sp -= 2;
					vmbreak;
				}
			}
			savestate();
			if (finishset(vm, t, key, v, sidx(t)))
				return VMS_OK;
			sp -= 2;
			vmbreak;
		}
		vmcase(SETTABLEX) {
			Value *v = sp - 1;
			Value *t = v - GETARG_A(i) - 2, *key = t + 1;
			savestate();
			if (finishset(vm, t, key, v, sidx(v)))
				return VMS_OK;
			sp--;
			vmbreak;
		}
		vmcase(SETFIELDX) {
			Value *v = sp - 1;
			Value *t = v - GETARG_A8(i) - 1;
			savestate();
			if (finishset(vm, t, &k[GETARG_B(i)], v, sidx(v)))
				return VMS_OK;
			sp--;
			vmbreak;
		}
		vmcase(NEWTABLE) {
			uint32_t na = GETARG_A8(i), nh = GETARG_B(i);
			savestate();
			Table *t = tab_new(vm);
			setgcovalue(sp, t);
			sp++;
			if (na != 0 || nh != 0)
				tab_resize(vm, t, na, nh);
			Protect(gc_checkstep(vm));
			vmbreak;
		}
		vmcase(SETLIST) {
			uint32_t n = GETARG_A8(i);
			int64_t first = GETARG_B(i);
			if (first == B16_MAX)
				first = GETARG_A(*ip++);
			Value *vals;
			if (n == 0) {   /* up to top; the table's slot follows */
				vals = base + GETARG_A(*ip++) + 1;
				n = (uint32_t)(sp - vals);
			} else {
				vals = sp - n;
			}
			savestate();
			if (l_unlikely(!ttistable(vals - 1)))   /* hand-made bytecode */
				dbg_runerror(vm, "SETLIST on a %s value", vm_typename(vm, vals - 1));
			Table *h = tvalue(vals - 1);
			if (first + n > h->asize)
				tab_resize(vm, h, (uint32_t)(first + n),
				           isdummy(h) ? 0 : sizenode(h));
			for (uint32_t j = 0; j < n; j++) {
				h->array[first + j] = vals[j];
				gc_barrierback(vm, obj2gco(h), &vals[j]);
			}
			sp = vals;
			vmbreak;
		}
		vmcase(EXTRAARG) {
			savestate();
			dbg_runerror(vm, "bad instruction EXTRAARG");
		}
		vmcase(SELF) {
			Value *o = sp - 1;
			const Value *key = &k[GETARG_A(i)];
			if (ttistable(o)) {
				const Value *slot = getstrkey(tvalue(o), strvalue(key));
				if (!isempty(slot)) {
					sp[0] = *o;
					sp[-1] = *slot;
					sp++;
					vmbreak;
				}
			}
			sp[0] = *o;
			sp++;
			savestate();
			Value res;
			if (finishget(vm, o, key, &res, sidx(sp), CIST_FINSELF))
				return VMS_OK;
			sp[-2] = res;
			vmbreak;
		}
		vmcase(ADD) ARITHFORM(0, sp - 2, sp - 1, sp - 2)
		vmcase(SUB) ARITHFORM(1, sp - 2, sp - 1, sp - 2)
		vmcase(MUL) ARITHFORM(2, sp - 2, sp - 1, sp - 2)
		vmcase(MOD) ARITHFORM(3, sp - 2, sp - 1, sp - 2)
		vmcase(POW) ARITHFORM(4, sp - 2, sp - 1, sp - 2)
		vmcase(DIV) ARITHFORM(5, sp - 2, sp - 1, sp - 2)
		vmcase(IDIV) ARITHFORM(6, sp - 2, sp - 1, sp - 2)
		vmcase(BAND) ARITHFORM(7, sp - 2, sp - 1, sp - 2)
		vmcase(BOR) ARITHFORM(8, sp - 2, sp - 1, sp - 2)
		vmcase(BXOR) ARITHFORM(9, sp - 2, sp - 1, sp - 2)
		vmcase(SHL) ARITHFORM(10, sp - 2, sp - 1, sp - 2)
		vmcase(SHR) ARITHFORM(11, sp - 2, sp - 1, sp - 2)
		vmcase(ADDK) ARITHFORM(0, sp - 1, k + GETARG_A(i), sp - 1)
		vmcase(ADDI) {
			Value *a = sp - 1;
			int64_t imm = GETARG_sA(i);
			if (ttisinteger(a)) {
				putint(a, intop(+, ivalue(a), imm));
			} else if (ttisfloat(a)) {
				putflt(a, fltvalue(a) + (double)imm);
			} else {
				Value b;
				putint(&b, imm);
				savestate();
				if (arith(vm, TM_ADD, a, &b, sidx(a)))
					return VMS_OK;
			}
			vmbreak;
		}
		vmcase(UNM) {
			Value *a = sp - 1;
			if (ttisinteger(a)) {
				putint(a, intop(-, 0, ivalue(a)));
			} else if (ttisfloat(a)) {
				putflt(a, -fltvalue(a));
			} else {
				Value zero;
				putint(&zero, 0);
				savestate();
				Value na;
				if (strtonum(a, &na)) {
					Value res;
					num_rawarith(vm, NUM_UNM, &na, &na, &res);
					*a = res;
				} else if (arith(vm, TM_UNM, a, a, sidx(a))) {
					return VMS_OK;
				}
			}
			vmbreak;
		}
		vmcase(BNOT) {
			Value *a = sp - 1;
			if (ttisinteger(a)) {
				putint(a, (int64_t)~(uint64_t)ivalue(a));
			} else {
				savestate();
				if (arith(vm, TM_BNOT, a, a, sidx(a)))
					return VMS_OK;
			}
			vmbreak;
		}
		vmcase(NOT) {
			Value *a = sp - 1;
			putbool(a, l_isfalse(a));
			vmbreak;
		}
		vmcase(LEN) {
			Value *a = sp - 1;
			savestate();
			if (objlen(vm, a, sidx(a)))
				return VMS_OK;
			vmbreak;
		}
		vmcase(CONCAT) {
			savestate();
			if (vm_concat(vm, (int)GETARG_A(i)))
				return VMS_OK;
			sp = L->stack + L->top;
			Protect(gc_checkstep(vm));
			vmbreak;
		}
		vmcase(EQ) CMPFORM(0, sp - 2, sp - 1, sp - 2)
		vmcase(NE) CMPFORM(1, sp - 2, sp - 1, sp - 2)
		vmcase(LT) CMPFORM(2, sp - 2, sp - 1, sp - 2)
		vmcase(LE) CMPFORM(3, sp - 2, sp - 1, sp - 2)
		vmcase(GT) CMPFORM(4, sp - 2, sp - 1, sp - 2)
		vmcase(GE) CMPFORM(5, sp - 2, sp - 1, sp - 2)
		vmcase(JMP) {
			int32_t off = GETARG_sA(i);
			if (off < 0)
				BACKJUMP();
			ip += off;
			vmbreak;
		}
		vmcase(JMPIF) {
			int32_t off = GETARG_sA(i);
			if (!l_isfalse(sp - 1)) {
				if (off < 0)
					BACKJUMP();
				ip += off;
			}
			sp--;
			vmbreak;
		}
		vmcase(JMPIFNOT) {
			int32_t off = GETARG_sA(i);
			if (l_isfalse(sp - 1)) {
				if (off < 0)
					BACKJUMP();
				ip += off;
			}
			sp--;
			vmbreak;
		}
		vmcase(ANDJMP) {
			if (l_isfalse(sp - 1))
				ip += GETARG_sA(i);
			else
				sp--;
			vmbreak;
		}
		vmcase(ORJMP) {
			if (!l_isfalse(sp - 1))
				ip += GETARG_sA(i);
			else
				sp--;
			vmbreak;
		}
		vmcase(CALL) {
			CHECKPOINT();
			Value *f = base + GETARG_A8(i);
			int nres = (int)GETARG_B(i) - 1;
			savestate();
			if (ttisLclosure(f)) {   /* fast path: a fixed-arity Lua function */
				LClosure *ncl = clLvalue(f);
				Proto *np = ncl->p;
				uint32_t fidx = sidx(f), nbase = fidx + 1;
				uint32_t nargs = L->top - nbase;
				if (!np->is_vararg && L->nci < L->cisize && L->nci < VM_MAXCALLS &&
				    nbase + np->maxstack + EXTRA_STACK <= L->stacksize) {
					for (uint32_t j = nargs; j < np->numparams; j++)
						putnil(&L->stack[nbase + j]);
					ci = &L->ci[L->nci++];
					ci->func = fidx;
					ci->base = nbase;
					ci->top = nbase + np->maxstack;
					ci->pc = 0;
					ci->nresults = nres;
					ci->callstatus = CIST_LUA;
					ci->nextra = 0;
					ci->aux = 0;
					L->top = nbase + np->numparams;
					cl = ncl;
					k = np->k;
					code = ip = np->code;
					base = L->stack + nbase;
					sp = L->stack + L->top;
					vmbreak;
				}
			}
			do_precall(vm, sidx(f), nres, 0);
			if (topci(L)->callstatus & CIST_LUA)
				goto newframe;
			return VMS_OK;
		}
		vmcase(TAILCALL) {
			CHECKPOINT();
			Value *f = base + GETARG_A(i);
			savestate();
			uint32_t func = sidx(f);
			if (L->openupval != NULL)
				func_closeupvals(vm, L, ci->base);
			while (!ttisfunction(s2v(L, func))) {
				const Value *tm = tm_gettmbyobj(vm, s2v(L, func), TM_CALL);
				if (ttisnil(tm))
					dbg_callerror(vm, s2v(L, func));
				Value h = *tm;
				for (uint32_t j = L->top; j > func; j--)
					L->stack[j] = L->stack[j - 1];
				L->stack[func] = h;
				L->top++;
			}
			if (!ttisLclosure(s2v(L, func))) {
				/* a builtin runs above this frame (errors name it and
				 * place it here, as lua5.4 does); this frame then
				 * returns its results */
				do_precall(vm, func, -1, CIST_TAILRET);
				return VMS_OK;
			}
			uint32_t n = L->top - func, dest = ci->func;
			memmove(&L->stack[dest], &L->stack[func], n * sizeof(Value));
			L->top = dest + n;
			uint16_t flags = (uint16_t)((ci->callstatus & ~CIST_LUA) | CIST_TAIL);
			int nres = ci->nresults;
			uint32_t aux = ci->aux;
			L->nci--;
			do_precall(vm, dest, nres, flags);
			topci(L)->aux = aux;
			if (topci(L)->callstatus & CIST_LUA)
				goto newframe;
			return VMS_OK;
		}
		vmcase(RETURN) {
			Value *first = base + GETARG_A(i);
			CHECKPOINT();
			first = base + GETARG_A(i);
			savestate();
			int n = (int)(sp - first);
			goto doreturn_n;
		doreturn_n:
			if (do_poscall(vm, n) == VMS_DONE)
				return VMS_DONE;
			if (topci(vm->L)->callstatus & CIST_LUA && vm->L == L)
				goto newframe;
			return VMS_OK;
		}
		vmcase(RETURN0) {
			CHECKPOINT();
			savestate();
			int n = 0;
			if (do_poscall(vm, n) == VMS_DONE)
				return VMS_DONE;
			if (topci(vm->L)->callstatus & CIST_LUA && vm->L == L)
				goto newframe;
			return VMS_OK;
		}
		vmcase(RETURN1) {
			CHECKPOINT();
			if (ci->callstatus == CIST_LUA && (ci[-1].callstatus & CIST_LUA) &&
			    (L->openupval == NULL || uplevel(L, L->openupval) < ci->base)) {
				/* fast path: a plain Lua frame returns one value to Lua */
				Value *res = L->stack + ci->func;
				int wanted = ci->nresults;
				*res = sp[-1];
				sp = res + 1;
				if (wanted == 0)
					sp = res;
				for (int j = 1; j < wanted; j++)
					putnil(sp++);
				L->nci--;
				ci--;
				cl = clLvalue(s2v(L, ci->func));
				k = cl->p->k;
				code = cl->p->code;
				ip = code + ci->pc;
				base = L->stack + ci->base;
				vmbreak;
			}
			savestate();
			if (do_poscall(vm, 1) == VMS_DONE)
				return VMS_DONE;
			if (topci(vm->L)->callstatus & CIST_LUA && vm->L == L)
				goto newframe;
			return VMS_OK;
		}
		vmcase(VARARG) {
			int nextra = ci->nextra;
			int n = (int)GETARG_A(i) - 1;
			if (n < 0) {
				n = nextra;
				savestate();
				do_ensurestack(vm, L, L->top + (uint32_t)n);
				reload();
			}
			Value *src = base - nextra;
			for (int j = 0; j < n; j++) {
				if (j < nextra)
					*sp++ = src[j];
				else
					putnil(sp++);
			}
			vmbreak;
		}
		vmcase(CLOSURE) {
			Proto *p = cl->p->p[GETARG_A(i)];
			savestate();
			LClosure *ncl = func_newLclosure(vm, p->sizeupvalues);
			ncl->p = p;
			setgcovalue(sp, ncl);
			sp++;
			L->top++;
			for (int j = 0; j < p->sizeupvalues; j++) {
				Upvaldesc *d = &p->upvalues[j];
				if (d->instack)
					ncl->upvals[j] = func_findupval(vm, L, ci->base + d->idx);
				else
					ncl->upvals[j] = cl->upvals[d->idx];
			}
			gc_checkstep(vm);
			vmbreak;
		}
		vmcase(CLOSE) {
			savestate();
			if (L->openupval != NULL)
				func_closeupvals(vm, L, ci->base + GETARG_A(i));
			vmbreak;
		}
		vmcase(FORPREP) {
			Value *ra = base + GETARG_A8(i);
			savestate();
			if (forprep(vm, ra))
				ip += GETARG_sB(i);
			vmbreak;
		}
		vmcase(FORLOOP) {
			Value *ra = base + GETARG_A8(i);
			if (ttisinteger(ra + 2)) {
				uint64_t count = (uint64_t)ivalue(ra + 1);
				if (count > 0) {
					BACKJUMP();     /* before any change: restartable */
					ra = base + GETARG_A8(i);
					int64_t idx = intop(+, ivalue(ra), ivalue(ra + 2));
					putint(ra + 1, (int64_t)(count - 1));
					putint(ra, idx);
					putint(ra + 3, idx);     /* from registers, not ra[0] */
					ip += GETARG_sB(i);
				}
			} else {
				double step = fltvalue(ra + 2), limit = fltvalue(ra + 1);
				double idx = fltvalue(ra) + step;
				if (step > 0 ? idx <= limit : limit <= idx) {
					BACKJUMP();
					ra = base + GETARG_A8(i);
					putflt(ra, idx);
					putflt(ra + 3, idx);
					ip += GETARG_sB(i);
				}
			}
			vmbreak;
		}
		vmcase(TFORCALL) {
			Value *ra = base + GETARG_A8(i);
			ra[3] = ra[0];
			ra[4] = ra[1];
			ra[5] = ra[2];
			sp = ra + 6;
			CHECKPOINT();
			savestate();
			do_precall(vm, sidx(ra + 3), (int)GETARG_B(i), 0);
			if (topci(L)->callstatus & CIST_LUA)
				goto newframe;
			return VMS_OK;
		}
		vmcase(TFORLOOP) {
			Value *ra = base + GETARG_A8(i);
			if (!ttisnil(ra + 3)) {
				int32_t off = GETARG_sB(i);
				if (off < 0)
					BACKJUMP();
				ra = base + GETARG_A8(i);
				ra[2] = ra[3];
				ip += off;
			}
			vmbreak;
		}
		vmcase(SYS) {
			saveatinstr();
			int st = dosys(vm, GETARG_A(i));
			if (st != VMS_OK)
				return st;
			reload();       /* ip is already past the SYS */
			vmbreak;
		}
		/* ---- superinstructions (see opcodes.h) ---- */
		vmcase(MOVE) base[GETARG_A8(i)] = base[GETARG_B(i)]; vmbreak;
		vmcase(GETLOCAL2) {
			sp[0] = base[GETARG_A8(i)];
			sp[1] = base[GETARG_B(i)];
			sp += 2;
			vmbreak;
		}
		vmcase(GETFIELDL) {
			Value *t = base + GETARG_A8(i);
			const Value *key = &k[GETARG_B(i)];
			if (ttistable(t)) {
				const Value *slot = getstrkey(tvalue(t), strvalue(key));
				if (!isempty(slot)) {
					*sp++ = *slot;
					vmbreak;
				}
			}
			savestate();
			if (finishget(vm, t, key, sp, sidx(sp), 0))
				return VMS_OK;
			sp++;
			vmbreak;
		}
		vmcase(GETTABLELL) {
			Value *t = base + GETARG_A8(i), *key = base + GETARG_B(i);
			if (ttistable(t)) {
				const Value *slot = ttisinteger(key) ? tab_getint(tvalue(t), ivalue(key))
				                                     : tab_get(tvalue(t), key);
				if (!isempty(slot)) {
					*sp++ = *slot;
					vmbreak;
				}
			}
			savestate();
			if (finishget(vm, t, key, sp, sidx(sp), 0))
				return VMS_OK;
			sp++;
			vmbreak;
		}
		vmcase(SETFIELDL) {
			Value *t = base + GETARG_A8(i), *v = sp - 1;
			const Value *key = &k[GETARG_B(i)];
			if (ttistable(t)) {
				Value *slot = (Value *)getstrkey(tvalue(t), strvalue(key));
				if (!isempty(slot)) {
					*slot = *v;
					gc_barrierback(vm, gcvalue(t), v);
					sp--;
					vmbreak;
				}
			}
			savestate();
			if (finishset(vm, t, key, v, sidx(v)))
				return VMS_OK;
			sp--;
			vmbreak;
		}
		vmcase(SETTABLELL) {
			Value *t = base + GETARG_A8(i), *key = base + GETARG_B(i), *v = sp - 1;
			if (ttistable(t)) {
				Value *slot = (Value *)(ttisinteger(key) ? tab_getint(tvalue(t), ivalue(key))
				                                         : tab_get(tvalue(t), key));
				if (!isempty(slot)) {
					*slot = *v;
					gc_barrierback(vm, gcvalue(t), v);
					sp--;
					vmbreak;
				}
			}
			savestate();
			if (finishset(vm, t, key, v, sidx(v)))
				return VMS_OK;
			sp--;
			vmbreak;
		}
		vmcase(SELFL) {
			Value *o = base + GETARG_A8(i);
			const Value *key = &k[GETARG_B(i)];
			if (ttistable(o)) {
				const Value *slot = getstrkey(tvalue(o), strvalue(key));
				if (!isempty(slot)) {
					sp[0] = *slot;
					sp[1] = *o;
					sp += 2;
					vmbreak;
				}
			}
			putnil(sp);
			sp[1] = *o;
			sp += 2;
			savestate();
			Value res;
			if (finishget(vm, o, key, &res, sidx(sp), CIST_FINSELF))
				return VMS_OK;
			sp[-2] = res;
			vmbreak;
		}
		vmcase(ADDLL) ARITHFORM(0, base + GETARG_A8(i), base + GETARG_B(i), sp)
		vmcase(SUBLL) ARITHFORM(1, base + GETARG_A8(i), base + GETARG_B(i), sp)
		vmcase(MULLL) ARITHFORM(2, base + GETARG_A8(i), base + GETARG_B(i), sp)
		vmcase(MODLL) ARITHFORM(3, base + GETARG_A8(i), base + GETARG_B(i), sp)
		vmcase(POWLL) ARITHFORM(4, base + GETARG_A8(i), base + GETARG_B(i), sp)
		vmcase(DIVLL) ARITHFORM(5, base + GETARG_A8(i), base + GETARG_B(i), sp)
		vmcase(IDIVLL) ARITHFORM(6, base + GETARG_A8(i), base + GETARG_B(i), sp)
		vmcase(BANDLL) ARITHFORM(7, base + GETARG_A8(i), base + GETARG_B(i), sp)
		vmcase(BORLL) ARITHFORM(8, base + GETARG_A8(i), base + GETARG_B(i), sp)
		vmcase(BXORLL) ARITHFORM(9, base + GETARG_A8(i), base + GETARG_B(i), sp)
		vmcase(SHLLL) ARITHFORM(10, base + GETARG_A8(i), base + GETARG_B(i), sp)
		vmcase(SHRLL) ARITHFORM(11, base + GETARG_A8(i), base + GETARG_B(i), sp)
		vmcase(ADDLK) ARITHFORM(0, base + GETARG_A8(i), k + GETARG_B(i), sp)
		vmcase(SUBLK) ARITHFORM(1, base + GETARG_A8(i), k + GETARG_B(i), sp)
		vmcase(MULLK) ARITHFORM(2, base + GETARG_A8(i), k + GETARG_B(i), sp)
		vmcase(MODLK) ARITHFORM(3, base + GETARG_A8(i), k + GETARG_B(i), sp)
		vmcase(POWLK) ARITHFORM(4, base + GETARG_A8(i), k + GETARG_B(i), sp)
		vmcase(DIVLK) ARITHFORM(5, base + GETARG_A8(i), k + GETARG_B(i), sp)
		vmcase(IDIVLK) ARITHFORM(6, base + GETARG_A8(i), k + GETARG_B(i), sp)
		vmcase(BANDLK) ARITHFORM(7, base + GETARG_A8(i), k + GETARG_B(i), sp)
		vmcase(BORLK) ARITHFORM(8, base + GETARG_A8(i), k + GETARG_B(i), sp)
		vmcase(BXORLK) ARITHFORM(9, base + GETARG_A8(i), k + GETARG_B(i), sp)
		vmcase(SHLLK) ARITHFORM(10, base + GETARG_A8(i), k + GETARG_B(i), sp)
		vmcase(SHRLK) ARITHFORM(11, base + GETARG_A8(i), k + GETARG_B(i), sp)
		vmcase(ADDLX) ARITHFORM(0, base + GETARG_A(i), sp - 1, sp - 1)
		vmcase(SUBLX) ARITHFORM(1, base + GETARG_A(i), sp - 1, sp - 1)
		vmcase(MULLX) ARITHFORM(2, base + GETARG_A(i), sp - 1, sp - 1)
		vmcase(MODLX) ARITHFORM(3, base + GETARG_A(i), sp - 1, sp - 1)
		vmcase(POWLX) ARITHFORM(4, base + GETARG_A(i), sp - 1, sp - 1)
		vmcase(DIVLX) ARITHFORM(5, base + GETARG_A(i), sp - 1, sp - 1)
		vmcase(IDIVLX) ARITHFORM(6, base + GETARG_A(i), sp - 1, sp - 1)
		vmcase(BANDLX) ARITHFORM(7, base + GETARG_A(i), sp - 1, sp - 1)
		vmcase(BORLX) ARITHFORM(8, base + GETARG_A(i), sp - 1, sp - 1)
		vmcase(BXORLX) ARITHFORM(9, base + GETARG_A(i), sp - 1, sp - 1)
		vmcase(SHLLX) ARITHFORM(10, base + GETARG_A(i), sp - 1, sp - 1)
		vmcase(SHRLX) ARITHFORM(11, base + GETARG_A(i), sp - 1, sp - 1)
		vmcase(SUBK) ARITHFORM(1, sp - 1, k + GETARG_A(i), sp - 1)
		vmcase(MULK) ARITHFORM(2, sp - 1, k + GETARG_A(i), sp - 1)
		vmcase(MODK) ARITHFORM(3, sp - 1, k + GETARG_A(i), sp - 1)
		vmcase(POWK) ARITHFORM(4, sp - 1, k + GETARG_A(i), sp - 1)
		vmcase(DIVK) ARITHFORM(5, sp - 1, k + GETARG_A(i), sp - 1)
		vmcase(IDIVK) ARITHFORM(6, sp - 1, k + GETARG_A(i), sp - 1)
		vmcase(BANDK) ARITHFORM(7, sp - 1, k + GETARG_A(i), sp - 1)
		vmcase(BORK) ARITHFORM(8, sp - 1, k + GETARG_A(i), sp - 1)
		vmcase(BXORK) ARITHFORM(9, sp - 1, k + GETARG_A(i), sp - 1)
		vmcase(SHLK) ARITHFORM(10, sp - 1, k + GETARG_A(i), sp - 1)
		vmcase(SHRK) ARITHFORM(11, sp - 1, k + GETARG_A(i), sp - 1)
		vmcase(EQLL) CMPFORM(0, base + GETARG_A8(i), base + GETARG_B(i), sp)
		vmcase(NELL) CMPFORM(1, base + GETARG_A8(i), base + GETARG_B(i), sp)
		vmcase(LTLL) CMPFORM(2, base + GETARG_A8(i), base + GETARG_B(i), sp)
		vmcase(LELL) CMPFORM(3, base + GETARG_A8(i), base + GETARG_B(i), sp)
		vmcase(GTLL) CMPFORM(4, base + GETARG_A8(i), base + GETARG_B(i), sp)
		vmcase(GELL) CMPFORM(5, base + GETARG_A8(i), base + GETARG_B(i), sp)
		vmcase(EQLK) CMPFORM(0, base + GETARG_A8(i), k + GETARG_B(i), sp)
		vmcase(NELK) CMPFORM(1, base + GETARG_A8(i), k + GETARG_B(i), sp)
		vmcase(LTLK) CMPFORM(2, base + GETARG_A8(i), k + GETARG_B(i), sp)
		vmcase(LELK) CMPFORM(3, base + GETARG_A8(i), k + GETARG_B(i), sp)
		vmcase(GTLK) CMPFORM(4, base + GETARG_A8(i), k + GETARG_B(i), sp)
		vmcase(GELK) CMPFORM(5, base + GETARG_A8(i), k + GETARG_B(i), sp)
		vmcase(EQLX) CMPFORM(0, base + GETARG_A(i), sp - 1, sp - 1)
		vmcase(NELX) CMPFORM(1, base + GETARG_A(i), sp - 1, sp - 1)
		vmcase(LTLX) CMPFORM(2, base + GETARG_A(i), sp - 1, sp - 1)
		vmcase(LELX) CMPFORM(3, base + GETARG_A(i), sp - 1, sp - 1)
		vmcase(GTLX) CMPFORM(4, base + GETARG_A(i), sp - 1, sp - 1)
		vmcase(GELX) CMPFORM(5, base + GETARG_A(i), sp - 1, sp - 1)
		vmcase(ADDXL) ARITHFORM(0, sp - 1, base + GETARG_A(i), sp - 1)
		vmcase(SUBXL) ARITHFORM(1, sp - 1, base + GETARG_A(i), sp - 1)
		vmcase(MULXL) ARITHFORM(2, sp - 1, base + GETARG_A(i), sp - 1)
		vmcase(MODXL) ARITHFORM(3, sp - 1, base + GETARG_A(i), sp - 1)
		vmcase(POWXL) ARITHFORM(4, sp - 1, base + GETARG_A(i), sp - 1)
		vmcase(DIVXL) ARITHFORM(5, sp - 1, base + GETARG_A(i), sp - 1)
		vmcase(IDIVXL) ARITHFORM(6, sp - 1, base + GETARG_A(i), sp - 1)
		vmcase(BANDXL) ARITHFORM(7, sp - 1, base + GETARG_A(i), sp - 1)
		vmcase(BORXL) ARITHFORM(8, sp - 1, base + GETARG_A(i), sp - 1)
		vmcase(BXORXL) ARITHFORM(9, sp - 1, base + GETARG_A(i), sp - 1)
		vmcase(SHLXL) ARITHFORM(10, sp - 1, base + GETARG_A(i), sp - 1)
		vmcase(SHRXL) ARITHFORM(11, sp - 1, base + GETARG_A(i), sp - 1)
		/* ---- to-be-closed variables ---- */
		vmcase(TBC) {
			Value *v = base + GETARG_A(i);
			if (!l_isfalse(v)) {
				savestate();
				tbccheck(vm, v, func_getlocalname(cl->p, (int)GETARG_A(i),
				                                  (int)(ip - code) - 1));
				uint32_t link = sidx(sp);
				putint(sp, DO_TBCLINK(L->tbclist, link - sidx(v)));
				L->tbclist = link + 1;
			} else {
				putnil(sp);
			}
			sp++;
			vmbreak;
		}
		vmcase(TFORPREP) {
			Value *ra = base + GETARG_A(i);
			Value x = ra[3];
			if (!l_isfalse(&x)) {
				savestate();
				tbccheck(vm, &x, "(for state)");
			}
			ra[4] = ra[2];
			ra[3] = ra[1];
			ra[2] = ra[0];
			ra[0] = x;
			sp = ra + 5;
			if (!l_isfalse(&x)) {
				putint(ra + 1, DO_TBCLINK(L->tbclist, 1));
				L->tbclist = sidx(ra + 1) + 1;
			} else {
				putnil(ra + 1);
			}
			vmbreak;
		}
		vmcase(CLOSETBC) {
			uint32_t level = ci->base + GETARG_A(i), var;
			savestate();
			if (L->openupval != NULL)
				func_closeupvals(vm, L, level);
			if (L->tbclist > level && do_poptbc(L, level, &var)) {
				calltbc(vm, ci, var, sidx(sp));
				if (topci(L)->callstatus & CIST_LUA)
					goto newframe;
				return VMS_OK;
			}
			vmbreak;
		}
		vmcase(RETURNC) {
			uint32_t var;
			CHECKPOINT();
			savestate();
			if (L->tbclist > ci->base) {
				if (L->openupval != NULL)
					func_closeupvals(vm, L, ci->base);
				if (do_poptbc(L, ci->base, &var)) {
					calltbc(vm, ci, var, sidx(sp));
					if (topci(L)->callstatus & CIST_LUA)
						goto newframe;
					return VMS_OK;
				}
			}
			int n = (int)(sp - (base + GETARG_A(i)));
			if (do_poscall(vm, n) == VMS_DONE)
				return VMS_DONE;
			if (topci(vm->L)->callstatus & CIST_LUA && vm->L == L)
				goto newframe;
			return VMS_OK;
		}
		}
	}
}

/* ---- entry points ----------------------------------------------------------------- */

int vm_execute(VM *vm)
{
	struct VMErrorJmp ej;
	volatile int status = VMS_OK;
	ej.prev = vm->errorjmp;
	vm->errorjmp = &ej;
	vm->mode = VMMODE_RUNNING;
	if (setjmp(ej.b) != 0)
		status = do_handleerror(vm);
	while (status == VMS_OK) {
		status = do_settle(vm);
		if (status == VMS_OK)
			status = run(vm);
	}
	vm->errorjmp = ej.prev;
	vm->mode = VMMODE_OUTSIDE;
	return status;
}

/* Pop frames of vm->L down to `nci` frames (an uncaught error). */
static void unwindto(VM *vm, uint32_t nci, uint32_t top)
{
	Thread *L = vm->L;
	if (L->openupval != NULL)
		func_closeupvals(vm, L, top);
	do_droptbc(L, top);
	L->nci = nci;
	L->top = top;
}

int vm_call(VM *vm, int nargs, int nresults, String **tb)
{
	Thread *L = vm->L;
	uint32_t func = L->top - (uint32_t)nargs - 1, nci = L->nci;
	struct VMErrorJmp ej;
	ej.prev = vm->errorjmp;
	vm->errorjmp = &ej;
	if (setjmp(ej.b) != 0) {     /* an error while setting up the call */
		vm->errorjmp = ej.prev;
		vm->L = L;
		Value err = L->stack[L->top - 1];
		unwindto(vm, nci, func);
		L->stack[L->top++] = err;
		return VMS_ERROR;
	}
	do_precall(vm, func, nresults, CIST_FRESH);
	vm->errorjmp = ej.prev;
	int status = vm_execute(vm);
	if (status == VMS_ERROR) {
		Value err = vm->L->stack[vm->L->top - 1];
		if (tb != NULL) {
			VMBuffer b;
			vm_buffinit(vm, &b);
			dbg_traceback(vm, vm->L, &b, NULL, 0);
			*tb = str_new(vm, b.b, b.n);
			vm_bufffree(&b);
		}
		vm->L = L;
		unwindto(vm, nci, func);
		L->stack[L->top++] = err;
	}
	return status;
}

/* Push the bottom frame of a fresh thread: stack[0] is the function, the
 * values above it its arguments. */
void vm_start(VM *vm, Thread *th)
{
	Thread *saved = vm->L;
	vm->L = th;
	do_precall(vm, 0, -1, CIST_FRESH);
	vm->L = saved;
}

int vm_run(VM *vm, Thread *th, uint64_t budget)
{
	Thread *L = th;
	while (L->nci > 0 && (topci(L)->callstatus & CIST_RESUMING))
		L = do_resumed(L, topci(L));
	vm->L = L;
	vm->budget = budget;
	if (budget != 0 && !(vm->requests & VMREQ_STEP))
		__atomic_or_fetch(&vm->requests, VMREQ_BUDGET, __ATOMIC_SEQ_CST);
	int st = vm_execute(vm);
	__atomic_and_fetch(&vm->requests, ~VMREQ_BUDGET, __ATOMIC_SEQ_CST);
	vm->budget = 0;
	return st;
}
