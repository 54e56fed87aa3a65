/*
 * snaptest.h: helpers shared by the snapshot-store unit tests (cmocka).
 *
 *   fdev: an in-memory block device that models a disk with a volatile write
 *         cache. `durable` is what survives a power cut for certain (the
 *         contents at the last completed flush); writes since then are kept
 *         in `pending`. Faults:
 *           crash_write = N   the Nth write (from 1) "crashes": it may or may
 *                             not land, and every later request fails (EIO)
 *           crash_flush = N   the Nth flush never completes; later requests fail
 *         fdev_powercut(d, mode, seed) then decides what reached the medium:
 *           CUT_DROP_ALL      none of the pending writes
 *           CUT_SUBSET        a random subset
 *           CUT_TEAR          a random subset, each possibly torn (a random
 *                             subset of its sectors)
 *           CUT_ALL           all of them
 *         and turns the device back on.
 *   fdev_new(sectors, sector_size) / fdev_free(d)
 *   model: page contents are a function of (page, version); version 0 is a
 *         zero page. mk_page(buf, page, ver) fills a buffer.
 *   ST_OK(call)  fail the test with the snap_err message if call != 0
 */
#ifndef AMBER_TESTS_SNAPTEST_H
#define AMBER_TESTS_SNAPTEST_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "snapshot/blk.h"
#include "snapshot/gpt.h"
#include "snapshot/snap.h"
#include "snapshot/le.h"
#include "snapshot/crc.h"

enum { CUT_DROP_ALL, CUT_SUBSET, CUT_TEAR, CUT_ALL, CUT_NMODES };

typedef struct pwrite_rec {
	uint64_t lba;
	uint32_t count;
	uint8_t *data;
} pwrite_rec;

typedef struct fdev {
	blk_dev dev;
	uint8_t *durable, *cur;
	pwrite_rec *pending;
	size_t npend, cap;
	long writes, flushes, reads;
	long crash_write, crash_flush;	/* 0 = never */
	int crashed;
} fdev;

static inline uint64_t st_rand(uint64_t *s)
{
	uint64_t x = *s;		/* xorshift64* */
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545F4914F6CDD1Dull;
}

static void fdev_submit(blk_dev *dev, blk_req *req)
{
	fdev *d = (fdev *)dev;
	size_t off = (size_t)req->lba * dev->sector_size;
	size_t n = (size_t)req->count * dev->sector_size;

	if (d->crashed) {
		req->status = BLK_EIO;
		return;
	}
	switch (req->op) {
	case BLK_OP_READ:
		d->reads++;
		memcpy(req->buf, d->cur + off, n);
		req->status = 0;
		return;
	case BLK_OP_WRITE:
		d->writes++;
		if (d->npend == d->cap) {
			d->cap = d->cap ? 2 * d->cap : 64;
			d->pending = realloc(d->pending, d->cap * sizeof *d->pending);
			assert_non_null(d->pending);
		}
		d->pending[d->npend].lba = req->lba;
		d->pending[d->npend].count = req->count;
		d->pending[d->npend].data = malloc(n);
		assert_non_null(d->pending[d->npend].data);
		memcpy(d->pending[d->npend].data, req->buf, n);
		d->npend++;
		memcpy(d->cur + off, req->buf, n);
		if (d->crash_write && d->writes == d->crash_write) {
			d->crashed = 1;
			req->status = BLK_EIO;
			return;
		}
		req->status = 0;
		return;
	case BLK_OP_FLUSH:
		d->flushes++;
		if (d->crash_flush && d->flushes == d->crash_flush) {
			d->crashed = 1;
			req->status = BLK_EIO;
			return;
		}
		for (size_t i = 0; i < d->npend; i++) {
			pwrite_rec *w = &d->pending[i];
			memcpy(d->durable + w->lba * dev->sector_size, w->data,
			       (size_t)w->count * dev->sector_size);
			free(w->data);
		}
		d->npend = 0;
		req->status = 0;
		return;
	}
	req->status = BLK_EINVAL;
}

static void fdev_wait(blk_dev *dev, blk_req *req)
{
	(void)dev;
	(void)req;
}

static const blk_ops fdev_ops = { fdev_submit, fdev_wait };

static inline fdev *fdev_new(uint64_t nsectors, uint32_t ss)
{
	fdev *d = calloc(1, sizeof *d);
	assert_non_null(d);
	d->dev.ops = &fdev_ops;
	d->dev.name = "testdisk";
	d->dev.sector_size = ss;
	d->dev.nsectors = nsectors;
	d->durable = calloc(1, nsectors * ss);
	d->cur = calloc(1, nsectors * ss);
	assert_non_null(d->durable);
	assert_non_null(d->cur);
	return d;
}

static inline void fdev_free(fdev *d)
{
	for (size_t i = 0; i < d->npend; i++)
		free(d->pending[i].data);
	free(d->pending);
	free(d->durable);
	free(d->cur);
	free(d);
}

static inline void fdev_powercut(fdev *d, int mode, uint64_t *seed)
{
	uint32_t ss = d->dev.sector_size;

	for (size_t i = 0; i < d->npend; i++) {
		pwrite_rec *w = &d->pending[i];
		int apply = mode == CUT_ALL ? 1 : mode == CUT_DROP_ALL ? 0 :
			    (int)(st_rand(seed) & 1);
		if (apply && mode == CUT_TEAR && (st_rand(seed) & 1)) {
			for (uint32_t k = 0; k < w->count; k++)
				if (st_rand(seed) & 1)
					memcpy(d->durable + (w->lba + k) * ss,
					       w->data + (size_t)k * ss, ss);
		} else if (apply) {
			memcpy(d->durable + w->lba * ss, w->data,
			       (size_t)w->count * ss);
		}
		free(w->data);
	}
	d->npend = 0;
	memcpy(d->cur, d->durable, d->dev.nsectors * ss);
	d->crashed = 0;
	d->crash_write = d->crash_flush = 0;
	d->writes = d->flushes = 0;
}

/* Everything written so far becomes durable (as if flushed). */
static inline void fdev_settle(fdev *d)
{
	uint64_t seed = 1;
	fdev_powercut(d, CUT_ALL, &seed);
}

static inline int is_zero_block(const uint8_t *p)
{
	for (size_t i = 0; i < SNAP_BLOCK_SIZE; i++)
		if (p[i])
			return 0;
	return 1;
}

static inline void mk_page(uint8_t *buf, uint64_t page, uint32_t ver)
{
	uint64_t s = page * 0x9E3779B97F4A7C15ull + ver * 0xD1B54A32D192ED03ull + 1;
	if (ver == 0) {
		memset(buf, 0, SNAP_PAGE_SIZE);
		return;
	}
	for (size_t i = 0; i < SNAP_PAGE_SIZE; i += 8) {
		uint64_t v = st_rand(&s);
		memcpy(buf + i, &v, 8);
	}
}

#define ST_OK(call) do { \
	snap_err st_e_ = { 0, "" }; \
	int st_rc_ = (call); \
	(void)st_e_; \
	if (st_rc_ != 0) fail_msg("%s: %d", #call, st_rc_); \
} while (0)

static inline void st_uuid(uint8_t u[16], uint64_t seed)
{
	for (int i = 0; i < 16; i++)
		u[i] = (uint8_t)(st_rand(&seed) >> 32);
}

/* Format a bare store on d; fails the test on error. */
static inline void st_format(blk_dev *dev, uint64_t seed)
{
	uint8_t u[16];
	snap_err e;
	st_uuid(u, seed);
	if (snap_format(dev, u, &e) != 0)
		fail_msg("snap_format: %s", e.msg);
}

static inline snap_store *st_open(blk_dev *dev, unsigned flags)
{
	snap_store *s;
	snap_err e;
	if (snap_open(dev, flags, &s, &e) != 0)
		fail_msg("snap_open: %s", e.msg);
	return s;
}

/* Check every page of the store's current snapshot against vers[]. */
static inline void st_verify(snap_store *s, const uint32_t *vers, uint64_t npages)
{
	uint8_t got[SNAP_PAGE_SIZE], want[SNAP_PAGE_SIZE];
	snap_err e;
	for (uint64_t p = 0; p < npages; p++) {
		if (p >= snap_current(s)->omem_pages) {	/* never written */
			if (vers[p] != 0)
				fail_msg("snapshot %llu: page %llu missing",
					 (unsigned long long)snap_current(s)->seq,
					 (unsigned long long)p);
			continue;
		}
		if (snap_read_page(s, p, got, &e) != 0)
			fail_msg("snapshot %llu: reading page %llu: %s",
				 (unsigned long long)snap_current(s)->seq,
				 (unsigned long long)p, e.msg);
		mk_page(want, p, vers[p]);
		if (memcmp(got, want, SNAP_PAGE_SIZE) != 0)
			fail_msg("snapshot %llu: page %llu differs from the model (version %u)",
				 (unsigned long long)snap_current(s)->seq,
				 (unsigned long long)p, vers[p]);
	}
}

/*
 * One snapshot: pages from `dirty` (count n) get new versions (some zero)
 * in vers[]; returns snap_commit's result. *next_ver is a version counter.
 */
static inline int st_snapshot(snap_store *s, uint64_t npages, uint32_t *vers,
			      const uint64_t *dirty, size_t n, uint32_t *next_ver,
			      uint64_t *seed, snap_err *e)
{
	uint8_t buf[SNAP_PAGE_SIZE];
	snap_tx *tx;
	int rc = snap_begin(s, npages, &tx, e);
	if (rc != 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		uint32_t v = st_rand(seed) % 10 == 0 ? 0 : (*next_ver)++;
		vers[dirty[i]] = v;
		mk_page(buf, dirty[i], v);
		if ((rc = snap_write_page(tx, dirty[i], buf, e)) != 0) {
			snap_abort(tx);
			return rc;
		}
	}
	return snap_commit(tx, 1000000000ull * (snap_current(s)->seq + 1), NULL, e);
}

#endif
