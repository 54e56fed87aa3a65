/*
 * kthread.c: kernel threads (see kthread.h): creation, stacks, exit, join.
 *
 * Stacks live in the stack region of vmm.h. Slot i covers
 * [X86_STACK_BASE + i * SLOT, + SLOT): the first page stays unmapped as a
 * guard, the rest is mapped to fresh pages. Freed slots are reused.
 * The slot table is guarded by stack_lock (a mutex: mapping may allocate).
 */
#include <malloc.h>
#include <string.h>
#include "kernel/kthread.h"
#include "kernel/cpu.h"
#include "kernel/klog.h"
#include "kernel/panic.h"
#include "kernel/pmm.h"
#include "kernel/time.h"
#include "arch/x86/cpu.h"
#include "arch/x86/vmm.h"

#define SLOT (KTHREAD_STACK + PAGE_SIZE)
#define MAX_SLOTS 4096

void sched_thread_start(void);
bool sched_is_dead(struct kthread *t);

static struct mutex stack_lock = MUTEX_INIT("stacks");
static uint8_t slot_used[MAX_SLOTS];		/* stack_lock */
static unsigned next_id = 1;			/* a */
static uint8_t initial_fpu[512] __attribute__((aligned(16)));	/* I */

void kthread_init_boot(struct kthread *t, const char *name)
{
	memset(t, 0, sizeof *t);
	strncpy(t->name, name, sizeof t->name - 1);
	t->id = __atomic_fetch_add(&next_id, 1, __ATOMIC_RELAXED);
	sem_init(&t->done, 0);
	x86_fpu_save(initial_fpu);		/* boot state: fninit + default MXCSR */
}

static void unmap_stack(uint64_t lo, uint64_t hi)
{
	for (uint64_t va = lo; va < hi; va += PAGE_SIZE) {
		uint64_t pa;
		if (vmm_unmap(va, &pa) == 0)
			pmm_free(pa);
	}
}

static int alloc_stack(struct kthread *t)
{
	int slot = -1;
	mutex_lock(&stack_lock);
	for (int i = 0; i < MAX_SLOTS; i++) {
		if (!slot_used[i]) {
			slot_used[i] = 1;
			slot = i;
			break;
		}
	}
	mutex_unlock(&stack_lock);
	if (slot < 0)
		return -1;
	t->stack_lo = X86_STACK_BASE + (uint64_t)slot * SLOT + PAGE_SIZE;
	t->stack_hi = t->stack_lo + KTHREAD_STACK;
	for (uint64_t va = t->stack_lo; va < t->stack_hi; va += PAGE_SIZE) {
		uint64_t pa = pmm_alloc();
		if (!pa || vmm_map(va, pa, VMM_WRITE) != 0) {
			if (pa)
				pmm_free(pa);
			unmap_stack(t->stack_lo, va);
			mutex_lock(&stack_lock);
			slot_used[slot] = 0;
			mutex_unlock(&stack_lock);
			return -1;
		}
	}
	return 0;
}

static void free_stack(struct kthread *t)
{
	unmap_stack(t->stack_lo, t->stack_hi);
	mutex_lock(&stack_lock);
	slot_used[(t->stack_lo - PAGE_SIZE - X86_STACK_BASE) / SLOT] = 0;
	mutex_unlock(&stack_lock);
}

static void trampoline(void)
{
	sched_thread_start();
	struct kthread *self = kthread_self();
	self->fn(self->arg);
	kthread_exit();
}

struct kthread *kthread_create(const char *name, void (*fn)(void *), void *arg)
{
	struct kthread *t = memalign(64, sizeof *t);
	if (!t)
		return 0;
	memset(t, 0, sizeof *t);
	strncpy(t->name, name, sizeof t->name - 1);
	t->id = __atomic_fetch_add(&next_id, 1, __ATOMIC_RELAXED);
	t->fn = fn;
	t->arg = arg;
	sem_init(&t->done, 0);
	memcpy(t->fpu, initial_fpu, sizeof t->fpu);
	if (alloc_stack(t) != 0) {
		free(t);
		return 0;
	}
	t->sp = x86_context_init(t->stack_hi, trampoline);
	sched_add(t);
	return t;
}

void kthread_exit(void)
{
	sem_up(&kthread_self()->done);
	sched_exit_current();
}

void kthread_join(struct kthread *t)
{
	if (t == kthread_self())
		panic("thread '%s' joins itself", t->name);
	sem_down(&t->done);
	while (!sched_is_dead(t))		/* it may not have switched out yet */
		kthread_yield();
	free_stack(t);
	free(t);
}

struct kthread *kthread_self(void)
{
	return cpu_this()->current;
}

void kthread_sleep_until(uint64_t deadline_ns)
{
	if (deadline_ns <= time_now_ns())
		return;
	sched_sleep_until(deadline_ns);
}

void kthread_sleep_ns(uint64_t ns)
{
	kthread_sleep_until(time_now_ns() + ns);
}

void kthread_yield(void)
{
	sched_yield();
}
