/*
 * Host stand-in for kernel/spinlock.h: the host unit tests are single
 * threaded, so the locks only count, which lets tests check balance.
 */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include <stdbool.h>
#include <stdint.h>

struct spinlock {
	int locked;
	const char *name;
};

#define SPINLOCK_INIT(n) { 0, (n) }

extern int host_spin_depth;

static inline void spin_init(struct spinlock *l, const char *name) { l->locked = 0; l->name = name; }
static inline void spin_lock(struct spinlock *l) { l->locked++; host_spin_depth++; }
static inline void spin_unlock(struct spinlock *l) { l->locked--; host_spin_depth--; }
static inline bool spin_holding(struct spinlock *l) { return l->locked > 0; }

#endif
