/*
 * power.c: QEMU exit, reboot and power-off (see power.h).
 * Each path tries the precise mechanism first and falls back to the crude
 * ones, so a machine without ACPI still reboots.
 */
#include "arch/x86/power.h"
#include "arch/x86/cpu.h"

static struct x86_acpi_power acpi;	/* I: set once by acpi.c */

void x86_power_set_acpi(const struct x86_acpi_power *p)
{
	acpi = *p;
}

void x86_qemu_exit(uint8_t code)
{
	x86_outb(X86_QEMU_EXIT_PORT, code);
}

void x86_reboot(void)
{
	x86_irq_disable();
	if (acpi.reset_known)
		x86_outb(acpi.reset_port, acpi.reset_value);
	for (int i = 0; i < 100000 && (x86_inb(0x64) & 2); i++)
		;
	x86_outb(0x64, 0xfe);			/* keyboard controller: pulse reset */
	x86_outb(0xcf9, 0x06);			/* PCI reset control */
	static const struct { uint16_t limit; uint64_t base; } __attribute__((packed)) none = { 0, 0 };
	__asm__ volatile("lidt %0; int3" : : "m"(none));	/* triple fault */
	for (;;)
		x86_halt();
}

void x86_poweroff(void)
{
	x86_irq_disable();
	if (acpi.s5_known && acpi.pm1a_cnt) {
		x86_outw(acpi.pm1a_cnt, (uint16_t)((acpi.slp_typa << 10) | (1u << 13)));
		if (acpi.pm1b_cnt)
			x86_outw(acpi.pm1b_cnt, (uint16_t)((acpi.slp_typb << 10) | (1u << 13)));
	}
	x86_outw(0x604, 0x2000);		/* QEMU q35/pc with ACPI at 0x600 */
	x86_outw(0xb004, 0x2000);		/* Bochs, old QEMU */
}
