/*
 * do.h: calls, returns, stacks, errors and coroutine transfers.
 *
 * Every activation is a CallInfo in its thread's frame array (object
 * memory); there is no C recursion for Lua calls, metamethods, pcall or
 * coroutines. A builtin frame is (re-)entered by do_settle whenever it is
 * the top frame of the running thread: first with ci->pc == 0, later at the
 * continuation state it stored before returning BI_CALL / BI_RESUME.
 *
 * Interface (used by interp.c, api.c and the libraries):
 *   do_throw          raise the value on top of vm->L (longjmp, (err))
 *   do_checkstack     make room for n more values above L->top (err)
 *   do_precall        start calling the value at stack index func: a Lua
 *                     frame is pushed, a builtin frame is pushed (not run)
 *   do_poscall        finish the top frame with its top n values as results
 *   do_settle         run builtin frames until a Lua frame is on top (or
 *                     one returns BI_BLOCK: VMS_BLOCKED)
 *   do_handleerror    unwind an error to the nearest pcall/xpcall/coroutine
 *   do_newthread      a fresh coroutine
 * Invariants: at every point where an error, a call, a GC step or a stop
 * can happen, L->top and the top Lua frame's pc are exact in object memory.
 */
#ifndef AMBER_VM_DO_H
#define AMBER_VM_DO_H

#include <setjmp.h>
#include "vm/vm.h"
#include "vm/object.h"

/* CallInfo.callstatus */
#define CIST_LUA       (1u << 0)   /* a Lua closure's frame */
#define CIST_FRESH     (1u << 1)   /* entry frame of a vm_execute: its return ends it */
#define CIST_PCALL     (1u << 2)   /* pcall/xpcall builtin frame: catches errors */
#define CIST_XPCALL    (1u << 3)   /* ... with the message handler at base + 0 */
#define CIST_ERRFUNC   (1u << 4)   /* running an xpcall message handler */
#define CIST_FINBOOL   (1u << 5)   /* metamethod: caller wants a boolean */
#define CIST_FINNOT    (1u << 6)   /* ... negated (~=) */
#define CIST_FINSELF   (1u << 7)   /* __index for SELF: result goes below the object */
#define CIST_FINCONCAT (1u << 8)   /* __concat: continue with ci->aux operands */
#define CIST_TAIL      (1u << 9)   /* called by a tail call */
#define CIST_YIELDOK   (1u << 10)  /* builtin whose BI_CALL may be yielded across */
#define CIST_COBASE    (1u << 11)  /* bottom frame of a coroutine */
#define CIST_RESUMING  (1u << 12)  /* builtin waiting for a coroutine it resumed */
#define CIST_MM        (1u << 13)  /* a metamethod call (names in messages) */
#define CIST_FORITER   (1u << 14)  /* generic-for iterator call */
#define CIST_TAILRET   (1u << 15)  /* builtin tail-called: its Lua caller returns
                                      the builtin's results */

#define VM_MAXSTACK    1000000     /* slots per thread: beyond, "stack overflow" */
#define VM_MAXCALLS    200000      /* frames per thread */
#define EXTRA_STACK    8           /* slots above ci->top for metamethod calls */
#define VM_MINSTACK    20          /* free slots a builtin may push freely */

struct VMErrorJmp {
	struct VMErrorJmp *prev;
	jmp_buf b;
};

/* Run statuses (vm_execute, vm_run). */
enum {
	VMS_OK = 0,        /* do_settle: a Lua frame is ready to run */
	VMS_DONE = 1,      /* the entry frame returned */
	VMS_ERROR = 2,     /* an error reached the entry frame: value on top */
	VMS_BLOCKED = 3,   /* a SYS call blocks: thread stands before SYS; or
	                      a builtin waits (vm->wait): its frame on top,
	                      as it was entered */
	VMS_STOPPED = 4,   /* a stop request was honoured */
	VMS_BUDGET = 5     /* the instruction budget ran out */
};

#define topci(L)   (&(L)->ci[(L)->nci - 1])
#define s2v(L, i)  (&(L)->stack[(i)])

_Noreturn void do_throw(VM *vm);
void do_checkstack(VM *vm, int n);
void do_ensurestack(VM *vm, Thread *L, uint32_t needed);
CallInfo *do_pushci(VM *vm, Thread *L);
void do_precall(VM *vm, uint32_t func, int nresults, uint16_t flags);
int do_poscall(VM *vm, int n);
int do_settle(VM *vm);
int do_handleerror(VM *vm);
Thread *do_newthread(VM *vm);
Thread *do_resumed(Thread *L, CallInfo *ci);
int do_isyieldable(VM *vm);
void do_closethread(VM *vm, Thread *co);

/* To-be-closed variables. Each one has a hidden link slot (pushed by TBC /
 * TFORPREP) holding the integer DO_TBCLINK(previous list head, distance
 * from the link slot down to the variable); Thread.tbclist is the newest
 * link slot's stack index + 1 (0: none). */
#define DO_TBCLINK(prev, dist) ((int64_t)(prev) | ((int64_t)(dist) << 32))
int do_poptbc(Thread *L, uint32_t level, uint32_t *var);
void do_droptbc(Thread *L, uint32_t level);
void do_closeco(VM *vm, Thread *co, int haderr, const Value *err);
int do_tbccloser(VM *vm, CallInfo *ci);
int do_closedone(VM *vm);

#endif
