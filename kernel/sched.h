/*
 * sched.h: the scheduler: run queue, sleep queue, wait queues, preemption.
 *
 * Round robin over runnable threads, a time slice of SCHED_SLICE_TICKS timer
 * ticks, an idle thread per CPU when nothing is runnable. Threads sleep on a
 * wait queue (owned by a lock object, kernel/sync.c) or until a deadline
 * (absolute, nanoseconds of time_now_ns()), or both.
 *
 * Interface for kernel/kthread.c and kernel/sync.c:
 *   sched_init_boot()     make the boot context a thread (must run before
 *                         the first mutex); sched_start() creates the idle
 *                         thread and enables preemption
 *   sched_add(t)          make a new thread runnable
 *   waitq_block(wq, lk, deadline)   caller holds spinlock lk, which guards
 *                         wq; enqueue the current thread, release lk, sleep
 *                         until woken or the deadline (0 = none) passes;
 *                         returns with lk held again and the thread off wq;
 *                         returns false on timeout
 *   waitq_wake_one(wq), waitq_wake_all(wq)   caller holds wq's lock
 *   sched_sleep_until(deadline)   sleep with no wait queue
 *   sched_yield()
 *   sched_set_urgent(t)   t, when woken (by a waker or its deadline), goes to
 *                         the head of the run queue and preempts the running
 *                         thread at once: for kernel service threads (the
 *                         snapshot writer) that run briefly between I/O
 *                         waits and must not wait a whole guest time slice
 *                         after each completion
 *   sched_exit_current()  the current thread is dead; never returns
 *   sched_tick(now)       timer interrupt: wake sleepers, charge the slice
 *   sched_irq_exit()      trap.c, leaving an interrupt: preempt if asked
 *
 * Lock order: a wait queue owner's spinlock, then sched_lock (inner).
 * sched_lock protects every thread's state, sp, deadline and the queues.
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <stdbool.h>
#include <stdint.h>

struct kthread;
struct spinlock;

#define SCHED_HZ 1000
#define SCHED_SLICE_TICKS 10

struct waitq {
	struct kthread *head, *tail;	/* guarded by the owner's spinlock */
};

#define WAITQ_INIT { 0, 0 }

void sched_init_boot(void);
void sched_start(void);
void sched_add(struct kthread *t);
bool waitq_block(struct waitq *wq, struct spinlock *lk, uint64_t deadline);
bool waitq_wake_one(struct waitq *wq);
int waitq_wake_all(struct waitq *wq);
void sched_sleep_until(uint64_t deadline);
void sched_yield(void);
void sched_set_urgent(struct kthread *t);
__attribute__((noreturn)) void sched_exit_current(void);
void sched_tick(uint64_t now);
void sched_irq_exit(void);
bool sched_running(void);
uint64_t sched_switch_count(void);

#endif
