/*
 * state.h: the root of object land and the lifetime of a VM.
 *
 * struct VMGlobal sits at the first byte of object memory (VM_OMEM_BASE).
 * Everything a guest can reach hangs from it: the allocator state, the
 * string intern table, the global table, package.loaded, the metatables of
 * the basic types, the interned metamethod names, the main thread, the
 * registry of VM threads (kernel), and the collector's state. Nothing else
 * is a GC root, except the stacks of the threads reached from here.
 *
 * Interface:
 *   vm_open    map a fresh object memory of `omem_size` bytes (0: default),
 *              build the root, the string table, globals, package.loaded and
 *              the main thread; return a malloc'ed VM context running the
 *              main thread, or NULL with a message in err. The embedder then
 *              calls tm_init(vm) and opens the libraries.
 *   vm_close   unmap the object memory and free the context.
 *   vm_detach  free the context only: the object memory stays mapped (and
 *              may be snapshotted, or restored and attached again).
 *   vm_attach  a context for the object memory already mapped at
 *              VM_OMEM_BASE (e.g. restored from a snapshot) after checking
 *              its root field by field; NULL with a message in err.
 *   thread_new a fresh thread (coroutine) with an initial stack of
 *              THREAD_INITSTACK nil slots and THREAD_INITCI frames.
 *   thread_free  (gc.c) release a dead thread, closing its open upvalues.
 *   internal_new a fresh .internal object of class `classid` with `nuv`
 *              nil user values, no metatable and zeroed data.
 *
 * Debugging: AMBER_GCSTRESS=1 or 2 in the host environment (plat_getenv)
 * sets VMGlobal.gcstress (gc.h).
 *
 * Only one object memory exists per process (it lives at a fixed address);
 * several VM contexts may share it.
 */
#ifndef AMBER_VM_STATE_H
#define AMBER_VM_STATE_H

#include <stddef.h>
#include <stdint.h>
#include "vm/object.h"
#include "vm/vm.h"
#include "vm/omem.h"
#include "vm/tm.h"

#define VMGLOBAL_MAGIC   0x524542414d4f4d41ULL   /* "AMOMABER" */
#define VMGLOBAL_VERSION 2            /* 2: the weak-table lists */

#define VM_OMEM_DEFAULT  ((size_t)1 << 30)       /* 1 GiB, lazily backed */
#define VM_OMEM_MIN      ((size_t)1 << 20)

#define THREAD_INITSTACK 48      /* slots of a new thread's stack */
#define THREAD_INITCI    8       /* CallInfo entries of a new thread */

/* The intern table of short strings: chained buckets of String.u.hnext. */
typedef struct StringTable {
	String **hash;
	int32_t nuse;            /* strings in the table */
	int32_t size;            /* buckets, a power of 2 */
} StringTable;

/* Collector states (gc.c), in the order a cycle runs through them. */
enum GCState {
	GCS_PROPAGATE = 0,       /* marking gray objects, incrementally */
	GCS_ATOMIC = 1,          /* finishing the mark in one step */
	GCS_SWEEP = 2,           /* freeing white objects of allgc, incrementally */
	GCS_SWEEPEND = 3,        /* shrinking the string table */
	GCS_PAUSE = 4            /* waiting for the next cycle */
};

typedef struct VMGlobal {
	uint64_t magic;              /* VMGLOBAL_MAGIC */
	uint32_t version;            /* VMGLOBAL_VERSION: layout of this struct */
	uint32_t seed;               /* string hash seed, fixed per object memory */
	size_t omem_size;            /* bytes in the region */
	OMem heap;                   /* allocator (omem.c) */
	StringTable strt;            /* interned short strings (string.c) */
	Node dummynode;              /* the hash part of tables without one */

	Table *globals;              /* _G */
	Table *loaded;               /* package.loaded */
	Table *vmthreads;            /* VM threads of the kernel: thread -> true */
	Table *mt[T_NUMTYPES];       /* metatables of the basic types */
	String *tmname[TM_N];        /* metamethod names, ORDER TM */
	String *memerrmsg;           /* "not enough memory" (fixed) */
	Thread *mainthread;

	/* collector (gc.c) */
	int64_t GCdebt;              /* bytes allocated and not yet paid by work */
	size_t GCestimate;           /* bytes in use after the last cycle */
	uint32_t gcpause;            /* % of GCestimate to wait before a cycle */
	uint32_t gcstepmul;          /* work per allocated byte, in % */
	uint8_t gcstate;             /* enum GCState */
	uint8_t currentwhite;
	uint8_t gcstopped;           /* collectgarbage("stop") */
	uint8_t gcrunning;           /* inside a step: no reentry */
	uint8_t gcstress;            /* debugging (AMBER_GCSTRESS): 1 = a full
	                                collection at every safe point; 2 = one
	                                collector step and a heap check there */
	GCObject *allgc;             /* every collectable object, but fixed ones */
	GCObject *fixedgc;           /* objects never collected (strings) */
	GCObject **sweepgc;          /* sweep position in allgc */
	GCObject *gray;              /* gray objects to traverse */
	GCObject *grayagain;         /* objects to traverse again in atomic */
	Thread *twups;               /* threads with open upvalues */
	/* weak tables met in the atomic phase (gc.c; NULL outside it) */
	GCObject *weak;              /* weak values, strong keys */
	GCObject *ephemeron;         /* weak keys, strong values */
	GCObject *allweak;           /* weak keys and weak values */
} VMGlobal;

#define G(vm) ((vm)->g)

VM *vm_open(size_t omem_size, char *err, size_t errlen);
void vm_close(VM *vm);
void vm_detach(VM *vm);
VM *vm_attach(char *err, size_t errlen);

Thread *thread_new(VM *vm);
void thread_free(VM *vm, Thread *th);
Internal *internal_new(VM *vm, uint32_t classid, int nuv);

#endif
