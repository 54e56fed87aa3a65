/*
 * pmem.c: the persistent-memory lock and stop-the-world (see pmem.h).
 *
 * The lock is a sleeping mutex (kernel/sync.h). The world is the list of
 * registered VM contexts, under pm_reg_lock (a spinlock: requesters walk it
 * without sleeping). Parked threads wait on pm_resume_cond under
 * pm_park_mutex, which is taken only while the persistent-memory lock is not
 * held by the parker (it released it) or, by the requester, under it:
 * order pm lock -> pm_park_mutex.
 *
 * Kick: on one CPU the thread running bytecode is the lock holder; it is
 * either on the CPU or preempted and runnable, and sees its request at its
 * next check point, so the kick is only counted. With SMP it becomes an IPI
 * to the CPU running that context (ARCHITECTURE.md).
 */
#include "kernel/pmem.h"
#include "kernel/kthread.h"
#include "kernel/spinlock.h"
#include "kernel/sync.h"
#include "vm/interp.h"

#define PM_MAXCTX 1024

static struct mutex pm_mutex = MUTEX_INIT("persistent-memory");
static struct spinlock pm_reg_lock = SPINLOCK_INIT("pm_reg");
static VM *pm_ctx[PM_MAXCTX];			/* pm_reg_lock */
static int pm_nctx;				/* pm_reg_lock */
static struct mutex pm_park_mutex = MUTEX_INIT("pm_park");
static struct cond pm_resume_cond = COND_INIT;
static VM *pm_running;				/* a: the context in bytecode, or NULL */
static uint32_t pm_pending;			/* pm_reg_lock: reasons of a stop in progress */
static uint64_t pm_stops, pm_kicks;		/* pm lock (requester) */

void pm_init(void)
{
}

void pm_lock(void)
{
	mutex_lock(&pm_mutex);
}

bool pm_held(void)
{
	return mutex_held(&pm_mutex);
}

void pm_unlock(void)
{
	PM_ASSERT_HELD();
	mutex_unlock(&pm_mutex);
}

bool pm_contended(void)
{
	return __atomic_load_n(&pm_mutex.wq.head, __ATOMIC_RELAXED) != NULL;
}

void pm_register(VM *vm)
{
	spin_lock(&pm_reg_lock);
	if (pm_nctx == PM_MAXCTX)
		panic("too many VM contexts (%d)", PM_MAXCTX);
	pm_ctx[pm_nctx++] = vm;
	if (pm_pending)		/* joins a world being stopped: stop it too */
		__atomic_or_fetch(&vm->requests, VMREQ_STOP | pm_pending, __ATOMIC_SEQ_CST);
	spin_unlock(&pm_reg_lock);
}

void pm_unregister(VM *vm)
{
	spin_lock(&pm_reg_lock);
	for (int i = 0; i < pm_nctx; i++)
		if (pm_ctx[i] == vm) {
			pm_ctx[i] = pm_ctx[--pm_nctx];
			break;
		}
	spin_unlock(&pm_reg_lock);
}

/* The VM side of the Dekker pair: write mode, barrier, read requests. */
bool pm_enter(VM *vm)
{
	PM_ASSERT_HELD();
	__atomic_store_n(&vm->mode, VMMODE_RUNNING, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (__atomic_load_n(&vm->requests, __ATOMIC_RELAXED) & VMREQ_STOP) {
		__atomic_store_n(&vm->mode, VMMODE_OUTSIDE, __ATOMIC_RELEASE);
		return false;
	}
	__atomic_store_n(&pm_running, vm, __ATOMIC_RELEASE);
	return true;
}

void pm_leave(VM *vm)
{
	__atomic_store_n(&pm_running, NULL, __ATOMIC_RELEASE);
	__atomic_store_n(&vm->mode, VMMODE_OUTSIDE, __ATOMIC_RELEASE);
}

void pm_yield_or_park(VM *vm)
{
	uint32_t r = __atomic_load_n(&vm->requests, __ATOMIC_ACQUIRE);
	while (!(r & (PMREQ_GC | PMREQ_SNAPSHOT))) {
		/* only a preemption (or nothing): clear it unless a stop came meanwhile */
		uint32_t n = r & ~(VMREQ_STOP | PMREQ_PREEMPT);
		if (__atomic_compare_exchange_n(&vm->requests, &r, n, false,
		                                __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
			if (pm_contended()) {
				pm_unlock();
				kthread_yield();
				pm_lock();
			}
			return;
		}
	}
	pm_park(vm);
}

static void pm_slicer(void *arg)
{
	(void)arg;
	for (;;) {
		kthread_sleep_ns(PM_SLICE_MS * 1000000ull);
		if (!pm_contended())
			continue;
		/* under pm_reg_lock: a context in the list is not freed meanwhile */
		spin_lock(&pm_reg_lock);
		VM *vm = __atomic_load_n(&pm_running, __ATOMIC_ACQUIRE);
		for (int i = 0; vm != NULL && i < pm_nctx; i++)
			if (pm_ctx[i] == vm)
				__atomic_or_fetch(&vm->requests, VMREQ_STOP | PMREQ_PREEMPT,
				                  __ATOMIC_SEQ_CST);
		spin_unlock(&pm_reg_lock);
	}
}

void pm_start_slicer(void)
{
	if (kthread_create("pm-slicer", pm_slicer, NULL) == NULL)
		panic("no memory for the time-slice thread");
}

void pm_park(VM *vm)
{
	if (vm->mode == VMMODE_RUNNING)
		panic("parking a VM thread in the middle of an instruction");
	pm_unlock();
	mutex_lock(&pm_park_mutex);
	while (__atomic_load_n(&vm->requests, __ATOMIC_ACQUIRE) & VMREQ_STOP)
		cond_wait(&pm_resume_cond, &pm_park_mutex);
	mutex_unlock(&pm_park_mutex);
	pm_lock();
}

/* The requester side: write request, barrier, read mode, kick. */
void pm_stop_world(uint32_t reason)
{
	spin_lock(&pm_reg_lock);
	pm_pending |= reason;
	for (int i = 0; i < pm_nctx; i++) {
		VM *vm = pm_ctx[i];
		__atomic_or_fetch(&vm->requests, VMREQ_STOP | reason, __ATOMIC_RELAXED);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		if (__atomic_load_n(&vm->mode, __ATOMIC_RELAXED) == VMMODE_RUNNING)
			pm_kicks++;	/* one CPU: the holder sees it at its next check point */
	}
	spin_unlock(&pm_reg_lock);
	pm_lock();
	pm_stops++;
}

void pm_resume_world(void)
{
	PM_ASSERT_HELD();
	mutex_lock(&pm_park_mutex);
	spin_lock(&pm_reg_lock);
	pm_pending = 0;
	for (int i = 0; i < pm_nctx; i++)
		__atomic_and_fetch(&pm_ctx[i]->requests,
		                   ~(VMREQ_STOP | PMREQ_GC | PMREQ_SNAPSHOT | PMREQ_PREEMPT), __ATOMIC_RELEASE);
	spin_unlock(&pm_reg_lock);
	cond_broadcast(&pm_resume_cond);
	mutex_unlock(&pm_park_mutex);
	pm_unlock();
}

uint64_t pm_stop_count(void)
{
	return pm_stops;
}
