/*
 * test_pmm.c: the physical page allocator, hosted: planning from memory maps
 * with holes, overlaps and odd alignment, and allocation/free bookkeeping.
 */
#include "helpers.h"
#include <stdlib.h>
#include "kernel/pmm.h"

#define MiB (1ull << 20)
#define GiB (1ull << 30)

static int plan(const struct boot_mmap_entry *m, int n, const struct pmm_range *r, int nr,
		struct pmm_range *out)
{
	return pmm_plan(m, n, r, nr, out, PMM_MAX_RANGES);
}

static void test_simple_map_with_hole(void **state)
{
	(void)state;
	struct boot_mmap_entry m[] = {
		{ 0, 0x9fc00, 1 }, { 0x9fc00, 0x400, 2 }, { 0xf0000, 0x10000, 2 },
		{ MiB, 63 * MiB, 1 },
	};
	struct pmm_range out[PMM_MAX_RANGES];
	int n = plan(m, 4, 0, 0, out);
	assert_int_equal(n, 2);
	assert_int_equal(out[0].base, 0);
	assert_int_equal(out[0].end, 0x9f000);		/* shrunk to a page boundary */
	assert_int_equal(out[1].base, MiB);
	assert_int_equal(out[1].end, 64 * MiB);
}

static void test_overlap_reserved_wins(void **state)
{
	(void)state;
	/* available 1..64 MiB overlapped by reserved 8..9 MiB, listed unsorted */
	struct boot_mmap_entry m[] = {
		{ 8 * MiB, MiB, 2 }, { MiB, 63 * MiB, 1 }, { 4 * MiB, 2 * MiB, 1 },
	};
	struct pmm_range out[PMM_MAX_RANGES];
	int n = plan(m, 3, 0, 0, out);
	assert_int_equal(n, 2);
	assert_int_equal(out[0].base, MiB);
	assert_int_equal(out[0].end, 8 * MiB);
	assert_int_equal(out[1].base, 9 * MiB);
	assert_int_equal(out[1].end, 64 * MiB);
}

static void test_kernel_ranges_excluded(void **state)
{
	(void)state;
	struct boot_mmap_entry m[] = { { 0, 640 * 1024, 1 }, { MiB, 127 * MiB, 1 } };
	struct pmm_range res[] = { { 0, MiB }, { MiB, 3 * MiB }, { 10 * MiB, 10 * MiB + 4096 } };
	struct pmm_range out[PMM_MAX_RANGES];
	int n = plan(m, 2, res, 3, out);
	assert_int_equal(n, 2);
	assert_int_equal(out[0].base, 3 * MiB);
	assert_int_equal(out[0].end, 10 * MiB);
	assert_int_equal(out[1].base, 10 * MiB + 4096);
	assert_int_equal(out[1].end, 128 * MiB);
}

static void test_above_4g_and_unaligned(void **state)
{
	(void)state;
	/* q35 with 4 GiB: 2 GiB low, 2 GiB above 4 GiB; entries not page aligned */
	struct boot_mmap_entry m[] = {
		{ MiB + 100, 2 * GiB - MiB - 100, 1 },
		{ 0xfeffc000, 0x4000, 2 },
		{ 4 * GiB, 2 * GiB, 1 },
		{ 0, 0, 1 },					/* empty entry */
	};
	struct pmm_range out[PMM_MAX_RANGES];
	int n = plan(m, 4, 0, 0, out);
	assert_int_equal(n, 2);
	assert_int_equal(out[0].base, MiB + 4096);
	assert_int_equal(out[0].end, 2 * GiB);
	assert_int_equal(out[1].base, 4 * GiB);
	assert_int_equal(out[1].end, 6 * GiB);
}

static void test_adjacent_merge_and_bad_ram(void **state)
{
	(void)state;
	struct boot_mmap_entry m[] = {
		{ MiB, MiB, 1 }, { 2 * MiB, MiB, 1 }, { 3 * MiB, MiB, 5 }, { 4 * MiB, MiB, 3 },
		{ 5 * MiB, MiB, 1 },
	};
	struct pmm_range out[PMM_MAX_RANGES];
	int n = plan(m, 5, 0, 0, out);
	assert_int_equal(n, 2);
	assert_int_equal(out[0].base, MiB);
	assert_int_equal(out[0].end, 3 * MiB);	/* two entries merged */
	assert_int_equal(out[1].base, 5 * MiB);	/* bad and ACPI memory skipped */
}

static void test_no_memory(void **state)
{
	(void)state;
	struct boot_mmap_entry m[] = { { 0, 64 * MiB, 2 } };
	struct pmm_range out[PMM_MAX_RANGES];
	assert_int_equal(plan(m, 1, 0, 0, out), 0);
	assert_int_equal(plan(m, 0, 0, 0, out), 0);
}

static void test_alloc_free(void **state)
{
	(void)state;
	struct pmm_range r[] = { { MiB, MiB + 16 * 4096 }, { 8 * MiB, 8 * MiB + 8 * 4096 } };
	int n = 2;
	size_t bytes = pmm_bitmap_bytes(r, n);
	uint64_t *bm = calloc(1, bytes);
	pmm_init(r, n, bm);
	assert_int_equal(pmm_total_pages(), 24);
	uint64_t seen[24];
	for (int i = 0; i < 24; i++) {
		seen[i] = pmm_alloc();
		assert_true(seen[i] != 0);
		assert_true((seen[i] >= MiB && seen[i] < MiB + 16 * 4096) ||
			    (seen[i] >= 8 * MiB && seen[i] < 8 * MiB + 8 * 4096));
		for (int j = 0; j < i; j++)
			assert_true(seen[j] != seen[i]);
	}
	assert_int_equal(pmm_alloc(), 0);		/* exhausted */
	assert_int_equal(pmm_free_pages(), 0);
	assert_int_equal(pmm_free(seen[3]), 0);
	assert_int_equal(pmm_free(seen[3]), -1);	/* double free */
	assert_int_equal(pmm_free(2 * MiB), -1);	/* never managed */
	assert_int_equal(pmm_free(seen[4] + 1), -1);	/* unaligned */
	assert_int_equal(pmm_alloc(), seen[3]);
	assert_int_equal(host_spin_depth, 0);
	free(bm);
}

static void test_alloc_below_above_and_carve(void **state)
{
	(void)state;
	struct pmm_range r[] = { { MiB, 2 * MiB }, { 5ull << 30, (5ull << 30) + MiB } };
	int n = 2;
	size_t bytes = pmm_bitmap_bytes(r, n);
	uint64_t at = pmm_carve(r, &n, bytes);
	assert_int_equal(at, MiB);			/* lowest range that fits */
	assert_true(r[0].base >= MiB + bytes);
	uint64_t *bm = calloc(1, bytes);
	pmm_init(r, n, bm);
	uint64_t lo = pmm_alloc_below(4ull << 30);
	assert_true(lo && lo < 2 * MiB && lo >= r[0].base);
	uint64_t hi = pmm_alloc_above(4ull << 30);
	assert_true(hi >= (5ull << 30));
	assert_true(pmm_top() >= (5ull << 30) + MiB);
	free(bm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple_map_with_hole),
		cmocka_unit_test(test_overlap_reserved_wins),
		cmocka_unit_test(test_kernel_ranges_excluded),
		cmocka_unit_test(test_above_4g_and_unaligned),
		cmocka_unit_test(test_adjacent_merge_and_bad_ram),
		cmocka_unit_test(test_no_memory),
		cmocka_unit_test(test_alloc_free),
		cmocka_unit_test(test_alloc_below_above_and_carve),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
