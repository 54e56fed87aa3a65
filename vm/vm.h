/*
 * vm.h: the VM as its embedders (host tools, the kernel) and its own
 * modules see it.
 *
 * struct VM is the C-side context of one running interpreter: it lives in
 * kernel land (or the host process), never in object memory, and holds
 * nothing that must survive an instruction boundary. Several VM contexts
 * (one per kernel thread running guest code) may share one object memory,
 * under the persistent-memory lock.
 */
#ifndef AMBER_VM_VM_H
#define AMBER_VM_VM_H

#include <stddef.h>
#include <stdint.h>
#include "vm/object.h"

typedef struct VM VM;
struct VMGlobal;
struct VMErrorJmp;

struct VM {
	struct VMGlobal *g;          /* the root of object land (vm/state.h) */
	struct Thread *L;            /* the thread being run */
	struct VMErrorJmp *errorjmp; /* innermost C-side error catcher (interp.c) */
	char *scratch;               /* VMBuffer overflow storage, reused */
	size_t scratchsize;
	/* Requests to the interpreter (VMREQ_* of vm/interp.h), checked on every
	 * backward jump, call and return. Set by other CPUs/threads (kernel) or
	 * by tests: the Dekker pair with `mode` (ARCHITECTURE.md). */
	volatile uint32_t requests;
	volatile uint32_t mode;      /* VMMODE_* of vm/interp.h */
	/* Per-builtin-invocation scratch of do.c/interp.c (never across an
	 * instruction boundary): how a builtin asked to be continued. */
	int32_t callk_nargs, callk_nresults;
	struct Thread *transfer;     /* BI_RESUME: the coroutine to resume */
	/* SYS hook (vm/interp.h): the platform's kernel services. */
	int (*syshook)(VM *vm, uint32_t service, const struct Value *args,
	               int nargs, struct Value *result);
	uint64_t budget;             /* vm_run: check points left before VMS_BUDGET */
	/* VMS_BLOCKED by a builtin (BI_BLOCK, vm_wait): what it waits for
	 * (VMWAIT_* of vm/builtin.h); VMWAIT_NONE (0) when a SYS blocked.
	 * The embedder reads it and sets it back to VMWAIT_NONE. */
	int32_t wait;
};

#endif
