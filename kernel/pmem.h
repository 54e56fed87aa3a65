/*
 * pmem.h: the persistent-memory lock and stopping the world.
 *
 * The persistent-memory lock (ARCHITECTURE.md, seed 000) guards all of
 * object memory. It is the top-level lock: taken while holding no other
 * lock, released before every blocking call. A VM thread holds it whenever
 * it touches object memory, and releases it only on an instruction boundary
 * with all of its state stored in object memory (never while its VM context
 * is in VMMODE_RUNNING). On one CPU it also serialises the VM threads: the
 * holder runs bytecode, the others wait for the lock or sleep in a call.
 *
 * Stopping the world (seed 002): every VM context has `mode` and `requests`
 * (struct VM). A requester (the collector now, the snapshot writer next)
 * sets VMREQ_STOP plus its reason bit in each context's requests, issues a
 * full barrier, reads the context's mode and kicks it if it is running
 * bytecode; then it takes the lock. A VM thread entering the interpreter
 * writes mode = RUNNING, full barrier, reads requests (pm_enter): the Dekker
 * pair makes a lost request impossible. The interpreter checks requests on
 * every backward jump, call and return and leaves with VMS_STOPPED; the
 * thread then parks (pm_park): it releases the lock and waits until its
 * STOP bit is cleared by pm_resume_world.
 *
 * Interface:
 *   pm_init()                 before the first VM context exists
 *   pm_lock(), pm_unlock()    the lock; pm_unlock panics if the caller's VM
 *                             context is still RUNNING (mid-instruction)
 *   pm_held()                 the current thread holds it
 *   PM_ASSERT_HELD()          panics with the function name if not held
 *   pm_register(vm), pm_unregister(vm)   contexts the world consists of
 *   pm_enter(vm)              (lock held) mode = RUNNING, barrier; false if a
 *                             stop is requested (then call pm_park)
 *   pm_leave(vm)              mode = OUTSIDE
 *   pm_park(vm)               (lock held) release, wait for the resume, retake
 *   pm_yield_or_park(vm)      (lock held) after VMS_STOPPED: a preemption
 *                             request yields the lock to waiting threads, a
 *                             world stop parks
 *   pm_start_slicer()         the time-slice thread: every PM_SLICE_MS, if
 *                             other threads wait for the lock, ask the
 *                             context running bytecode to stop (PMREQ_PREEMPT)
 *   pm_contended()            another thread waits for the lock (a hint)
 *   pm_stop_world(reason)     request, kick, take the lock: the world is
 *                             stopped at instruction boundaries
 *   pm_resume_world()         clear the requests, wake parked threads, release
 *   pm_fault(addr)            object-memory page-fault check (debug rule:
 *                             no object access without the lock)
 */
#ifndef KERNEL_PMEM_H
#define KERNEL_PMEM_H

#include <stdbool.h>
#include <stdint.h>
#include "vm/vm.h"
#include "kernel/panic.h"

/* Reasons, above the interpreter's own request bits (vm/interp.h). */
#define PMREQ_GC       (1u << 8)	/* stop for the stop-the-world collector */
#define PMREQ_SNAPSHOT (1u << 9)	/* stop for the snapshot writer (issue 5) */
#define PMREQ_PREEMPT  (1u << 10)	/* time slice over: let waiting threads run */

#define PM_SLICE_MS 10

void pm_init(void);
void pm_lock(void);
void pm_unlock(void);
bool pm_held(void);
void pm_register(VM *vm);
void pm_unregister(VM *vm);
bool pm_enter(VM *vm);
void pm_leave(VM *vm);
void pm_park(VM *vm);
void pm_yield_or_park(VM *vm);
void pm_start_slicer(void);
bool pm_contended(void);
void pm_stop_world(uint32_t reason);
void pm_resume_world(void);
uint64_t pm_stop_count(void);

#define PM_ASSERT_HELD() \
	do { if (!pm_held()) panic("%s: persistent-memory lock not held", __func__); } while (0)

#endif
