/*
 * vmm.c: x86-64 four-level paging (see vmm.h for the interface and layout).
 *
 * Page tables are reached through the direct map. Intermediate tables are
 * allocated from the page allocator on demand and zeroed; they are never
 * freed (the address space only grows). Intermediate entries are created
 * writable and user-accessible: permissions are decided by the leaf entry.
 * 2 MiB leaves exist only in the direct map and the kernel image; vmm_map
 * refuses to split them (-EBUSY).
 *
 * Invariant: every change of a present leaf is followed by invlpg of that
 * page before vmm_lock is released.
 */
#include <errno.h>
#include <string.h>
#include "arch/x86/vmm.h"
#include "arch/x86/cpu.h"
#include "kernel/pmm.h"
#include "kernel/klog.h"
#include "kernel/panic.h"
#include "kernel/spinlock.h"

#define PTE_P    (1ull << 0)
#define PTE_W    (1ull << 1)
#define PTE_U    (1ull << 2)
#define PTE_PWT  (1ull << 3)
#define PTE_PCD  (1ull << 4)
#define PTE_A    (1ull << 5)
#define PTE_D    (1ull << 6)
#define PTE_PS   (1ull << 7)
#define PTE_G    (1ull << 8)
#define PTE_NX   (1ull << 63)
#define PTE_ADDR 0x000ffffffffff000ull

#define FAULT_REGIONS 8

extern uint64_t boot_pml4[512];

static struct spinlock vmm_lock = SPINLOCK_INIT("vmm");
static uint64_t *pml4;			/* I */
static bool have_nx;			/* I */
static uint64_t direct_top;		/* vmm_lock: direct map covers [0, top) */
static struct {
	uint64_t start, end;
	vmm_fault_fn fn;
	void *ctx;
} regions[FAULT_REGIONS];		/* vmm_lock to change; read in faults */
static int nregions;

uint64_t vmm_virt_to_phys(const void *va)
{
	uint64_t v = (uint64_t)va;
	if (v >= KERNEL_VMA)
		return v - KERNEL_VMA;
	if (v >= X86_DIRECT_BASE && v < X86_HEAP_BASE)
		return v - X86_DIRECT_BASE;
	uint64_t pa;
	if (vmm_query(v & ~0xfffull, &pa, 0) == 0)
		return pa | (v & 0xfff);
	return 0;
}

static uint64_t *table_of(uint64_t entry)
{
	return vmm_phys_to_virt(entry & PTE_ADDR);
}

static uint64_t leaf_bits(unsigned flags)
{
	uint64_t e = PTE_P;
	if (flags & VMM_WRITE)
		e |= PTE_W;
	if (flags & VMM_USER)
		e |= PTE_U;
	if (flags & VMM_NOCACHE)
		e |= PTE_PCD | PTE_PWT;
	if (!(flags & VMM_EXEC) && have_nx)
		e |= PTE_NX;
	return e;
}

static unsigned flags_of(uint64_t e)
{
	unsigned f = VMM_PRESENT;
	if (e & PTE_W)
		f |= VMM_WRITE;
	if (e & PTE_U)
		f |= VMM_USER;
	if (e & PTE_PCD)
		f |= VMM_NOCACHE;
	if (!(e & PTE_NX))
		f |= VMM_EXEC;
	if (e & PTE_A)
		f |= VMM_ACCESSED;
	if (e & PTE_D)
		f |= VMM_DIRTY;
	return f;
}

static bool canonical(uint64_t va)
{
	uint64_t top = va >> 47;
	return top == 0 || top == 0x1ffff;
}

/*
 * Find the leaf entry for va. With create, missing tables are allocated.
 * Returns NULL when absent (or no memory), and sets *large when the walk
 * ended at a 2 MiB or 1 GiB page. Caller holds vmm_lock.
 */
static uint64_t *walk(uint64_t va, bool create, bool *large)
{
	uint64_t *t = pml4;
	*large = false;
	for (int level = 3; level > 0; level--) {
		unsigned idx = (va >> (12 + 9 * level)) & 511;
		uint64_t e = t[idx];
		if (!(e & PTE_P)) {
			if (!create)
				return 0;
			uint64_t pa = pmm_alloc();
			if (!pa)
				return 0;
			memset(vmm_phys_to_virt(pa), 0, PAGE_SIZE);
			t[idx] = pa | PTE_P | PTE_W | PTE_U;
			e = t[idx];
		} else if (e & PTE_PS) {
			*large = true;
			return &t[idx];
		}
		t = table_of(e);
	}
	return &t[(va >> 12) & 511];
}

int vmm_map(uint64_t va, uint64_t pa, unsigned flags)
{
	bool large;
	int rc = 0;
	if (!canonical(va) || (va | pa) & 0xfff)
		panic("vmm_map: bad address va 0x%lx pa 0x%lx", va, pa);
	spin_lock(&vmm_lock);
	uint64_t *pte = walk(va, true, &large);
	if (!pte)
		rc = -ENOMEM;
	else if (large)
		rc = -EBUSY;
	else if (*pte & PTE_P)
		rc = -EEXIST;
	else
		*pte = pa | leaf_bits(flags);
	spin_unlock(&vmm_lock);
	return rc;
}

int vmm_unmap(uint64_t va, uint64_t *pa)
{
	bool large;
	int rc = -ENOENT;
	spin_lock(&vmm_lock);
	uint64_t *pte = walk(va, false, &large);
	if (pte && !large && (*pte & PTE_P)) {
		if (pa)
			*pa = *pte & PTE_ADDR;
		*pte = 0;
		x86_invlpg(va);
		rc = 0;
	}
	spin_unlock(&vmm_lock);
	return rc;
}

int vmm_protect(uint64_t va, unsigned flags)
{
	bool large;
	int rc = -ENOENT;
	spin_lock(&vmm_lock);
	uint64_t *pte = walk(va, false, &large);
	if (pte && !large && (*pte & PTE_P)) {
		uint64_t keep = *pte & (PTE_ADDR | PTE_A | PTE_D);
		*pte = keep | leaf_bits(flags);
		x86_invlpg(va);
		rc = 0;
	}
	spin_unlock(&vmm_lock);
	return rc;
}

int vmm_query(uint64_t va, uint64_t *pa, unsigned *flags)
{
	bool large;
	int rc = -ENOENT;
	if (!canonical(va))
		return -EINVAL;
	spin_lock(&vmm_lock);
	uint64_t *pte = walk(va, false, &large);
	if (pte && (*pte & PTE_P)) {
		uint64_t mask = large ? 0x1fffffull : 0;
		if (pa)
			*pa = ((*pte & PTE_ADDR) & ~mask) | (va & mask & ~0xfffull);
		if (flags)
			*flags = flags_of(*pte);
		rc = 0;
	}
	spin_unlock(&vmm_lock);
	return rc;
}

bool vmm_is_mapped(uint64_t va)
{
	return vmm_query(va & ~0xfffull, 0, 0) == 0;
}

unsigned vmm_test_and_clear(uint64_t va, unsigned bits)
{
	bool large;
	unsigned was = 0;
	uint64_t clear = ((bits & VMM_ACCESSED) ? PTE_A : 0) | ((bits & VMM_DIRTY) ? PTE_D : 0);
	spin_lock(&vmm_lock);
	uint64_t *pte = walk(va, false, &large);
	if (pte && !large && (*pte & PTE_P)) {
		uint64_t old = __atomic_fetch_and(pte, ~clear, __ATOMIC_SEQ_CST);
		was = flags_of(old) & (VMM_ACCESSED | VMM_DIRTY) & bits;
		if (old & clear)
			x86_invlpg(va);
	}
	spin_unlock(&vmm_lock);
	return was;
}

void vmm_flush(uint64_t va)
{
	x86_invlpg(va);
}

void vmm_flush_all(void)
{
	x86_write_cr3(x86_read_cr3());
}

int vmm_fault_region(uint64_t start, uint64_t end, vmm_fault_fn fn, void *ctx)
{
	int rc = -ENOSPC;
	spin_lock(&vmm_lock);
	if (nregions < FAULT_REGIONS) {
		regions[nregions].start = start;
		regions[nregions].end = end;
		regions[nregions].ctx = ctx;
		regions[nregions].fn = fn;
		__atomic_store_n(&nregions, nregions + 1, __ATOMIC_RELEASE);
		rc = 0;
	}
	spin_unlock(&vmm_lock);
	return rc;
}

bool vmm_page_fault(uint64_t addr, uint64_t error, bool irqs_were_on)
{
	int n = __atomic_load_n(&nregions, __ATOMIC_ACQUIRE);
	for (int i = 0; i < n; i++) {
		if (addr < regions[i].start || addr >= regions[i].end)
			continue;
		unsigned why = error & (VMM_FAULT_PRESENT | VMM_FAULT_WRITE | VMM_FAULT_USER |
					VMM_FAULT_EXEC);
		if (irqs_were_on)
			x86_irq_enable();
		int rc = regions[i].fn(addr, why, regions[i].ctx);
		x86_irq_disable();
		return rc == 0;
	}
	return false;
}

/* Map [from, to) of physical memory into the direct map with 2 MiB pages. */
static int direct_map_range(uint64_t from, uint64_t to, bool nocache)
{
	from &= ~0x1fffffull;
	for (uint64_t pa = from; pa < to; pa += 0x200000) {
		uint64_t va = X86_DIRECT_BASE + pa;
		uint64_t *t = pml4;
		for (int level = 3; level > 1; level--) {
			unsigned idx = (va >> (12 + 9 * level)) & 511;
			if (!(t[idx] & PTE_P)) {
				uint64_t npa = pmm_alloc();
				if (!npa)
					return -ENOMEM;
				memset(vmm_phys_to_virt(npa), 0, PAGE_SIZE);
				t[idx] = npa | PTE_P | PTE_W;
			}
			t = table_of(t[idx]);
		}
		uint64_t *pde = &t[(va >> 21) & 511];
		if (!(*pde & PTE_P))
			*pde = pa | PTE_P | PTE_W | PTE_PS | (have_nx ? PTE_NX : 0) |
			       (nocache ? PTE_PCD | PTE_PWT : 0);
	}
	return 0;
}

void *vmm_map_phys(uint64_t pa, uint64_t len, bool nocache)
{
	spin_lock(&vmm_lock);
	int rc = direct_map_range(pa, pa + len, nocache);
	if (rc == 0 && pa + len > direct_top)
		direct_top = pa + len;
	spin_unlock(&vmm_lock);
	return rc ? 0 : vmm_phys_to_virt(pa);
}

void vmm_init(uint64_t top)
{
	uint32_t r[4];
	x86_cpuid(0x80000001, 0, r);
	have_nx = (r[3] >> 20) & 1;
	pml4 = boot_pml4;
	direct_top = 4ull << 30;		/* boot.S mapped 0..4 GiB */
	spin_lock(&vmm_lock);
	if (top > direct_top && direct_map_range(direct_top, top, false) != 0)
		panic("out of memory extending the direct map to 0x%lx", top);
	if (top > direct_top)
		direct_top = top;
	pml4[0] = 0;				/* the lower half is for vmm_map now */
	spin_unlock(&vmm_lock);
	vmm_flush_all();
}
