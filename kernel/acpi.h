/*
 * acpi.h: the ACPI tables Amber reads: RSDP, RSDT/XSDT, MADT, HPET, FADT
 * (and the \_S5 object of the DSDT, for power-off).
 *
 * Interface:
 *   acpi_parse(rsdp, map, out)   parse from an RSDP copy; map(pa, len)
 *                                returns a readable pointer to physical memory
 *                                (or NULL). Every table's signature, length and
 *                                checksum are checked; a bad table is skipped
 *                                with a log line. Returns false if no usable
 *                                root table was found.
 *   acpi_init(bi, disabled)      find the RSDP (boot-loader copy, else the BIOS
 *                                areas), parse, log what was found, and hand
 *                                power-off/reset data to arch/x86/power.c
 *   acpi_get()                   the result (zeroed when no ACPI)
 */
#ifndef KERNEL_ACPI_H
#define KERNEL_ACPI_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/bootinfo.h"

struct acpi_info {
	bool present;
	int rsdp_revision;
	char oem[7];
	int tables;			/* valid tables seen in the root table */
	bool madt;
	uint64_t lapic_phys;
	int cpu_count;
	uint64_t ioapic_phys;
	int ioapic_count;
	uint64_t hpet_phys;		/* 0: no HPET */
	bool fadt;
	uint32_t pm1a_cnt, pm1b_cnt;
	bool reset_io;			/* reset register in I/O space */
	uint16_t reset_port;
	uint8_t reset_value;
	bool s5;
	uint16_t slp_typa, slp_typb;
};

typedef const void *(*acpi_map_fn)(uint64_t pa, uint64_t len);

bool acpi_parse(const uint8_t *rsdp, acpi_map_fn map, struct acpi_info *out);
void acpi_init(const struct boot_info *bi, bool disabled);
const struct acpi_info *acpi_get(void);

#endif
