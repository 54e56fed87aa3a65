/*
 * mb2.h: the multiboot2 boot information parser.
 *
 * Interface:
 *   mb2_parse(magic, info, info_phys, out)
 *     walks every tag of the multiboot2 information at `info` (mapped,
 *     readable) and fills *out. Returns true when the kernel can go on (the
 *     magic and the header are sane), false when nothing can be trusted.
 *     Each malformed or missing tag is reported with one klog line naming it,
 *     counted in out->warnings, and replaced by a fallback where one exists:
 *       no/bad memory map  -> basic meminfo tag -> [1 MiB, 16 MiB)
 *       no framebuffer     -> BOOT_FB_NONE (serial console only)
 *       no/bad RSDP        -> rsdp_version 0 (acpi.c searches BIOS areas)
 *       no command line    -> ""
 *
 * All multiboot2 knowledge of the kernel lives in mb2.c.
 */
#ifndef KERNEL_MB2_H
#define KERNEL_MB2_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/bootinfo.h"

#define MB2_BOOT_MAGIC 0x36d76289u
#define MB2_INFO_MAX (1u << 20)		/* larger info areas are rejected */

bool mb2_parse(uint32_t magic, const void *info, uint64_t info_phys, struct boot_info *out);

#endif
