/*
 * sync.h: sleeping locks: mutexes, condition variables, semaphores.
 *
 * Each object has an internal spinlock guarding its state and its wait
 * queue; blocking releases it inside waitq_block(). None of these may be
 * used from interrupt handlers except sem_up() and sem_trydown(), which never
 * sleep. None may be taken while holding a spinlock (docs/THREADING.md).
 *
 * Interface:
 *   MUTEX_INIT(name), MUTEX_INIT_RECURSIVE(name), mutex_init(m, name)
 *   mutex_lock(m), mutex_trylock(m), mutex_unlock(m), mutex_held(m)
 *     A non-recursive mutex taken twice by its owner panics; unlocking a
 *     mutex one does not own panics.
 *   COND_INIT, cond_init(c), cond_wait(c, m), cond_wait_until(c, m, deadline)
 *     (false on timeout), cond_signal(c), cond_broadcast(c)
 *     The caller holds m around the wait and around changes of the predicate.
 *   SEM_INIT(n), sem_init(s, n), sem_down(s), sem_down_until(s, deadline)
 *     (false on timeout), sem_trydown(s), sem_up(s)
 */
#ifndef KERNEL_SYNC_H
#define KERNEL_SYNC_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/spinlock.h"
#include "kernel/sched.h"

struct mutex {
	struct spinlock lk;
	struct kthread *owner;		/* lk */
	unsigned depth;			/* lk: recursion depth (recursive only) */
	bool recursive;			/* I */
	const char *name;		/* I */
	struct waitq wq;		/* lk */
};

struct cond {
	struct spinlock lk;
	struct waitq wq;		/* lk */
};

struct sem {
	struct spinlock lk;
	long count;			/* lk */
	struct waitq wq;		/* lk */
};

#define MUTEX_INIT(n) { SPINLOCK_INIT("mutex " n), 0, 0, false, (n), WAITQ_INIT }
#define MUTEX_INIT_RECURSIVE(n) { SPINLOCK_INIT("mutex " n), 0, 0, true, (n), WAITQ_INIT }
#define COND_INIT { SPINLOCK_INIT("cond"), WAITQ_INIT }
#define SEM_INIT(v) { SPINLOCK_INIT("sem"), (v), WAITQ_INIT }

void mutex_init(struct mutex *m, const char *name);
void mutex_lock(struct mutex *m);
bool mutex_trylock(struct mutex *m);
void mutex_unlock(struct mutex *m);
bool mutex_held(struct mutex *m);

void cond_init(struct cond *c);
void cond_wait(struct cond *c, struct mutex *m);
bool cond_wait_until(struct cond *c, struct mutex *m, uint64_t deadline);
void cond_signal(struct cond *c);
void cond_broadcast(struct cond *c);

void sem_init(struct sem *s, long count);
void sem_down(struct sem *s);
bool sem_down_until(struct sem *s, uint64_t deadline);
bool sem_trydown(struct sem *s);
void sem_up(struct sem *s);

#endif
