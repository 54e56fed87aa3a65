/*
 * trap.h: the IDT, the common interrupt entry (isr.S) and exception reports.
 *
 * Interface:
 *   struct x86_regs        the frame isr.S builds: GPRs, vector, error, iret frame
 *   x86_trap_init()        build and load the IDT (all 256 vectors)
 *   x86_vector_register(v, fn, ctx)  route vector v (>= 32) to fn(regs, ctx)
 *   x86_backtrace(rbp, rip, print)   walk the frame-pointer chain, print
 *                          "  #n 0x... function+off" lines
 *   x86_trap_depth()       > 0 while inside an interrupt or exception handler
 *
 * Every CPU exception not claimed by a hook (the page-fault hook, vmm.c) is
 * fatal: trap.c prints vector, name, error code, all registers, CR2/CR3 and a
 * backtrace, then calls kernel_fatal() (halt, or exit QEMU in test mode).
 * Vectors: 0-31 exceptions, 0x20-0x2f legacy PIC IRQs (irq.h), 0x30 local
 * APIC timer, 0xff APIC spurious. Double fault runs on IST1, NMI on IST2.
 * All gates are interrupt gates: handlers start with interrupts off. Every
 * entry saves the interrupted FPU/SSE state (fxsave) because the kernel's C
 * code uses SSE registers.
 */
#ifndef ARCH_X86_TRAP_H
#define ARCH_X86_TRAP_H

#include <stdint.h>

struct x86_regs {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;
};

#define X86_VEC_PIC_BASE   0x20
#define X86_VEC_APIC_TIMER 0x30
#define X86_VEC_SPURIOUS   0xff

typedef void (*x86_vector_fn)(struct x86_regs *r, void *ctx);

void x86_trap_init(void);
void x86_vector_register(unsigned vector, x86_vector_fn fn, void *ctx);
void x86_backtrace(uint64_t rbp, uint64_t rip);
int x86_trap_depth(void);

/* Called by isr.S. */
void x86_trap_dispatch(struct x86_regs *r);

#endif
