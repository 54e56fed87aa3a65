/*
 * pmm.h: the physical page allocator.
 *
 * Two steps. pmm_plan() turns the firmware memory map plus the ranges the
 * kernel must keep (its image, the multiboot2 information, modules, the first
 * MiB) into a sorted list of disjoint, page-aligned usable ranges: where
 * entries overlap, anything that is not "available" wins; holes stay unused.
 * pmm_init() then builds a bitmap over [0, top of the highest usable range)
 * with one bit per 4 KiB page (1 = free), in storage the caller provides.
 *
 * Interface:
 *   pmm_plan(map, n, reserved, nres, out, max)  -> number of usable ranges
 *   pmm_bitmap_bytes(ranges, n)                 size of the bitmap for them
 *   pmm_carve(ranges, &n, bytes)                take bytes (page-rounded) off
 *                                               the lowest range that fits;
 *                                               returns their physical base
 *   pmm_init(ranges, n, bitmap)
 *   pmm_alloc()          one page, contents undefined; returns its physical
 *                        address, 0 when out of memory
 *   pmm_alloc_below(limit)  the same, page below `limit` (e.g. 4 GiB for DMA)
 *                        (limits are rounded to 256 KiB: one bitmap word)
 *   pmm_alloc_above(limit)  the same, page at or above `limit`
 *   pmm_alloc_contig(n, limit)  n (1..64) physically contiguous pages below
 *                        `limit` (device rings); free each page with pmm_free
 *   pmm_top()            end of the highest page the bitmap covers
 *   pmm_free(pa)         0, or -1 if pa was not allocated (double free or not
 *                        managed memory): the caller decides how bad that is
 *   pmm_free_pages(), pmm_total_pages()
 *
 * Locking: pmm_lock (a spinlock) protects the bitmap and the counters; the
 * allocator never sleeps and may be called with other spinlocks held
 * (it is innermost but for klog). See docs/THREADING.md.
 */
#ifndef KERNEL_PMM_H
#define KERNEL_PMM_H

#include <stddef.h>
#include <stdint.h>
#include "kernel/bootinfo.h"

#define PAGE_SIZE 4096u
#define PAGE_SHIFT 12
#define PMM_MAX_RANGES 128

struct pmm_range {
	uint64_t base, end;		/* [base, end), page aligned */
};

int pmm_plan(const struct boot_mmap_entry *map, int n, const struct pmm_range *reserved,
	     int nres, struct pmm_range *out, int max);
size_t pmm_bitmap_bytes(const struct pmm_range *r, int n);
uint64_t pmm_carve(struct pmm_range *r, int *n, size_t bytes);
void pmm_init(const struct pmm_range *r, int n, uint64_t *bitmap);
uint64_t pmm_alloc(void);
uint64_t pmm_alloc_below(uint64_t limit);
uint64_t pmm_alloc_above(uint64_t limit);
uint64_t pmm_alloc_contig(unsigned n, uint64_t limit);
uint64_t pmm_top(void);
int pmm_free(uint64_t pa);
uint64_t pmm_free_pages(void);
uint64_t pmm_total_pages(void);

#endif
