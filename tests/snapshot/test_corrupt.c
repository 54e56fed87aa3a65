/*
 * test_corrupt.c: damaged and malformed stores. A byte flipped in any block
 * of either live snapshot is found by snap_check, and snap_open then either
 * refuses or gives one of the two snapshots with exactly its saved pages;
 * superblock fields with valid checksums but wrong values; shared blocks and
 * cycles; blank, foreign, future-version, truncated and too-small devices.
 */
#include "tests/snapshot/snaptest.h"

#define NPAGES	400
#define NBLOCKS	600

typedef struct fixture {
	fdev *d;
	uint8_t *clean;			/* durable image with two snapshots */
	size_t bytes;
	uint32_t model[2][NPAGES];	/* per superblock slot */
	uint64_t used;			/* blocks of the live trees */
	uint64_t seq;			/* newest */
} fixture;

static fixture *fx_new(void)
{
	fixture *f = calloc(1, sizeof *f);
	uint32_t vers[NPAGES] = { 0 }, next = 1;
	uint64_t dirty[50], seed = 31;
	snap_check_report r;
	snap_store *s;
	snap_err e;

	f->d = fdev_new(NBLOCKS * 8, 512);
	f->bytes = (size_t)NBLOCKS * 8 * 512;
	st_format(&f->d->dev, 90);
	s = st_open(&f->d->dev, 0);
	for (int k = 1; k <= 12; k++) {
		/* from the fourth snapshot on only pages 0..255: the second
		 * leaf and its pages keep an old birth (shared by both) */
		for (int i = 0; i < 50; i++)
			dirty[i] = st_rand(&seed) % (k < 4 ? NPAGES : 256);
		if (st_snapshot(s, NPAGES, vers, dirty, 50, &next, &seed, &e) != 0)
			fail_msg("%s", e.msg);
		memcpy(f->model[k % 2], vers, sizeof vers);
	}
	f->seq = snap_current(s)->seq;
	snap_close(s);
	fdev_settle(f->d);
	f->clean = malloc(f->bytes);
	memcpy(f->clean, f->d->durable, f->bytes);
	if (snap_check(&f->d->dev, &r, &e) != 0)
		fail_msg("%s", e.msg);
	assert_false(r.damaged);
	f->used = r.used_blocks;
	return f;
}

static void fx_reset(fixture *f)
{
	memcpy(f->d->durable, f->clean, f->bytes);
	memcpy(f->d->cur, f->clean, f->bytes);
}

static void fx_free(fixture *f)
{
	fdev_free(f->d);
	free(f->clean);
	free(f);
}

/*
 * Open the (possibly damaged) store: an error is fine; a snapshot must read
 * back exactly as saved (pages past its object memory excepted), or fail a
 * read with an error. Returns 1 if it opened.
 */
static int open_and_compare(fixture *f, unsigned flags)
{
	uint8_t got[SNAP_PAGE_SIZE], want[SNAP_PAGE_SIZE];
	const snap_info *i;
	snap_store *s;
	snap_err e;

	if (snap_open(&f->d->dev, flags, &s, &e) != 0) {
		assert_true(e.msg[0] != '\0');
		return 0;
	}
	i = snap_current(s);
	assert_true(i->slot < 2);
	for (uint64_t p = 0; p < NPAGES && p < i->omem_pages; p++) {
		if (snap_read_page(s, p, got, &e) != 0) {
			assert_true(e.code == SNAP_ECORRUPT || e.code == SNAP_EIO);
			continue;
		}
		mk_page(want, p, f->model[i->slot][p]);
		if (memcmp(got, want, sizeof got) != 0)
			fail_msg("damaged store: page %llu of slot %u reads wrong without an error",
				 (unsigned long long)p, i->slot);
	}
	snap_close(s);
	return 1;
}

static void test_flip_every_block(void **state)
{
	fixture *f = fx_new();
	uint64_t seed = 3, damaged = 0, stale = 0;
	snap_check_report r;
	snap_err e;
	(void)state;

	for (uint64_t b = 0; b < NBLOCKS; b++) {
		uint8_t *blk = f->clean + b * SNAP_BLOCK_SIZE;
		size_t at = st_rand(&seed) % SNAP_BLOCK_SIZE;

		if (is_zero_block(blk))
			continue;
		fx_reset(f);
		f->d->durable[b * SNAP_BLOCK_SIZE + at] ^= 0x10;
		f->d->cur[b * SNAP_BLOCK_SIZE + at] ^= 0x10;
		if (snap_check(&f->d->dev, &r, &e) != 0)
			fail_msg("snap_check: %s", e.msg);
		if (r.damaged) {
			damaged++;
			/* it names the block (superblocks by slot) */
			char want[32];
			snprintf(want, sizeof want, b < 2 ? "slot %llu" : "block %llu",
				 (unsigned long long)b);
			if (!strstr(r.slot[0].msg, want) && !strstr(r.slot[1].msg, want))
				fail_msg("block %llu damaged, messages: '%s' / '%s'",
					 (unsigned long long)b, r.slot[0].msg,
					 r.slot[1].msg);
		} else {
			stale++;
		}
		open_and_compare(f, 0);
		open_and_compare(f, SNAP_OPEN_QUICK);
		open_and_compare(f, SNAP_OPEN_VERIFY_DATA);
	}
	/* exactly the blocks of the two live trees (and superblocks) matter */
	assert_int_equal(damaged, f->used);
	assert_true(stale > 0);
	fx_free(f);
}

static void set_sb_field(fixture *f, int slot, size_t off, uint64_t v, int width)
{
	uint8_t *p = f->d->cur + (size_t)slot * SNAP_BLOCK_SIZE;
	if (width == 8)
		le64_put(p + off, v);
	else
		le32_put(p + off, (uint32_t)v);
	le32_put(p + 4092, snap_crc32c(0, p, 4092));
	memcpy(f->d->durable, f->d->cur, 2 * SNAP_BLOCK_SIZE);
}

static void test_superblock_fields(void **state)
{
	static const struct { size_t off; int width; } fields[] = {
		{ 8, 4 }, { 12, 4 }, { 16, 4 }, { 20, 4 }, { 24, 8 }, { 32, 8 },
		{ 40, 8 }, { 48, 8 }, { 56, 8 }, { 64, 8 }, { 72, 8 }, { 80, 4 },
		{ 84, 4 }, { 88, 8 }, { 96, 8 }, { 104, 8 }, { 112, 8 },
		{ 120, 4 }, { 124, 4 }, { 128, 8 }, { 200, 8 }, { 384, 8 },
		{ 4000, 4 },
	};
	fixture *f = fx_new();
	uint64_t seed = 8;
	int newest = (int)(f->seq % 2);
	(void)state;

	for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++) {
		for (int t = 0; t < 7; t++) {
			uint64_t v = t < 4 ? (uint64_t)t : t < 6 ? ~0ull - (uint64_t)t :
				     st_rand(&seed) >> (st_rand(&seed) % 64);
			for (int slot = 0; slot < 2; slot++) {
				fx_reset(f);
				set_sb_field(f, slot, fields[k].off, v, fields[k].width);
				open_and_compare(f, SNAP_OPEN_VERIFY_DATA);
			}
		}
	}
	/* specific messages */
	fx_reset(f);
	set_sb_field(f, newest, 8, SNAP_VERSION + 1, 4);
	{
		snap_store *s = st_open(&f->d->dev, 0);
		assert_non_null(strstr(snap_report(s), "unsupported format version 3"));
		assert_int_equal(snap_current(s)->seq, f->seq - 1);
		snap_close(s);
	}
	fx_free(f);
}

/* Point a second entry at an already used child: a shared block / cycle. */
static void test_shared_block(void **state)
{
	fixture *f = fx_new();
	int slot = (int)(f->seq % 2);
	uint8_t *sb = f->d->cur + (size_t)slot * SNAP_BLOCK_SIZE, *root, uuid[16];
	uint64_t rb = le64_get(sb + 72), leaf = 0;
	snap_store *s;
	snap_err e;
	uint8_t seedb[28];
	uint64_t h;
	int i, used = -1, hole = -1;
	(void)state;

	memcpy(uuid, sb + 32, 16);
	root = f->d->cur + rb * SNAP_BLOCK_SIZE;
	for (i = 0; i < 256; i++) {
		if (!le64_get(root + 16 * i))
			continue;
		if (used < 0)
			used = i;
		else if (hole < 0)
			hole = i;	/* a second used entry, made to share */
	}
	(void)leaf;
	assert_true(used >= 0 && hole >= 0);
	memcpy(root + 16 * hole, root + 16 * used, 16);
	/* re-seal the root and the superblock so only the sharing is wrong */
	memcpy(seedb, uuid, 16);
	le64_put(seedb + 16, rb);
	le32_put(seedb + 24, 1);
	h = snap_xxh64(root, 4096, snap_crc32c(0, seedb, 28));
	le32_put(sb + 80, (uint32_t)(h ^ h >> 32));	/* the format's block checksum */
	le32_put(sb + 4092, snap_crc32c(0, sb, 4092));
	memcpy(f->d->durable, f->d->cur, f->bytes);
	if (snap_open(&f->d->dev, 0, &s, &e) != 0)
		fail_msg("%s", e.msg);
	assert_non_null(strstr(snap_report(s), "reached twice"));
	assert_int_equal(snap_current(s)->seq, f->seq - 1);
	snap_close(s);
	fx_free(f);
}

/* The block of the first data page of the newest snapshot whose entry was
 * born in a snapshot with seq in [lo, hi]; 0 if none. *pageno gets it. */
static uint64_t find_page(fixture *f, uint64_t lo, uint64_t hi, uint64_t *pageno)
{
	const uint8_t *sb = f->clean + (f->seq % 2) * SNAP_BLOCK_SIZE;
	uint64_t root = le64_get(sb + 72);
	uint32_t height = le32_get(sb + 84);

	assert_int_equal(height, 2);	/* NPAGES: one level of leaves */
	for (unsigned i = 0; i < 256; i++) {
		uint64_t leaf = le64_get(f->clean + root * SNAP_BLOCK_SIZE + 16 * i);
		if (leaf == 0)
			continue;
		for (unsigned j = 0; j < 256; j++) {
			const uint8_t *e = f->clean + leaf * SNAP_BLOCK_SIZE + 16 * j;
			uint32_t birth = le32_get(e + 12);
			if (le64_get(e) != 0 && birth >= lo && birth <= hi) {
				*pageno = i * 256 + j;
				return le64_get(e);
			}
		}
	}
	return 0;
}

/*
 * SNAP_OPEN_QUICK checks the blocks the newest snapshot wrote (a damaged
 * one falls back to the previous snapshot, which has its own copy) and
 * leaves older ones, shared by both snapshots, to snap_read_page and to
 * the walk at the first snap_begin.
 */
static void test_verify_new(void **state)
{
	fixture *f = fx_new();
	uint64_t page, b;
	uint8_t buf[SNAP_PAGE_SIZE];
	snap_store *s;
	snap_err e;
	(void)state;

	/* a page the newest wrote: found at open, fallback */
	b = find_page(f, f->seq, f->seq, &page);
	assert_true(b != 0);
	fx_reset(f);
	f->d->durable[b * SNAP_BLOCK_SIZE + 100] ^= 1;
	memcpy(f->d->cur, f->d->durable, f->bytes);
	s = st_open(&f->d->dev, SNAP_OPEN_QUICK);
	assert_int_equal(snap_current(s)->seq, f->seq - 1);
	assert_non_null(strstr(snap_report(s), "falling back"));
	snap_close(s);
	s = st_open(&f->d->dev, 0);		/* not checked: newest, read fails */
	assert_int_equal(snap_current(s)->seq, f->seq);
	assert_int_equal(snap_read_page(s, page, buf, &e), SNAP_ECORRUPT);
	snap_close(s);

	/* an older page, shared by both: open keeps the newest, the read fails */
	b = find_page(f, 1, f->seq - 2, &page);
	assert_true(b != 0);
	fx_reset(f);
	f->d->durable[b * SNAP_BLOCK_SIZE + 7] ^= 0x80;
	memcpy(f->d->cur, f->d->durable, f->bytes);
	s = st_open(&f->d->dev, SNAP_OPEN_QUICK);
	assert_int_equal(snap_current(s)->seq, f->seq);
	assert_string_equal(snap_report(s), "");
	assert_int_equal(snap_read_page(s, page, buf, &e), SNAP_ECORRUPT);
	assert_non_null(strstr(e.msg, "checksum mismatch"));
	snap_close(s);
	/* checking everything finds it in both snapshots */
	assert_int_equal(snap_open(&f->d->dev, SNAP_OPEN_VERIFY_DATA, &s, &e), SNAP_ECORRUPT);
	assert_non_null(strstr(e.msg, "both are damaged"));

	/* tree nodes: one the newest wrote falls back at open; an older one
	 * (shared) is found by the first snap_begin, which fails from then on */
	for (int old = 0; old < 2; old++) {
		const uint8_t *sb = f->clean + (f->seq % 2) * SNAP_BLOCK_SIZE;
		const uint8_t *root = f->clean + le64_get(sb + 72) * SNAP_BLOCK_SIZE;
		uint64_t leaf = 0;
		snap_tx *tx;
		for (unsigned i = 0; i < 256 && leaf == 0; i++) {
			uint32_t birth = le32_get(root + 16 * i + 12);
			if (le64_get(root + 16 * i) != 0 &&
			    (old ? birth < f->seq - 1 : birth == f->seq))
				leaf = le64_get(root + 16 * i);
		}
		assert_true(leaf != 0);
		fx_reset(f);
		f->d->durable[leaf * SNAP_BLOCK_SIZE + 33] ^= 4;
		memcpy(f->d->cur, f->d->durable, f->bytes);
		s = st_open(&f->d->dev, SNAP_OPEN_QUICK);
		assert_int_equal(snap_current(s)->seq, old ? f->seq : f->seq - 1);
		if (old) {
			assert_int_equal(snap_begin(s, NPAGES, &tx, &e), SNAP_ECORRUPT);
			assert_non_null(strstr(e.msg, "checksum mismatch"));
			assert_int_equal(snap_begin(s, NPAGES, &tx, &e), SNAP_ECORRUPT);
		}
		snap_close(s);
	}
	fx_free(f);
}

static void test_malformed_devices(void **state)
{
	fdev *d = fdev_new(NBLOCKS * 8, 512), *small = fdev_new(32 * 8, 512);
	uint64_t seed = 77;
	gpt_part p;
	snap_store *s;
	snap_err e;
	(void)state;

	/* blank: no store, no GPT, nothing written */
	assert_int_equal(snap_open(&d->dev, 0, &s, &e), SNAP_ENOTAMBER);
	assert_non_null(strstr(e.msg, "blank"));
	assert_int_equal(gpt_find_amber(&d->dev, &p, NULL, 0, &e), SNAP_ENOTAMBER);
	assert_non_null(strstr(e.msg, "no partition table"));
	/* garbage: random bytes everywhere */
	for (size_t i = 0; i < (size_t)NBLOCKS * 4096; i += 8) {
		uint64_t v = st_rand(&seed);
		memcpy(d->cur + i, &v, 8);
	}
	assert_true(snap_open(&d->dev, 0, &s, &e) < 0);
	assert_non_null(strstr(e.msg, "bad magic"));
	assert_true(gpt_find_amber(&d->dev, &p, NULL, 0, &e) < 0);
	/* an MBR disk without GPT */
	d->cur[510] = 0x55;
	d->cur[511] = 0xAA;
	for (int i = 0; i < 4; i++)
		d->cur[446 + 16 * i + 4] = 0x83;
	assert_int_equal(gpt_find_amber(&d->dev, &p, NULL, 0, &e), SNAP_ENOTAMBER);
	assert_non_null(strstr(e.msg, "not a GPT disk"));
	assert_int_equal(d->writes, 0);
	/* too small */
	assert_int_equal(snap_format(&small->dev, (const uint8_t *)"0123456789abcdef", &e),
			 SNAP_ETOOSMALL);
	assert_int_equal(snap_open(&small->dev, 0, &s, &e), SNAP_ETOOSMALL);
	assert_int_equal(gpt_format(&small->dev, (const uint8_t *)"0123456789abcdef",
				    (const uint8_t *)"0123456789abcdef", &p, &e),
			 SNAP_ETOOSMALL);
	assert_int_equal(small->writes, 0);
	fdev_free(small);
	fdev_free(d);
}

static void test_truncated_and_future(void **state)
{
	fixture *f = fx_new();
	fdev *t = fdev_new(NBLOCKS / 2 * 8, 512);
	snap_store *s;
	snap_err e;
	(void)state;

	memcpy(t->cur, f->clean, (size_t)NBLOCKS / 2 * 4096);
	assert_int_equal(snap_open(&t->dev, 0, &s, &e), SNAP_ECORRUPT);
	assert_non_null(strstr(e.msg, "truncated"));
	/* both slots from a future format version */
	fx_reset(f);
	set_sb_field(f, 0, 8, 9, 4);
	set_sb_field(f, 1, 8, 9, 4);
	assert_int_equal(snap_open(&f->d->dev, 0, &s, &e), SNAP_EVERSION);
	assert_non_null(strstr(e.msg, "unsupported format version 9"));
	fdev_free(t);
	fx_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flip_every_block),
		cmocka_unit_test(test_superblock_fields),
		cmocka_unit_test(test_shared_block),
		cmocka_unit_test(test_verify_new),
		cmocka_unit_test(test_malformed_devices),
		cmocka_unit_test(test_truncated_and_future),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
