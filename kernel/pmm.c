/*
 * pmm.c: the physical page allocator (see pmm.h).
 *
 * Planning works on "elementary intervals": every start and end of a map
 * entry or reserved range is a cut point; between two neighbouring cuts each
 * interval is either wholly inside an entry or wholly outside, so it is
 * usable iff some available entry covers it and no other entry and no
 * reserved range does. That handles overlaps, duplicates and unsorted maps
 * with no special cases. Usable intervals are merged, then shrunk inward to
 * page boundaries. O(n^2) in the number of entries, which is small.
 *
 * Allocation scans the bitmap a 64-bit word at a time from a rotating hint.
 * Invariant: a bit is 1 exactly when its page is usable and not allocated;
 * nfree counts the 1 bits.
 */
#include <string.h>
#include "kernel/pmm.h"
#include "kernel/spinlock.h"

#define MAX_CUTS (2 * (BOOT_MMAP_MAX + 16))

static struct spinlock pmm_lock = SPINLOCK_INIT("pmm");
static uint64_t *bitmap;		/* pmm_lock */
static uint64_t nwords;			/* I */
static uint64_t hint;			/* pmm_lock: word to start searching at */
static uint64_t nfree, ntotal;		/* pmm_lock */
static struct pmm_range managed[PMM_MAX_RANGES];	/* I: what pmm_init got */
static int nmanaged;					/* I */

static bool covers(uint64_t base, uint64_t end, uint64_t a, uint64_t b)
{
	return base <= a && b <= end;
}

static void sort_u64(uint64_t *v, int n)
{
	for (int i = 1; i < n; i++) {
		uint64_t x = v[i];
		int j = i;
		while (j > 0 && v[j - 1] > x) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

/* Append [base, end) shrunk to page boundaries, if anything is left. */
static void emit(struct pmm_range *out, int *nout, int max, uint64_t base, uint64_t end)
{
	uint64_t lo = (base + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
	uint64_t hi = end & ~(uint64_t)(PAGE_SIZE - 1);
	if (lo < hi && *nout < max)
		out[(*nout)++] = (struct pmm_range){ lo, hi };
}

int pmm_plan(const struct boot_mmap_entry *map, int n, const struct pmm_range *res,
	     int nres, struct pmm_range *out, int max)
{
	uint64_t cuts[MAX_CUTS];
	int nc = 0, nout = 0;

	for (int i = 0; i < n && nc + 2 <= MAX_CUTS; i++) {
		uint64_t end = map[i].base + map[i].len;
		if (end < map[i].base)
			end = UINT64_MAX;		/* wrapping entry: clamp */
		cuts[nc++] = map[i].base;
		cuts[nc++] = end;
	}
	for (int i = 0; i < nres && nc + 2 <= MAX_CUTS; i++) {
		cuts[nc++] = res[i].base;
		cuts[nc++] = res[i].end;
	}
	sort_u64(cuts, nc);

	/* usable elementary intervals, merged as they come (cuts are sorted) */
	uint64_t run_base = 0, run_end = 0;
	bool in_run = false;
	for (int c = 0; c + 1 < nc; c++) {
		uint64_t a = cuts[c], b = cuts[c + 1];
		if (a == b)
			continue;
		bool usable = false, blocked = false;
		for (int i = 0; i < n; i++) {
			uint64_t end = map[i].base + map[i].len;
			if (end < map[i].base)
				end = UINT64_MAX;
			if (!covers(map[i].base, end, a, b))
				continue;
			if (map[i].type == BOOT_MEM_AVAILABLE)
				usable = true;
			else
				blocked = true;
		}
		for (int i = 0; i < nres; i++)
			if (covers(res[i].base, res[i].end, a, b))
				blocked = true;
		if (!usable || blocked)
			continue;
		if (in_run && run_end == a) {
			run_end = b;
			continue;
		}
		if (in_run)
			emit(out, &nout, max, run_base, run_end);
		run_base = a;
		run_end = b;
		in_run = true;
	}
	if (in_run)
		emit(out, &nout, max, run_base, run_end);
	return nout;
}

size_t pmm_bitmap_bytes(const struct pmm_range *r, int n)
{
	uint64_t top = n ? r[n - 1].end : 0;
	uint64_t pages = top >> PAGE_SHIFT;
	return ((pages + 63) / 64) * 8;
}

uint64_t pmm_carve(struct pmm_range *r, int *n, size_t bytes)
{
	uint64_t size = (bytes + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
	for (int i = 0; i < *n; i++) {
		if (r[i].end - r[i].base < size)
			continue;
		uint64_t pa = r[i].base;
		r[i].base += size;
		if (r[i].base == r[i].end) {
			memmove(&r[i], &r[i + 1], (*n - i - 1) * sizeof *r);
			(*n)--;
		}
		return pa;
	}
	return 0;
}

void pmm_init(const struct pmm_range *r, int n, uint64_t *bm)
{
	size_t bytes = pmm_bitmap_bytes(r, n);
	memset(bm, 0, bytes);
	bitmap = bm;
	nwords = bytes / 8;
	nfree = ntotal = 0;
	hint = 0;
	nmanaged = 0;
	for (int i = 0; i < n; i++) {
		if (nmanaged < PMM_MAX_RANGES)
			managed[nmanaged++] = r[i];
		for (uint64_t p = r[i].base >> PAGE_SHIFT; p < r[i].end >> PAGE_SHIFT; p++) {
			bm[p / 64] |= 1ull << (p % 64);
			nfree++;
		}
	}
	ntotal = nfree;
}

/* One page from bitmap words [lo, hi), starting at the hint when inside. */
static uint64_t alloc_in(uint64_t lo, uint64_t hi)
{
	uint64_t pa = 0;
	spin_lock(&pmm_lock);
	if (hi > nwords)
		hi = nwords;
	uint64_t span = hi > lo ? hi - lo : 0;
	uint64_t start = hint >= lo && hint < hi ? hint - lo : 0;
	for (uint64_t k = 0; k < span; k++) {
		uint64_t w = lo + (start + k) % span;
		if (!bitmap[w])
			continue;
		int bit = __builtin_ctzll(bitmap[w]);
		bitmap[w] &= ~(1ull << bit);
		nfree--;
		hint = w;
		pa = (w * 64 + bit) << PAGE_SHIFT;
		break;
	}
	spin_unlock(&pmm_lock);
	return pa;
}

uint64_t pmm_alloc(void)
{
	return alloc_in(0, UINT64_MAX);
}

uint64_t pmm_alloc_below(uint64_t limit)
{
	return alloc_in(0, (limit >> PAGE_SHIFT) / 64);
}

/* n (1..64) physically contiguous pages inside one bitmap word, below limit
 * (for device rings: virtqueues, AHCI command lists). */
uint64_t pmm_alloc_contig(unsigned n, uint64_t limit)
{
	uint64_t pa = 0, hi = (limit >> PAGE_SHIFT) / 64;
	if (n == 0 || n > 64)
		return 0;
	uint64_t run = n == 64 ? ~0ull : (1ull << n) - 1;
	spin_lock(&pmm_lock);
	if (hi > nwords)
		hi = nwords;
	for (uint64_t w = 0; w < hi && !pa; w++) {
		for (unsigned b = 0; b + n <= 64; b++) {
			if (((bitmap[w] >> b) & run) != run)
				continue;
			bitmap[w] &= ~(run << b);
			nfree -= n;
			pa = (w * 64 + b) << PAGE_SHIFT;
			break;
		}
	}
	spin_unlock(&pmm_lock);
	return pa;
}

uint64_t pmm_alloc_above(uint64_t limit)
{
	return alloc_in(((limit >> PAGE_SHIFT) + 63) / 64, UINT64_MAX);
}

uint64_t pmm_top(void)
{
	return nwords * 64 * PAGE_SIZE;
}

int pmm_free(uint64_t pa)
{
	uint64_t p = pa >> PAGE_SHIFT;
	int rc = -1;
	bool ok = false;
	if (pa & (PAGE_SIZE - 1))
		return -1;
	for (int i = 0; i < nmanaged; i++)
		if (pa >= managed[i].base && pa < managed[i].end)
			ok = true;
	if (!ok)
		return -1;
	spin_lock(&pmm_lock);
	if (p / 64 < nwords && !(bitmap[p / 64] & (1ull << (p % 64)))) {
		bitmap[p / 64] |= 1ull << (p % 64);
		nfree++;
		rc = 0;
	}
	spin_unlock(&pmm_lock);
	return rc;
}

uint64_t pmm_free_pages(void)
{
	return __atomic_load_n(&nfree, __ATOMIC_RELAXED);
}

uint64_t pmm_total_pages(void)
{
	return ntotal;
}
