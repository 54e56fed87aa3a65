/*
 * blk.c: the disk registry, the write guard and the completion bookkeeping
 * of interrupt-driven drivers (see blk.h).
 *
 * Invariants:
 *  - disks[] grows only during blk_init() (boot thread, before anything
 *    else uses a disk); afterwards the table is read-only apart from each
 *    disk's guard fields, which change under guard_lock.
 *  - A request in flight at a driver has req->drv = chunks still to complete
 *    (low 32 bits) and the first error seen, negated (bits 32..47); the
 *    driver's lock protects both. req->status stays BLK_PENDING until the
 *    last chunk completes, and is the last write any driver makes to req.
 *  - A waiter is on f->waiters from the moment it is queued until whoever
 *    wakes it removes it, always under f->lk; the waiter's semaphore lives
 *    on its own stack, and nobody touches it after the removal.
 */
#include <stdio.h>
#include <string.h>
#include "kernel/blk.h"
#include "kernel/klog.h"
#include "kernel/panic.h"
#include "kernel/pmm.h"
#include "kernel/time.h"
#include "arch/x86/vmm.h"
#include "snapshot/gpt.h"

struct disk {
	blk_dev dev;			/* I: the guarded device others use */
	blk_dev *raw;			/* I: the driver's */
	bool amber;			/* guard_lock: an Amber partition exists */
	uint64_t first, n;		/* guard_lock: its extent */
	bool format;			/* guard_lock: writes allowed everywhere */
};

static struct disk disks[BLK_MAX_DISKS];	/* see the invariants */
static int ndisks;
static struct spinlock guard_lock = SPINLOCK_INIT("blk guard");

/* ---- the guard ---------------------------------------------------------- */

static bool write_allowed(struct disk *d, uint64_t lba, uint32_t count)
{
	spin_lock(&guard_lock);
	bool ok = d->format || (d->amber && lba >= d->first &&
				lba + count <= d->first + d->n);
	spin_unlock(&guard_lock);
	return ok;
}

static void guard_submit(blk_dev *dev, blk_req *req)
{
	struct disk *d = (struct disk *)dev;
	if (req->op == BLK_OP_WRITE && !write_allowed(d, req->lba, req->count)) {
		klog(KLOG_WARN, "blk: %s: write of sectors %lu..%lu refused: not inside "
		     "an Amber partition", dev->name, req->lba, req->lba + req->count - 1);
		req->status = BLK_EINVAL;
		return;
	}
	blk_submit(d->raw, req);
}

static void guard_wait(blk_dev *dev, blk_req *req)
{
	blk_wait(((struct disk *)dev)->raw, req);
}

static const blk_ops guard_ops = { guard_submit, guard_wait };

/* Read the GPT of d (reading never writes) and set the guard from it. */
static int scan(struct disk *d)
{
	static char warn[512];
	snap_err err;
	gpt_part p;
	int rc = gpt_find_amber(&d->dev, &p, warn, sizeof warn, &err);
	if (warn[0])
		klog(KLOG_WARN, "blk: %s", warn);
	spin_lock(&guard_lock);
	d->format = false;
	d->amber = rc == 0;
	d->first = rc == 0 ? p.first_lba : 0;
	d->n = rc == 0 ? p.last_lba - p.first_lba + 1 : 0;
	spin_unlock(&guard_lock);
	if (rc == 0)
		klog(KLOG_INFO, "blk: %s: Amber partition %u at sector %lu, %lu MiB",
		     d->dev.name, p.index + 1, p.first_lba,
		     (unsigned long)((d->n * d->dev.sector_size) >> 20));
	else
		klog(KLOG_INFO, "blk: %s: no Amber partition (%s): never written",
		     d->dev.name, err.msg);
	return rc;
}

int blk_register(blk_dev *raw)
{
	if (ndisks == BLK_MAX_DISKS) {
		klog(KLOG_WARN, "blk: more than %d disks; %s ignored", BLK_MAX_DISKS, raw->name);
		return -1;
	}
	struct disk *d = &disks[ndisks];
	d->raw = raw;
	d->dev = (blk_dev){ .ops = &guard_ops, .priv = d, .name = raw->name,
		.sector_size = raw->sector_size, .nsectors = raw->nsectors };
	klog(KLOG_INFO, "blk: %s: %lu sectors of %u bytes (%lu MiB)", raw->name,
	     raw->nsectors, raw->sector_size,
	     (unsigned long)((raw->nsectors * raw->sector_size) >> 20));
	scan(d);
	return ndisks++;
}

void blk_init(void)
{
	vblk_probe();
	ahci_probe();
	klog(KLOG_INFO, "blk: %d disk(s)", ndisks);
}

int blk_count(void)
{
	return ndisks;
}

blk_dev *blk_disk(int i)
{
	return i >= 0 && i < ndisks ? &disks[i].dev : 0;
}

bool blk_amber(int i, uint64_t *first_lba, uint64_t *nsectors)
{
	if (i < 0 || i >= ndisks)
		return false;
	spin_lock(&guard_lock);
	bool ok = disks[i].amber;
	*first_lba = disks[i].first;
	*nsectors = disks[i].n;
	spin_unlock(&guard_lock);
	return ok;
}

static struct disk *disk_of(blk_dev *dev)
{
	for (int i = 0; i < ndisks; i++)
		if (&disks[i].dev == dev)
			return &disks[i];
	return 0;
}

void blk_allow_format(blk_dev *dev)
{
	struct disk *d = disk_of(dev);
	if (!d)
		return;
	klog(KLOG_WARN, "blk: %s: writes to the whole disk allowed (formatting)", dev->name);
	spin_lock(&guard_lock);
	d->format = true;
	spin_unlock(&guard_lock);
}

int blk_rescan(blk_dev *dev)
{
	struct disk *d = disk_of(dev);
	return d ? scan(d) : -1;
}

double blk_stream(blk_dev *dev, int op, uint8_t *bufs, uint64_t first, const char **why)
{
	enum { N = BLK_STREAM_BYTES / BLK_STREAM_REQ };
	blk_req reqs[BLK_STREAM_DEPTH];
	uint32_t cnt = BLK_STREAM_REQ / dev->sector_size;
	uint64_t t0 = time_now_ns();
	for (int i = 0; i < N + BLK_STREAM_DEPTH; i++) {
		blk_req *r = &reqs[i % BLK_STREAM_DEPTH];
		if (i >= BLK_STREAM_DEPTH && blk_wait(dev, r) != 0 && !*why)
			*why = blk_strerror(r->status);
		if (i < N) {
			*r = (blk_req){ .op = op, .lba = first + (uint64_t)i * cnt, .count = cnt,
				.buf = bufs + (size_t)(i % BLK_STREAM_DEPTH) * BLK_STREAM_REQ };
			blk_submit(dev, r);
		}
	}
	if (op == BLK_OP_WRITE && blk_flush(dev) != 0 && !*why)
		*why = "flush failed";
	uint64_t ns = time_now_ns() - t0;
	return ns ? (double)BLK_STREAM_BYTES / (1 << 20) / (ns / 1e9) : 0;
}

/* ---- completion bookkeeping for drivers --------------------------------- */

#define LEFT(r)  ((uint32_t)(uintptr_t)(r)->drv)
#define ERR(r)   ((int)(((uintptr_t)(r)->drv >> 32) & 0xffff))

void blk_req_start(blk_req *req, uint32_t chunks)
{
	req->drv = (void *)(uintptr_t)chunks;
}

static void wake(struct blk_inflight *f, blk_req *req)
{
	struct blk_waiter **pp = &f->waiters;
	while (*pp) {
		struct blk_waiter *w = *pp;
		if (w->req == req) {
			*pp = w->next;
			sem_up(&w->sem);
		} else {
			pp = &w->next;
		}
	}
}

void blk_req_chunk_done(struct blk_inflight *f, blk_req *req, int status)
{
	KASSERT(spin_holding(f->lk));
	uintptr_t v = (uintptr_t)req->drv;
	if (status != 0 && ERR(req) == 0)
		v |= (uintptr_t)(-status & 0xffff) << 32;
	v--;
	req->drv = (void *)v;
	if ((uint32_t)v != 0)
		return;
	int err = (int)((v >> 32) & 0xffff);
	__atomic_store_n(&req->status, err ? -err : 0, __ATOMIC_RELEASE);
	wake(f, req);			/* compares pointers only: req may be gone */
}

void blk_wake_space(struct blk_inflight *f)
{
	wake(f, 0);
}

/* Sleep on w (queued under f->lk, which the caller has released) with
 * polling after each BLK_POLL_NS; returns when w was removed and woken, or
 * when done(req) holds after a poll. Takes f->lk to check. */
static void sleep_on(struct blk_inflight *f, struct blk_waiter *w)
{
	for (;;) {
		if (sem_down_until(&w->sem, time_now_ns() + BLK_POLL_NS))
			return;
		f->poll(f->ctx);
		spin_lock(f->lk);
		bool queued = false;
		for (struct blk_waiter *x = f->waiters; x; x = x->next)
			queued |= x == w;
		bool done = !queued || (w->req && w->req->status != BLK_PENDING);
		if (queued && done) {		/* unlink ourselves */
			struct blk_waiter **pp = &f->waiters;
			while (*pp != w)
				pp = &(*pp)->next;
			*pp = w->next;
		}
		if (done && f->rescued++ == 0)
			klog(KLOG_WARN, "blk: %s: a completion was found by polling, not by "
			     "its interrupt (interrupt routing?)", f->name);
		spin_unlock(f->lk);
		if (done)
			return;
	}
}

void blk_wait_space(struct blk_inflight *f)
{
	KASSERT(spin_holding(f->lk));
	struct blk_waiter w = { .req = 0, .next = f->waiters };
	sem_init(&w.sem, 0);
	f->waiters = &w;
	spin_unlock(f->lk);
	sleep_on(f, &w);
	spin_lock(f->lk);
}

void blk_wait_req(struct blk_inflight *f, blk_req *req)
{
	struct blk_waiter w = { .req = req };
	sem_init(&w.sem, 0);
	spin_lock(f->lk);
	if (req->status != BLK_PENDING) {
		spin_unlock(f->lk);
		return;
	}
	w.next = f->waiters;
	f->waiters = &w;
	spin_unlock(f->lk);
	sleep_on(f, &w);
}

int blk_phys_segs(const void *buf, size_t len, struct blk_seg *segs, int max)
{
	int n = 0;
	uint64_t va = (uint64_t)buf, end = va + len;
	while (va < end) {
		uint64_t pa = vmm_virt_to_phys((const void *)va);
		uint32_t take = PAGE_SIZE - (va & (PAGE_SIZE - 1));
		if (take > end - va)
			take = end - va;
		if (!pa)
			return -1;
		if (n > 0 && segs[n - 1].pa + segs[n - 1].len == pa &&
		    segs[n - 1].len + (uint64_t)take <= 0x400000) {
			segs[n - 1].len += take;
		} else {
			if (n == max)
				return -1;
			segs[n++] = (struct blk_seg){ pa, take };
		}
		va += take;
	}
	return n;
}
