/*
 * spinlock.c: spinlocks that save and restore the interrupt flag.
 * See spinlock.h. Modelled on the push_off/pop_off idea: the first lock a
 * CPU takes records whether interrupts were on; the last one released puts
 * them back. A lock taken twice by one CPU, or released by a CPU that does
 * not hold it, is a broken kernel invariant: panic.
 */
#include "kernel/spinlock.h"
#include "kernel/cpu.h"
#include "kernel/panic.h"
#include "arch/x86/cpu.h"

void spin_init(struct spinlock *l, const char *name)
{
	l->locked = 0;
	l->name = name;
	l->owner = 0;
}

void irq_push_off(void)
{
	bool was = x86_irq_save();
	struct cpu *c = cpu_this();
	if (c->noff++ == 0)
		c->intena = was;
}

void irq_pop_off(void)
{
	struct cpu *c = cpu_this();
	if (x86_irq_enabled())
		panic("interrupts on inside a spinlock section");
	if (c->noff < 1)
		panic("unbalanced irq_pop_off");
	if (--c->noff == 0 && c->intena)
		x86_irq_enable();
}

bool spin_holding(struct spinlock *l)
{
	return l->locked && l->owner == cpu_this();
}

void spin_lock(struct spinlock *l)
{
	irq_push_off();
	if (spin_holding(l))
		panic("spinlock %s: already held by this CPU", l->name);
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			x86_pause();
	l->owner = cpu_this();
}

void spin_unlock(struct spinlock *l)
{
	if (!spin_holding(l))
		panic("spinlock %s: released but not held", l->name);
	l->owner = 0;
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
	irq_pop_off();
}
