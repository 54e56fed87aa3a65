/*
 * hpet.c: HPET main counter (see hpet.h). Only the counter is used, no
 * comparators. The period register is in femtoseconds and must be
 * non-zero and at most 100 ns (the specification's limit).
 */
#include "arch/x86/hpet.h"
#include "arch/x86/apic.h"
#include "arch/x86/vmm.h"
#include "kernel/klog.h"

#define REG_CAP 0x000
#define REG_CFG 0x010
#define REG_COUNTER 0x0f0

static volatile uint64_t *hpet;		/* I */
static uint64_t period_fs;		/* I */

bool x86_hpet_init(uint64_t phys)
{
	hpet = vmm_map_phys(phys, 4096, true);
	if (!hpet)
		return false;
	period_fs = hpet[REG_CAP / 8] >> 32;
	if (period_fs == 0 || period_fs > 100000000ull) {
		klog(KLOG_WARN, "hpet: bad counter period %lu fs; not used", period_fs);
		hpet = 0;
		return false;
	}
	hpet[REG_CFG / 8] |= 1;			/* enable the main counter */
	return true;
}

uint64_t x86_hpet_now_ns(void)
{
	uint64_t c = hpet[REG_COUNTER / 8];	/* split: no 128-bit division */
	return c / 1000000u * period_fs + c % 1000000u * period_fs / 1000000u;
}

void x86_hpet_wait_calibration(void)
{
	uint64_t end = x86_hpet_now_ns() + X86_CALIBRATE_NS;
	while (x86_hpet_now_ns() < end)
		__asm__ volatile("pause");
}
