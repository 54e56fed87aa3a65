/*
 * test_fault.c: power cuts. A model-checked history of snapshots on a disk
 * whose volatile cache loses all, some or torn parts of the writes not yet
 * covered by a flush, or that crashes at the Nth write or flush. After every
 * cut, the reopened store must hold exactly one committed snapshot: one no
 * older than the last commit that returned success (its final flush done),
 * no newer than the last one attempted, with every page equal to the model
 * of that snapshot.
 */
#include "tests/snapshot/snaptest.h"

#define NPAGES	700
#define NBLOCKS	2048
#define MAXSEQ	4096

typedef struct history {
	uint32_t *model[MAXSEQ];	/* page versions per snapshot seq */
	uint64_t durable;		/* last seq whose commit returned 0 */
	uint64_t attempted;		/* last seq a commit was tried for */
} history;

static void record(history *h, uint64_t seq, const uint32_t *vers)
{
	assert_true(seq < MAXSEQ);
	if (h->model[seq] == NULL)
		h->model[seq] = malloc(NPAGES * sizeof(uint32_t));
	memcpy(h->model[seq], vers, NPAGES * sizeof(uint32_t));
}

static void forget(history *h)
{
	for (int i = 0; i < MAXSEQ; i++)
		free(h->model[i]);
}

/* Reopen after a cut and check the outcome against the history. */
static snap_store *reopen_check(fdev *d, history *h, unsigned flags,
				uint32_t *cur)
{
	snap_store *s;
	snap_err e;
	uint64_t S;

	if (snap_open(&d->dev, flags, &s, &e) != 0)
		fail_msg("reopen after a power cut: %s", e.msg);
	S = snap_current(s)->seq;
	/* a torn superblock is expected; a damaged tree never is, because
	 * nothing the superblock reaches is unflushed when it is written */
	if (strstr(snap_report(s), "damaged") != NULL)
		fail_msg("after a power cut: %s", snap_report(s));
	if (S < h->durable || S > h->attempted)
		fail_msg("reopened snapshot %llu, outside %llu..%llu",
			 (unsigned long long)S, (unsigned long long)h->durable,
			 (unsigned long long)h->attempted);
	assert_non_null(h->model[S]);
	st_verify(s, h->model[S], NPAGES);
	memcpy(cur, h->model[S], NPAGES * sizeof(uint32_t));
	return s;
}

/* Up to `n` snapshots; stops at the first failure. */
static void run_commits(snap_store *s, history *h, uint32_t *cur, int n,
			uint32_t *next, uint64_t *seed)
{
	uint32_t tmp[NPAGES];
	uint64_t dirty[80];
	snap_err e;

	for (int k = 0; k < n; k++) {
		uint64_t seq = snap_current(s)->seq + 1;
		size_t nd = 1 + st_rand(seed) % 80;
		int rc;

		for (size_t i = 0; i < nd; i++)
			dirty[i] = st_rand(seed) % NPAGES;
		memcpy(tmp, cur, sizeof tmp);
		rc = st_snapshot(s, NPAGES, tmp, dirty, nd, next, seed, &e);
		record(h, seq, tmp);
		h->attempted = seq;
		if (rc != 0)
			return;
		h->durable = seq;
		memcpy(cur, tmp, sizeof tmp);
	}
}

static void test_random_cuts(void **state)
{
	fdev *d = fdev_new(NBLOCKS * 8, 512);
	history *h = calloc(1, sizeof *h);
	uint32_t cur[NPAGES] = { 0 }, next = 1;
	uint64_t seed = 2024;
	int cuts[CUT_NMODES] = { 0 };
	(void)state;

	st_format(&d->dev, 77);
	fdev_settle(d);
	record(h, 0, cur);
	for (int round = 0; round < 300; round++) {
		snap_store *s = reopen_check(d, h, round % 5 == 0 ?
					     SNAP_OPEN_VERIFY_DATA : 0, cur);
		int mode = (int)(st_rand(&seed) % CUT_NMODES);
		uint64_t r = st_rand(&seed) % 10;

		if (r < 5)
			d->crash_write = 1 + (long)(st_rand(&seed) % 200);
		else if (r < 9)
			d->crash_flush = 1 + (long)(st_rand(&seed) % 6);
		run_commits(s, h, cur, 3, &next, &seed);
		snap_close(s);
		fdev_powercut(d, mode, &seed);
		cuts[mode]++;
	}
	snap_close(reopen_check(d, h, SNAP_OPEN_VERIFY_DATA, cur));
	for (int m = 0; m < CUT_NMODES; m++)
		assert_true(cuts[m] > 0);
	assert_true(h->durable > 100);
	forget(h);
	free(h);
	fdev_free(d);
}

/*
 * Every crash point of one commit, from the same starting image, under
 * every cut mode: the Nth write for each N, and each of the commit's
 * flushes.
 */
static void test_every_crash_point(void **state)
{
	fdev *d = fdev_new(NBLOCKS * 8, 512);
	history *h = calloc(1, sizeof *h);
	size_t bytes = (size_t)NBLOCKS * 8 * 512;
	uint8_t *base = malloc(bytes);
	uint32_t cur[NPAGES] = { 0 }, base_model[NPAGES], next = 1;
	uint64_t seed = 99, base_seq, base_next;
	long writes_per_commit;
	snap_store *s;
	(void)state;

	st_format(&d->dev, 78);
	fdev_settle(d);
	record(h, 0, cur);
	s = st_open(&d->dev, 0);
	run_commits(s, h, cur, 6, &next, &seed);
	snap_close(s);
	fdev_settle(d);
	memcpy(base, d->durable, bytes);
	memcpy(base_model, cur, sizeof cur);
	base_seq = h->durable;
	base_next = next;

	/* How many writes does the next commit make? */
	s = st_open(&d->dev, 0);
	{
		uint64_t sd = seed;
		uint32_t nx = next;
		d->writes = 0;
		run_commits(s, h, cur, 1, &nx, &sd);
		writes_per_commit = d->writes;
	}
	snap_close(s);
	assert_true(writes_per_commit > 3);

	for (long n = 1; n <= writes_per_commit + 2; n++) {
		for (int mode = 0; mode < CUT_NMODES; mode++) {
			uint64_t sd = seed, cutseed = (uint64_t)n * 31 + mode + 1;
			uint32_t nx = (uint32_t)base_next;

			memcpy(d->durable, base, bytes);
			memcpy(d->cur, base, bytes);
			memcpy(cur, base_model, sizeof cur);
			h->durable = h->attempted = base_seq;
			if (n <= writes_per_commit)
				d->crash_write = n;
			else
				d->crash_flush = n - writes_per_commit;	/* 1st or 2nd flush */
			s = st_open(&d->dev, 0);
			run_commits(s, h, cur, 1, &nx, &sd);
			snap_close(s);
			fdev_powercut(d, mode, &cutseed);
			snap_close(reopen_check(d, h, SNAP_OPEN_VERIFY_DATA, cur));
		}
	}
	free(base);
	forget(h);
	free(h);
	fdev_free(d);
}

/* Device errors without a power cut: the store stays usable. */
static void test_io_error_abort(void **state)
{
	fdev *d = fdev_new(NBLOCKS * 8, 512);
	history *h = calloc(1, sizeof *h);
	uint32_t cur[NPAGES] = { 0 }, next = 1;
	uint64_t seed = 5;
	snap_store *s;
	snap_tx *tx;
	snap_err e;
	(void)state;

	st_format(&d->dev, 79);
	fdev_settle(d);
	record(h, 0, cur);
	s = st_open(&d->dev, 0);
	run_commits(s, h, cur, 2, &next, &seed);
	d->crash_flush = d->flushes + 2;	/* the commit's final flush */
	run_commits(s, h, cur, 1, &next, &seed);
	assert_int_equal(h->durable, 2);
	assert_int_equal(snap_begin(s, NPAGES, &tx, &e), SNAP_EDEAD);
	snap_close(s);
	fdev_powercut(d, CUT_SUBSET, &seed);
	snap_close(reopen_check(d, h, 0, cur));
	forget(h);
	free(h);
	fdev_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_cuts),
		cmocka_unit_test(test_every_crash_point),
		cmocka_unit_test(test_io_error_abort),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
