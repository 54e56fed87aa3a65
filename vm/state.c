/*
 * state.c: creating and closing a VM, and thread objects (see state.h).
 *
 * vm_open lays out a fresh object memory:
 *   VM_OMEM_BASE: struct VMGlobal (the root), then the heap up to the end.
 * The VM context (struct VM) is ordinary C memory, never referenced from
 * object memory.
 */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include "vm/state.h"
#include "vm/gc.h"
#include "vm/string.h"
#include "vm/table.h"
#include "vm/func.h"
#include "vm/omem.h"
#include "vm/platform.h"

#define GCPAUSE   200
#define GCSTEPMUL 100

static void initglobal(VMGlobal *g, size_t size)
{
	g->magic = VMGLOBAL_MAGIC;
	g->version = VMGLOBAL_VERSION;
	g->omem_size = size;
	g->seed = (uint32_t)plat_entropy();
	om_init(&g->heap, VM_OMEM_BASE + sizeof(VMGlobal), VM_OMEM_BASE + size);
	g->dummynode.key_tt = VNIL;
	g->dummynode.next = 0;
	setempty(&g->dummynode.i_val);
	g->gcpause = GCPAUSE;
	g->gcstepmul = GCSTEPMUL;
	g->gcstate = GCS_PAUSE;
	g->currentwhite = bitmask(WHITE0BIT);
	g->GCdebt = 0;
}

VM *vm_open(size_t omem_size, char *err, size_t errlen)
{
	if (omem_size == 0)
		omem_size = VM_OMEM_DEFAULT;
	if (omem_size < VM_OMEM_MIN) {
		snprintf(err, errlen, "object memory of %zu bytes is too small", omem_size);
		return NULL;
	}
	VM *vm = calloc(1, sizeof *vm);
	if (vm == NULL) {
		snprintf(err, errlen, "out of C memory");
		return NULL;
	}
	VMGlobal *g = plat_map_omem(VM_OMEM_BASE, omem_size, err, errlen);
	if (g == NULL) {
		free(vm);
		return NULL;
	}
	initglobal(g, omem_size);
	vm->g = g;
	str_init(vm);
	g->mainthread = thread_new(vm);
	vm->L = g->mainthread;
	g->globals = tab_new(vm);
	g->loaded = tab_new(vm);
	g->vmthreads = tab_new(vm);
	/* pay no debt for the initial objects: the first cycle starts later */
	g->GCestimate = g->heap.totalbytes;
	g->GCdebt = -(int64_t)g->heap.totalbytes;
	const char *stress = plat_getenv("AMBER_GCSTRESS");
	if (stress != NULL && (stress[0] == '1' || stress[0] == '2')) {
		g->gcstress = (uint8_t)(stress[0] - '0');
		g->GCdebt = 1;
	}
	return vm;
}

void vm_close(VM *vm)
{
	if (vm == NULL)
		return;
	plat_unmap_omem(vm->g, vm->g->omem_size);
	vm_detach(vm);
}

void vm_detach(VM *vm)
{
	if (vm == NULL)
		return;
	free(vm->scratch);
	free(vm);
}

/* Is the root of an existing object memory sound enough to run? */
static const char *checkroot(const VMGlobal *g)
{
	const OMem *h = &g->heap;
	uintptr_t base = VM_OMEM_BASE;
	if (g->magic != VMGLOBAL_MAGIC)
		return "bad magic (not an Amber object memory)";
	if (g->version != VMGLOBAL_VERSION)
		return "unsupported root layout version";
	if (g->omem_size < VM_OMEM_MIN || g->omem_size > ((size_t)1 << 46))
		return "bad object-memory size";
	if (h->start < base + sizeof(VMGlobal) || h->start > h->top ||
	    h->top > h->end || h->end > base + g->omem_size)
		return "allocator bounds out of the region";
	if (g->mainthread == NULL || !om_contains(h, g->mainthread) ||
	    g->globals == NULL || !om_contains(h, g->globals))
		return "main thread or globals missing";
	if (g->strt.size <= 0 || (g->strt.size & (g->strt.size - 1)) != 0)
		return "bad string-table size";
	if (g->gcstate > GCS_PAUSE)
		return "bad collector state";
	return NULL;
}

VM *vm_attach(char *err, size_t errlen)
{
	VMGlobal *g = (VMGlobal *)VM_OMEM_BASE;
	const char *why = checkroot(g);
	if (why != NULL) {
		snprintf(err, errlen, "object memory at %#lx: %s",
		         (unsigned long)VM_OMEM_BASE, why);
		return NULL;
	}
	VM *vm = calloc(1, sizeof *vm);
	if (vm == NULL) {
		snprintf(err, errlen, "out of C memory");
		return NULL;
	}
	g->gcrunning = 0;             /* snapshots are taken between steps */
	vm->g = g;
	vm->L = g->mainthread;
	return vm;
}

Thread *thread_new(VM *vm)
{
	Thread *th = (Thread *)gc_newobj(vm, VTHREAD, sizeof(Thread));
	th->status = TS_OK;
	th->stack = NULL;
	th->ci = NULL;
	th->stacksize = th->cisize = th->top = th->nci = 0;
	th->tbclist = 0;
	th->openupval = NULL;
	th->resumer = NULL;
	th->twups = th;
	th->gclist = NULL;
	setnilvalue(&th->errobj);
	th->vmthread = 0;
	th->stack = om_newvector(vm, THREAD_INITSTACK, Value);
	th->stacksize = THREAD_INITSTACK;
	for (uint32_t i = 0; i < THREAD_INITSTACK; i++)
		setnilvalue(&th->stack[i]);
	th->ci = om_newvector(vm, THREAD_INITCI, CallInfo);
	memset(th->ci, 0, THREAD_INITCI * sizeof(CallInfo));
	th->cisize = THREAD_INITCI;
	return th;
}

void thread_free(VM *vm, Thread *th)
{
	func_closeupvals(vm, th, 0);
	om_freevector(vm, th->stack, th->stacksize, Value);
	om_freevector(vm, th->ci, th->cisize, CallInfo);
	om_free(vm, th, sizeof(Thread));
}

Internal *internal_new(VM *vm, uint32_t classid, int nuv)
{
	Internal *o = (Internal *)gc_newobj(vm, VINTERNAL, sizeInternal(nuv));
	o->nuvalue = (uint8_t)nuv;
	o->classid = classid;
	o->metatable = NULL;
	o->gclist = NULL;
	memset(o->data, 0, sizeof o->data);
	for (int i = 0; i < nuv; i++)
		setnilvalue(&o->uvalue[i]);
	return o;
}
