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
};

#endif
