/*
 * power.h: leaving the machine: QEMU's debug exit, reboot, power-off.
 *
 * Interface:
 *   x86_qemu_exit(code)   write code to the isa-debug-exit port (0xf4):
 *                         QEMU exits with status (code << 1) | 1. Returns if
 *                         the device is absent.
 *   x86_reboot()          ACPI reset register (if the FADT gave one), then
 *                         the keyboard controller pulse, then a triple fault
 *   x86_poweroff()        ACPI S5 via PM1a/PM1b control (if known), then the
 *                         QEMU/Bochs shortcuts; returns only if all failed
 *   x86_power_set_acpi(...)  what kernel/acpi.c found in the FADT/DSDT
 */
#ifndef ARCH_X86_POWER_H
#define ARCH_X86_POWER_H

#include <stdbool.h>
#include <stdint.h>

#define X86_QEMU_EXIT_PORT 0xf4
#define X86_QEMU_EXIT_PASS 0x10		/* QEMU status 33 */
#define X86_QEMU_EXIT_FAIL 0x11		/* QEMU status 35 */

struct x86_acpi_power {
	uint32_t pm1a_cnt, pm1b_cnt;	/* I/O ports; 0 if unknown */
	uint16_t slp_typa, slp_typb;	/* S5 sleep types */
	bool s5_known;
	bool reset_known;		/* reset register is I/O space */
	uint16_t reset_port;
	uint8_t reset_value;
};

void x86_qemu_exit(uint8_t code);
__attribute__((noreturn)) void x86_reboot(void);
void x86_poweroff(void);
void x86_power_set_acpi(const struct x86_acpi_power *p);

#endif
