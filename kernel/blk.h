/*
 * blk.h: the kernel's block layer: the disks the drivers found, the guard
 * that keeps Amber off other systems' disks, and the bookkeeping every
 * interrupt-driven driver shares.
 *
 * Devices, requests and the synchronous helpers (blk_dev, blk_req,
 * blk_submit/blk_wait/blk_read/blk_write/blk_flush, partition windows) are
 * the snapshot store's interface, snapshot/blk.h, linked into the kernel
 * unchanged: a driver fills in a blk_dev and its blk_ops, and the snapshot
 * code uses the kernel's disks with no adapter.
 *
 * Registry and guard:
 *   blk_init()              probe every driver (virtio-blk, AHCI), once
 *   blk_register(raw)       a driver's whole-disk device; the layer reads its
 *                           GPT (snapshot/gpt.c) and wraps it in a guarded
 *                           device; returns the disk index or -1
 *   blk_count(), blk_disk(i)   the guarded devices ("vblk0", "ahci0"...)
 *   blk_amber(i, &first, &n)   true if disk i holds an Amber partition
 *                           (GPT type gpt_amber_type), with its extent
 *   blk_allow_format(disk)  let writes reach the whole disk, for writing a
 *                           new GPT when the command line says to format
 *   blk_rescan(disk)        read the GPT again; ends blk_allow_format
 *   blk_stream(dev, op, bufs, first, &why)
 *                           the raw throughput yardstick: BLK_STREAM_BYTES
 *                           read or written sequentially from sector first
 *                           in BLK_STREAM_REQ-byte requests, BLK_STREAM_DEPTH
 *                           in flight (bufs: DEPTH * REQ bytes, request i
 *                           uses part i % DEPTH); a write ends with a flush.
 *                           Returns MiB/s; *why is set to the first failure
 *                           (left as it is if none)
 *
 * Invariant (the guard): a write reaches a driver only if all its sectors lie
 * inside the disk's Amber partition, or the disk was handed to
 * blk_allow_format(). Amber never writes to a disk without an Amber
 * partition. Refused writes end with BLK_EINVAL and a warning in the log.
 *
 * For drivers (all under the driver's device spinlock `lk`, which is an IRQ
 * lock: the ISR takes it):
 *   blk_req_start(req, chunks)      the request will complete in `chunks`
 *                                   device commands (req->drv counts them)
 *   blk_req_chunk_done(f, req, st)  one command finished with status st; the
 *                                   last one makes req final and wakes its
 *                                   waiter. After that the driver never
 *                                   touches req again.
 *   blk_wake_space(f)               wake submitters waiting for free slots
 *   blk_wait_space(f)               (lk held) sleep until blk_wake_space or
 *                                   a time-out (then f->poll runs), lk
 *                                   held again on return; caller re-checks
 *   blk_wait_req(f, req)            (lk not held) the blk_ops.wait of every
 *                                   driver: sleep until req is final
 *   blk_phys_segs(buf, len, segs, max)   physical runs of a buffer for DMA
 *
 * A waiter sleeps at most BLK_POLL_NS at a time; then it calls f->poll, the
 * driver's completion routine, in case an interrupt was lost, and logs the
 * first such rescue. So a misrouted interrupt makes I/O slow, never stuck.
 *
 * Buffers given to drivers must be resident kernel memory (heap, stacks,
 * direct map, or mapped object-memory pages that stay mapped until the
 * request is final): their physical pages are looked up at submit time.
 * Submit and wait run in thread context; submit may sleep for free slots.
 */
#ifndef KERNEL_BLK_H
#define KERNEL_BLK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "snapshot/blk.h"
#include "kernel/spinlock.h"
#include "kernel/sync.h"

#define BLK_MAX_DISKS 8
#define BLK_STREAM_BYTES (32u << 20)
#define BLK_STREAM_REQ   (256u * 1024)
#define BLK_STREAM_DEPTH 16
#define BLK_POLL_NS 500000000ull

void blk_init(void);
int blk_register(blk_dev *raw);
int blk_count(void);
blk_dev *blk_disk(int i);
bool blk_amber(int i, uint64_t *first_lba, uint64_t *nsectors);
void blk_allow_format(blk_dev *disk);
int blk_rescan(blk_dev *disk);
double blk_stream(blk_dev *dev, int op, uint8_t *bufs, uint64_t first, const char **why);

struct blk_waiter {
	blk_req *req;			/* NULL: waits for free slots */
	struct sem sem;
	struct blk_waiter *next;	/* f->lk */
};

struct blk_inflight {
	struct spinlock *lk;		/* I: the driver's device lock */
	struct blk_waiter *waiters;	/* lk */
	void (*poll)(void *ctx);	/* I: the driver's completion routine */
	void *ctx;			/* I */
	const char *name;		/* I */
	uint32_t rescued;		/* lk: completions found by polling */
};

struct blk_seg {
	uint64_t pa;
	uint32_t len;
};

void blk_req_start(blk_req *req, uint32_t chunks);
void blk_req_chunk_done(struct blk_inflight *f, blk_req *req, int status);
void blk_wake_space(struct blk_inflight *f);
void blk_wait_space(struct blk_inflight *f);
void blk_wait_req(struct blk_inflight *f, blk_req *req);
int blk_phys_segs(const void *buf, size_t len, struct blk_seg *segs, int max);

/* test=blk (blk_test.c): pattern, guard and throughput tests; exits QEMU. */
void blk_selftest(void);

/* Drivers, probed by blk_init(): each registers the disks it finds. */
void vblk_probe(void);
void ahci_probe(void);

#endif
