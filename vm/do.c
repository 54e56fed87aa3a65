/*
 * do.c: calls, returns, stack growth, errors and coroutine transfers.
 *
 * All activations live in the running thread's CallInfo array in object
 * memory. Calling a Lua function pushes a frame that the interpreter then
 * runs; calling a builtin pushes a frame that do_settle runs (the builtin may
 * ask for a call, a resume or a yield and is re-entered at its continuation
 * state when that ends). Returning (do_poscall) moves the results to the
 * callee's function slot, adjusts them to what the caller wanted and applies
 * the metamethod finishing flags of the frame (boolean for comparisons, the
 * SELF layout, the rest of a CONCAT).
 *
 * Errors: the thrower pushes the error value on vm->L and longjmps to the
 * innermost vm_execute; do_handleerror then unwinds in object memory to the
 * nearest pcall/xpcall frame of the running thread (calling an xpcall
 * handler first on the erroring stack), or kills the coroutine and hands
 * (false, error) to its resumer, or reports the error to the entry frame.
 *
 * Coroutines: resume moves the arguments to the coroutine and makes it
 * vm->L; yield moves the values back and makes the resumer vm->L; the
 * resumer's resume/wrap builtin frame is re-entered at its continuation
 * with (true|false, values...) on top. No C stack is involved.
 *
 * To-be-closed variables (docs/BYTECODE.md): a list through link slots in
 * the thread's stack (Thread.tbclist). An error unwinding past pending ones
 * first pushes a closer frame (do_tbccloser) that calls their __close as
 * ordinary frames; coroutine.close/wrap run a closer as the coroutine's
 * bottom frame.
 */
#include <string.h>
#include "vm/do.h"
#include "vm/interp.h"
#include "vm/state.h"
#include "vm/omem.h"
#include "vm/gc.h"
#include "vm/func.h"
#include "vm/api.h"
#include "vm/debug.h"
#include "vm/builtin.h"
#include "vm/platform.h"
#include "vm/string.h"
#include "vm/tm.h"

#define ERRORSTACK  250            /* extra slots to handle a stack overflow */
#define ERRORCALLS  60             /* extra frames for it */

_Noreturn void do_throw(VM *vm)
{
	if (vm->errorjmp == NULL)
		plat_panic("do_throw: error outside any vm_execute");
	longjmp(vm->errorjmp->b, 1);
}

/* ---- stacks and frames --------------------------------------------------- */

static void overflow(VM *vm, const char *msg)
{
	CallInfo *ci = vm->L->nci ? topci(vm->L) : NULL;
	if (ci && (ci->callstatus & CIST_LUA))
		dbg_runerror(vm, "%s", msg);
	vm_error(vm, "%s", msg);
}

/* Reallocate L's stack to n slots, fixing its open upvalues. */
static void reallocstack(VM *vm, Thread *L, uint32_t n)
{
	Value *old = L->stack;
	Value *s = om_reallocvector(vm, old, L->stacksize, n, Value);
	for (uint32_t i = L->stacksize; i < n; i++)
		setnilvalue(&s[i]);
	L->stack = s;
	L->stacksize = n;
	for (UpVal *uv = L->openupval; uv != NULL; uv = uv->u.open.next)
		uv->v = s + (uv->v - old);
}

/* Make L's stack hold at least `needed` slots (plus EXTRA_STACK). */
void do_ensurestack(VM *vm, Thread *L, uint32_t needed)
{
	needed += EXTRA_STACK;
	if (needed <= L->stacksize)
		return;
	if (needed > VM_MAXSTACK) {
		if (L->stacksize < VM_MAXSTACK + ERRORSTACK)
			reallocstack(vm, L, VM_MAXSTACK + ERRORSTACK);
		if (needed > VM_MAXSTACK + ERRORSTACK || L->stacksize <= VM_MAXSTACK + ERRORSTACK)
			overflow(vm, "stack overflow");
		return;
	}
	uint32_t n = L->stacksize * 2;
	if (n < needed)
		n = needed;
	if (n > VM_MAXSTACK)
		n = VM_MAXSTACK;
	reallocstack(vm, L, n);
}

void do_checkstack(VM *vm, int n)
{
	Thread *L = vm->L;
	if (L->top + (uint32_t)n + EXTRA_STACK > L->stacksize)
		do_ensurestack(vm, L, L->top + (uint32_t)n);
}

/* After an overflow was handled, give the error slack back. */
static void shrinkstack(VM *vm, Thread *L)
{
	if (L->stacksize > VM_MAXSTACK && L->top + EXTRA_STACK < VM_MAXSTACK / 2)
		reallocstack(vm, L, VM_MAXSTACK / 2);
}

CallInfo *do_pushci(VM *vm, Thread *L)
{
	if (L->nci >= L->cisize) {
		uint32_t n = L->cisize * 2;
		if (L->nci >= VM_MAXCALLS) {
			if (L->nci >= VM_MAXCALLS + ERRORCALLS)
				plat_panic("do_pushci: frames past the error reserve");
			n = VM_MAXCALLS + ERRORCALLS;
		} else if (n > VM_MAXCALLS) {
			n = VM_MAXCALLS;
		}
		L->ci = om_reallocvector(vm, L->ci, L->cisize, n, CallInfo);
		L->cisize = n;
	}
	if (L->nci == VM_MAXCALLS || L->nci + 2 >= VM_MAXCALLS + ERRORCALLS)
		overflow(vm, "stack overflow");
	CallInfo *ci = &L->ci[L->nci++];
	memset(ci, 0, sizeof *ci);
	return ci;
}

/* ---- calls ------------------------------------------------------------------ */

/* Insert the __call handler of stack[func] below it; raises if there is none. */
static void tryfuncTM(VM *vm, uint32_t func)
{
	Thread *L = vm->L;
	const Value *tm = tm_gettmbyobj(vm, s2v(L, func), TM_CALL);
	if (ttisnil(tm))
		dbg_callerror(vm, s2v(L, func));
	Value h = *tm;
	do_ensurestack(vm, L, L->top + 1);
	for (uint32_t i = L->top; i > func; i--)
		L->stack[i] = L->stack[i - 1];
	L->top++;
	L->stack[func] = h;
}

/* Push the frame of a call to stack[func] with the values above it as
 * arguments. Lua frames are ready for the interpreter; builtin frames are
 * run by do_settle. */
void do_precall(VM *vm, uint32_t func, int nresults, uint16_t flags)
{
	Thread *L = vm->L;
	for (;;) {
		Value *f = s2v(L, func);
		if (ttisLclosure(f)) {
			Proto *p = clLvalue(f)->p;
			uint32_t nargs = L->top - func - 1;
			uint32_t np = p->numparams, base = func + 1, nextra = 0;
			if (p->is_vararg) {
				nextra = nargs > np ? nargs - np : 0;
				base = func + 1 + nargs;
				do_ensurestack(vm, L, base + p->maxstack);
				for (uint32_t i = 0; i < np; i++) {
					if (i < nargs)
						L->stack[base + i] = L->stack[func + 1 + i];
					else
						setnilvalue(&L->stack[base + i]);
				}
			} else {
				do_ensurestack(vm, L, base + p->maxstack);
				for (uint32_t i = nargs; i < np; i++)
					setnilvalue(&L->stack[base + i]);
			}
			CallInfo *ci = do_pushci(vm, L);
			ci->func = func;
			ci->base = base;
			ci->top = base + p->maxstack;
			ci->nresults = nresults;
			ci->callstatus = (uint16_t)(flags | CIST_LUA);
			ci->nextra = (uint16_t)nextra;
			L->top = base + np;
			return;
		}
		if (ttisbuiltin(f) || ttisBclosure(f)) {
			do_ensurestack(vm, L, L->top + VM_MINSTACK);
			CallInfo *ci = do_pushci(vm, L);
			ci->func = func;
			ci->base = func + 1;
			ci->top = L->top + VM_MINSTACK;
			ci->nresults = nresults;
			ci->callstatus = flags;
			return;
		}
		tryfuncTM(vm, func);
	}
}

/* Close the running thread's open upvalues at stack index >= level. */
static void closeupvals(VM *vm, Thread *L, uint32_t level)
{
	if (L->openupval != NULL && uplevel(L, L->openupval) >= level)
		func_closeupvals(vm, L, level);
}

static void cofinished(VM *vm, int n);
static int caughtbyhandler(VM *vm, const Value *err);
static int catcherror(VM *vm, Thread *L, uint32_t level, const Value *err);

/* The top frame of vm->L returns its top n values. Returns VMS_DONE when
 * that frame was an entry frame, else VMS_OK. */
int do_poscall(VM *vm, int n)
{
	Thread *L = vm->L;
	CallInfo *ci = topci(L);
	uint32_t res = ci->func, first = L->top - (uint32_t)n;
	int wanted = ci->nresults;
	uint16_t st = ci->callstatus;
	uint32_t aux = ci->aux;
	if (st & CIST_LUA)
		closeupvals(vm, L, ci->base);
	if (wanted < 0)
		wanted = n;
	int i;
	for (i = 0; i < wanted && i < n; i++)
		L->stack[res + i] = L->stack[first + i];
	for (; i < wanted; i++)
		setnilvalue(&L->stack[res + i]);
	L->top = res + (uint32_t)wanted;
	L->nci--;
	if (st & CIST_TAILRET)
		return do_poscall(vm, wanted);
	if (st & (CIST_FINBOOL | CIST_FINSELF | CIST_FINCONCAT | CIST_ERRFUNC | CIST_COBASE)) {
		Value *r = s2v(L, res);
		if (st & CIST_FINBOOL) {
			int b = !l_isfalse(r);
			setbool(r, (st & CIST_FINNOT) ? !b : b);
		} else if (st & CIST_FINSELF) {
			L->stack[res - 2] = *r;
			L->top = res;
		} else if (st & CIST_FINCONCAT) {
			if (aux - 1 >= 2)
				vm_concat(vm, (int)aux - 1);
		} else if (st & CIST_ERRFUNC) {
			return caughtbyhandler(vm, r);
		} else if (st & CIST_COBASE) {
			cofinished(vm, wanted);
		}
	}
	return (st & CIST_FRESH) ? VMS_DONE : VMS_OK;
}

/* ---- coroutines -------------------------------------------------------------- */

/* The coroutine a CIST_RESUMING frame is waiting for. */
Thread *do_resumed(Thread *L, CallInfo *ci)
{
	Value *f = s2v(L, ci->func);
	if (ttisBclosure(f))           /* coroutine.wrap's function */
		return thvalue(&clBvalue(f)->upvalue[0]);
	return thvalue(s2v(L, ci->base));   /* coroutine.resume(co, ...) */
}

/* Hand `ok` and the top n values of `from` to the resumer R and make it run. */
static void transferback(VM *vm, Thread *from, Thread *R, int ok, int n)
{
	do_ensurestack(vm, R, R->top + (uint32_t)n + 1);
	setbool(&R->stack[R->top], ok);
	memcpy(&R->stack[R->top + 1], &from->stack[from->top - (uint32_t)n],
	       (size_t)n * sizeof(Value));
	R->top += (uint32_t)n + 1;
	from->top -= (uint32_t)n;
	topci(R)->callstatus &= (uint16_t)~CIST_RESUMING;
	from->resumer = NULL;
	vm->L = R;
}

/* The coroutine's body returned its top n values. */
static void cofinished(VM *vm, int n)
{
	Thread *co = vm->L;
	co->status = TS_DEAD;
	transferback(vm, co, co->resumer, 1, n);
	co->top = 0;
}

static void do_resume(VM *vm)
{
	Thread *L = vm->L, *co = vm->transfer;
	int n = vm->callk_nargs;
	topci(L)->callstatus |= CIST_RESUMING;
	do_ensurestack(vm, co, co->top + (uint32_t)n + 1);
	memcpy(&co->stack[co->top], &L->stack[L->top - (uint32_t)n],
	       (size_t)n * sizeof(Value));
	co->top += (uint32_t)n;
	L->top -= (uint32_t)n;
	co->resumer = L;
	vm->L = co;
	if (co->status == TS_YIELD) {
		co->status = TS_OK;
		do_poscall(vm, n);           /* the yield returns the arguments */
	} else {
		do_precall(vm, 0, -1, CIST_COBASE);
	}
}

static void do_yield(VM *vm)
{
	Thread *co = vm->L;
	CallInfo *ci = topci(co);
	int n = (int)(co->top - ci->base);
	co->status = TS_YIELD;
	transferback(vm, co, co->resumer, 1, n);
}

/* May the running builtin yield? (inside a coroutine, and every builtin
 * frame below it is a pcall-like frame). */
int do_isyieldable(VM *vm)
{
	Thread *L = vm->L;
	if (L->resumer == NULL)
		return 0;
	for (uint32_t i = L->nci - 1; i-- > 0;) {
		CallInfo *ci = &L->ci[i];
		if (!(ci->callstatus & (CIST_LUA | CIST_YIELDOK)))
			return 0;
	}
	return 1;
}

Thread *do_newthread(VM *vm)
{
	return thread_new(vm);
}

/* Close a suspended or dead coroutine: its upvalues, its frames. */
void do_closethread(VM *vm, Thread *co)
{
	closeupvals(vm, co, 0);
	co->nci = 0;
	co->top = 0;
	co->tbclist = 0;
	if (co->status != TS_ERROR)
		co->status = TS_DEAD;
}

/* ---- running builtins ----------------------------------------------------- */

/* Run builtin frames on top of vm->L (calling them or re-entering them at
 * their continuation) until a Lua frame is on top (VMS_OK), an entry
 * frame returned (VMS_DONE) or a builtin must wait (VMS_BLOCKED: its frame
 * stays on top as it was entered, and runs again when vm_execute is
 * called again). */
int do_settle(VM *vm)
{
	for (;;) {
		Thread *L = vm->L;
		CallInfo *ci = topci(L);
		if (ci->callstatus & CIST_LUA)
			return VMS_OK;
		Value *f = s2v(L, ci->func);
		uint32_t id = ttisbuiltin(f) ? builtinid(f) : clBvalue(f)->id;
		BuiltinFn fn = vm_builtin_fn(id);
		if (fn == NULL)
			vm_error(vm, "unknown builtin %d", (int)id);
		int r = fn(vm, ci);
		if (r >= 0) {
			if (do_poscall(vm, r) == VMS_DONE)
				return VMS_DONE;
			gc_checkstep(vm);
			continue;
		}
		switch (r) {
		case BI_CALL:
			do_precall(vm, vm->L->top - (uint32_t)vm->callk_nargs - 1,
			           vm->callk_nresults, 0);
			break;
		case BI_RESUME:
			do_resume(vm);
			break;
		case BI_YIELD:
			do_yield(vm);
			break;
		case BI_BLOCK:
			return VMS_BLOCKED;
		case BI_AGAIN:
			break;
		case BI_CLOSED:
			if (do_closedone(vm) == VMS_DONE)
				return VMS_DONE;
			break;
		default:
			do_throw(vm);
		}
	}
}

/* ---- errors ------------------------------------------------------------------ */

/* ---- to-be-closed variables ------------------------------------------------- */

/* Pop the newest to-be-closed variable if it lies at stack index >= level:
 * 1 and its index in *var, else 0. A list that does not hold together (only
 * malformed bytecode can make one: a link slot overwritten, a frame left
 * without closing) is dropped, never followed. */
int do_poptbc(Thread *L, uint32_t level, uint32_t *var)
{
	if (L->tbclist == 0)
		return 0;
	uint32_t link = L->tbclist - 1;
	const Value *lv = link < L->top ? &L->stack[link] : NULL;
	if (lv == NULL || !ttisinteger(lv)) {
		L->tbclist = 0;
		return 0;
	}
	uint64_t x = (uint64_t)ivalue(lv);
	uint32_t prev = (uint32_t)x, dist = (uint32_t)(x >> 32);
	if (prev > link || dist == 0 || dist > link) {
		L->tbclist = 0;
		return 0;
	}
	if (link - dist < level)
		return 0;
	L->tbclist = prev;
	*var = link - dist;
	return 1;
}

/* Forget the to-be-closed variables at stack index >= level (unwinding that
 * cannot run them: only after malformed bytecode). */
void do_droptbc(Thread *L, uint32_t level)
{
	uint32_t v;
	while (L->tbclist > level && do_poptbc(L, level, &v))
		;
	if (L->tbclist > level)
		L->tbclist = 0;
}

static int tbcpending(Thread *L, uint32_t level)
{
	return L->tbclist > level;
}

static int iscloser(Thread *L, CallInfo *ci)
{
	Value *f = s2v(L, ci->func);
	return ttisbuiltin(f) && builtinid(f) == BUILTIN_TBCCLOSER;
}

/* Push a closer frame on L just above its newest to-be-closed variable:
 * stack[base] = handler (xpcall) or nil, stack[base + 1] = the error;
 * ci->aux = the level to close down to, ci->nextra = 1 when there is an
 * error. The closer (do_tbccloser) calls __close(v, err) for every
 * variable at index >= level, newest first; an error in one replaces err
 * (catcherror). */
static CallInfo *pushcloser(VM *vm, Thread *L, uint32_t level, const Value *h,
                            const Value *err, int haderr, uint16_t flags)
{
	Value vh = *h, ve = *err;
	uint32_t top = L->tbclist > level ? L->tbclist : level;
	do_ensurestack(vm, L, top + 3 + VM_MINSTACK);
	setbuiltin(&L->stack[top], BUILTIN_TBCCLOSER);
	L->stack[top + 1] = vh;
	L->stack[top + 2] = ve;
	L->top = top + 3;
	CallInfo *ci = do_pushci(vm, L);
	ci->func = top;
	ci->base = top + 1;
	ci->top = L->top + VM_MINSTACK;
	ci->nresults = -1;
	ci->callstatus = (uint16_t)(flags | CIST_PCALL);
	ci->aux = level;
	ci->nextra = (uint16_t)haderr;
	return ci;
}

/* Unwind to the catcher at frame `level` (a pcall or the entry frame) and
 * close the to-be-closed variables above it first, with err. */
static void startcloser(VM *vm, Thread *L, uint32_t level, const Value *err)
{
	CallInfo *c = &L->ci[level];
	Value h;
	setnilvalue(&h);
	uint16_t flags = 0;
	if ((c->callstatus & CIST_PCALL) && (c->callstatus & CIST_XPCALL)) {
		h = L->stack[c->base];
		flags = CIST_XPCALL;
	}
	uint32_t lv = c->func + 1;
	closeupvals(vm, L, lv);
	if (L->tbclist > L->top)
		L->tbclist = 0;                 /* (malformed bytecode only) */
	L->nci = level + 1;
	pushcloser(vm, L, lv, &h, err, 1, flags);
}

/* The closer builtin (see pushcloser). */
int do_tbccloser(VM *vm, CallInfo *ci)
{
	Thread *L = vm->L;
	uint32_t var;
	L->top = ci->base + 2;
	closeupvals(vm, L, ci->aux);
	if (do_poptbc(L, ci->aux, &var)) {
		Value v = L->stack[var], e;
		if (ci->nextra)
			e = L->stack[ci->base + 1];
		else
			setnilvalue(&e);
		const Value *tm = tm_gettmbyobj(vm, &v, TM_CLOSE);
		if (!ttisfunction(tm) && ttisnil(tm_gettmbyobj(vm, tm, TM_CALL)))
			vm_error(vm, "attempt to call a %s value (metamethod 'close')",
			         vm_basictypename(ttype(tm)));
		L->stack[L->top] = *tm;
		L->stack[L->top + 1] = v;
		L->stack[L->top + 2] = e;
		L->top += 3;
		vm->callk_nargs = 2;
		vm->callk_nresults = 0;
		ci->pc = 1;
		return BI_CALL;
	}
	if (ci->callstatus & CIST_COBASE) {     /* coroutine.close: (error?, err) */
		setbool(&L->stack[L->top], ci->nextra != 0);
		L->stack[L->top + 1] = L->stack[ci->base + 1];
		L->top += 2;
		return 2;
	}
	return BI_CLOSED;
}

/* A closer above a pcall or an entry frame is done: the catcher gets the
 * (last) error. */
int do_closedone(VM *vm)
{
	Thread *L = vm->L;
	CallInfo *c = topci(L);
	Value e = L->stack[c->base + 1];
	uint32_t level = L->nci - 1;
	L->nci--;
	L->top = c->func;
	if (level > 0 && (L->ci[level - 1].callstatus & CIST_PCALL))
		return catcherror(vm, L, level - 1, &e);
	L->stack[L->top++] = e;         /* the entry frame: report it */
	do_throw(vm);
}

/* Close the to-be-closed variables of suspended or dead coroutine co, in
 * co, then finish it: a closer becomes its bottom frame and co runs
 * (resumed by the running builtin, which is re-entered with (true,
 * error?, err) on top). */
void do_closeco(VM *vm, Thread *co, int haderr, const Value *err)
{
	Thread *L = vm->L;
	Value nil;
	setnilvalue(&nil);
	closeupvals(vm, co, 0);
	co->nci = 0;
	if (co->tbclist > co->top)
		co->tbclist = 0;                /* (malformed bytecode only) */
	co->top = co->tbclist;
	pushcloser(vm, co, 0, &nil, err, haderr, CIST_COBASE);
	co->status = TS_OK;
	co->resumer = L;
	topci(L)->callstatus |= CIST_RESUMING;
	vm->L = co;
}

/* Unwind L to its frame `level` (a pcall frame), which returns (false, err).
 * To-be-closed variables above it are closed first (a closer frame); a
 * closer catching an error of a __close takes it as its new error. */
static int catcherror(VM *vm, Thread *L, uint32_t level, const Value *err)
{
	Value e = *err;
	CallInfo *pc = &L->ci[level];
	if (iscloser(L, pc)) {
		closeupvals(vm, L, pc->base);
		L->nci = level + 1;
		L->stack[pc->base + 1] = e;
		pc->nextra = 1;
		L->top = pc->base + 2;
		return VMS_OK;
	}
	if (tbcpending(L, pc->func + 1)) {
		startcloser(vm, L, level, &e);
		return VMS_OK;
	}
	closeupvals(vm, L, pc->base);
	L->nci = level + 1;
	L->top = pc->base;
	shrinkstack(vm, L);
	setfalse(&L->stack[L->top]);
	L->stack[L->top + 1] = e;
	L->top += 2;
	return do_poscall(vm, 2) == VMS_DONE ? VMS_DONE : VMS_OK;
}

/* An xpcall message handler returned `err`: its xpcall returns (false, err). */
static int caughtbyhandler(VM *vm, const Value *err)
{
	Thread *L = vm->L;
	uint32_t i = L->nci;
	while (i-- > 0 && !(L->ci[i].callstatus & CIST_PCALL))
		;
	return catcherror(vm, L, i, err);
}

/* An error value is on top of vm->L. Find where it goes; VMS_OK: continue
 * running, VMS_DONE: an entry pcall frame caught it, VMS_ERROR: it reached
 * the entry frame (frames left in place for a traceback). */
int do_handleerror(VM *vm)
{
	for (;;) {
		Thread *L = vm->L;
		Value err = L->stack[L->top - 1];
		int inhandler = 0;
		for (uint32_t i = L->nci; i-- > 0;) {
			CallInfo *ci = &L->ci[i];
			if (ci->callstatus & CIST_ERRFUNC)
				inhandler = 1;
			if (ci->callstatus & CIST_PCALL) {
				if ((ci->callstatus & CIST_XPCALL) && !inhandler) {
					/* call the message handler on the erroring stack */
					Value h = L->stack[ci->base];   /* xpcall keeps it there */
					do_ensurestack(vm, L, L->top + 2);
					L->stack[L->top - 1] = h;
					L->stack[L->top] = err;
					L->top++;
					do_precall(vm, L->top - 2, 1, CIST_ERRFUNC);
					return VMS_OK;
				}
				if (inhandler) {
					err.tt = 0;
					setsvalue(&err, str_newz(vm, "error in error handling"));
				}
				return catcherror(vm, L, i, &err);
			}
			if (ci->callstatus & CIST_FRESH) {
				if (tbcpending(L, ci->func + 1)) {
					startcloser(vm, L, i, &err);
					return VMS_OK;
				}
				return VMS_ERROR;
			}
		}
		/* a coroutine dies of it; its resumer gets (false, err) */
		if (L->resumer == NULL)
			return VMS_ERROR;
		L->status = TS_ERROR;
		L->errobj = err;
		closeupvals(vm, L, 0);
		/* its to-be-closed variables wait for coroutine.close (as in
		 * lua5.4): their part of the stack stays */
		uint32_t keep = L->tbclist;
		if (keep >= L->top)
			keep = L->tbclist = 0;      /* (malformed bytecode only) */
		L->top = keep + 1;
		L->stack[keep] = err;
		L->nci = 0;
		transferback(vm, L, L->resumer, 0, 1);
		L->top = keep;
		return VMS_OK;
	}
}
