/*
 * test_store.c: the snapshot store's round trips: format, open, write,
 * commit, reopen over many snapshots against a model; zero pages, growth of
 * object memory, space reuse, VM metadata, GPT, API misuse, the free-block
 * check.
 */
#include <unistd.h>
#include "tests/snapshot/snaptest.h"

static void random_dirty(uint64_t *dirty, size_t n, uint64_t lo, uint64_t span,
			 uint64_t *seed)
{
	for (size_t i = 0; i < n; i++)
		dirty[i] = lo + st_rand(seed) % span;
}

static void test_fresh(void **state)
{
	fdev *d = fdev_new(4096, 512);		/* 2 MiB */
	snap_store *s;
	(void)state;
	st_format(&d->dev, 1);
	s = st_open(&d->dev, SNAP_OPEN_VERIFY_DATA);
	assert_int_equal(snap_current(s)->seq, 0);
	assert_int_equal(snap_current(s)->pages, 0);
	assert_string_equal(snap_report(s), "");
	snap_close(s);
	fdev_free(d);
}

static void test_roundtrip_many(void **state)
{
	enum { NPAGES = 3000, NSNAP = 150 };
	fdev *d = fdev_new(16384 * 8, 512);	/* 16384 blocks, 64 MiB */
	uint32_t vers[NPAGES] = { 0 }, next = 1;
	uint64_t dirty[64], seed = 42;
	snap_store *s;
	snap_err e;
	(void)state;

	st_format(&d->dev, 2);
	s = st_open(&d->dev, 0);
	for (int k = 1; k <= NSNAP; k++) {
		size_t n = 1 + st_rand(&seed) % 64;
		random_dirty(dirty, n, 0, NPAGES, &seed);
		if (st_snapshot(s, NPAGES, vers, dirty, n, &next, &seed, &e) != 0)
			fail_msg("snapshot %d: %s", k, e.msg);
		assert_int_equal(snap_current(s)->seq, k);
		if (k % 10 == 0)
			st_verify(s, vers, NPAGES);
		if (k % 25 == 0) {
			snap_close(s);
			s = st_open(&d->dev, SNAP_OPEN_VERIFY_DATA);
			assert_string_equal(snap_report(s), "");
			assert_int_equal(snap_current(s)->seq, k);
			st_verify(s, vers, NPAGES);
		}
	}
	snap_close(s);
	fdev_free(d);
}

static void test_space_reuse(void **state)
{
	enum { NPAGES = 5000, NSNAP = 400 };
	fdev *d = fdev_new(400 * 8, 512);	/* 400 blocks: 1.6 MiB */
	uint32_t *vers = calloc(NPAGES, sizeof *vers), next = 1;
	uint64_t dirty[40], seed = 7, maxused = 0;
	snap_check_report r;
	snap_store *s;
	snap_err e;
	(void)state;

	st_format(&d->dev, 3);
	s = st_open(&d->dev, 0);
	for (int k = 1; k <= NSNAP; k++) {
		/* a working set of 100 pages spread over the whole memory */
		size_t n = 1 + st_rand(&seed) % 40;
		for (size_t i = 0; i < n; i++)
			dirty[i] = (st_rand(&seed) % 100) * 47;
		if (st_snapshot(s, NPAGES, vers, dirty, n, &next, &seed, &e) != 0)
			fail_msg("snapshot %d: %s", k, e.msg);
		if (k % 50 == 0) {
			if (snap_check(&d->dev, &r, &e) != 0)
				fail_msg("snap_check: %s", e.msg);
			assert_false(r.damaged);
			if (r.used_blocks > maxused)
				maxused = r.used_blocks;
		}
	}
	st_verify(s, vers, NPAGES);
	/* two trees of at most 100 pages + their nodes, and the superblocks */
	assert_true(maxused <= 2 * (100 + 1 + 3) + 2);
	snap_close(s);
	free(vers);
	fdev_free(d);
}

static void test_zero_pages(void **state)
{
	enum { NPAGES = 600 };
	fdev *d = fdev_new(1024 * 8, 512);
	uint8_t buf[SNAP_PAGE_SIZE];
	snap_check_report r;
	snap_info info;
	snap_store *s;
	snap_tx *tx;
	snap_err e;
	(void)state;

	st_format(&d->dev, 4);
	s = st_open(&d->dev, 0);
	ST_OK(snap_begin(s, NPAGES, &tx, &e));
	for (uint64_t p = 0; p < NPAGES; p += 3) {
		mk_page(buf, p, 5);
		ST_OK(snap_write_page(tx, p, buf, &e));
	}
	ST_OK(snap_commit(tx, 0, &info, &e));
	assert_int_equal(info.pages, 200);
	assert_int_equal(info.written_pages, 200);
	/* zeroing every page empties the tree entirely */
	memset(buf, 0, sizeof buf);
	ST_OK(snap_begin(s, NPAGES, &tx, &e));
	for (uint64_t p = 0; p < NPAGES; p++)
		ST_OK(snap_write_page(tx, p, buf, &e));
	ST_OK(snap_commit(tx, 0, &info, &e));
	assert_int_equal(info.pages, 0);
	assert_int_equal(info.tree_blocks, 0);
	assert_int_equal(info.written_blocks, 1);
	for (uint64_t p = 0; p < NPAGES; p++) {
		ST_OK(snap_read_page(s, p, buf, &e));
		assert_true(buf[0] == 0 && memcmp(buf, buf + 1, sizeof buf - 1) == 0);
	}
	snap_close(s);
	ST_OK(snap_check(&d->dev, &r, &e));
	assert_false(r.damaged);
	fdev_free(d);
}

static void test_growth(void **state)
{
	fdev *d = fdev_new(4096 * 8, 512);
	uint32_t *vers = calloc(70000, sizeof *vers), next = 1;
	uint64_t dirty[30], seed = 9;
	uint64_t sizes[] = { 1, 200, 256, 257, 65536, 65537, 70000 };
	snap_store *s;
	snap_err e;
	(void)state;

	st_format(&d->dev, 5);
	s = st_open(&d->dev, 0);
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		size_t n = 30;
		random_dirty(dirty, n, 0, sizes[k], &seed);
		dirty[0] = sizes[k] - 1;
		if (st_snapshot(s, sizes[k], vers, dirty, n, &next, &seed, &e) != 0)
			fail_msg("size %llu: %s", (unsigned long long)sizes[k], e.msg);
		snap_close(s);
		s = st_open(&d->dev, SNAP_OPEN_VERIFY_DATA);
		assert_int_equal(snap_current(s)->omem_pages, sizes[k]);
		st_verify(s, vers, sizes[k]);
	}
	assert_int_equal(snap_current(s)->height, 3);
	snap_close(s);
	free(vers);
	fdev_free(d);
}

static void test_vm_meta_and_figures(void **state)
{
	fdev *d = fdev_new(1024 * 8, 512);
	uint8_t buf[SNAP_PAGE_SIZE];
	snap_info info;
	snap_store *s;
	snap_tx *tx;
	snap_err e;
	(void)state;

	st_format(&d->dev, 6);
	s = st_open(&d->dev, 0);
	ST_OK(snap_begin(s, 10, &tx, &e));
	ST_OK(snap_set_vm_meta(tx, 7, "root@0x1000", 11, &e));
	mk_page(buf, 3, 1);
	ST_OK(snap_write_page(tx, 3, buf, &e));
	ST_OK(snap_commit(tx, 123456789, &info, &e));
	assert_int_equal(info.seq, 1);
	assert_int_equal(info.written_pages, 1);
	assert_int_equal(info.written_blocks, 3);	/* page, leaf, superblock */
	/* a snapshot with nothing dirty keeps the VM metadata */
	ST_OK(snap_begin(s, 10, &tx, &e));
	ST_OK(snap_commit(tx, 2, &info, &e));
	snap_close(s);
	s = st_open(&d->dev, 0);
	assert_int_equal(snap_current(s)->seq, 2);
	assert_int_equal(snap_current(s)->vm_version, 7);
	assert_int_equal(snap_current(s)->vm_meta_len, 11);
	assert_memory_equal(snap_current(s)->vm_meta, "root@0x1000", 11);
	assert_int_equal(snap_current(s)->time_ns, 2);
	assert_int_equal(snap_current(s)->pages, 1);
	snap_close(s);
	fdev_free(d);
}

static void test_misuse(void **state)
{
	fdev *d = fdev_new(1024 * 8, 512);
	uint8_t buf[SNAP_PAGE_SIZE] = { 1 };
	snap_store *s;
	snap_tx *tx, *tx2;
	snap_err e;
	(void)state;

	st_format(&d->dev, 8);
	s = st_open(&d->dev, 0);
	assert_int_equal(snap_read_page(s, 0, buf, &e), SNAP_EINVAL);
	assert_int_equal(snap_begin(s, 0, &tx, &e), SNAP_EINVAL);
	ST_OK(snap_begin(s, 100, &tx, &e));
	assert_int_equal(snap_begin(s, 100, &tx2, &e), SNAP_EINVAL);
	assert_int_equal(snap_write_page(tx, 100, buf, &e), SNAP_EINVAL);
	assert_int_equal(snap_set_vm_meta(tx, 1, buf, 300, &e), SNAP_EINVAL);
	ST_OK(snap_write_page(tx, 99, buf, &e));
	ST_OK(snap_commit(tx, 0, NULL, &e));
	assert_int_equal(snap_begin(s, 50, &tx, &e), SNAP_EINVAL);
	assert_non_null(strstr(e.msg, "shrink"));
	/* an aborted snapshot leaves the store as it was */
	ST_OK(snap_begin(s, 100, &tx, &e));
	memset(buf, 9, sizeof buf);
	ST_OK(snap_write_page(tx, 99, buf, &e));
	snap_abort(tx);
	ST_OK(snap_read_page(s, 99, buf, &e));
	assert_int_equal(buf[0], 1);
	snap_close(s);
	fdev_free(d);
}

/* snap_blocks_free (the raw-write benchmark's region check): garbage over
 * every block it calls free, after each of many snapshots, damages neither
 * live snapshot; it says no while the maps are unknown or a tx is open. */
static void test_blocks_free(void **state)
{
	enum { NPAGES = 800, NBLK = 1024 };
	fdev *d = fdev_new(NBLK * 8, 512);	/* 4 MiB */
	uint32_t vers[NPAGES] = { 0 }, next = 1;
	uint64_t dirty[60], seed = 11;
	snap_check_report r;
	snap_store *s;
	snap_tx *tx;
	snap_err e;
	(void)state;

	st_format(&d->dev, 12);
	s = st_open(&d->dev, SNAP_OPEN_QUICK);
	assert_false(snap_blocks_free(s, 2, 1));	/* the walk is pending */
	ST_OK(snap_begin(s, NPAGES, &tx, &e));
	assert_false(snap_blocks_free(s, 2, 1));	/* a tx is open */
	snap_abort(tx);
	assert_true(snap_blocks_free(s, 2, NBLK - 2));	/* an empty store */
	assert_false(snap_blocks_free(s, 0, 1));	/* superblocks */
	assert_false(snap_blocks_free(s, 1, 1));
	assert_false(snap_blocks_free(s, NBLK - 1, 2));	/* past the end */
	assert_false(snap_blocks_free(s, NBLK + 1, 0));
	for (int k = 1; k <= 40; k++) {
		size_t n = 1 + st_rand(&seed) % 60;
		random_dirty(dirty, n, 0, NPAGES, &seed);
		if (st_snapshot(s, NPAGES, vers, dirty, n, &next, &seed, &e) != 0)
			fail_msg("snapshot %d: %s", k, e.msg);
		uint64_t nfree = 0;
		for (uint64_t b = 0; b < NBLK; b++) {
			if (!snap_blocks_free(s, b, 1))
				continue;
			nfree++;
			memset(d->cur + b * SNAP_BLOCK_SIZE, 0x5a, SNAP_BLOCK_SIZE);
			memset(d->durable + b * SNAP_BLOCK_SIZE, 0x5a, SNAP_BLOCK_SIZE);
		}
		assert_true(nfree > NBLK / 4);
		if (snap_check(&d->dev, &r, &e) != 0)
			fail_msg("snap_check: %s", e.msg);
		if (r.damaged)
			fail_msg("snapshot %d: garbage over free blocks damaged the store: %s%s", k,
				 r.slot[0].msg, r.slot[1].msg);
		assert_int_equal(nfree + r.used_blocks, NBLK);	/* used: superblocks too */
	}
	st_verify(s, vers, NPAGES);
	snap_close(s);
	fdev_free(d);
}

static void test_full(void **state)
{
	fdev *d = fdev_new(64 * 8, 512);	/* the minimum store */
	uint8_t buf[SNAP_PAGE_SIZE];
	snap_store *s;
	snap_tx *tx;
	snap_err e;
	int rc = 0;
	(void)state;

	st_format(&d->dev, 10);
	s = st_open(&d->dev, 0);
	ST_OK(snap_begin(s, 1000, &tx, &e));
	for (uint64_t p = 0; p < 1000 && rc == 0; p++) {
		mk_page(buf, p, 1);
		rc = snap_write_page(tx, p, buf, &e);
	}
	assert_int_equal(rc, SNAP_ENOSPC);
	assert_int_equal(snap_commit(tx, 0, NULL, &e), SNAP_ENOSPC);
	assert_int_equal(snap_current(s)->seq, 0);
	snap_close(s);
	fdev_free(d);
}

static void gpt_roundtrip(uint32_t ss)
{
	uint64_t bytes = 8u << 20;
	fdev *d = fdev_new(bytes / ss, ss);
	uint8_t g1[16], g2[16];
	uint32_t vers[50] = { 0 }, next = 1;
	uint64_t dirty[10], seed = 11;
	blk_dev part;
	gpt_part p;
	char warn[256];
	snap_store *s;
	snap_err e;

	st_uuid(g1, 1);
	st_uuid(g2, 2);
	if (gpt_format(&d->dev, g1, g2, &p, &e) != 0)
		fail_msg("gpt_format: %s", e.msg);
	assert_int_equal(p.first_lba * ss, 1u << 20);
	assert_int_equal((p.last_lba + 1) * ss % 4096, 0);
	if (gpt_open_amber(&d->dev, &part, warn, sizeof warn, &e) != 0)
		fail_msg("gpt_open_amber: %s", e.msg);
	assert_string_equal(warn, "");
	assert_int_equal(part.nsectors, p.last_lba - p.first_lba + 1);
	st_format(&part, 12);
	s = st_open(&part, 0);
	for (int k = 0; k < 5; k++) {
		for (int i = 0; i < 10; i++)
			dirty[i] = st_rand(&seed) % 50;
		if (st_snapshot(s, 50, vers, dirty, 10, &next, &seed, &e) != 0)
			fail_msg("%s", e.msg);
	}
	snap_close(s);
	s = st_open(&part, SNAP_OPEN_VERIFY_DATA);
	st_verify(s, vers, 50);
	snap_close(s);
	/* nothing was written outside the partition but the GPT */
	for (uint64_t l = 34 * 512 / ss; l < p.first_lba; l++)
		for (uint32_t i = 0; i < ss; i++)
			assert_int_equal(d->cur[l * ss + i], 0);
	fdev_free(d);
}

static void test_gpt_512(void **state) { (void)state; gpt_roundtrip(512); }
static void test_gpt_4096(void **state) { (void)state; gpt_roundtrip(4096); }

static void test_crc(void **state)
{
	(void)state;
	assert_int_equal(snap_crc32c(0, "123456789", 9), 0xE3069283u);
	assert_int_equal(snap_crc32(0, "123456789", 9), 0xCBF43926u);
	assert_int_equal(snap_crc32c(snap_crc32c(0, "1234", 4), "56789", 5),
			 0xE3069283u);
}

/* XXH64 against Debian's xxhsum (-H1: XXH64, seed 0) on random buffers of
 * every length class: empty, tails of 1..31 bytes, stripes, whole pages. */
static void test_xxh64(void **state)
{
	static const size_t lens[] = { 0, 1, 3, 4, 5, 7, 8, 9, 15, 31, 32, 33, 63,
				       64, 100, 4095, 4096, 4097, 10000 };
	static uint8_t buf[10000];
	char path[] = "/tmp/amber-xxh64.XXXXXX";
	uint64_t r = 0x1234567;
	(void)state;
	assert_int_equal(snap_xxh64("", 0, 0), 0xEF46DB3751D8E999ull);
	for (size_t k = 0; k < sizeof lens / sizeof lens[0]; k++) {
		int fd = mkstemp(path);
		char cmd[128], out[64] = "";
		assert_true(fd >= 0);
		for (size_t i = 0; i < lens[k]; i++) {
			r ^= r << 13; r ^= r >> 7; r ^= r << 17;
			buf[i] = (uint8_t)r;
		}
		assert_int_equal(write(fd, buf, lens[k]), (ssize_t)lens[k]);
		close(fd);
		snprintf(cmd, sizeof cmd, "xxhsum -H1 %s", path);
		FILE *p = popen(cmd, "r");
		assert_non_null(p);
		assert_non_null(fgets(out, sizeof out, p));
		assert_int_equal(pclose(p), 0);
		unlink(path);
		strcpy(path, "/tmp/amber-xxh64.XXXXXX");
		assert_int_equal(snap_xxh64(buf, lens[k], 0), strtoull(out, NULL, 16));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc),
		cmocka_unit_test(test_xxh64),
		cmocka_unit_test(test_fresh),
		cmocka_unit_test(test_roundtrip_many),
		cmocka_unit_test(test_space_reuse),
		cmocka_unit_test(test_zero_pages),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_vm_meta_and_figures),
		cmocka_unit_test(test_misuse),
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_blocks_free),
		cmocka_unit_test(test_gpt_512),
		cmocka_unit_test(test_gpt_4096),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
