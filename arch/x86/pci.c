/*
 * pci.c: PCI configuration mechanism #1, enumeration, BAR sizing and shared
 * INTx lines (see pci.h).
 *
 * Invariants: the table `devs` is filled once by pci_init() and read-only
 * afterwards; config-space accesses are two port writes that must not be
 * interleaved, so they run under cfg_lock (a leaf spinlock); a PIC line is
 * unmasked only when the first handler of its chain is registered.
 */
#include <stddef.h>
#include "arch/x86/pci.h"
#include "arch/x86/cpu.h"
#include "arch/x86/irq.h"
#include "arch/x86/vmm.h"
#include "kernel/klog.h"
#include "kernel/spinlock.h"

#define CFG_ADDR 0xcf8
#define CFG_DATA 0xcfc

#define OFF_VENDOR   0x00
#define OFF_COMMAND  0x04
#define OFF_REV      0x08		/* rev, progif, sub, class */
#define OFF_HDR      0x0e
#define OFF_BAR0     0x10
#define OFF_BUSES    0x18		/* bridges: primary, secondary, subordinate */
#define OFF_IRQ_LINE 0x3c
#define OFF_IRQ_PIN  0x3d

static struct pci_dev devs[PCI_MAX_DEVS];	/* I after pci_init */
static int ndevs;				/* I after pci_init */
static struct spinlock cfg_lock = SPINLOCK_INIT("pci cfg");

/* ---- configuration space ------------------------------------------------ */

static uint32_t cfg_read(unsigned bus, unsigned dev, unsigned fn, unsigned off)
{
	spin_lock(&cfg_lock);
	x86_outl(CFG_ADDR, 0x80000000u | bus << 16 | dev << 11 | fn << 8 | (off & 0xfc));
	uint32_t v = x86_inl(CFG_DATA);
	spin_unlock(&cfg_lock);
	return v;
}

static void cfg_write(unsigned bus, unsigned dev, unsigned fn, unsigned off, uint32_t v)
{
	spin_lock(&cfg_lock);
	x86_outl(CFG_ADDR, 0x80000000u | bus << 16 | dev << 11 | fn << 8 | (off & 0xfc));
	x86_outl(CFG_DATA, v);
	spin_unlock(&cfg_lock);
}

uint32_t pci_cfg_read32(const struct pci_dev *d, unsigned off)
{
	return cfg_read(d->bus, d->dev, d->fn, off);
}

uint16_t pci_cfg_read16(const struct pci_dev *d, unsigned off)
{
	return cfg_read(d->bus, d->dev, d->fn, off) >> ((off & 2) * 8);
}

uint8_t pci_cfg_read8(const struct pci_dev *d, unsigned off)
{
	return cfg_read(d->bus, d->dev, d->fn, off) >> ((off & 3) * 8);
}

void pci_cfg_write32(const struct pci_dev *d, unsigned off, uint32_t v)
{
	cfg_write(d->bus, d->dev, d->fn, off, v);
}

/* Read-modify-write of the dword: the other half is written back as read
 * (no write-1-to-clear bits live beside the fields drivers write). */
void pci_cfg_write16(const struct pci_dev *d, unsigned off, uint16_t v)
{
	unsigned sh = (off & 2) * 8;
	uint32_t w = cfg_read(d->bus, d->dev, d->fn, off);
	w = (w & ~(0xffffu << sh)) | (uint32_t)v << sh;
	cfg_write(d->bus, d->dev, d->fn, off, w);
}

void pci_enable(const struct pci_dev *d, uint16_t bits)
{
	/* the status half of this dword is write-1-to-clear: write zeros there */
	uint16_t cmd = pci_cfg_read16(d, OFF_COMMAND);
	pci_cfg_write32(d, OFF_COMMAND, (uint32_t)(cmd | bits));
}

/* ---- BARs -------------------------------------------------------------- */

/* Size BAR i of f (decoding off meanwhile); returns the number of BAR
 * registers it used (2 for a 64-bit memory BAR). */
static int size_bar(struct pci_dev *f, int i)
{
	unsigned off = OFF_BAR0 + 4 * i;
	struct pci_bar *b = &f->bar[i];
	uint32_t lo = pci_cfg_read32(f, off), hi = 0, mlo, mhi = 0xffffffffu;
	b->io = lo & 1;
	b->mem64 = !b->io && ((lo >> 1) & 3) == 2;
	b->prefetch = !b->io && (lo & 8);
	if (b->mem64)
		hi = pci_cfg_read32(f, off + 4);
	pci_cfg_write32(f, off, 0xffffffffu);
	mlo = pci_cfg_read32(f, off);
	pci_cfg_write32(f, off, lo);
	if (b->mem64) {
		pci_cfg_write32(f, off + 4, 0xffffffffu);
		mhi = pci_cfg_read32(f, off + 4);
		pci_cfg_write32(f, off + 4, hi);
	}
	if (b->io) {
		b->base = lo & ~3u;
		uint32_t m = mlo & ~3u;
		b->size = m ? (~m + 1) & 0xffff : 0;
	} else {
		b->base = ((uint64_t)hi << 32) | (lo & ~0xfu);
		uint64_t m = ((uint64_t)mhi << 32) | (mlo & ~0xfu);
		if (!b->mem64)
			m |= 0xffffffff00000000ull;
		b->size = (mlo & ~0xfu) ? ~m + 1 : 0;
	}
	if (b->size == 0)
		b->base = 0;
	return b->mem64 ? 2 : 1;
}

static void read_bars(struct pci_dev *f)
{
	int nbars = f->hdr_type == 0 ? 6 : f->hdr_type == 1 ? 2 : 0;
	uint16_t cmd = pci_cfg_read16(f, OFF_COMMAND);
	pci_cfg_write32(f, OFF_COMMAND, cmd & ~(PCI_CMD_IO | PCI_CMD_MEM));
	for (int i = 0; i < nbars;)
		i += size_bar(f, i);
	pci_cfg_write32(f, OFF_COMMAND, cmd);
}

volatile void *pci_bar_map(const struct pci_dev *d, int i)
{
	const struct pci_bar *b = &d->bar[i];
	if (i < 0 || i > 5 || b->io || !b->base)
		return 0;
	return vmm_map_phys(b->base, b->size, true);
}

/* ---- enumeration ------------------------------------------------------- */

static const struct {
	uint16_t vendor, device;
	const char *name;
} known[] = {
	{ 0x1af4, 0x1001, "virtio-blk" },
	{ 0x1af4, 0x1042, "virtio-blk (modern only)" },
	{ 0x1af4, 0x1000, "virtio-net" },
	{ 0x8086, 0x2922, "ICH9 AHCI" },
	{ 0x8086, 0x29c0, "q35 host bridge" },
	{ 0x8086, 0x2918, "ICH9 LPC bridge" },
	{ 0x8086, 0x2930, "ICH9 SMBus" },
	{ 0x8086, 0x1237, "i440FX host bridge" },
	{ 0x8086, 0x7000, "PIIX3 ISA bridge" },
	{ 0x8086, 0x7010, "PIIX3 IDE" },
	{ 0x8086, 0x7113, "PIIX4 ACPI" },
	{ 0x8086, 0x100e, "e1000" },
	{ 0x8086, 0x10d3, "e1000e" },
	{ 0x1234, 0x1111, "VGA" },
};

static const char *class_name(uint8_t cls, uint8_t sub)
{
	switch (cls) {
	case 0x01: return sub == 0x06 ? "SATA controller" : sub == 0x01 ? "IDE controller" :
			  "storage controller";
	case 0x02: return "network controller";
	case 0x03: return "display controller";
	case 0x06: return sub == 0x04 ? "PCI bridge" : "bridge";
	case 0x0c: return "serial bus controller";
	default:   return "device";
	}
}

static const char *dev_name(const struct pci_dev *f)
{
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (known[i].vendor == f->vendor && known[i].device == f->device)
			return known[i].name;
	return class_name(f->cls, f->sub);
}

static void scan_bus(unsigned bus, int depth);

static void add_function(unsigned bus, unsigned dev, unsigned fn)
{
	uint32_t id = cfg_read(bus, dev, fn, OFF_VENDOR);
	if (ndevs == PCI_MAX_DEVS) {
		klog(KLOG_WARN, "pci: more than %d functions; %02x:%02x.%u ignored",
		     PCI_MAX_DEVS, bus, dev, fn);
		return;
	}
	struct pci_dev *f = &devs[ndevs++];
	uint32_t cr = cfg_read(bus, dev, fn, OFF_REV);
	*f = (struct pci_dev){ .bus = bus, .dev = dev, .fn = fn,
		.vendor = id & 0xffff, .device = id >> 16,
		.rev = cr, .progif = cr >> 8, .sub = cr >> 16, .cls = cr >> 24 };
	f->hdr_type = pci_cfg_read8(f, OFF_HDR) & 0x7f;
	f->irq_pin = pci_cfg_read8(f, OFF_IRQ_PIN);
	f->irq_line = pci_cfg_read8(f, OFF_IRQ_LINE);
	if (f->irq_pin == 0 || f->irq_line >= 16)
		f->irq_line = 0xff;
	read_bars(f);
	if (f->irq_line != 0xff)
		klog(KLOG_INFO, "pci: %02x:%02x.%u %04x:%04x %s (irq %u)", bus, dev, fn,
		     f->vendor, f->device, dev_name(f), f->irq_line);
	else
		klog(KLOG_INFO, "pci: %02x:%02x.%u %04x:%04x %s", bus, dev, fn,
		     f->vendor, f->device, dev_name(f));
	for (int i = 0; i < 6; i++)
		if (f->bar[i].base)
			klog(KLOG_DEBUG, "pci:   BAR%d %s 0x%lx size 0x%lx", i,
			     f->bar[i].io ? "io" : f->bar[i].mem64 ? "mem64" : "mem32",
			     f->bar[i].base, f->bar[i].size);
	if (f->hdr_type == 1 && f->cls == 0x06 && f->sub == 0x04) {
		unsigned sec = (cfg_read(bus, dev, fn, OFF_BUSES) >> 8) & 0xff;
		if (sec > bus)		/* a firmware-numbered bridge: walk behind it */
			scan_bus(sec, 0);
	}
}

static void scan_bus(unsigned bus, int depth)
{
	(void)depth;
	for (unsigned dev = 0; dev < 32; dev++) {
		if ((cfg_read(bus, dev, 0, OFF_VENDOR) & 0xffff) == 0xffff)
			continue;
		unsigned nfn = (cfg_read(bus, dev, 0, 0x0c) >> 16) & 0x80 ? 8 : 1;
		for (unsigned fn = 0; fn < nfn; fn++)
			if ((cfg_read(bus, dev, fn, OFF_VENDOR) & 0xffff) != 0xffff)
				add_function(bus, dev, fn);
	}
}

void pci_init(void)
{
	x86_outl(CFG_ADDR, 0x80000000u);
	if (x86_inl(CFG_ADDR) != 0x80000000u) {
		klog(KLOG_WARN, "pci: no configuration mechanism #1; no PCI devices");
		return;
	}
	scan_bus(0, 0);
	klog(KLOG_INFO, "pci: %d function(s)", ndevs);
}

int pci_count(void)
{
	return ndevs;
}

const struct pci_dev *pci_get(int i)
{
	return i >= 0 && i < ndevs ? &devs[i] : 0;
}

const struct pci_dev *pci_find_id(uint16_t vendor, uint16_t device, int *i)
{
	for (; *i < ndevs; (*i)++)
		if (devs[*i].vendor == vendor && devs[*i].device == device)
			return &devs[(*i)++];
	return 0;
}

const struct pci_dev *pci_find_class(int cls, int sub, int progif, int *i)
{
	for (; *i < ndevs; (*i)++) {
		const struct pci_dev *f = &devs[*i];
		if (f->cls == cls && f->sub == sub && (progif < 0 || f->progif == progif))
			return &devs[(*i)++];
	}
	return 0;
}

/* ---- shared INTx lines -------------------------------------------------- */

#define IRQ_CHAIN 8

static struct irq_line {
	int n;				/* I once the line is live; grows with irqs off */
	struct {
		void (*fn)(void *ctx);
		void *ctx;
	} h[IRQ_CHAIN];
} lines[16];

static void line_dispatch(void *ctx)
{
	struct irq_line *l = ctx;
	for (int i = 0; i < l->n; i++)
		l->h[i].fn(l->h[i].ctx);
}

bool pci_irq_register(const struct pci_dev *d, void (*fn)(void *ctx), void *ctx)
{
	if (d->irq_line >= 16 || d->irq_line == 2)
		return false;
	struct irq_line *l = &lines[d->irq_line];
	bool was = x86_irq_save();
	bool ok = l->n < IRQ_CHAIN;
	if (ok) {
		l->h[l->n].fn = fn;
		l->h[l->n].ctx = ctx;
		if (l->n++ == 0)
			x86_irq_register(d->irq_line, line_dispatch, l);
	}
	x86_irq_restore(was);
	/* let the device raise INTx (firmware may have left it disabled) */
	uint16_t cmd = pci_cfg_read16(d, OFF_COMMAND);
	if (ok && (cmd & PCI_CMD_INTX_DISABLE))
		pci_cfg_write32(d, OFF_COMMAND, cmd & ~PCI_CMD_INTX_DISABLE);
	return ok;
}

/* ---- register access for drivers ---------------------------------------- */

uint8_t pci_io_in8(uint16_t port) { return x86_inb(port); }
uint16_t pci_io_in16(uint16_t port) { return x86_inw(port); }
uint32_t pci_io_in32(uint16_t port) { return x86_inl(port); }
void pci_io_out8(uint16_t port, uint8_t v) { x86_outb(port, v); }
void pci_io_out16(uint16_t port, uint16_t v) { x86_outw(port, v); }
void pci_io_out32(uint16_t port, uint32_t v) { x86_outl(port, v); }
