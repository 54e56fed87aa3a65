/*
 * cpu.h: the per-CPU structure.
 *
 * Each CPU has one struct cpu, reached in O(1) through cpu_this() (the GS
 * base points at it; arch/x86/cpu.c). Only one CPU runs today; every field
 * that a second CPU would race on is already here rather than in a global.
 *
 * Legend: I = set once at start-up, immutable after;
 *         c = touched only by this CPU with interrupts disabled.
 */
#ifndef KERNEL_CPU_H
#define KERNEL_CPU_H

#include <stdbool.h>
#include <stdint.h>

struct kthread;

struct cpu {
	struct cpu *self;		/* I: must stay first (gs:0) */
	unsigned id;			/* I */
	int noff;			/* c: spin_lock nesting depth */
	bool intena;			/* c: IF before the outermost spin_lock */
	bool need_resched;		/* c: switch at the next safe point */
	struct kthread *current;	/* c: the running thread */
	struct kthread *idle;		/* I: this CPU's idle thread */
	uint64_t switches;		/* c: context switches, for statistics */
};

struct cpu *cpu_this(void);
void cpu_init_boot(void);

#endif
