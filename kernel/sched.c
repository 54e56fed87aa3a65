/*
 * sched.c: the scheduler (see sched.h).
 *
 * The rules:
 *  - sched_lock guards the run queue, the sleep queue and every thread's
 *    state, sp, deadline and queue links (except wq links: see sync.h).
 *  - A thread switches away only from sched_switch(), holding sched_lock and
 *    no other spinlock (checked: cpu->noff == 1). The thread switched to
 *    releases sched_lock: either on its way out of its own sched_switch()
 *    or, for a new thread, in sched_thread_start().
 *  - A wait-queue owner's lock is always taken before sched_lock.
 *  - The idle thread is never on the run queue; it runs when it is empty.
 *  - Preemption happens only when leaving the outermost interrupt
 *    (sched_irq_exit), never while the interrupted code held a spinlock
 *    (it could not have: spinlocks keep interrupts off).
 */
#include <string.h>
#include "kernel/sched.h"
#include "kernel/kthread.h"
#include "kernel/cpu.h"
#include "kernel/klog.h"
#include "kernel/panic.h"
#include "kernel/spinlock.h"
#include "arch/x86/cpu.h"

static struct spinlock sched_lock = SPINLOCK_INIT("sched");
static struct kthread *rq_head, *rq_tail;	/* s */
static struct kthread *sleepq;			/* s: sorted by deadline */
static int slice_left;				/* s */
static bool started;				/* I after sched_start */
static struct kthread boot_thread;

static void rq_push(struct kthread *t)
{
	t->state = KT_RUNNABLE;
	t->next = 0;
	if (rq_tail)
		rq_tail->next = t;
	else
		rq_head = t;
	rq_tail = t;
}

/* A woken thread: urgent ones go first and ask for a switch. */
static void rq_push_woken(struct kthread *t)
{
	if (!t->urgent) {
		rq_push(t);
		return;
	}
	t->state = KT_RUNNABLE;
	t->next = rq_head;
	rq_head = t;
	if (!rq_tail)
		rq_tail = t;
	cpu_this()->need_resched = true;
}

void sched_set_urgent(struct kthread *t)
{
	spin_lock(&sched_lock);
	t->urgent = true;
	spin_unlock(&sched_lock);
}

static struct kthread *rq_pop(void)
{
	struct kthread *t = rq_head;
	if (t) {
		rq_head = t->next;
		if (!rq_head)
			rq_tail = 0;
		t->next = 0;
	}
	return t;
}

static void sleepq_insert(struct kthread *t)
{
	struct kthread **pp = &sleepq;
	while (*pp && (*pp)->deadline <= t->deadline)
		pp = &(*pp)->sleep_next;
	t->sleep_next = *pp;
	*pp = t;
	t->sleeping = true;
}

static void sleepq_remove(struct kthread *t)
{
	for (struct kthread **pp = &sleepq; *pp; pp = &(*pp)->sleep_next) {
		if (*pp == t) {
			*pp = t->sleep_next;
			break;
		}
	}
	t->sleep_next = 0;
	t->sleeping = false;
}

/* Caller holds sched_lock only; current->state says what happens to it. */
static void sched_switch(void)
{
	struct cpu *c = cpu_this();
	struct kthread *prev = c->current;

	if (c->noff != 1 || !spin_holding(&sched_lock))
		panic("switch with %d spinlocks held (only sched_lock allowed)", c->noff);
	struct kthread *next = rq_pop();
	if (!next) {
		if (prev->state == KT_RUNNING)
			return;
		next = c->idle;
		if (!next)
			panic("thread '%s' blocks before the scheduler runs", prev->name);
	}
	if (next == prev) {
		prev->state = KT_RUNNING;
		return;
	}
	next->state = KT_RUNNING;
	c->current = next;
	c->need_resched = false;
	c->switches++;
	slice_left = SCHED_SLICE_TICKS;
	bool intena = c->intena;
	x86_fpu_save(prev->fpu);
	x86_context_switch(&prev->sp, next->sp);
	/* back in prev, switched to by someone holding sched_lock */
	c = cpu_this();
	x86_fpu_restore(c->current->fpu);
	c->intena = intena;
}

/* First code of every new thread (kthread.c's trampoline calls this). */
void sched_thread_start(void)
{
	struct kthread *self = cpu_this()->current;
	x86_fpu_restore(self->fpu);
	cpu_this()->intena = true;
	spin_unlock(&sched_lock);
}

void sched_init_boot(void)
{
	kthread_init_boot(&boot_thread, "boot");
	boot_thread.state = KT_RUNNING;
	cpu_this()->current = &boot_thread;
}

static void idle_loop(void *arg)
{
	(void)arg;
	for (;;) {
		x86_irq_disable();
		spin_lock(&sched_lock);
		if (rq_head) {
			cpu_this()->current->state = KT_RUNNABLE;
			sched_switch();
		}
		spin_unlock(&sched_lock);
		__asm__ volatile("sti; hlt" ::: "memory");	/* no lost wake-up */
	}
}

void sched_start(void)
{
	struct kthread *idle = kthread_create("idle", idle_loop, 0);
	if (!idle)
		panic("no memory for the idle thread");
	/* kthread_create queued it; the idle thread must not be on the queue */
	spin_lock(&sched_lock);
	struct kthread **pp = &rq_head;
	rq_tail = 0;
	while (*pp) {
		if (*pp == idle)
			*pp = idle->next;
		else {
			rq_tail = *pp;
			pp = &(*pp)->next;
		}
	}
	cpu_this()->idle = idle;
	started = true;
	spin_unlock(&sched_lock);
}

bool sched_running(void)
{
	return started;
}

void sched_add(struct kthread *t)
{
	spin_lock(&sched_lock);
	rq_push(t);
	spin_unlock(&sched_lock);
}

/* Make a blocked thread runnable. Caller may hold a wait-queue lock. */
static void sched_wake(struct kthread *t)
{
	spin_lock(&sched_lock);
	if (t->state == KT_BLOCKED) {
		t->timed_out = false;
		if (t->sleeping)
			sleepq_remove(t);
		rq_push_woken(t);
		if (cpu_this()->current == cpu_this()->idle)
			cpu_this()->need_resched = true;
	} else if (t->timed_out) {
		t->timed_out = false;		/* woken after its timeout, before it ran */
	}
	spin_unlock(&sched_lock);
}

static void waitq_remove(struct waitq *wq, struct kthread *t)
{
	struct kthread *prev = 0;
	for (struct kthread *p = wq->head; p; prev = p, p = p->wq_next) {
		if (p != t)
			continue;
		if (prev)
			prev->wq_next = p->wq_next;
		else
			wq->head = p->wq_next;
		if (wq->tail == p)
			wq->tail = prev;
		break;
	}
	t->wq_next = 0;
	t->wq = 0;
}

bool waitq_block(struct waitq *wq, struct spinlock *lk, uint64_t deadline)
{
	struct kthread *t = cpu_this()->current;

	if (!spin_holding(lk))
		panic("waitq_block without the queue's lock");
	t->wq_next = 0;
	t->wq = wq;
	if (wq->tail)
		wq->tail->wq_next = t;
	else
		wq->head = t;
	wq->tail = t;

	spin_lock(&sched_lock);
	t->state = KT_BLOCKED;
	t->timed_out = false;
	if (deadline) {
		t->deadline = deadline;
		sleepq_insert(t);
	}
	spin_unlock(lk);
	sched_switch();
	bool timed_out = t->timed_out;
	t->timed_out = false;
	if (t->sleeping)
		sleepq_remove(t);
	spin_unlock(&sched_lock);

	spin_lock(lk);
	if (t->wq)
		waitq_remove(t->wq, t);
	return !timed_out;
}

bool waitq_wake_one(struct waitq *wq)
{
	struct kthread *t = wq->head;
	if (!t)
		return false;
	waitq_remove(wq, t);
	sched_wake(t);
	return true;
}

int waitq_wake_all(struct waitq *wq)
{
	int n = 0;
	while (waitq_wake_one(wq))
		n++;
	return n;
}

void sched_sleep_until(uint64_t deadline)
{
	struct kthread *t = cpu_this()->current;
	spin_lock(&sched_lock);
	t->state = KT_BLOCKED;
	t->deadline = deadline;
	sleepq_insert(t);
	sched_switch();
	if (t->sleeping)
		sleepq_remove(t);
	t->timed_out = false;
	spin_unlock(&sched_lock);
}

void sched_yield(void)
{
	struct cpu *c;
	spin_lock(&sched_lock);
	c = cpu_this();
	if (c->current != c->idle) {
		rq_push(c->current);
		sched_switch();
	}
	spin_unlock(&sched_lock);
}

void sched_exit_current(void)
{
	spin_lock(&sched_lock);
	cpu_this()->current->state = KT_DEAD;
	sched_switch();
	panic("dead thread switched back in");
}

bool sched_is_dead(struct kthread *t)
{
	spin_lock(&sched_lock);
	bool dead = t->state == KT_DEAD && cpu_this()->current != t;
	spin_unlock(&sched_lock);
	return dead;
}

void sched_tick(uint64_t now)
{
	spin_lock(&sched_lock);
	struct cpu *c = cpu_this();
	while (sleepq && sleepq->deadline <= now) {
		struct kthread *t = sleepq;
		sleepq_remove(t);
		if (t->state == KT_BLOCKED) {
			t->timed_out = true;
			rq_push_woken(t);
		}
	}
	if (c->current == c->idle) {
		if (rq_head)
			c->need_resched = true;
	} else if (--slice_left <= 0 && rq_head) {
		c->need_resched = true;
	}
	spin_unlock(&sched_lock);
}

void sched_irq_exit(void)
{
	struct cpu *c = cpu_this();
	if (!started || !c->need_resched || c->noff != 0)
		return;
	c->need_resched = false;
	sched_yield();
}

uint64_t sched_switch_count(void)
{
	return cpu_this()->switches;
}
