/*
 * test_omem.c: snapshot/omem_host.c, the hosted dirty-page tracking and
 * lazy restore: exactly the written pages are saved, a restored region
 * reads back what was saved, only touched pages are loaded, and pages a
 * snapshot did not write stay shared with the earlier ones.
 */
#define _GNU_SOURCE
#include <sys/mman.h>
#include "tests/snapshot/snaptest.h"
#include "snapshot/omem_host.h"

#define NPAGES 64
#define REGION ((void *)0x300000000000ULL)
#define SIZE ((size_t)NPAGES * SNAP_PAGE_SIZE)

static uint8_t *page(int p)
{
	return (uint8_t *)REGION + (size_t)p * SNAP_PAGE_SIZE;
}

static snap_store *openstore(fdev *d)
{
	snap_store *s;
	snap_err e;
	if (snap_open(&d->dev, SNAP_OPEN_VERIFY_DATA, &s, &e) != 0)
		fail_msg("snap_open: %s", e.msg);
	return s;
}

static void save(snap_store *s, snap_info *info)
{
	snap_err e;
	if (snap_omem_save(s, 7, "meta", 4, info, &e) != 0)
		fail_msg("save: %s", e.msg);
}

static void test_track_save_restore(void **state)
{
	fdev *d = fdev_new(1024 * 8, 512);
	snap_err e;
	snap_info info;
	(void)state;
	uint8_t uuid[16] = { 1, 2, 3 };
	if (snap_format(&d->dev, uuid, &e) != 0)
		fail_msg("format: %s", e.msg);
	snap_store *s = openstore(d);

	uint8_t *r = mmap(REGION, SIZE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	assert_ptr_equal(r, REGION);
	page(3)[0] = 33;	/* resident before tracking: saved first time */
	if (snap_omem_track(REGION, SIZE, &e) != 0)
		fail_msg("track: %s", e.msg);
	uint64_t dirtied = snap_omem_stats()->dirtied;
	page(5)[100] = 55;	/* first writes: one fault each */
	page(5)[200] = 56;
	page(9)[4095] = 99;
	assert_int_equal(page(7)[0], 0);	/* a read dirties nothing */
	assert_int_equal(snap_omem_stats()->dirtied - dirtied, 2);
	save(s, &info);
	assert_int_equal(info.written_pages, 3);
	assert_int_equal(info.vm_version, 7);

	page(9)[0] = 90;	/* second snapshot: only page 9 */
	save(s, &info);
	assert_int_equal(info.written_pages, 1);
	assert_int_equal(info.pages, 3);

	snap_omem_drop();
	snap_close(s);
	s = openstore(d);
	uint64_t loads = snap_omem_stats()->loads;
	if (snap_omem_restore(s, REGION, SIZE, &e) != 0)
		fail_msg("restore: %s", e.msg);
	assert_int_equal(page(5)[100], 55);
	assert_int_equal(page(5)[200], 56);
	assert_int_equal(page(9)[0], 90);
	assert_int_equal(page(9)[4095], 99);
	assert_int_equal(page(3)[0], 33);
	assert_int_equal(page(60)[1], 0);
	assert_int_equal(snap_omem_stats()->loads - loads, 4);

	page(5)[0] = 50;	/* after a restore, a write is a new dirty page */
	save(s, &info);
	assert_int_equal(info.written_pages, 1);
	snap_omem_drop();
	snap_close(s);

	s = openstore(d);	/* untouched pages survived being shared */
	if (snap_omem_restore(s, REGION, SIZE, &e) != 0)
		fail_msg("restore: %s", e.msg);
	assert_int_equal(page(3)[0], 33);
	assert_int_equal(page(5)[0], 50);
	assert_int_equal(page(5)[100], 55);
	assert_int_equal(page(9)[4095], 99);
	snap_omem_drop();
	snap_close(s);
	fdev_free(d);
}

static void test_refuses_unaligned(void **state)
{
	snap_err e;
	(void)state;
	assert_int_equal(snap_omem_restore(NULL, (void *)0x1001, SIZE, &e),
			 SNAP_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_track_save_restore),
		cmocka_unit_test(test_refuses_unaligned),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
