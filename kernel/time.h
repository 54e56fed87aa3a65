/*
 * time.h: kernel time.
 *
 * time_now_ns() is a monotonic clock in nanoseconds since time_init(), read
 * from the TSC scaled by a rate calibrated against the HPET (or the PIT when
 * there is no usable HPET). Deadlines everywhere are absolute values of this
 * clock. The local APIC timer interrupts SCHED_HZ times per second and drives
 * the scheduler (sleepers, time slices).
 *
 * Interface:
 *   time_init(hpet_phys, tlb_regrow)
 *                          calibrate (hpet_phys 0: use the PIT), start the
 *                          tick; tlb_regrow: flush the whole TLB every 100 ms
 *                          (for QEMU's TCG, time.c)
 *   time_now_ns()          0 before time_init
 *   time_source()          "HPET" or "PIT"
 *   time_ticks()           timer interrupts so far
 */
#ifndef KERNEL_TIME_H
#define KERNEL_TIME_H

#include <stdbool.h>
#include <stdint.h>

void time_init(uint64_t hpet_phys, bool tlb_regrow);
uint64_t time_now_ns(void);
const char *time_source(void);
uint64_t time_ticks(void);

#endif
