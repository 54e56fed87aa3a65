/*
 * apic.h: the local APIC of this CPU and its timer.
 *
 * Interface:
 *   x86_apic_init(phys)     map the local APIC (phys from the MADT, or 0 for
 *                           the APIC base MSR), enable it with spurious
 *                           vector 0xff, LINT0 = ExtINT (so the 8259 still
 *                           delivers ISA interrupts), LINT1 = NMI
 *   x86_apic_eoi()          end of interrupt (no-op before init)
 *   x86_apic_timer_calibrate(wait)  count APIC timer ticks (divide 16) and
 *                           TSC ticks while wait() busy-waits 50 ms against
 *                           a reference (HPET or PIT); fills the rates
 *   x86_apic_timer_start(hz, fn)   periodic interrupt at hz on vector 0x30,
 *                           calling fn() each time
 *   x86_apic_id()
 */
#ifndef ARCH_X86_APIC_H
#define ARCH_X86_APIC_H

#include <stdbool.h>
#include <stdint.h>

#define X86_CALIBRATE_NS 50000000ull

bool x86_apic_init(uint64_t phys);
void x86_apic_eoi(void);
void x86_apic_timer_calibrate(void (*wait)(void), uint64_t *apic_hz, uint64_t *tsc_hz);
void x86_apic_timer_start(uint32_t hz, void (*fn)(void));
uint32_t x86_apic_id(void);

#endif
