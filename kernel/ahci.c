/*
 * ahci.c: the AHCI (Serial ATA HBA, AHCI 1.3) driver: SATA disks on Intel
 * ICH9 (q35's built-in controller) and any PCI class 01:06:01 controller.
 *
 * Every port with a SATA disk (signature 0x00000101; ATAPI drives such as
 * QEMU's CD-ROM are skipped) becomes a disk "ahciN" implementing blk_ops
 * (snapshot/blk.h). Per port, in one physically contiguous block below
 * 4 GiB: the command list (32 headers, 1 KiB), the received-FIS area
 * (256 bytes) and 32 command tables of 1 KiB (the command FIS and up to
 * PRD_MAX physical-region descriptors each).
 *
 * Commands: IDENTIFY DEVICE (size, sector size, LBA48), READ DMA EXT,
 * WRITE DMA EXT, FLUSH CACHE EXT. A request is cut into chunks of at most
 * CHUNK_MAX bytes, one command slot each, built at submit time. Many
 * requests are in flight in the driver (up to one per slot), but NCQ is not
 * used, so the port runs one non-queued command at a time: the others wait,
 * already built, in a FIFO of slots, and the interrupt handler issues the
 * next as soon as the running one completes. (Issuing several non-queued
 * commands in PxCI at once is not safe to rely on: QEMU before 8.1 clears a
 * non-queued command's PxCI bit when it starts, not when it ends.) The
 * running command has completed when the D2H register FIS for it arrived
 * (PxIS.DHRS, remembered in `dhrs`) and its PxCI bit is clear. The interrupt
 * handler (the HBA's INTx line, possibly shared) clears PxIS, then IS.
 * A flush is submitted after the writes it covers completed (blk.h's
 * ordering contract) and the port runs commands in submission order, so it
 * needs no special ordering here.
 *
 * Errors: a task-file or bus error stops the port's command processing. The
 * handler restarts the port (ST off, wait, clear SERR/IS, ST on), fails the
 * running command with BLK_EIO and goes on with the next one.
 *
 * Invariants: `busy` has bit s set exactly while slot s holds a built
 * command, owner[s] is its request, and s is either `active` (in PxCI) or
 * in the FIFO; at most one slot is active; everything in struct ahci_port below `lk` is
 * protected by lk, an IRQ spinlock (the ISR takes it).
 * Lock order: ahci_port.lk -> sem.lk -> sched_lock.
 */
#include <stdio.h>
#include <string.h>
#include "kernel/blk.h"
#include "kernel/klog.h"
#include "kernel/pmm.h"
#include "kernel/time.h"
#include "kernel/kthread.h"
#include "arch/x86/pci.h"
#include "arch/x86/vmm.h"

#define AHCI_MAX_PORTS 8

/* HBA registers */
#define CAP  0x00
#define GHC  0x04
#define IS   0x08
#define PI   0x0c
#define VS   0x10
#define GHC_HR 1u
#define GHC_IE 2u
#define GHC_AE (1u << 31)
#define CAP_S64A (1u << 31)

/* port registers, at 0x100 + 0x80 * port */
#define PxCLB  0x00
#define PxCLBU 0x04
#define PxFB   0x08
#define PxFBU  0x0c
#define PxIS   0x10
#define PxIE   0x14
#define PxCMD  0x18
#define PxTFD  0x20
#define PxSIG  0x24
#define PxSSTS 0x28
#define PxSERR 0x30
#define PxCI   0x38
#define CMD_ST  (1u << 0)
#define CMD_SUD (1u << 1)
#define CMD_POD (1u << 2)
#define CMD_FRE (1u << 4)
#define CMD_FR  (1u << 14)
#define CMD_CR  (1u << 15)
#define TFD_ERR 0x01
#define TFD_DRQ 0x08
#define TFD_BSY 0x80
#define IS_DHRS (1u << 0)		/* D2H register FIS */
#define IS_PSS  (1u << 1)		/* PIO setup FIS */
#define IS_DSS  (1u << 2)
#define IS_SDBS (1u << 3)
#define IS_ERRORS 0x7dc00050u		/* TFES HBFS HBDS IFS INFS OFS IPMS PRCS UFS... */
#define SIG_ATA 0x00000101u

/* ATA commands */
#define ATA_IDENTIFY   0xec
#define ATA_READ_EXT   0x25
#define ATA_WRITE_EXT  0x35
#define ATA_FLUSH_EXT  0xea

#define SLOTS 32
#define TABLE_BYTES 1024
#define PRD_MAX ((TABLE_BYTES - 0x80) / 16)	/* 56 */
#define CHUNK_MAX (128u * 1024)
#define SEGS_MAX (CHUNK_MAX / PAGE_SIZE + 1)
_Static_assert(SEGS_MAX <= PRD_MAX, "a chunk's segments fit a command table");
#define MEM_PAGES (1 + SLOTS * TABLE_BYTES / PAGE_SIZE)

struct cmd_hdr {
	uint16_t flags;			/* CFL 4:0, A 5, W 6, P 7, C 10 */
	uint16_t prdtl;
	volatile uint32_t prdbc;
	uint64_t ctba;
	uint32_t rsv[4];
};
_Static_assert(sizeof(struct cmd_hdr) == 32, "command header is 32 bytes");

struct prd {
	uint64_t dba;
	uint32_t rsv;
	uint32_t dbc;			/* byte count - 1 (21:0), I bit 31 */
};

struct ahci_port {
	blk_dev dev;			/* I after probe */
	char name[8];			/* I */
	volatile uint8_t *regs;		/* I */
	uint64_t mem_pa;		/* I */
	uint32_t nslots;		/* I */
	struct spinlock lk;
	uint8_t *mem;			/* lk: list, FIS area, tables (device memory) */
	struct cmd_hdr *list;		/* lk */
	uint32_t busy;			/* lk */
	int active;			/* lk: slot in PxCI, -1 if none */
	bool dhrs;			/* lk: D2H FIS seen for the active slot */
	uint8_t fifo[SLOTS];		/* lk: built slots waiting, oldest first */
	unsigned head, len;		/* lk */
	blk_req *owner[SLOTS];		/* lk */
	struct blk_inflight f;		/* lk */
};

struct ahci_hba {
	volatile uint8_t *abar;		/* I */
	int nports;			/* I */
	struct ahci_port *ports[AHCI_MAX_PORTS];	/* I */
};

static struct ahci_port ports[AHCI_MAX_PORTS];
static int nports;
static struct ahci_hba hbas[2];
static int nhbas;

static uint32_t rd(struct ahci_port *p, unsigned r) { return pci_mmio_read32(p->regs + r); }
static void wr(struct ahci_port *p, unsigned r, uint32_t v) { pci_mmio_write32(p->regs + r, v); }

/* Spin until (reg & mask) == want, at most ms milliseconds. */
static bool wait_reg(struct ahci_port *p, unsigned r, uint32_t mask, uint32_t want, unsigned ms)
{
	uint64_t end = time_now_ns() + ms * 1000000ull;
	while ((rd(p, r) & mask) != want)
		if (time_now_ns() > end)
			return false;
	return true;
}

/* ---- port start / stop -------------------------------------------------- */

static bool port_stop(struct ahci_port *p)
{
	wr(p, PxCMD, rd(p, PxCMD) & ~CMD_ST);
	if (!wait_reg(p, PxCMD, CMD_CR, 0, 500))
		return false;
	wr(p, PxCMD, rd(p, PxCMD) & ~CMD_FRE);
	return wait_reg(p, PxCMD, CMD_FR, 0, 500);
}

static void port_start(struct ahci_port *p)
{
	wr(p, PxSERR, 0xffffffffu);
	wr(p, PxIS, 0xffffffffu);
	wr(p, PxCMD, rd(p, PxCMD) | CMD_FRE | CMD_SUD | CMD_POD);
	wait_reg(p, PxTFD, TFD_BSY | TFD_DRQ, 0, 1000);
	wr(p, PxCMD, rd(p, PxCMD) | CMD_ST);
}

/* ---- commands ------------------------------------------------------------- */

static void build(struct ahci_port *p, int slot, uint8_t cmd, uint64_t lba, uint32_t count,
		  const struct blk_seg *segs, int nsegs, bool write)
{
	uint8_t *t = p->mem + PAGE_SIZE + slot * TABLE_BYTES;
	memset(t, 0, 0x80);
	t[0] = 0x27;			/* register FIS, host to device */
	t[1] = 0x80;			/* command, not control */
	t[2] = cmd;
	t[4] = lba, t[5] = lba >> 8, t[6] = lba >> 16;
	t[7] = 0x40;			/* LBA mode */
	t[8] = lba >> 24, t[9] = lba >> 32, t[10] = lba >> 40;
	t[12] = count, t[13] = count >> 8;
	struct prd *prd = (struct prd *)(t + 0x80);
	for (int i = 0; i < nsegs; i++)
		prd[i] = (struct prd){ .dba = segs[i].pa, .dbc = segs[i].len - 1 };
	struct cmd_hdr *h = &p->list[slot];
	h->flags = 5 | (write ? 1u << 6 : 0);
	h->prdtl = nsegs;
	h->prdbc = 0;
	h->ctba = p->mem_pa + PAGE_SIZE + slot * TABLE_BYTES;
}

static void start(struct ahci_port *p, int slot)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);	/* table and header first */
	p->active = slot;
	p->dhrs = false;
	wr(p, PxCI, 1u << slot);
}

/* lk held: slot's command is built; run it now or after those before it. */
static void issue(struct ahci_port *p, int slot)
{
	p->busy |= 1u << slot;
	if (p->active < 0)
		start(p, slot);
	else
		p->fifo[(p->head + p->len++) % SLOTS] = slot;
}

/* lk held: see whether the active command finished; start the next. */
static void complete_locked(struct ahci_port *p)
{
	uint32_t is = rd(p, PxIS);
	wr(p, PxIS, is);
	if (p->active < 0)
		return;
	int s = p->active, st = 0;
	p->dhrs |= (is & IS_DHRS) != 0;
	if ((is & IS_ERRORS) || (rd(p, PxTFD) & TFD_ERR)) {
		klog(KLOG_WARN, "ahci: %s: error (IS 0x%x, TFD 0x%x, SERR 0x%x) in slot %d; "
		     "port restarted, command failed", p->name, is, rd(p, PxTFD),
		     rd(p, PxSERR), s);
		port_stop(p);
		port_start(p);
		st = BLK_EIO;
	} else if (!p->dhrs || (rd(p, PxCI) & (1u << s))) {
		return;				/* still running */
	}
	blk_req *req = p->owner[s];
	p->owner[s] = 0;
	p->busy &= ~(1u << s);
	p->active = -1;
	if (p->len) {
		p->len--;
		start(p, p->fifo[p->head++ % SLOTS]);
	}
	blk_req_chunk_done(&p->f, req, st);
	blk_wake_space(&p->f);
}

static void ahci_poll(void *ctx)
{
	struct ahci_port *p = ctx;
	spin_lock(&p->lk);
	complete_locked(p);
	spin_unlock(&p->lk);
}

static void ahci_irq(void *ctx)
{
	struct ahci_hba *h = ctx;
	uint32_t is = pci_mmio_read32(h->abar + IS);
	if (!is)
		return;			/* shared line: not ours */
	for (int i = 0; i < h->nports; i++)
		ahci_poll(h->ports[i]);
	pci_mmio_write32(h->abar + IS, is);
}

/* lk held; returns a free slot, sleeping (lk dropped) while none is. */
static int get_slot(struct ahci_port *p)
{
	for (;;) {
		uint32_t freebits = ~p->busy & (p->nslots == 32 ? ~0u : (1u << p->nslots) - 1);
		if (freebits)
			return __builtin_ctz(freebits);
		blk_wait_space(&p->f);
	}
}

static void ahci_submit(blk_dev *dev, blk_req *req)
{
	struct ahci_port *p = dev->priv;
	if (req->op == BLK_OP_FLUSH) {
		spin_lock(&p->lk);
		blk_req_start(req, 1);
		int s = get_slot(p);
		build(p, s, ATA_FLUSH_EXT, 0, 0, 0, 0, false);
		p->owner[s] = req;
		issue(p, s);
		spin_unlock(&p->lk);
		return;
	}
	uint32_t per = CHUNK_MAX / dev->sector_size;
	uint32_t chunks = (req->count + per - 1) / per;
	bool write = req->op == BLK_OP_WRITE;
	struct blk_seg segs[SEGS_MAX];
	spin_lock(&p->lk);
	blk_req_start(req, chunks);
	spin_unlock(&p->lk);
	for (uint32_t k = 0; k < chunks; k++) {
		uint32_t cnt = req->count - k * per < per ? req->count - k * per : per;
		uint8_t *buf = (uint8_t *)req->buf + (uint64_t)k * per * dev->sector_size;
		int n = ((uintptr_t)buf & 1) ? -1 :	/* PRDs need word alignment */
			blk_phys_segs(buf, (uint64_t)cnt * dev->sector_size, segs, SEGS_MAX);
		spin_lock(&p->lk);
		if (n <= 0) {
			for (; k < chunks; k++)
				blk_req_chunk_done(&p->f, req, BLK_EINVAL);
			spin_unlock(&p->lk);
			return;
		}
		int s = get_slot(p);
		build(p, s, write ? ATA_WRITE_EXT : ATA_READ_EXT, req->lba + (uint64_t)k * per,
		      cnt, segs, n, write);
		p->owner[s] = req;
		issue(p, s);
		spin_unlock(&p->lk);
	}
}

static void ahci_wait(blk_dev *dev, blk_req *req)
{
	struct ahci_port *p = dev->priv;
	blk_wait_req(&p->f, req);
}

static const blk_ops ahci_ops = { ahci_submit, ahci_wait };

/* ---- probing ------------------------------------------------------------- */

/* IDENTIFY DEVICE by polling (port interrupts still off). */
static bool identify(struct ahci_port *p, uint16_t *id)
{
	struct blk_seg seg = { vmm_virt_to_phys(id), 512 };
	build(p, 0, ATA_IDENTIFY, 0, 0, &seg, 1, false);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	wr(p, PxCI, 1);
	bool ok = wait_reg(p, PxCI, 1, 0, 2000) && !(rd(p, PxTFD) & TFD_ERR);
	wr(p, PxIS, 0xffffffffu);
	return ok;
}

static void port_probe(struct ahci_hba *h, int no, uint32_t cap)
{
	struct ahci_port *p = &ports[nports];
	memset(p, 0, sizeof *p);
	p->regs = h->abar + 0x100 + 0x80 * no;
	uint32_t ssts = rd(p, PxSSTS);
	if ((ssts & 0xf) != 3)
		return;				/* nothing attached */
	if (!port_stop(p)) {
		klog(KLOG_WARN, "ahci: port %d does not stop; ignored", no);
		return;
	}
	p->mem_pa = pmm_alloc_contig(MEM_PAGES, 4ull << 30);
	if (!p->mem_pa) {
		klog(KLOG_WARN, "ahci: port %d: out of memory", no);
		return;
	}
	p->mem = vmm_phys_to_virt(p->mem_pa);
	memset(p->mem, 0, MEM_PAGES * PAGE_SIZE);
	p->list = (struct cmd_hdr *)p->mem;
	wr(p, PxCLB, p->mem_pa);
	wr(p, PxCLBU, p->mem_pa >> 32);
	wr(p, PxFB, p->mem_pa + 1024);
	wr(p, PxFBU, (p->mem_pa + 1024) >> 32);
	wr(p, PxIE, 0);
	port_start(p);
	uint32_t sig = rd(p, PxSIG);
	if (sig != SIG_ATA) {
		klog(KLOG_INFO, "ahci: port %d: %s (signature 0x%08x); not a disk, ignored", no,
		     sig == 0xeb140101u ? "ATAPI drive" : "unknown device", sig);
		port_stop(p);
		for (unsigned i = 0; i < MEM_PAGES; i++)
			pmm_free(p->mem_pa + i * PAGE_SIZE);
		return;
	}
	static uint16_t id[256] __attribute__((aligned(512)));
	if (!identify(p, id)) {
		klog(KLOG_WARN, "ahci: port %d: IDENTIFY failed; ignored", no);
		port_stop(p);
		return;
	}
	if (!(id[83] & (1u << 10))) {
		klog(KLOG_WARN, "ahci: port %d: no 48-bit LBA; ignored", no);
		port_stop(p);
		return;
	}
	uint64_t n = id[100] | (uint64_t)id[101] << 16 | (uint64_t)id[102] << 32 |
		     (uint64_t)id[103] << 48;
	uint32_t ss = 512;
	if ((id[106] & 0xc000) == 0x4000 && (id[106] & (1u << 12)))
		ss = 2 * (id[117] | (uint32_t)id[118] << 16);
	if (ss != 512 && ss != 4096) {
		klog(KLOG_WARN, "ahci: port %d: sector size %u unsupported; ignored", no, ss);
		port_stop(p);
		return;
	}
	char model[41];
	for (int i = 0; i < 20; i++) {
		model[2 * i] = id[27 + i] >> 8;
		model[2 * i + 1] = id[27 + i];
	}
	model[40] = 0;
	for (int i = 39; i >= 0 && model[i] == ' '; i--)
		model[i] = 0;

	p->nslots = ((cap >> 8) & 0x1f) + 1;
	p->active = -1;
	spin_init(&p->lk, "ahci port");
	snprintf(p->name, sizeof p->name, "ahci%d", nports);
	p->dev = (blk_dev){ .ops = &ahci_ops, .priv = p, .name = p->name,
		.sector_size = ss, .nsectors = n };
	p->f = (struct blk_inflight){ .lk = &p->lk, .poll = ahci_poll, .ctx = p,
		.name = p->name };
	wr(p, PxIS, 0xffffffffu);
	wr(p, PxIE, IS_DHRS | IS_PSS | IS_DSS | IS_SDBS | IS_ERRORS);
	klog(KLOG_INFO, "ahci: %s on port %d: '%s', %u command slots (one running), write cache %s",
	     p->name, no, model, p->nslots, (id[85] & (1u << 5)) ? "on (flushed by FLUSH "
	     "CACHE EXT)" : "off");
	h->ports[h->nports++] = p;
	nports++;
}

static void hba_probe(const struct pci_dev *pci)
{
	struct ahci_hba *h = &hbas[nhbas];
	h->abar = pci_bar_map(pci, 5);
	if (!h->abar) {
		klog(KLOG_WARN, "ahci: %02x:%02x.%u has no memory BAR5; ignored", pci->bus,
		     pci->dev, pci->fn);
		return;
	}
	pci_enable(pci, PCI_CMD_MEM | PCI_CMD_MASTER);
	/* reset the HBA: the firmware may have left ports running */
	pci_mmio_write32(h->abar + GHC, GHC_AE);
	pci_mmio_write32(h->abar + GHC, GHC_AE | GHC_HR);
	uint64_t end = time_now_ns() + 1000000000ull;
	while (pci_mmio_read32(h->abar + GHC) & GHC_HR)
		if (time_now_ns() > end) {
			klog(KLOG_WARN, "ahci: HBA reset does not finish; ignored");
			return;
		}
	pci_mmio_write32(h->abar + GHC, GHC_AE);
	uint32_t cap = pci_mmio_read32(h->abar + CAP), pi = pci_mmio_read32(h->abar + PI);
	uint32_t vs = pci_mmio_read32(h->abar + VS);
	klog(KLOG_INFO, "ahci: %02x:%02x.%u AHCI %x.%x, %u ports (implemented 0x%x), %u slots%s",
	     pci->bus, pci->dev, pci->fn, vs >> 16, (vs >> 4) & 0xf, (cap & 0x1f) + 1, pi,
	     ((cap >> 8) & 0x1f) + 1, cap & CAP_S64A ? ", 64-bit" : "");
	kthread_sleep_ns(20000000ull);	/* let the links come up after the reset */
	nhbas++;
	for (int no = 0; no < 32 && nports < AHCI_MAX_PORTS; no++)
		if (pi & (1u << no))
			port_probe(h, no, cap);
	if (h->nports == 0)
		return;
	pci_mmio_write32(h->abar + IS, 0xffffffffu);
	if (!pci_irq_register(pci, ahci_irq, h))
		klog(KLOG_WARN, "ahci: no interrupt line; completions polled");
	pci_mmio_write32(h->abar + GHC, GHC_AE | GHC_IE);
	for (int i = 0; i < h->nports; i++)	/* reads the GPT: interrupts on */
		blk_register(&h->ports[i]->dev);
}

void ahci_probe(void)
{
	int i = 0;
	const struct pci_dev *pci;
	while (nhbas < 2 && (pci = pci_find_class(0x01, 0x06, 0x01, &i)))
		hba_probe(pci);
}
