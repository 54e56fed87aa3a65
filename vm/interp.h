/*
 * interp.h: the bytecode interpreter and its entry points.
 *
 * Interface:
 *   vm_execute   run vm->L until the frame flagged CIST_FRESH returns (VMS_DONE),
 *                an error reaches it (VMS_ERROR, error value on top), a SYS
 *                call blocks or a builtin waits (VMS_BLOCKED; vm->wait says
 *                which, builtin.h BI_BLOCK), a stop request (VMS_STOPPED) or
 *                the budget ends (VMS_BUDGET); in the last three the thread
 *                stands before an instruction (or at the entry of the waiting
 *                builtin's frame) and vm_execute/vm_run can continue it.
 *   vm_call      hosted/embedder call: func and nargs arguments on top of
 *                vm->L; runs it to completion; VMS_DONE with the results on
 *                top (nresults, -1 = all) or VMS_ERROR with the error value
 *                (and, if tb != NULL, a traceback string stored there first).
 *   vm_run       kernel: continue thread `th` (following the coroutines it is
 *                resuming) for at most `budget` check points.
 *   vm_start     push a frame calling th's stack[0] with the values above it.
 *   vm_concat    concatenate the top n values (may start a __concat frame).
 * Requests (VM.requests): bits the interpreter honours at check points
 * (every backward jump, call and return).
 */
#ifndef AMBER_VM_INTERP_H
#define AMBER_VM_INTERP_H

#include "vm/vm.h"
#include "vm/object.h"
#include "vm/do.h"

#define VMREQ_GC    (1u << 0)   /* run a collector step */
#define VMREQ_STOP  (1u << 1)   /* stop at the next check point (VMS_STOPPED) */
#define VMREQ_BUDGET (1u << 2)  /* vm_run: count check points down (VM.budget) */
#define VMREQ_STEP  (1u << 3)   /* interp.c compiled with -DVM_STEP (test
                                   builds) only: vm_run's budget counts
                                   instructions; the embedder sets it */

enum { VMMODE_OUTSIDE = 0, VMMODE_RUNNING = 1, VMMODE_EXITING = 2 };

/* SYS hook results */
enum { VM_SYS_DONE = 0, VM_SYS_BLOCK = 1, VM_SYS_ERROR = 2 };

int vm_execute(VM *vm);
int vm_call(VM *vm, int nargs, int nresults, String **tb);
int vm_run(VM *vm, Thread *th, uint64_t budget);
void vm_start(VM *vm, Thread *th);
int vm_concat(VM *vm, int n);

/* Metamethod-aware operations for builtins that need them without a call. */
int vm_equalobj(VM *vm, const Value *a, const Value *b);   /* raw for tables */

#endif
