/*
 * vmthread.h: VM threads, one kernel thread per guest thread.
 *
 * A VM thread is a guest thread (a Thread object of object land whose
 * `vmthread` field holds its id) run by its own preemptive kernel thread
 * through its own VM context (struct vmthr embeds the struct VM). Everything
 * the guest thread is lives in object memory: the kernel thread keeps only
 * its C context, which holds nothing across an instruction boundary, so a
 * kernel thread can always be re-created from object land (after a restore:
 * vmt_adopt on every Thread listed in VMGlobal.vmthreads).
 *
 * Object land (all under VMGlobal.vmthreads, a table the collector marks):
 *   vmthreads[id]         the thread's handle (an .internal of class
 *                         SYSC_HANDLE: uvalue[0] = the Thread, data[0] = id,
 *                         data[1] = 0 running / 1 finished / 2 failed)
 *   vmthreads.nextid      the next id (ids are never reused)
 *   vmthreads.restart     the restart list: object -> count of holds
 *   vmthreads.classes     the .internal class objects (syscalls.c)
 *
 * Interface (all with the persistent-memory lock held unless noted):
 *   vmt_boot(cmdline)     (no lock; boot thread) open object memory, the
 *                         libraries and the classes; false on failure
 *   vmt_start_modules(bi) compile/verify each multiboot2 module and start it;
 *                         returns how many started. A module's string is
 *                         "NAME ARG..." (a program: arg[0] = NAME's base
 *                         name, arg[1..] and the main chunk's `...` = ARGs)
 *                         or ":file NAME" (a data file for require, io.open,
 *                         loadfile: kernel/vm_platform.c); every word is
 *                         percent-decoded (%XX; a lone "%" is "")
 *   vmt_exit_status()     (no lock) status for the end of a run: 1 if a
 *                         program failed to load or its main thread died of
 *                         an uncaught error, else 0 (spawned threads that
 *                         fail do not count: join reports them)
 *   vmt_spawn(vm, th, name, &id)  start Thread th (its bottom frame pushed
 *                         with vm_start) as a new VM thread; 0 or -1
 *   vmt_run(t, th)        run th on t's context until it ends: VMS_DONE or
 *                         VMS_ERROR (the error value on top of t->vm.L);
 *                         honours stops, preemption and blocking SYS calls
 *   vmt_of(vm)            the struct vmthr of a VM context (NULL: the boot
 *                         context)
 *   vmt_live()            VM threads not finished (kernel land count)
 *   vmt_wait_all()        (no lock) block until every VM thread finished
 *   vmt_hold(vm, o), vmt_unhold(vm, o)   restart-list reference counts
 *   vmt_report_error(vm, L, what)   print an uncaught error and traceback
 *   vmt_restored()        (no lock) this boot restored a snapshot
 *                         (vmt_boot asked kernel/snapd.c)
 *   vmt_adopt_all()       (no lock) after a restore: release the restart
 *                         list, start a kernel thread for every unfinished
 *                         VM thread of object land; returns how many
 */
#ifndef KERNEL_VMTHREAD_H
#define KERNEL_VMTHREAD_H

#include <stdbool.h>
#include <stdint.h>
#include "vm/vm.h"
#include "vm/object.h"
#include "kernel/bootinfo.h"

/* A blocking SYS call in progress (syscalls.c fills it, the loop runs it). */
struct vmblock {
	int op;				/* SYSB_* of syscalls.h */
	uint64_t u;			/* deadline (ns), thread id, channel key ... */
	char *buf;			/* console line (kernel heap) */
	long len;
};

struct vmthr {
	VM vm;				/* o: the C context (first: vmt_of) */
	uint64_t id;			/* I */
	struct kthread *kt;		/* I */
	char name[48];			/* I */
	Thread *th;			/* I: the guest thread (object land) */
	bool isrepl;			/* I */
	bool program;			/* I: a module's main thread */
	struct vmthr *next;		/* vmt_mutex */
	bool finished;			/* vmt_mutex */
	struct vmblock blk;		/* o: blocking call in progress */
};

bool vmt_boot(const char *cmdline);
int vmt_start_modules(const struct boot_info *bi);
int vmt_exit_status(void);
int vmt_spawn(VM *vm, Thread *th, const char *name, uint64_t *id);
int vmt_run(struct vmthr *t, Thread *th);
struct vmthr *vmt_of(VM *vm);
int vmt_live(void);
void vmt_wait_all(void);
void vmt_wait_id(uint64_t id);
bool vmt_alive(uint64_t id);
void vmt_hold(VM *vm, const Value *o);
void vmt_unhold(VM *vm, const Value *o);
void vmt_report_error(VM *vm, Thread *L, const char *what);
VM *vmt_bootvm(void);
struct vmthr *vmt_new_context(const char *name);
Table *vmt_root(void);
void vmt_repl_start(void);
/* restore (issue 5): object memory from a snapshot, threads re-created */
bool vmt_restored(void);
VM *vmt_attach_restored(size_t osize, char *err, size_t errlen);
int vmt_adopt_all(void);

#endif
