/*
 * pit.c: 8254 PIT busy-wait for calibration (see pit.h).
 * Channel 2 is gated by port 0x61 bit 0; its output is readable in bit 5.
 * A 50 ms count (59659 at 1.193182 MHz) fits in 16 bits.
 */
#include "arch/x86/pit.h"
#include "arch/x86/apic.h"
#include "arch/x86/cpu.h"

#define PIT_HZ 1193182u

void x86_pit_wait_calibration(void)
{
	uint32_t count = (uint32_t)((uint64_t)PIT_HZ * X86_CALIBRATE_NS / 1000000000u);
	uint8_t gate = x86_inb(0x61);
	x86_outb(0x61, (gate & ~0x02) & ~0x01);	/* speaker off, gate low */
	x86_outb(0x43, 0xb0);			/* ch 2, lo/hi, mode 0, binary */
	x86_outb(0x42, count & 0xff);
	x86_outb(0x42, count >> 8);
	x86_outb(0x61, (gate & ~0x02) | 0x01);	/* gate high: start counting */
	for (uint64_t spins = 0; !(x86_inb(0x61) & 0x20); spins++)
		if (spins > 100000000ull)
			break;			/* a broken PIT must not hang boot */
	x86_outb(0x61, gate & ~0x03);
}

void x86_pit_disable(void)
{
	x86_outb(0x43, 0x30);			/* ch 0, lo/hi, mode 0 */
	x86_outb(0x40, 0);
	x86_outb(0x40, 0);
}
