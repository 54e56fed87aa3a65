/*
 * kthread.h: kernel threads.
 *
 * A kernel thread has its own stack (KTHREAD_STACK bytes, with an unmapped
 * guard page below it, so an overflow faults instead of corrupting memory)
 * and its own FPU/SSE state (saved with fxsave on every switch). Threads are
 * preemptive: the timer can switch away from a thread at any point where it
 * holds no spinlock.
 *
 * Interface:
 *   kthread_create(name, fn, arg)  a new runnable thread running fn(arg);
 *                                  NULL when out of memory
 *   kthread_exit()                 end the current thread (returning from fn
 *                                  does the same)
 *   kthread_join(t)                wait for t to end, then free it; every
 *                                  thread must be joined exactly once
 *   kthread_self(), kthread_name(t), kthread_id(t)
 *   kthread_sleep_until(deadline_ns)   absolute time_now_ns() deadline
 *   kthread_sleep_ns(ns), kthread_yield()
 */
#ifndef KERNEL_KTHREAD_H
#define KERNEL_KTHREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "kernel/sched.h"
#include "kernel/sync.h"

#define KTHREAD_STACK (64 * 1024)	/* the VM interpreter and compiler run here */

enum kthread_state { KT_RUNNABLE, KT_RUNNING, KT_BLOCKED, KT_DEAD };

/*
 * Locking legend: I immutable after creation; s sched_lock; w the lock of
 * the wait queue the thread is on; o only the thread itself.
 */
struct kthread {
	uint8_t fpu[512] __attribute__((aligned(16)));	/* o: fxsave area */
	uint64_t sp;			/* s: saved stack pointer when not running */
	int state;			/* s: enum kthread_state */
	struct kthread *next;		/* s: run queue link */
	struct kthread *sleep_next;	/* s: sleep queue link */
	bool sleeping;			/* s: on the sleep queue */
	bool timed_out;			/* s: woken by the deadline, not by a waker */
	bool urgent;			/* s: when woken, runs first and preempts */
	uint64_t deadline;		/* s: when sleeping */
	struct kthread *wq_next;	/* w: wait queue link */
	struct waitq *wq;		/* w: the queue it is on, or NULL */
	unsigned id;			/* I */
	char name[24];			/* I */
	void (*fn)(void *);		/* I */
	void *arg;			/* I */
	uint64_t stack_lo, stack_hi;	/* I: mapped stack [lo, hi) */
	struct sem done;		/* up'd once when the thread has died */
};

struct kthread *kthread_create(const char *name, void (*fn)(void *), void *arg);
__attribute__((noreturn)) void kthread_exit(void);
void kthread_join(struct kthread *t);
struct kthread *kthread_self(void);
void kthread_sleep_until(uint64_t deadline_ns);
void kthread_sleep_ns(uint64_t ns);
void kthread_yield(void);

/* For sched.c: set up a new thread's stack so its first switch-in runs it. */
void kthread_init_boot(struct kthread *t, const char *name);

#endif
