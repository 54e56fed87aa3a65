/*
 * pci.h: the PCI bus: configuration space, enumeration, BARs, interrupts,
 * and the register accessors device drivers use.
 *
 * Configuration space is reached through the legacy mechanism #1 (ports
 * 0xcf8/0xcfc), which every PC chipset and QEMU's pc and q35 machines offer;
 * ECAM (ACPI MCFG) is not used, so only the first 256 bytes of each
 * function's space are visible. pci_init() walks bus 0 and every bus behind
 * a PCI-to-PCI bridge, records each function with its BARs (sized by writing
 * all ones with decoding switched off) and logs one line per function:
 *
 *   pci: 00:03.0 1af4:1001 virtio-blk (irq 11)
 *
 * Interrupts are legacy INTx through the 8259 PIC: the firmware routed each
 * pin to an ISA line (on q35 through the LPC bridge's PIRQ routing) and wrote
 * that line into the Interrupt Line register, which is all Amber reads. PCI
 * lines are level-triggered and may be shared, so pci_irq_register() chains
 * handlers per line; every handler must check its own device's interrupt
 * status and return quietly when the interrupt was not its device's.
 *
 * Interface:
 *   pci_init()                    enumerate and log (once, at boot)
 *   pci_count(), pci_get(i)       the functions found, in bus order
 *   pci_find_id(vendor, device, &i)      next function with that ID at or
 *   pci_find_class(cls, sub, pif, &i)    after index *i (pif -1: any);
 *                                 NULL when none; *i is left just past it
 *   pci_cfg_read8/16/32(d, off), pci_cfg_write16/32(d, off, v)
 *   pci_enable(d, cmd_bits)       set PCI_CMD_* bits in the command register
 *   pci_irq_register(d, fn, ctx)  handler for the device's INTx line;
 *                                 false if the device has no usable line
 *   pci_bar_map(d, i)             kernel pointer to a memory BAR (uncached)
 *   pci_io_in8/16/32(port), pci_io_out8/16/32(port, v)   I/O BAR registers
 *   pci_mmio_read32(p), pci_mmio_write32(p, v)           memory BAR registers
 *
 * Invariant: the device table is written only by pci_init(), before any
 * driver runs; afterwards it is read-only (no lock).
 */
#ifndef ARCH_X86_PCI_H
#define ARCH_X86_PCI_H

#include <stdbool.h>
#include <stdint.h>

#define PCI_MAX_DEVS 64

#define PCI_CMD_IO     0x1
#define PCI_CMD_MEM    0x2
#define PCI_CMD_MASTER 0x4
#define PCI_CMD_INTX_DISABLE 0x400

struct pci_bar {
	uint64_t base;			/* physical (memory) or port (I/O); 0: none */
	uint64_t size;
	bool io, mem64, prefetch;
};

struct pci_dev {
	uint8_t bus, dev, fn;
	uint16_t vendor, device;
	uint8_t cls, sub, progif, rev;
	uint8_t hdr_type;		/* 0 device, 1 PCI-PCI bridge */
	uint8_t irq_line;		/* ISA line from firmware, 0xff: none */
	uint8_t irq_pin;		/* 0 none, 1..4 INTA..INTD */
	struct pci_bar bar[6];
};

void pci_init(void);
int pci_count(void);
const struct pci_dev *pci_get(int i);
const struct pci_dev *pci_find_id(uint16_t vendor, uint16_t device, int *i);
const struct pci_dev *pci_find_class(int cls, int sub, int progif, int *i);

uint8_t pci_cfg_read8(const struct pci_dev *d, unsigned off);
uint16_t pci_cfg_read16(const struct pci_dev *d, unsigned off);
uint32_t pci_cfg_read32(const struct pci_dev *d, unsigned off);
void pci_cfg_write16(const struct pci_dev *d, unsigned off, uint16_t v);
void pci_cfg_write32(const struct pci_dev *d, unsigned off, uint32_t v);
void pci_enable(const struct pci_dev *d, uint16_t cmd_bits);
bool pci_irq_register(const struct pci_dev *d, void (*fn)(void *ctx), void *ctx);
volatile void *pci_bar_map(const struct pci_dev *d, int i);

uint8_t pci_io_in8(uint16_t port);
uint16_t pci_io_in16(uint16_t port);
uint32_t pci_io_in32(uint16_t port);
void pci_io_out8(uint16_t port, uint8_t v);
void pci_io_out16(uint16_t port, uint16_t v);
void pci_io_out32(uint16_t port, uint32_t v);

static inline uint32_t pci_mmio_read32(volatile void *p)
{
	return *(volatile uint32_t *)p;
}

static inline void pci_mmio_write32(volatile void *p, uint32_t v)
{
	*(volatile uint32_t *)p = v;
}

#endif
