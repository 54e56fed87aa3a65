/*
 * rtc.h: the CMOS real-time clock, read once for the wall clock.
 *
 * Interface:
 *   x86_rtc_read()   seconds since the Unix epoch (UTC, as the CMOS holds
 *                    it under QEMU), or 0 if the clock reads as nonsense.
 * Reads ports 0x70/0x71; called from thread context with nothing held.
 */
#ifndef ARCH_X86_RTC_H
#define ARCH_X86_RTC_H

#include <stdint.h>

uint64_t x86_rtc_read(void);

#endif
