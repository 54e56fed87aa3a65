/*
 * lib_coroutine.c: the coroutine library.
 *
 * A coroutine is a Thread whose stack[0] holds its body until the first
 * resume. resume/wrap return BI_RESUME (do.c moves the arguments over and
 * makes the coroutine the running thread); they are re-entered at state 1
 * with (true|false, values...) on top when the coroutine yields, returns or
 * dies. yield returns BI_YIELD; the values passed to the next resume become
 * its results directly (do.c), without re-entering it.
 *
 * Builtin ids are BUILTIN_ID(BLIB_COROUTINE, index into `regs`): never reorder.
 */
#include "vm/api.h"
#include "vm/do.h"
#include "vm/state.h"
#include "vm/func.h"
#include "vm/gc.h"
#include "vm/debug.h"

enum {
	C_CREATE, C_RESUME, C_YIELD, C_STATUS, C_RUNNING, C_ISYIELDABLE,
	C_WRAP, C_CLOSE, C_WRAPAUX, C_NBUILTINS
};

static Thread *getco(VM *vm)
{
	Value *o = vm_arg(vm, 1);
	if (!ttisthread(o))
		vm_typeerror(vm, 1, "thread");
	return thvalue(o);
}

static int isfresh(Thread *co)
{
	return co->status == TS_OK && co->nci == 0 && co->top > 0;
}

static const char *statusname(VM *vm, Thread *co)
{
	if (co == vm->L)
		return "running";
	if (co->status == TS_YIELD || isfresh(co))
		return "suspended";
	if (co->status == TS_OK && co->nci > 0)
		return "normal";
	return "dead";
}

/* Why co cannot be resumed, or NULL. */
static const char *cannotresume(VM *vm, Thread *co)
{
	if (co->status == TS_YIELD || isfresh(co))
		return NULL;
	if (co->status == TS_OK && co->nci > 0)
		return "cannot resume non-suspended coroutine";
	return "cannot resume dead coroutine";
}

static Thread *newco(VM *vm)
{
	vm_checktype(vm, 1, T_FUNCTION);
	Value f = *vm_arg(vm, 1), v;
	Thread *co = do_newthread(vm);
	setgcovalue(&v, co);
	vm_pushvalue(vm, &v);
	co->stack[0] = f;
	co->top = 1;
	return co;
}

static int c_create(VM *vm, CallInfo *ci)
{
	newco(vm);
	return 1;
}

static int c_resume(VM *vm, CallInfo *ci)
{
	if (ci->pc == 1)
		return vm_nargs(vm) - 1;
	Thread *co = getco(vm);
	const char *why = cannotresume(vm, co);
	if (why != NULL) {
		vm_pushboolean(vm, 0);
		vm_pushstring(vm, why);
		return 2;
	}
	vm->transfer = co;
	vm->callk_nargs = vm_nargs(vm) - 1;
	ci->pc = 1;
	return BI_RESUME;
}

static int c_wrapaux(VM *vm, CallInfo *ci)
{
	Thread *co = thvalue(&clBvalue(s2v(vm->L, ci->func))->upvalue[0]);
	if (ci->pc == 1 || ci->pc == 2) {
		int n = vm_nargs(vm);
		Value *ok = vm_top(vm, n);
		if (ci->pc == 1 && !l_isfalse(ok))
			return n - 1;
		if (ci->pc == 1 && co->tbclist != 0) {
			/* close its to-be-closed variables first (lua5.4's
			 * lua_closethread); re-entered with (true, error?, err) */
			Value err = *vm_top(vm, 1);
			vm->L->top -= (uint32_t)n;
			co->status = TS_DEAD;
			do_closeco(vm, co, 1, &err);
			ci->pc = 2;
			return BI_AGAIN;
		}
		Value *e = vm_top(vm, 1);
		if (ttisstring(e)) {
			VMBuffer b;
			vm_buffinit(vm, &b);
			dbg_addwhere(vm, &b, 1);
			vm_addlstring(&b, getstr(strvalue(e)), tsslen(strvalue(e)));
			vm_pushresult(&b);
		}
		vm_errorvalue(vm, vm_top(vm, 1));
	}
	const char *why = cannotresume(vm, co);
	if (why != NULL)
		vm_error(vm, "%s", why);
	vm->transfer = co;
	vm->callk_nargs = vm_nargs(vm);
	ci->pc = 1;
	return BI_RESUME;
}

static int c_wrap(VM *vm, CallInfo *ci)
{
	Thread *co = newco(vm);
	BClosure *c = vm_pushbclosure(vm, BUILTIN_ID(BLIB_COROUTINE, C_WRAPAUX), 1);
	setgcovalue(&c->upvalue[0], co);
	return 1;
}

static int c_yield(VM *vm, CallInfo *ci)
{
	if (!do_isyieldable(vm)) {
		Value e;
		setsvalue(&e, vm_pushstring(vm, vm->L->resumer == NULL
			? "attempt to yield from outside a coroutine"
			: "attempt to yield across a C-call boundary"));
		vm_errorvalue(vm, &e);
	}
	return BI_YIELD;
}

static int c_status(VM *vm, CallInfo *ci)
{
	vm_pushstring(vm, statusname(vm, getco(vm)));
	return 1;
}

static int c_running(VM *vm, CallInfo *ci)
{
	Value v;
	setgcovalue(&v, vm->L);
	vm_pushvalue(vm, &v);
	/* the main thread, or the bottom thread of a kernel VM thread */
	vm_pushboolean(vm, vm->L == vm->g->mainthread || vm->L->vmthread != 0);
	return 2;
}

static int c_isyieldable(VM *vm, CallInfo *ci)
{
	if (vm_argtype(vm, 1) == T_NONE) {
		vm_pushboolean(vm, do_isyieldable(vm));
		return 1;
	}
	Thread *co = getco(vm);
	vm_pushboolean(vm, co == vm->L ? do_isyieldable(vm) :
	               co != vm->g->mainthread && co->vmthread == 0);
	return 1;
}

static int c_close(VM *vm, CallInfo *ci)
{
	Thread *co = getco(vm);
	const char *st = statusname(vm, co);
	if (st[0] == 'r' || st[0] == 'n')
		vm_error(vm, "cannot close a %s coroutine", st);
	if (ci->pc == 1) {            /* back from closing: (true, error?, err) */
		int haderr = !l_isfalse(vm_top(vm, 2));
		Value e = *vm_top(vm, 1);
		co->status = TS_DEAD;
		setnilvalue(&co->errobj);
		vm_pushboolean(vm, !haderr);
		if (!haderr)
			return 1;
		vm_pushvalue(vm, &e);
		return 2;
	}
	int err = co->status == TS_ERROR;
	Value e = co->errobj;
	if (co->tbclist != 0) {
		do_closeco(vm, co, err, &e);
		ci->pc = 1;
		return BI_AGAIN;
	}
	do_closethread(vm, co);
	co->status = TS_DEAD;
	setnilvalue(&co->errobj);
	if (err) {
		vm_pushboolean(vm, 0);
		vm_pushvalue(vm, &e);
		return 2;
	}
	vm_pushboolean(vm, 1);
	return 1;
}

static const BuiltinReg regs[C_NBUILTINS] = {
	[C_CREATE] = {"create", c_create},
	[C_RESUME] = {"resume", c_resume},
	[C_YIELD] = {"yield", c_yield},
	[C_STATUS] = {"status", c_status},
	[C_RUNNING] = {"running", c_running},
	[C_ISYIELDABLE] = {"isyieldable", c_isyieldable},
	[C_WRAP] = {"wrap", c_wrap},
	[C_CLOSE] = {"close", c_close},
	[C_WRAPAUX] = {NULL, c_wrapaux},
};

const BuiltinLib vm_lib_coroutine = {
	.lib = BLIB_COROUTINE, .name = "coroutine", .regs = regs,
	.nregs = C_NBUILTINS, .open = NULL,
};
