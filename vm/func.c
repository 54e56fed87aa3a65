/*
 * func.c: prototypes, closures and upvalues (see func.h).
 *
 * Collector interplay: an open upvalue is never black (gc.c keeps it gray
 * and marks its value through its thread); when one is closed it becomes
 * black if it was marked, and the barrier keeps the invariant for the value
 * it now holds. A thread with open upvalues is on VMGlobal.twups so the
 * atomic phase can find upvalues of threads that were not marked.
 */
#include <string.h>
#include "vm/func.h"
#include "vm/state.h"
#include "vm/gc.h"
#include "vm/omem.h"

Proto *func_newproto(VM *vm)
{
	Proto *p = (Proto *)gc_newobj(vm, VPROTO, sizeof(Proto));
	memset((char *)p + offsetof(Proto, numparams), 0,
	       sizeof(Proto) - offsetof(Proto, numparams));
	return p;
}

void func_freeproto(VM *vm, Proto *p)
{
	om_freevector(vm, p->code, p->sizecode, Instruction);
	om_freevector(vm, p->k, p->sizek, Value);
	om_freevector(vm, p->p, p->sizep, Proto *);
	om_freevector(vm, p->upvalues, p->sizeupvalues, Upvaldesc);
	om_freevector(vm, p->lineinfo, p->sizelineinfo, int32_t);
	om_freevector(vm, p->locvars, p->sizelocvars, LocVar);
	om_free(vm, p, sizeof(Proto));
}

LClosure *func_newLclosure(VM *vm, int nupvals)
{
	LClosure *cl = (LClosure *)gc_newobj(vm, VLCL, sizeLclosure(nupvals));
	cl->nupvalues = (uint8_t)nupvals;
	cl->gclist = NULL;
	cl->p = NULL;
	for (int i = 0; i < nupvals; i++)
		cl->upvals[i] = NULL;
	return cl;
}

LClosure *func_newmain(VM *vm, Proto *p, const Value *env)
{
	LClosure *cl = func_newLclosure(vm, p->sizeupvalues);
	cl->p = p;
	func_initupvals(vm, cl);
	if (cl->nupvalues > 0) {
		Value g;
		if (env != NULL)
			g = *env;
		else
			setgcovalue(&g, vm->g->globals);
		*cl->upvals[0]->v = g;
		gc_barrier(vm, cl->upvals[0], &g);
	}
	return cl;
}

UpVal *func_newupval(VM *vm)
{
	UpVal *uv = (UpVal *)gc_newobj(vm, VUPVAL, sizeof(UpVal));
	uv->v = &uv->u.value;
	setnilvalue(uv->v);
	return uv;
}

void func_initupvals(VM *vm, LClosure *cl)
{
	for (int i = 0; i < cl->nupvalues; i++) {
		cl->upvals[i] = func_newupval(vm);
		gc_objbarrier(vm, cl, cl->upvals[i]);
	}
}

BClosure *func_newBclosure(VM *vm, uint32_t id, int nupvals)
{
	BClosure *cl = (BClosure *)gc_newobj(vm, VBCL, sizeBclosure(nupvals));
	cl->nupvalues = (uint8_t)nupvals;
	cl->gclist = NULL;
	cl->id = id;
	for (int i = 0; i < nupvals; i++)
		setnilvalue(&cl->upvalue[i]);
	return cl;
}

UpVal *func_findupval(VM *vm, Thread *th, uint32_t level)
{
	UpVal **pp = &th->openupval, *p;
	while ((p = *pp) != NULL && uplevel(th, p) >= level) {
		if (uplevel(th, p) == level)
			return p;
		pp = &p->u.open.next;
	}
	UpVal *uv = (UpVal *)gc_newobj(vm, VUPVAL, sizeof(UpVal));
	uv->v = &th->stack[level];
	uv->u.open.next = p;
	uv->u.open.previous = pp;
	if (p != NULL)
		p->u.open.previous = &uv->u.open.next;
	*pp = uv;
	if (th->twups == th) {               /* not yet on the twups list */
		th->twups = G(vm)->twups;
		G(vm)->twups = th;
	}
	return uv;
}

void func_unlinkupval(UpVal *uv)
{
	*uv->u.open.previous = uv->u.open.next;
	if (uv->u.open.next != NULL)
		uv->u.open.next->u.open.previous = uv->u.open.previous;
}

void func_closeupvals(VM *vm, Thread *th, uint32_t level)
{
	UpVal *uv;
	while ((uv = th->openupval) != NULL && uplevel(th, uv) >= level) {
		Value *slot = &uv->u.value;
		Value v = *uv->v;
		func_unlinkupval(uv);
		*slot = v;
		uv->v = slot;
		if (!iswhite(uv)) {            /* was kept gray while open */
			uv->marked |= bitmask(BLACKBIT);
			gc_barrier(vm, uv, slot);
		}
	}
}

const char *func_getlocalname(const Proto *p, int slot, int pc)
{
	for (int i = 0; i < p->sizelocvars; i++) {
		const LocVar *lv = &p->locvars[i];
		if (lv->slot == slot && lv->startpc <= pc && pc < lv->endpc)
			return getstr(lv->varname);
	}
	return NULL;
}
