/*
 * gdt.h: the GDT and the TSS of the boot CPU.
 *
 * Interface:
 *   x86_gdt_init()   load a GDT (null, kernel code 0x08, kernel data 0x10,
 *                    TSS 0x18) and the TSS, whose IST1 (double fault) and
 *                    IST2 (NMI) point at stacks of their own, so that a
 *                    kernel stack overflow still gets a clean report
 *   X86_IST_DF, X86_IST_NMI   the IST indices trap.c puts in those gates
 */
#ifndef ARCH_X86_GDT_H
#define ARCH_X86_GDT_H

#define X86_SEL_KCODE 0x08
#define X86_SEL_KDATA 0x10
#define X86_SEL_TSS   0x18
#define X86_IST_DF    1
#define X86_IST_NMI   2

void x86_gdt_init(void);

#endif
