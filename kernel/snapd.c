/*
 * snapd.c: the snapshot thread, copy-on-write page tracking, lazy restore
 * (see snapd.h for the interface and the invariants).
 *
 * One snapshot, in order:
 *   1. pm_stop_world(PMREQ_SNAPSHOT): every VM thread stands on an
 *      instruction boundary (or before the SYS it is blocked in).
 *   2. Mark, under sd_cow_lock: each page of the dirty set D becomes
 *      PS_PENDING, write-protected, and moves to the save set S. Nothing is
 *      copied or written here.
 *   3. pm_resume_world(): the guests run on.
 *   4. Write: for each page of S, hand its snapshot contents to
 *      snap_write_page (which copies them into a write run: one copy), then
 *      clear PS_PENDING. The contents are a physical page nobody writes
 *      while the writer reads it without sd_cow_lock: the still-protected
 *      mapped page, or the page a guest write left behind (below). Then
 *      snap_commit (flush, superblock, flush). A failed commit puts S back
 *      into D.
 *
 * Copy-on-write: a guest writing a PS_PENDING page faults; the handler copies
 * the page into a fresh physical page, maps that one writable in its place,
 * and leaves the old one, untouched, to the writer (spage.old), which frees
 * it after writing it out. So the guest never waits for the disk, and the
 * writer never copies under the lock.
 * Per snapshot one log line: pages, bytes, pause, write time, throughput.
 *
 * Page states (sd_pst[page], sd_cow_lock): PS_MAPPED (a physical page is
 * mapped), PS_DIRTY (in D: written since the last mark; may be writable),
 * PS_PENDING (in S and its contents not yet taken by the writer; mapped
 * read-only). A mapped page without PS_DIRTY is read-only.
 *
 * Locks (docs/THREADING.md): the persistent-memory lock, then
 * sd_store_mutex (the store: every snap_* call, and sd_store itself), then
 * sd_cow_lock (spinlock; states, D, S; never held across a sleep). The
 * snapshot thread takes the pm lock only through pm_stop_world, holding
 * nothing else. sd_req_mutex (requests and completions) is a leaf mutex.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kernel/snapd.h"
#include "kernel/blk.h"
#include "kernel/cmdline.h"
#include "kernel/klog.h"
#include "kernel/kthread.h"
#include "kernel/panic.h"
#include "kernel/pmem.h"
#include "kernel/pmm.h"
#include "kernel/sched.h"
#include "kernel/spinlock.h"
#include "kernel/sync.h"
#include "kernel/time.h"
#include "arch/x86/power.h"
#include "arch/x86/cpu.h"
#include "arch/x86/vmm.h"
#include "snapshot/gpt.h"
#include "snapshot/snap.h"
#include "vm/omem.h"
#include "vm/platform.h"
#include "vm/state.h"

#define PS_MAPPED  0x1
#define PS_DIRTY   0x2
#define PS_PENDING 0x4

#define SD_META "amber-vm"		/* vm_meta of a VM snapshot */
#define SD_BATCH 64			/* pages the writer handles per lock hold */

struct spage {
	uint64_t page;
	uint64_t old;			/* the writer's physical page once a guest
					   write moved the mapping away, or 0 */
};

/* I after snapd_init */
static bool sd_active;
static uint64_t sd_npages;		/* object-memory pages */
static uint64_t sd_rest_pages;		/* pages of the restored snapshot (0: fresh) */
static blk_dev sd_part;
static const char *sd_diskname;
static uint64_t sd_interval_ms = 1000;
static bool sd_damaged;			/* a: damage found after the boot (a restored
					   page, or the first snapshot's tree walk) */

/* sd_store_mutex */
static struct mutex sd_store_mutex = MUTEX_INIT("snap_store");
static snap_store *sd_store;

/* sd_cow_lock */
static struct spinlock sd_cow_lock = SPINLOCK_INIT("snap_cow");
static uint8_t *sd_pst;
static uint64_t *sd_dirty, sd_ndirty;	/* D */
static struct spage *sd_save;		/* S (only the writer changes its size) */
static uint64_t sd_nsave;
static uint32_t *sd_sidx;		/* page -> index in S while PS_PENDING */
static uint64_t sd_copies;		/* COW copies made (statistics) */

/* sd_req_mutex */
static struct mutex sd_req_mutex = MUTEX_INIT("snap_req");
static struct cond sd_req_cond = COND_INIT;	/* the thread waits for requests */
static struct cond sd_done_cond = COND_INIT;	/* sync callers wait for commits */
static uint64_t sd_req_gen;		/* requests made */
static uint64_t sd_done_gen;		/* requests covered by a durable snapshot */
static uint64_t sd_fail_gen;		/* requests whose snapshot failed */

bool snapd_active(void)
{
	return sd_active;
}

static uint64_t page_va(uint64_t p)
{
	return VM_OMEM_BASE + p * PAGE_SIZE;
}

/* ---- power-cut injection (test builds of the command line: snapfault=SEED) ----------
 *
 * A window over the store's partition that models what a power cut may do
 * to a disk with a volatile write cache (snapshot/blk.h, "Ordering
 * contract"): writes since the last flush are only buffered (they complete
 * at once); a flush writes them out and flushes. After a random number of
 * requests the power goes: a random subset of the buffered writes reaches
 * the disk, some of them torn (only a prefix of their sectors), and the
 * machine stops at once (QEMU exit status 7). Reads first write the buffer
 * out (early durability is one of the allowed outcomes). */

#define FI_MAX 64

struct fi_write {
	uint64_t lba;
	uint32_t count;
	uint8_t *data;
};

static blk_dev sd_fi_dev;			/* the window the store uses */
static blk_dev *sd_fi_below;			/* I: the real partition */
static struct fi_write sd_fi_buf[FI_MAX];	/* sd_store_mutex (all store I/O) */
static int sd_fi_n;
static uint64_t sd_fi_rng, sd_fi_left;		/* requests until the power goes */

static uint64_t fi_rand(void)
{
	sd_fi_rng ^= sd_fi_rng << 13;
	sd_fi_rng ^= sd_fi_rng >> 7;
	sd_fi_rng ^= sd_fi_rng << 17;
	return sd_fi_rng;
}

static int fi_writeout(void)
{
	int rc = 0;
	for (int i = 0; i < sd_fi_n; i++) {
		int r = blk_write(sd_fi_below, sd_fi_buf[i].lba, sd_fi_buf[i].count, sd_fi_buf[i].data);
		if (r != 0 && rc == 0)
			rc = r;
		free(sd_fi_buf[i].data);
	}
	sd_fi_n = 0;
	return rc;
}

static _Noreturn void fi_power_cut(void)
{
	int wrote = 0, torn = 0, n = sd_fi_n;
	for (int i = 0; i < sd_fi_n; i++) {
		uint64_t r = fi_rand() % 4;
		if (r == 0)
			continue;		/* lost */
		uint32_t c = sd_fi_buf[i].count;
		if (r == 1 && c > 1) {
			c = 1 + (uint32_t)(fi_rand() % (c - 1));
			torn++;
		}
		blk_write(sd_fi_below, sd_fi_buf[i].lba, c, sd_fi_buf[i].data);
		wrote++;
	}
	blk_flush(sd_fi_below);		/* what reached the medium stays there */
	klog(KLOG_WARN, "snap: fault injection: power cut: %d of %d unflushed writes reached "
	     "the disk, %d of them torn", wrote, n, torn);
	x86_qemu_exit(7);
	for (;;)
		x86_halt();
}

static void fi_submit(blk_dev *dev, blk_req *req)
{
	(void)dev;
	if (req->op != BLK_OP_READ && sd_fi_left-- == 0)
		fi_power_cut();
	if (req->op == BLK_OP_WRITE && sd_fi_n < FI_MAX) {
		size_t len = (size_t)req->count * sd_fi_below->sector_size;
		uint8_t *copy = malloc(len);
		if (copy != NULL) {
			memcpy(copy, req->buf, len);
			sd_fi_buf[sd_fi_n++] = (struct fi_write){ req->lba, req->count, copy };
			req->status = 0;
			return;
		}
	}
	int rc = fi_writeout();
	if (rc != 0) {
		req->status = rc;
		return;
	}
	if (req->op == BLK_OP_READ)
		req->status = blk_read(sd_fi_below, req->lba, req->count, req->buf);
	else if (req->op == BLK_OP_FLUSH)
		req->status = blk_flush(sd_fi_below);
	else
		req->status = blk_write(sd_fi_below, req->lba, req->count, req->buf);
}

static void fi_wait(blk_dev *dev, blk_req *req)
{
	(void)dev;
	(void)req;
}

static const blk_ops sd_fi_ops = { fi_submit, fi_wait };

static void fi_init(const char *cmdline)
{
	char val[24];
	if (!cmdline_value(cmdline, "snapfault", val, sizeof val))
		return;
	sd_fi_rng = strtoull(val, NULL, 0) * 0x9e3779b97f4a7c15ull + 1;
	sd_fi_left = 10 + fi_rand() % 300;	/* writes and flushes */
	sd_fi_below = malloc(sizeof *sd_fi_below);
	*sd_fi_below = sd_part;
	sd_fi_dev = sd_part;
	sd_fi_dev.ops = &sd_fi_ops;
	sd_fi_dev.whole = NULL;
	sd_fi_dev.first_lba = 0;
	sd_part = sd_fi_dev;
	klog(KLOG_WARN, "snap: fault injection: the power goes after %lu store writes and flushes",
	     (unsigned long)sd_fi_left);
}

/* ---- finding and opening the store ----------------------------------------------- */

static void random_bytes(uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i += 8) {
		uint64_t x = plat_entropy();
		memcpy(b + i, &x, n - i < 8 ? n - i : 8);
	}
}

/* Format the store on disk i (and its GPT when it has none). */
static int format_disk(int i, snap_err *err)
{
	blk_dev *disk = blk_disk(i);
	uint64_t first, n;
	if (!blk_amber(i, &first, &n)) {
		uint8_t dg[16], pg[16];
		gpt_part gp;
		random_bytes(dg, 16);
		random_bytes(pg, 16);
		blk_allow_format(disk);
		int rc = gpt_format(disk, dg, pg, &gp, err);
		blk_rescan(disk);
		if (rc != 0)
			return rc;
	}
	char warn[160];
	int rc = gpt_open_amber(disk, &sd_part, warn, sizeof warn, err);
	if (rc != 0)
		return rc;
	uint8_t uuid[16];
	random_bytes(uuid, 16);
	return snap_format(&sd_part, uuid, err);
}

static bool open_store(const char *cmdline)
{
	snap_err err;
	int disk = -1;
	for (int i = 0; i < blk_count() && disk < 0; i++) {
		uint64_t first, n;
		if (blk_amber(i, &first, &n))
			disk = i;
	}
	if (cmdline_flag(cmdline, "snapformat")) {
		int d = disk >= 0 ? disk : 0;
		if (blk_count() == 0) {
			klog(KLOG_WARN, "snap: snapformat: no disk");
			return false;
		}
		if (format_disk(d, &err) != 0) {
			klog(KLOG_ERROR, "snap: formatting %s failed: %s", blk_disk(d)->name, err.msg);
			return false;
		}
		klog(KLOG_INFO, "snap: %s: formatted a new store (snapformat)", blk_disk(d)->name);
		disk = d;
	}
	if (disk < 0) {
		klog(KLOG_INFO, "snap: no disk with an Amber partition: snapshots off");
		return false;
	}
	char warn[160] = "";
	if (gpt_open_amber(blk_disk(disk), &sd_part, warn, sizeof warn, &err) != 0) {
		klog(KLOG_ERROR, "snap: %s: %s", blk_disk(disk)->name, err.msg);
		return false;
	}
	if (warn[0])
		klog(KLOG_WARN, "snap: %s: %s", blk_disk(disk)->name, warn);
	sd_diskname = blk_disk(disk)->name;
	fi_init(cmdline);
	/* what a fallback can replace (the blocks the newest snapshot wrote) is
	 * checked now; the rest of the trees by the first snapshot, data pages
	 * when first touched: restore time follows the last snapshot's size,
	 * not object memory's. `snapverify` checks everything now. */
	unsigned flags = cmdline_flag(cmdline, "snapverify") ? SNAP_OPEN_VERIFY_DATA :
		SNAP_OPEN_QUICK;
	if (snap_open(&sd_part, flags, &sd_store, &err) != 0) {
		klog(KLOG_ERROR, "snap: %s: no usable snapshot: %s", sd_diskname, err.msg);
		klog(KLOG_ERROR, "snap: %s left untouched for inspection; booting fresh without "
		     "snapshots (the word snapformat reuses the disk)", sd_diskname);
		return false;
	}
	const char *rep = snap_report(sd_store);
	if (rep[0])
		klog(KLOG_WARN, "snap: %s: %s", sd_diskname, rep);
	return true;
}

static bool alloc_tables(uint64_t npages)
{
	sd_npages = npages;
	sd_pst = calloc(npages, 1);
	sd_dirty = malloc(npages * sizeof *sd_dirty);
	sd_save = malloc(npages * sizeof *sd_save);
	sd_sidx = malloc(npages * sizeof *sd_sidx);
	return sd_pst && sd_dirty && sd_save && sd_sidx;
}

/* Benchmark (`snaprawtest`): after each of the first RAW_RUNS snapshots,
 * while the guest that asked for it still waits, a raw sequential write
 * (blk_stream: 32 MiB, 256 KiB requests, 16 in flight, flush included) to a
 * region of the partition no snapshot uses, a new region each time, counted
 * from the end: the yardstick for the writer's throughput, same device,
 * same driver, same boot, and at the same moment: a host disk takes a first
 * burst of writes several times faster than it keeps writing, and a disk
 * image writes new blocks slower than old ones (the snapshot writer's
 * blocks are new as well). Each run waits RAW_IDLE_MS first, so that the
 * host had longer to drain its cache before it than the snapshot had (only
 * while the guest dirtied its pages, about 30 ms in bench/snapshot.py): if
 * anything the yardstick is favoured. A region any live snapshot references
 * is skipped (snap_blocks_free): nothing live is ever overwritten. */
enum { RAW_RUNS = 6, RAW_IDLE_MS = 100 };

static bool sd_rawtest;			/* snapshot thread */
static int sd_raw_done;

static void raw_write_next(void)
{
	uint64_t sectors = BLK_STREAM_BYTES / sd_part.sector_size;
	uint64_t spb = SNAP_BLOCK_SIZE / sd_part.sector_size;
	uint64_t run = (uint64_t)++sd_raw_done;
	if (run > RAW_RUNS || sd_part.nsectors < (run + 1) * sectors)
		return;
	uint64_t first = (sd_part.nsectors - run * sectors) / spb * spb;
	size_t len = (size_t)BLK_STREAM_DEPTH * BLK_STREAM_REQ;
	uint8_t *buf = malloc(len);
	kthread_sleep_ns(RAW_IDLE_MS * 1000000ull);
	/* the store mutex held throughout: the blocks stay unused, and the
	 * writes go through the same device window as the store's */
	mutex_lock(&sd_store_mutex);
	bool unused = sd_store != NULL && snap_blocks_free(sd_store, first / spb, sectors / spb);
	if (buf == NULL || !unused) {
		mutex_unlock(&sd_store_mutex);
		klog(KLOG_WARN, "blk: %s: raw sequential write %lu skipped (%s)", sd_diskname,
		     (unsigned long)run, unused ? "no memory" : "its region is in use");
		free(buf);
		return;
	}
	memset(buf, 0xa5, len);
	const char *why = NULL;
	double mibs = blk_stream(&sd_part, BLK_OP_WRITE, buf, first, &why);
	mutex_unlock(&sd_store_mutex);
	klog(KLOG_INFO, "blk: %s: raw sequential write %u MiB: %.1f MiB/s (flush included, "
	     "%u KiB requests, %d in flight)%s%s", sd_diskname, BLK_STREAM_BYTES >> 20, mibs,
	     BLK_STREAM_REQ / 1024, BLK_STREAM_DEPTH, why ? " ERROR: " : "", why ? why : "");
	free(buf);
}

bool snapd_init(const char *cmdline, size_t *omem_size)
{
	char val[24];
	uint64_t t0 = time_now_ns();
	if (cmdline_value(cmdline, "snapint", val, sizeof val))
		sd_interval_ms = strtoull(val, NULL, 10);
	if (!open_store(cmdline))
		return false;
	sd_rawtest = cmdline_flag(cmdline, "snaprawtest");
	const snap_info *ci = snap_current(sd_store);
	bool restore = ci->seq > 0 && ci->omem_pages > 0 && ci->vm_meta_len == sizeof SD_META - 1 &&
		memcmp(ci->vm_meta, SD_META, sizeof SD_META - 1) == 0;
	if (restore && ci->vm_version != VMGLOBAL_VERSION) {
		klog(KLOG_ERROR, "snap: snapshot %lu holds VM layout %u, this kernel reads %u: "
		     "not restored, snapshots off", (unsigned long)ci->seq, ci->vm_version,
		     VMGLOBAL_VERSION);
		snap_close(sd_store);
		sd_store = NULL;
		return false;
	}
	if (restore)
		*omem_size = ci->omem_pages * PAGE_SIZE;
	if (!alloc_tables(*omem_size / PAGE_SIZE)) {
		klog(KLOG_ERROR, "snap: no memory for the page tables of %lu pages: snapshots off",
		     (unsigned long)(*omem_size / PAGE_SIZE));
		snap_close(sd_store);
		sd_store = NULL;
		return false;
	}
	sd_rest_pages = restore ? ci->omem_pages : 0;
	sd_active = true;
	if (restore)
		klog(KLOG_INFO, "snap: %s: restoring snapshot %lu (%lu pages of %lu, taken at %lu s), "
		     "store opened in %lu us; pages load on first touch", sd_diskname,
		     (unsigned long)ci->seq, (unsigned long)ci->pages, (unsigned long)ci->omem_pages,
		     (unsigned long)(ci->time_ns / 1000000000ull),
		     (unsigned long)((time_now_ns() - t0) / 1000));
	else
		klog(KLOG_INFO, "snap: %s: store open, snapshot %lu holds no VM: booting fresh",
		     sd_diskname, (unsigned long)ci->seq);
	return restore;
}

/* ---- the page-fault handler ------------------------------------------------------- */

static void dirty_add(uint64_t p)	/* sd_cow_lock */
{
	if (!(sd_pst[p] & PS_DIRTY)) {
		sd_pst[p] |= PS_DIRTY;
		sd_dirty[sd_ndirty++] = p;
	}
}

/* First touch: the page from the store (restored system) or zeros. */
static int fault_absent(uint64_t p, unsigned why)
{
	uint64_t pa = pmm_alloc();
	if (pa == 0)
		panic("object memory: out of physical pages at page %lu", (unsigned long)p);
	void *kva = vmm_phys_to_virt(pa);
	if (p < sd_rest_pages) {
		snap_err err;
		mutex_lock(&sd_store_mutex);
		int rc = sd_store ? snap_read_page(sd_store, p, kva, &err) : SNAP_EIO;
		mutex_unlock(&sd_store_mutex);
		if (rc != 0) {
			/* the (quick) open checked what the newest snapshot
			 * wrote: this is an older page or tree node, damaged on
			 * disk, or a device error. No fallback can replace it
			 * (the previous snapshot shares it). The guest may break, the
			 * kernel does not; and no snapshot is taken from now on,
			 * so the store keeps what it has for amber-fsck. */
			klog(KLOG_ERROR, "snap: page %lu cannot be restored: %s; it reads as zeros, "
			     "and snapshots stop (the store is kept as it is for amber-fsck)",
			     (unsigned long)p, rc == SNAP_EIO && sd_store == NULL ? "no store" : err.msg);
			__atomic_store_n(&sd_damaged, true, __ATOMIC_RELEASE);
			memset(kva, 0, PAGE_SIZE);
		}
	} else {
		memset(kva, 0, PAGE_SIZE);
	}
	bool write = (why & VMM_FAULT_WRITE) != 0;
	spin_lock(&sd_cow_lock);
	int rc = vmm_map(page_va(p), pa, write ? VMM_WRITE : 0);
	if (rc == 0) {
		sd_pst[p] |= PS_MAPPED;
		if (write)
			dirty_add(p);
	}
	spin_unlock(&sd_cow_lock);
	if (rc != 0) {
		pmm_free(pa);
		return rc == -17 ? 0 : -1;
	}
	return 0;
}

/* A write to a read-only page: if the writer still needs its contents, move
 * the mapping to a copy and leave the old page to the writer; enter it into
 * D and make it writable. */
static int fault_write(uint64_t p)
{
	for (;;) {
		spin_lock(&sd_cow_lock);
		if (sd_pst[p] & PS_PENDING) {
			uint64_t pa = pmm_alloc(), old;
			if (pa == 0) {
				/* no page for a copy: wait for the writer to take it */
				spin_unlock(&sd_cow_lock);
				kthread_sleep_ns(1000000);
				continue;
			}
			memcpy(vmm_phys_to_virt(pa), (void *)page_va(p), PAGE_SIZE);
			if (vmm_unmap(page_va(p), &old) != 0 || vmm_map(page_va(p), pa, VMM_WRITE) != 0)
				panic("snap: remapping object-memory page %lu failed", (unsigned long)p);
			sd_save[sd_sidx[p]].old = old;
			sd_pst[p] &= ~PS_PENDING;
			sd_copies++;
		} else {
			vmm_protect(page_va(p), VMM_WRITE);
		}
		dirty_add(p);
		spin_unlock(&sd_cow_lock);
		return 0;
	}
}

int snapd_fault(uint64_t addr, unsigned why)
{
	uint64_t p = (addr - VM_OMEM_BASE) / PAGE_SIZE;
	if (addr < VM_OMEM_BASE || p >= sd_npages || (why & VMM_FAULT_EXEC))
		return -1;
	if (!pm_held())
		panic("object memory touched at %#lx without the persistent-memory lock",
		      (unsigned long)addr);
	if (!(why & VMM_FAULT_PRESENT))
		return fault_absent(p, why);
	if (why & VMM_FAULT_WRITE)
		return fault_write(p);
	return -1;
}

/* ---- one snapshot ------------------------------------------------------------------ */

/* Put S back into D (a failed snapshot: its pages must go into the next). */
static void unsave_all(void)
{
	spin_lock(&sd_cow_lock);
	for (uint64_t i = 0; i < sd_nsave; i++) {
		uint64_t p = sd_save[i].page;
		sd_pst[p] &= ~PS_PENDING;
		dirty_add(p);
		if (sd_save[i].old) {
			pmm_free(sd_save[i].old);
			sd_save[i].old = 0;
		}
	}
	sd_nsave = 0;
	spin_unlock(&sd_cow_lock);
}

static uint64_t wall_ns(void)
{
	double t = plat_time();
	return t > 0 ? (uint64_t)(t * 1e9) : 0;
}

/* Reopen after SNAP_EDEAD (the commit's outcome is unknown). */
static void reopen_store(void)
{
	snap_err err;
	mutex_lock(&sd_store_mutex);
	snap_close(sd_store);
	sd_store = NULL;
	if (snap_open(&sd_part, 0, &sd_store, &err) != 0) {
		klog(KLOG_ERROR, "snap: reopening the store failed: %s; snapshots stop", err.msg);
		sd_store = NULL;
	}
	mutex_unlock(&sd_store_mutex);
}

/* Take one snapshot; covers requests up to *gen. Returns 0 or a SNAP_E* code. */
static int snapshot_once(uint64_t *gen)
{
	snap_err err;
	uint64_t t0 = time_now_ns();
	pm_stop_world(PMREQ_SNAPSHOT);
	uint64_t tstop = time_now_ns();
	*gen = __atomic_load_n(&sd_req_gen, __ATOMIC_ACQUIRE);
	spin_lock(&sd_cow_lock);
	for (uint64_t i = 0; i < sd_ndirty; i++) {
		uint64_t p = sd_dirty[i];
		vmm_protect(page_va(p), 0);
		sd_pst[p] = (uint8_t)((sd_pst[p] & ~PS_DIRTY) | PS_PENDING);
		sd_save[i] = (struct spage){ p, 0 };
		sd_sidx[p] = (uint32_t)i;
	}
	sd_nsave = sd_ndirty;
	sd_ndirty = 0;
	spin_unlock(&sd_cow_lock);
	pm_resume_world();
	uint64_t t1 = time_now_ns();

	snap_tx *tx = NULL;
	int rc;
	mutex_lock(&sd_store_mutex);
	rc = sd_store == NULL ? SNAP_EDEAD : snap_begin(sd_store, sd_npages, &tx, &err);
	if (rc == 0)
		rc = snap_set_vm_meta(tx, VMGLOBAL_VERSION, SD_META, sizeof SD_META - 1, &err);
	mutex_unlock(&sd_store_mutex);
	uint64_t copies0 = sd_copies;
	/* in batches: one store-mutex hold and two COW-lock holds per batch */
	for (uint64_t i = 0; rc == 0 && i < sd_nsave; i += SD_BATCH) {
		uint64_t n = sd_nsave - i < SD_BATCH ? sd_nsave - i : SD_BATCH, done = 0;
		uint64_t pa[SD_BATCH];
		/* the pages' snapshot contents: nobody writes them from here on */
		spin_lock(&sd_cow_lock);
		for (uint64_t j = 0; j < n; j++) {
			pa[j] = sd_save[i + j].old;
			if (pa[j] == 0 && vmm_query(page_va(sd_save[i + j].page), &pa[j], NULL) != 0)
				panic("snap: page %lu to save is not mapped",
				      (unsigned long)sd_save[i + j].page);
		}
		spin_unlock(&sd_cow_lock);
		mutex_lock(&sd_store_mutex);
		for (; rc == 0 && done < n; done++)
			rc = snap_write_page(tx, sd_save[i + done].page, vmm_phys_to_virt(pa[done]), &err);
		mutex_unlock(&sd_store_mutex);
		if (rc != 0)
			done--;
		/* written: a mapped page may become writable, a left one goes */
		spin_lock(&sd_cow_lock);
		for (uint64_t j = 0; j < done; j++) {
			struct spage *sp = &sd_save[i + j];
			pa[j] = sp->old;
			sp->old = 0;
			sd_pst[sp->page] &= ~PS_PENDING;
		}
		spin_unlock(&sd_cow_lock);
		for (uint64_t j = 0; j < done; j++)
			if (pa[j])
				pmm_free(pa[j]);
	}
	snap_info info;
	mutex_lock(&sd_store_mutex);
	if (rc == 0)
		rc = snap_commit(tx, wall_ns(), &info, &err);
	else if (tx != NULL)
		snap_abort(tx);
	mutex_unlock(&sd_store_mutex);
	uint64_t t2 = time_now_ns();
	if (rc == SNAP_ECORRUPT) {
		/* found by the walk a quick open deferred: older than what a
		 * fallback could replace, and shared by the snapshot to come */
		klog(KLOG_ERROR, "snap: the store is damaged: %s; snapshots stop (the store is kept "
		     "as it is for amber-fsck)", err.msg);
		__atomic_store_n(&sd_damaged, true, __ATOMIC_RELEASE);
	}
	if (rc != 0) {
		klog(KLOG_ERROR, "snap: snapshot failed: %s", sd_store ? err.msg : "no store");
		unsave_all();
		if (rc == SNAP_EDEAD && sd_store != NULL)
			reopen_store();
		return rc;
	}
	uint64_t n = sd_nsave;
	sd_nsave = 0;
	double wsec = (double)(t2 - t1) / 1e9;
	klog(KLOG_INFO, "snap: snapshot %lu: %lu pages, %lu KiB (%lu blocks), pause %lu us "
	     "(stop %lu us), write %lu us, %.1f MiB/s, %lu COW copies",
	     (unsigned long)info.seq, (unsigned long)n, (unsigned long)(n * PAGE_SIZE / 1024),
	     (unsigned long)info.written_blocks, (unsigned long)((t1 - t0) / 1000),
	     (unsigned long)((tstop - t0) / 1000), (unsigned long)((t2 - t1) / 1000),
	     wsec > 0 ? (double)info.written_blocks * SNAP_BLOCK_SIZE / (1 << 20) / wsec : 0.0,
	     (unsigned long)(sd_copies - copies0));
	return 0;
}

/* ---- the thread and requests --------------------------------------------------------- */

static void snapd_main(void *arg)
{
	(void)arg;
	/* between its I/O waits the writer runs at once, not after a guest's
	 * time slice: a snapshot's write phase (and the COW copies guests
	 * make meanwhile) stays short */
	sched_set_urgent(kthread_self());
	for (;;) {
		mutex_lock(&sd_req_mutex);
		uint64_t deadline = sd_interval_ms ? time_now_ns() + sd_interval_ms * 1000000ull : 0;
		/* wait for the period's end or a request not yet answered */
		while (sd_req_gen <= (sd_done_gen > sd_fail_gen ? sd_done_gen : sd_fail_gen)) {
			if (deadline == 0)
				cond_wait(&sd_req_cond, &sd_req_mutex);
			else if (!cond_wait_until(&sd_req_cond, &sd_req_mutex, deadline))
				break;	/* the period is over */
		}
		mutex_unlock(&sd_req_mutex);
		/* requests first, then D: a caller's writes precede its request */
		uint64_t gen = __atomic_load_n(&sd_req_gen, __ATOMIC_ACQUIRE);
		spin_lock(&sd_cow_lock);
		uint64_t nd = sd_ndirty;
		spin_unlock(&sd_cow_lock);
		int rc = 0;
		if (__atomic_load_n(&sd_damaged, __ATOMIC_ACQUIRE))
			rc = SNAP_ECORRUPT;	/* never snapshot damaged state */
		else if (nd > 0 && (rc = snapshot_once(&gen)) == 0 && sd_rawtest)
			raw_write_next();	/* before the caller goes on */
		/* nothing dirty: the state is what the last commit holds */
		mutex_lock(&sd_req_mutex);
		if (rc == 0) {
			if (gen > sd_done_gen)
				sd_done_gen = gen;
		} else if (gen > sd_fail_gen) {
			sd_fail_gen = gen;
		}
		cond_broadcast(&sd_done_cond);
		mutex_unlock(&sd_req_mutex);
		if (rc != 0)
			kthread_sleep_ns(100000000ull);	/* do not spin on a failing disk */
	}
}

void snapd_start(void)
{
	if (!sd_active)
		return;
	if (kthread_create("snapd", snapd_main, NULL) == NULL)
		panic("no memory for the snapshot thread");
	klog(KLOG_INFO, "snap: snapshot thread started, every %lu ms%s",
	     (unsigned long)sd_interval_ms, sd_interval_ms ? "" : " (off: on request only)");
}

void snapd_request(void)
{
	if (!sd_active)
		return;
	mutex_lock(&sd_req_mutex);
	sd_req_gen++;
	cond_signal(&sd_req_cond);
	mutex_unlock(&sd_req_mutex);
}

bool snapd_sync(void)
{
	if (!sd_active)
		return false;
	mutex_lock(&sd_req_mutex);
	uint64_t my = ++sd_req_gen;
	cond_signal(&sd_req_cond);
	while (sd_done_gen < my && sd_fail_gen < my)
		cond_wait(&sd_done_cond, &sd_req_mutex);
	bool ok = sd_done_gen >= my;
	mutex_unlock(&sd_req_mutex);
	return ok;
}
