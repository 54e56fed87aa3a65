/*
 * spinlock.h: spinlocks that disable interrupts while held.
 *
 * Interface:
 *   SPINLOCK_INIT(name), spin_init(l, name)
 *   spin_lock(l)      disable interrupts (nesting per CPU), then spin
 *   spin_unlock(l)    release; interrupts come back on when the outermost
 *                     lock of this CPU is released and they were on before it
 *   spin_holding(l)   this CPU holds l (for assertions)
 *   irq_push_off(), irq_pop_off()   the nesting interrupt disable on its own
 *
 * Rules (docs/THREADING.md): spinlocks are innermost; never sleep, block or
 * take a page fault while holding one; never take a mutex under one.
 */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include <stdbool.h>
#include <stdint.h>

struct cpu;

struct spinlock {
	volatile uint32_t locked;
	const char *name;
	struct cpu *owner;
};

#define SPINLOCK_INIT(n) { 0, (n), 0 }

void spin_init(struct spinlock *l, const char *name);
void spin_lock(struct spinlock *l);
void spin_unlock(struct spinlock *l);
bool spin_holding(struct spinlock *l);
void irq_push_off(void);
void irq_pop_off(void);

#endif
