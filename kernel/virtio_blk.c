/*
 * virtio_blk.c: the virtio block device driver (virtio 1.x spec section
 * 5.2), over the legacy virtio-pci transport (virtio_pci.h).
 *
 * Every virtio-blk-pci function (1af4:1001) becomes a disk "vblkN" that
 * implements blk_ops (snapshot/blk.h). A request is cut into chunks of at
 * most chunk_bytes; each chunk is one virtio request, a descriptor chain:
 *
 *   header (type, sector; device reads) -> data segments (one per physically
 *   contiguous run of the buffer) -> status byte (device writes)
 *
 * Chunks of many requests are in flight at once, up to the queue size in
 * descriptors; a submitter that finds too few free descriptors sleeps until
 * a completion frees some. The interrupt handler reads the ISR status (which
 * lowers the level-triggered line), takes the finished chains off the used
 * ring, and completes chunks through blk_req_chunk_done().
 *
 * Flush: VIRTIO_BLK_F_FLUSH is negotiated when offered, and then the device
 * runs with a write-back cache and a flush (VIRTIO_BLK_T_FLUSH) is a real
 * cache flush: QEMU answers it only after fdatasync on the host. Without the
 * feature a legacy device writes through (each write is durable when it
 * completes), and a flush completes at once; the boot log says which.
 *
 * Invariants: owner[h] is the request of the chain whose head is h while
 * that chain is in flight; cmds[h] is its header and status byte. All of
 * struct vblk below `lk` is protected by lk (an IRQ spinlock; the ISR takes
 * it). Lock order: vblk.lk -> sem.lk (waking waiters) -> sched_lock.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kernel/blk.h"
#include "kernel/klog.h"
#include "kernel/pmm.h"
#include "kernel/virtio_pci.h"
#include "arch/x86/vmm.h"

#define VBLK_MAX 4

/* feature bits (legacy: the low 32) */
#define F_SEG_MAX  (1u << 2)
#define F_RO       (1u << 5)
#define F_BLK_SIZE (1u << 6)
#define F_FLUSH    (1u << 9)

/* request types and statuses */
#define T_IN    0
#define T_OUT   1
#define T_FLUSH 4
#define S_OK     0
#define S_IOERR  1
#define S_UNSUPP 2

/* device configuration offsets */
#define C_CAPACITY 0			/* u64, 512-byte sectors */
#define C_SEG_MAX  12
#define C_BLK_SIZE 20

#define CHUNK_MAX (128u * 1024)
#define SEGS_MAX (CHUNK_MAX / PAGE_SIZE + 1)

struct vblk_cmd {			/* device memory, one per head descriptor */
	uint32_t type, ioprio;
	uint64_t sector;
	uint8_t status;
	uint8_t pad[15];
};
_Static_assert(sizeof(struct vblk_cmd) == 32, "vblk_cmd is 32 bytes");

struct vblk {
	blk_dev dev;			/* I after probe */
	char name[8];			/* I */
	struct vpci io;			/* I */
	uint32_t chunk_bytes;		/* I */
	uint32_t units;			/* I: 512-byte sectors per logical block */
	bool flush;			/* I: VIRTIO_BLK_F_FLUSH negotiated */
	uint64_t cmds_pa;		/* I */
	struct spinlock lk;
	struct vq q;			/* lk */
	struct vblk_cmd *cmds;		/* lk (entries of chains in flight: device) */
	blk_req **owner;		/* lk */
	struct blk_inflight f;		/* lk */
};

static struct vblk vblks[VBLK_MAX];
static int nvblk;

/* ---- completion ------------------------------------------------------- */

static void complete_locked(struct vblk *v)
{
	uint16_t head;
	uint32_t len;
	bool freed = false;
	while (vq_used_next(&v->q, &head, &len)) {
		blk_req *req = v->owner[head];
		uint8_t st = v->cmds[head].status;
		v->owner[head] = 0;
		vq_free_chain(&v->q, head);
		freed = true;
		blk_req_chunk_done(&v->f, req, st == S_OK ? 0 : st == S_UNSUPP ? BLK_EINVAL : BLK_EIO);
	}
	if (freed)
		blk_wake_space(&v->f);
}

static void vblk_poll(void *ctx)
{
	struct vblk *v = ctx;
	spin_lock(&v->lk);
	complete_locked(v);
	spin_unlock(&v->lk);
}

static void vblk_irq(void *ctx)
{
	struct vblk *v = ctx;
	if (!(vpci_isr(&v->io) & 1))	/* not ours (shared line) or config change */
		return;
	vblk_poll(v);
}

/* ---- submission ---------------------------------------------------------- */

/* Queue one chunk (lk held; may sleep for descriptors, dropping lk). */
static void queue_chunk(struct vblk *v, blk_req *req, uint32_t type, uint64_t lba,
			const struct blk_seg *segs, int nsegs)
{
	while (v->q.nfree < nsegs + 2) {
		vq_kick(&v->q);
		blk_wait_space(&v->f);
	}
	int head = vq_alloc(&v->q, nsegs + 2);
	uint16_t d = head;
	struct vblk_cmd *c = &v->cmds[head];
	c->type = type;
	c->ioprio = 0;
	c->sector = lba * v->units;
	c->status = 0xff;
	uint64_t cpa = v->cmds_pa + (uint64_t)head * sizeof *c;
	vq_set(&v->q, d, cpa, 16, 0);
	for (int i = 0; i < nsegs; i++) {
		d = vq_next(&v->q, d);
		vq_set(&v->q, d, segs[i].pa, segs[i].len, type == T_IN ? VQ_DESC_WRITE : 0);
	}
	d = vq_next(&v->q, d);
	vq_set(&v->q, d, cpa + offsetof(struct vblk_cmd, status), 1, VQ_DESC_WRITE);
	v->owner[head] = req;
	vq_publish(&v->q, head);
}

static void vblk_submit(blk_dev *dev, blk_req *req)
{
	struct vblk *v = dev->priv;
	if (req->op == BLK_OP_FLUSH) {
		if (!v->flush) {		/* write-through device: nothing to do */
			req->status = 0;
			return;
		}
		spin_lock(&v->lk);
		blk_req_start(req, 1);
		queue_chunk(v, req, T_FLUSH, 0, 0, 0);
		vq_kick(&v->q);
		spin_unlock(&v->lk);
		return;
	}
	uint64_t bytes = (uint64_t)req->count * dev->sector_size;
	uint32_t per = v->chunk_bytes / dev->sector_size;
	uint32_t chunks = (req->count + per - 1) / per;
	uint32_t type = req->op == BLK_OP_READ ? T_IN : T_OUT;
	struct blk_seg segs[SEGS_MAX];
	spin_lock(&v->lk);
	blk_req_start(req, chunks);
	spin_unlock(&v->lk);
	for (uint32_t k = 0; k < chunks; k++) {
		uint64_t off = (uint64_t)k * per * dev->sector_size;
		uint64_t len = bytes - off < v->chunk_bytes ? bytes - off : v->chunk_bytes;
		int n = blk_phys_segs((uint8_t *)req->buf + off, len, segs, SEGS_MAX);
		spin_lock(&v->lk);
		if (n <= 0) {			/* unmapped buffer: fail what is left */
			for (; k < chunks; k++)
				blk_req_chunk_done(&v->f, req, BLK_EINVAL);
			vq_kick(&v->q);
			spin_unlock(&v->lk);
			return;
		}
		queue_chunk(v, req, type, req->lba + (uint64_t)k * per, segs, n);
		if (k + 1 == chunks)
			vq_kick(&v->q);
		spin_unlock(&v->lk);
	}
}

static void vblk_wait(blk_dev *dev, blk_req *req)
{
	struct vblk *v = dev->priv;
	blk_wait_req(&v->f, req);
}

static const blk_ops vblk_ops = { vblk_submit, vblk_wait };

/* ---- probing -------------------------------------------------------------- */

static void fail(struct vblk *v, const char *why)
{
	klog(KLOG_WARN, "virtio-blk: %02x:%02x.%u: %s; device ignored", v->io.pci->bus,
	     v->io.pci->dev, v->io.pci->fn, why);
	vpci_set_status(&v->io, VIRTIO_STATUS_FAILED);
}

static void probe_one(const struct pci_dev *pci)
{
	struct vblk *v = &vblks[nvblk];
	memset(v, 0, sizeof *v);
	if (!vpci_open(&v->io, pci)) {
		klog(KLOG_WARN, "virtio-blk: %02x:%02x.%u has no legacy I/O BAR0 "
		     "(disable-legacy=on?); ignored", pci->bus, pci->dev, pci->fn);
		return;
	}
	uint32_t have = vpci_features(&v->io);
	uint32_t want = have & (F_SEG_MAX | F_RO | F_BLK_SIZE | F_FLUSH);
	vpci_set_features(&v->io, want);
	spin_init(&v->lk, "vblk");
	if (vq_init(&v->q, &v->io, 0) != 0)
		return fail(v, "cannot set up queue 0");
	unsigned cmd_pages = (v->q.size * sizeof(struct vblk_cmd) + PAGE_SIZE - 1) / PAGE_SIZE;
	v->cmds_pa = pmm_alloc_contig(cmd_pages, 4ull << 30);
	v->owner = calloc(v->q.size, sizeof *v->owner);
	if (!v->cmds_pa || !v->owner)
		return fail(v, "out of memory");
	v->cmds = vmm_phys_to_virt(v->cmds_pa);
	memset(v->cmds, 0, cmd_pages * PAGE_SIZE);

	v->flush = want & F_FLUSH;
	v->units = 1;
	uint32_t bs = want & F_BLK_SIZE ? vpci_cfg32(&v->io, C_BLK_SIZE) : 512;
	if (bs == 4096)
		v->units = 8;
	else if (bs != 512)
		klog(KLOG_WARN, "virtio-blk: block size %u unsupported; using 512", bs);
	uint32_t segmax = want & F_SEG_MAX ? vpci_cfg32(&v->io, C_SEG_MAX) : SEGS_MAX;
	if (segmax > v->q.size - 2u)
		segmax = v->q.size - 2u;
	if (segmax < 2)
		return fail(v, "fewer than 2 segments per request");
	v->chunk_bytes = CHUNK_MAX;
	if (segmax < SEGS_MAX)	/* an unaligned buffer needs one segment more */
		v->chunk_bytes = (segmax - 1) * PAGE_SIZE;

	snprintf(v->name, sizeof v->name, "vblk%d", nvblk);
	v->dev = (blk_dev){ .ops = &vblk_ops, .priv = v, .name = v->name,
		.sector_size = 512 * v->units,
		.nsectors = vpci_cfg64(&v->io, C_CAPACITY) / v->units };
	v->f = (struct blk_inflight){ .lk = &v->lk, .poll = vblk_poll, .ctx = v,
		.name = v->name };
	if (!pci_irq_register(pci, vblk_irq, v))
		klog(KLOG_WARN, "virtio-blk: %s: no interrupt line; completions polled", v->name);
	vpci_set_status(&v->io, VIRTIO_STATUS_DRIVER_OK);
	klog(KLOG_INFO, "virtio-blk: %s at %02x:%02x.%u (legacy interface, irq %u): "
	     "queue %u, %u KiB per request, %s%s", v->name, pci->bus, pci->dev, pci->fn,
	     pci->irq_line, v->q.size, v->chunk_bytes / 1024,
	     v->flush ? "flush supported (write-back cache)"
		      : "no flush feature (device writes through; flush is a no-op)",
	     want & F_RO ? ", read-only" : "");
	nvblk++;
	blk_register(&v->dev);
}

void vblk_probe(void)
{
	int i = 0;
	const struct pci_dev *pci;
	while (nvblk < VBLK_MAX && (pci = pci_find_id(0x1af4, 0x1001, &i)))
		probe_one(pci);
}
