/*
 * syscalls.h: the kernel side of the .internal classes and of `sys`.
 *
 * Every method of a kernel class is a Lua function whose bytecode is
 * `SYS n; RETURN1` (a prototype made here, in object land, named by its
 * stable service number n). The interpreter calls sysc_hook with the
 * arguments; the hook validates everything first, then either does the
 * whole call under the persistent-memory lock (VM_SYS_DONE), raises a Lua
 * error in the calling thread (nothing changed), or records a blocking call
 * in the VM thread's struct vmblock (VM_SYS_BLOCK). The VM-thread loop then
 * releases the lock and calls sysc_block (kernel land only), retakes the
 * lock and calls sysc_finish, which computes the result (complete) or asks
 * for the SYS to run again from scratch (retry). docs/SYSCALLS.md has the
 * table of services and what re-running each one means.
 *
 * Interface:
 *   sysc_open(vm)          create the classes: globals console, time,
 *                          thread, system, and package.loaded.amber
 *   sysc_hook(...)         vm->syshook of every kernel VM context
 *   sysc_block(t)          run t's blocking call; no object memory
 *   sysc_finish(t, &res)   (lock held) 1: complete with res; 0: re-run
 *   sysc_newhandle(vm, th, id)   the handle object of a VM thread
 */
#ifndef KERNEL_SYSCALLS_H
#define KERNEL_SYSCALLS_H

#include "vm/vm.h"
#include "vm/object.h"

struct vmthr;

/* .internal class numbers (stable: they are stored in object land) */
enum {
	SYSC_CONSOLE = 0x0901, SYSC_TIME = 0x0902, SYSC_THREAD = 0x0903,
	SYSC_SYSTEM = 0x0904, SYSC_HANDLE = 0x0905, SYSC_CHANNEL = 0x0906
};

/* Blocking calls (struct vmblock.op) */
enum { SYSB_NONE, SYSB_SLEEP, SYSB_READLINE, SYSB_JOIN, SYSB_YIELD,
	SYSB_CHANWAIT, SYSB_COLLECT, SYSB_SYNC };

void sysc_open(VM *vm);
void sysc_reattach(VM *vm);
int sysc_hook(VM *vm, uint32_t service, const Value *args, int nargs, Value *result);
void sysc_block(struct vmthr *t);
int sysc_finish(struct vmthr *t, Value *res);
Internal *sysc_newhandle(VM *vm, Thread *th, uint64_t id);

#endif
