/*
 * hpet.h: the HPET main counter, used as a calibration reference.
 *
 * Interface:
 *   x86_hpet_init(phys)          map it, check the period, start the counter;
 *                                false (with a log line) if it looks broken
 *   x86_hpet_wait_calibration()  busy-wait X86_CALIBRATE_NS on the counter
 *   x86_hpet_now_ns()
 */
#ifndef ARCH_X86_HPET_H
#define ARCH_X86_HPET_H

#include <stdbool.h>
#include <stdint.h>

bool x86_hpet_init(uint64_t phys);
void x86_hpet_wait_calibration(void);
uint64_t x86_hpet_now_ns(void);

#endif
