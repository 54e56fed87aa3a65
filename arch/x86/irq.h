/*
 * irq.h: legacy ISA interrupts through the 8259 PIC pair.
 *
 * The PICs are remapped to vectors 0x20-0x2f and every line is masked until
 * a driver registers a handler. The local APIC stays in virtual-wire mode
 * (LINT0 = ExtINT), so PIC interrupts reach the CPU next to the APIC timer.
 * (An I/O APIC driver from the MADT replaces this when SMP arrives.)
 *
 * Interface:
 *   x86_pic_init()                 remap, mask all
 *   x86_irq_register(irq, fn, ctx) handler for ISA line irq; unmasks it
 *   x86_pic_is_vector(v), x86_pic_eoi(v)   used by trap.c
 */
#ifndef ARCH_X86_IRQ_H
#define ARCH_X86_IRQ_H

#include <stdbool.h>

#define X86_IRQ_PIT 0
#define X86_IRQ_KBD 1
#define X86_IRQ_COM1 4

void x86_pic_init(void);
void x86_irq_register(unsigned irq, void (*fn)(void *ctx), void *ctx);
bool x86_pic_is_vector(unsigned long v);
void x86_pic_eoi(unsigned long v);

#endif
