/*
 * bootinfo.h: what the kernel learned from the boot loader, in a form that
 * no longer depends on multiboot2 (kernel/mb2.c fills it in).
 *
 * Addresses are physical. Pointers (cmdline, module strings, rsdp) point into
 * the copies held in struct boot_info itself, so the multiboot2 information
 * area may be reused once parsing is done.
 */
#ifndef KERNEL_BOOTINFO_H
#define KERNEL_BOOTINFO_H

#include <stdbool.h>
#include <stdint.h>

#define BOOT_MMAP_MAX 128
#define BOOT_MODULES_MAX 64	/* programs for the VM (tools/amber-run) */
#define BOOT_CMDLINE_MAX 256

enum boot_mem_type {
	BOOT_MEM_AVAILABLE = 1,
	BOOT_MEM_RESERVED = 2,
	BOOT_MEM_ACPI_RECLAIMABLE = 3,
	BOOT_MEM_NVS = 4,
	BOOT_MEM_BAD = 5,
};

struct boot_mmap_entry {
	uint64_t base;
	uint64_t len;
	uint32_t type;		/* enum boot_mem_type; others count as reserved */
};

struct boot_module {
	uint64_t start, end;	/* [start, end) */
	char cmdline[BOOT_CMDLINE_MAX];	/* name and arguments (tools/amber-run) */
};

enum boot_fb_type { BOOT_FB_NONE, BOOT_FB_RGB, BOOT_FB_TEXT, BOOT_FB_OTHER };

struct boot_fb {
	int type;		/* enum boot_fb_type */
	uint64_t addr;
	uint32_t pitch, width, height;
	uint8_t bpp;
	uint8_t red_pos, red_size, green_pos, green_size, blue_pos, blue_size;
};

struct boot_info {
	uint64_t info_start, info_end;		/* the multiboot2 area itself */
	char cmdline[BOOT_CMDLINE_MAX];
	char loader[64];
	struct boot_mmap_entry mmap[BOOT_MMAP_MAX];
	int mmap_count;
	bool mmap_from_fallback;		/* no usable mmap tag */
	struct boot_module modules[BOOT_MODULES_MAX];
	int module_count;
	struct boot_fb fb;
	uint8_t rsdp[36];			/* a copy of the RSDP */
	int rsdp_version;			/* 0 none, 1 (ACPI 1.0), 2 (2.0+) */
	int warnings;				/* malformed or missing tags seen */
};

#endif
