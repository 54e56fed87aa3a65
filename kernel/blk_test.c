/*
 * blk_test.c: the block layer's self-test, the `test=blk` boot mode.
 *
 * On every disk with an Amber partition (the system test makes a scratch
 * image with one) it writes a known pattern over the first PAT_BYTES of the
 * partition with many requests of mixed sizes and alignments in flight at
 * once, flushes, reads it back in a different cut and compares; checks that
 * the guard refuses writes outside the partition; then measures raw
 * sequential write (and read) throughput of the driver. A disk without an
 * Amber partition must refuse every write. Results are "selftest: PASS/FAIL
 * blk/..." lines; the machine exits with the pass or fail status.
 *
 * The pattern is what tests/system checks from the host afterwards: the
 * 64-bit little-endian word j (0..63) of 512-byte unit u of the partition is
 *   (u + 1) * 0x9e3779b97f4a7c15 ^ j * 0xd1b54a32d192ed03 ^ 0x416d626572ull
 * and the throughput region after it holds bytes (k * 7 + 3) & 0xff, k the
 * offset in each BLK_STREAM_REQ-byte request.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kernel/blk.h"
#include "kernel/klog.h"
#include "kernel/panic.h"
#include "kernel/time.h"
#include "arch/x86/power.h"

#define PAT_BYTES (8u << 20)
#define INFLIGHT  32
#define SEED      0x416d626572ull

static int failed, passed;

static void result(const char *name, const char *disk, const char *why)
{
	if (why) {
		failed++;
		klog(KLOG_INFO, "selftest: FAIL blk/%s/%s: %s", name, disk, why);
	} else {
		passed++;
		klog(KLOG_INFO, "selftest: PASS blk/%s/%s", name, disk);
	}
}

static uint64_t rng_state = 0x2545f4914f6cdd1dull;
static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 11) % n;
}

static uint64_t pat(uint64_t unit, unsigned j)
{
	return (unit + 1) * 0x9e3779b97f4a7c15ull ^ j * 0xd1b54a32d192ed03ull ^ SEED;
}

static void fill(uint64_t *p, uint64_t unit, uint64_t units)
{
	for (uint64_t u = 0; u < units; u++)
		for (unsigned j = 0; j < 64; j++)
			*p++ = pat(unit + u, j);
}

static bool check(const uint64_t *p, uint64_t unit, uint64_t units)
{
	for (uint64_t u = 0; u < units; u++)
		for (unsigned j = 0; j < 64; j++)
			if (*p++ != pat(unit + u, j))
				return false;
	return true;
}

struct io {
	blk_req req;
	void *mem;			/* malloc'd; req.buf lies inside */
};

/* Cut [0, total) sectors into requests of random sizes (a few large). */
static int cut(struct io *ios, int max, uint64_t total)
{
	int n = 0;
	for (uint64_t at = 0; at < total && n < max; n++) {
		uint32_t c = rnd(8) == 0 ? 256 + rnd(2048) : 1 + rnd(64);
		if (c > total - at)
			c = total - at;
		ios[n].req = (blk_req){ .lba = at, .count = c };
		at += c;
	}
	return n;
}

/* Run ios[0..n) with up to INFLIGHT in flight, submitted in a shuffled order
 * (so neighbouring sectors are in flight together); returns the first error. */
static int run(blk_dev *d, struct io *ios, int n, int op, bool verify, const char **why)
{
	int *order = malloc(n * sizeof *order), rc = 0;
	for (int i = 0; i < n; i++)
		order[i] = i;
	for (int i = n - 1; i > 0; i--) {
		int j = rnd(i + 1), t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	uint32_t upb = d->sector_size / 512;		/* pattern units per sector */
	for (int base = 0; base < n; base += INFLIGHT) {
		int m = n - base < INFLIGHT ? n - base : INFLIGHT;
		for (int k = 0; k < m; k++) {
			struct io *io = &ios[order[base + k]];
			size_t bytes = (size_t)io->req.count * d->sector_size;
			size_t mis = 8 * rnd(64);	/* misaligned starts cross pages */
			io->mem = malloc(bytes + mis);
			io->req.buf = (uint8_t *)io->mem + mis;
			io->req.op = op;
			if (op == BLK_OP_WRITE)
				fill(io->req.buf, io->req.lba * upb, io->req.count * upb);
			else
				memset(io->req.buf, 0xee, bytes);
			blk_submit(d, &io->req);
		}
		for (int k = 0; k < m; k++) {
			struct io *io = &ios[order[base + k]];
			int st = blk_wait(d, &io->req);
			if (st && !rc) {
				rc = st;
				*why = blk_strerror(st);
			}
			if (!st && verify && !rc &&
			    !check(io->req.buf, io->req.lba * upb, io->req.count * upb)) {
				rc = BLK_EIO;
				*why = "data read back differs from the pattern written";
			}
			free(io->mem);
		}
	}
	free(order);
	return rc;
}

static void t_pattern(blk_dev *part, const char *name)
{
	uint64_t total = PAT_BYTES / part->sector_size;
	int max = total;			/* at most one request per sector */
	struct io *ios = calloc(max, sizeof *ios);
	const char *why = 0;
	int n = cut(ios, max, total);
	int rc = run(part, ios, n, BLK_OP_WRITE, false, &why);
	if (!rc && (rc = blk_flush(part)))
		why = "flush failed";
	result("write-pattern", name, why);
	if (rc) {
		free(ios);
		return;
	}
	int nw = n;
	n = cut(ios, max, total);			/* a different cut for reading */
	why = 0;
	run(part, ios, n, BLK_OP_READ, true, &why);
	result("read-verify", name, why);
	if (!why)
		klog(KLOG_INFO, "blk: %s: %u MiB pattern written and verified (%d and %d requests, "
	     "up to %d in flight)", name, PAT_BYTES >> 20, nw, n, INFLIGHT);
	free(ios);
}

static void t_throughput(blk_dev *part, const char *name)
{
	uint64_t first = PAT_BYTES / part->sector_size;
	if (part->nsectors < first + BLK_STREAM_BYTES / part->sector_size) {
		result("throughput", name, "partition too small for the throughput run");
		return;
	}
	uint8_t *bufs = malloc((size_t)BLK_STREAM_DEPTH * BLK_STREAM_REQ);
	for (size_t i = 0; i < (size_t)BLK_STREAM_DEPTH * BLK_STREAM_REQ; i++)
		bufs[i] = ((i % BLK_STREAM_REQ) * 7 + 3) & 0xff;
	const char *why = 0;
	double w = blk_stream(part, BLK_OP_WRITE, bufs, first, &why);
	double r = why ? 0 : blk_stream(part, BLK_OP_READ, bufs, first, &why);
	for (size_t i = 0; !why && i < (size_t)BLK_STREAM_DEPTH * BLK_STREAM_REQ; i++)
		if (bufs[i] != (((i % BLK_STREAM_REQ) * 7 + 3) & 0xff))
			why = "streamed data read back wrong";
	free(bufs);
	if (!why) {
		klog(KLOG_INFO, "blk: %s: raw sequential write %u MiB: %.1f MiB/s (flush "
		     "included), read %.1f MiB/s (%u KiB requests, %d in flight)", name,
		     BLK_STREAM_BYTES >> 20, w, r, BLK_STREAM_REQ / 1024, BLK_STREAM_DEPTH);
	}
	result("throughput", name, why);
}

static void t_guard(blk_dev *disk, uint64_t first, const char *name)
{
	uint8_t *b = calloc(1, disk->sector_size);
	const char *why = 0;
	if (blk_write(disk, 0, 1, b) != BLK_EINVAL)
		why = "write to sector 0 (outside the Amber partition) not refused";
	else if (first && blk_write(disk, first - 1, 2, b) != BLK_EINVAL)
		why = "write straddling the partition start not refused";
	free(b);
	result("guard", name, why);
}

void blk_selftest(void)
{
	int tested = 0;
	for (int i = 0; i < blk_count(); i++) {
		blk_dev *disk = blk_disk(i);
		uint64_t first, n;
		if (!blk_amber(i, &first, &n)) {
			t_guard(disk, 0, disk->name);
			continue;
		}
		static blk_dev part;
		blk_part_init(&part, disk, first, n);
		t_guard(disk, first, disk->name);
		t_pattern(&part, disk->name);
		t_throughput(&part, disk->name);
		tested++;
	}
	if (tested == 0)
		result("disks", "all", "no disk with an Amber partition to test on");
	klog(KLOG_INFO, "selftest: blk: %d passed, %d failed", passed, failed);
	klog(KLOG_INFO, "selftest: %s", failed ? "FAILED" : "ALL PASSED");
	x86_qemu_exit(failed ? X86_QEMU_EXIT_FAIL : X86_QEMU_EXIT_PASS);
	kernel_fatal();
}
