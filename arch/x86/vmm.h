/*
 * vmm.h: paging. The one address space Amber runs in, and the interface the
 * kernel, the VM's object memory and the snapshot code use to change it.
 *
 * Virtual layout:
 *   0x0000000000000000 .. 0x00007fffffffffff  lower half: free for mappings
 *       made with vmm_map (object memory will sit at 0x200000000000)
 *   0xffff800000000000 (X86_DIRECT_BASE)  direct map of all physical memory
 *       (2 MiB pages, writable, no-execute), extended by vmm_map_phys()
 *   0xffffc00000000000 (X86_HEAP_BASE)    kernel heap, grown by kernel/heap.c
 *       from X86_HEAP_START (below)
 *   0xffffd00000000000 (X86_STACK_BASE)   kernel thread stacks, each with an
 *       unmapped guard page below it
 *   0xffffffff80000000 (KERNEL_VMA)       the kernel image
 *
 * Interface (all addresses page aligned; 4 KiB pages):
 *   vmm_init(top)            extend the direct map to cover [0, top); drop the
 *                            boot identity map (the lower half becomes empty)
 *   vmm_map(va, pa, flags)   0, -ENOMEM (no page for a table) or -EEXIST
 *   vmm_unmap(va, &pa)       0 or -ENOENT; flushes the TLB entry
 *   vmm_protect(va, flags)   change WRITE/EXEC/USER/NOCACHE; flushes
 *   vmm_query(va, &pa, &flags)  flags include VMM_ACCESSED / VMM_DIRTY
 *   vmm_test_and_clear(va, bits) clear ACCESSED and/or DIRTY, return the bits
 *                            that were set; flushes so the CPU sets them anew
 *   vmm_flush(va), vmm_flush_all()
 *   vmm_fault_region(start, end, fn, ctx)
 *                            page faults in [start, end) call
 *                            fn(addr, why, ctx); fn returns 0 when it fixed
 *                            the fault (the access is retried), anything else
 *                            makes the fault fatal. fn runs with interrupts as
 *                            they were at the fault, on the faulting thread's
 *                            stack, and may sleep (not if the fault happened
 *                            under a spinlock, which is forbidden anyway).
 *   vmm_map_phys(pa, len, nocache)  direct-map pointer to a physical range
 *                            (MMIO, framebuffer), mapping it if needed
 *   vmm_phys_to_virt(pa), vmm_virt_to_phys(va)
 *
 * Locking: vmm_lock (spinlock) protects the page tables; it is taken before
 * pmm_lock. Single CPU: TLB flushes are local (shootdowns come with SMP).
 */
#ifndef ARCH_X86_VMM_H
#define ARCH_X86_VMM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define X86_KERNEL_SPACE 0xffff800000000000ull
#define X86_DIRECT_BASE  0xffff800000000000ull
#define X86_HEAP_BASE    0xffffc00000000000ull
#define X86_HEAP_MAX     (1ull << 36)		/* 64 GiB of kernel heap space */
/* The heap starts 682 pages (binary 1010101010) into its region. QEMU's
 * software TLB (TCG, Amber's default machine) is direct-mapped: entry
 * (va >> 12) mod 2^n, for a size 2^n it picks. Regions aligned to large
 * powers of two put their first pages on the same entries, and the VM
 * contexts (the heap's first objects, read by every instruction) evicted
 * object memory's first page (VMGlobal, likewise) and back: a guest ran
 * about 12% slower or not depending on what the kernel allocated first
 * (docs/PERFORMANCE.md). With alternating bits the heap's first page lies
 * a third or two thirds of the way round a TLB of 256 to 2048 entries,
 * and 682 entries away in larger ones. */
#define X86_HEAP_START   (X86_HEAP_BASE + 0x2aaull * 4096)
#define X86_STACK_BASE   0xffffd00000000000ull
#define KERNEL_VMA       0xffffffff80000000ull

/* mapping flags (vmm_map, vmm_protect, vmm_query) */
#define VMM_WRITE    0x01u
#define VMM_EXEC     0x02u
#define VMM_USER     0x04u
#define VMM_NOCACHE  0x08u
/* status bits (vmm_query, vmm_test_and_clear) */
#define VMM_ACCESSED 0x10u
#define VMM_DIRTY    0x20u
#define VMM_PRESENT  0x40u		/* vmm_query: page is mapped */

/* why a fault happened (vmm_fault_fn) */
#define VMM_FAULT_PRESENT 0x1u		/* page was present: a protection fault */
#define VMM_FAULT_WRITE   0x2u
#define VMM_FAULT_USER    0x4u
#define VMM_FAULT_EXEC    0x10u

typedef int (*vmm_fault_fn)(uint64_t addr, unsigned why, void *ctx);

void vmm_init(uint64_t top);
int vmm_map(uint64_t va, uint64_t pa, unsigned flags);
int vmm_unmap(uint64_t va, uint64_t *pa);
int vmm_protect(uint64_t va, unsigned flags);
int vmm_query(uint64_t va, uint64_t *pa, unsigned *flags);
unsigned vmm_test_and_clear(uint64_t va, unsigned bits);
void vmm_flush(uint64_t va);
void vmm_flush_all(void);
bool vmm_is_mapped(uint64_t va);
int vmm_fault_region(uint64_t start, uint64_t end, vmm_fault_fn fn, void *ctx);
void *vmm_map_phys(uint64_t pa, uint64_t len, bool nocache);

/* Called by trap.c for vector 14; true when a hook resolved the fault. */
bool vmm_page_fault(uint64_t addr, uint64_t error, bool irqs_were_on);

static inline void *vmm_phys_to_virt(uint64_t pa)
{
	return (void *)(pa + X86_DIRECT_BASE);
}

uint64_t vmm_virt_to_phys(const void *va);

#endif
