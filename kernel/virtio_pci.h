/*
 * virtio_pci.h: the legacy ("0.9.5", transitional) virtio-over-PCI
 * transport, and the split virtqueue it uses.
 *
 * Why legacy: QEMU 7.2's virtio-blk-pci is a transitional device (ID
 * 1af4:1001) that offers the legacy I/O-port interface in BAR0 unless it
 * sits behind a PCIe port or is given disable-legacy=on. That holds on -M pc
 * and on -M q35 (devices on the root complex), with `-device
 * virtio-blk-pci,drive=...`. The legacy interface needs no capability
 * parsing and no MMIO: a handful of registers at fixed offsets in BAR0.
 *
 * A virtqueue (virtio 1.x spec section 2.6, "legacy interfaces: virtqueue
 * layout") lives in physically contiguous memory: the descriptor table,
 * the available ring, padding to 4 KiB, then the used ring. The device is
 * told its page frame number. Descriptors form chains; the driver puts a
 * chain's head in the available ring and notifies; the device puts the head
 * in the used ring when done and raises the interrupt.
 *
 * Interface:
 *   vpci_open(v, pci)         claim BAR0 (I/O), enable it and bus mastering,
 *                             reset the device, set ACKNOWLEDGE|DRIVER
 *   vpci_features(v), vpci_set_features(v, f)   32 legacy feature bits
 *   vpci_set_status(v, bits), vpci_status(v)
 *   vpci_isr(v)               read (and so clear) the ISR status: bit 0 the
 *                             queue, bit 1 a config change; 0: not ours
 *   vpci_cfg8/32/64(v, off)   device-specific configuration
 *   vq_init(q, v, index)      allocate and register queue `index`
 *   vq_alloc(q, n), vq_free_chain(q, head)   descriptor chains (caller's lock)
 *   vq_set(q, i, pa, len, flags)   fill descriptor i (next link kept)
 *   vq_publish(q, head)       make a chain visible; vq_kick(q) notifies
 *   vq_used_next(q, &head, &len)   next completed chain, false if none
 *
 * Locking: a virtqueue has no lock of its own; the driver holds its device
 * spinlock around every vq_* call (they are called from its ISR too).
 */
#ifndef KERNEL_VIRTIO_PCI_H
#define KERNEL_VIRTIO_PCI_H

#include <stdbool.h>
#include <stdint.h>
#include "arch/x86/pci.h"

#define VIRTIO_STATUS_ACK      1
#define VIRTIO_STATUS_DRIVER   2
#define VIRTIO_STATUS_DRIVER_OK 4
#define VIRTIO_STATUS_FAILED   128

#define VQ_DESC_NEXT  1
#define VQ_DESC_WRITE 2			/* device writes this buffer */

struct vpci {
	const struct pci_dev *pci;
	uint16_t io;			/* BAR0 port base */
};

struct vq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};

struct vq {
	struct vpci *dev;
	uint16_t index, size;		/* I */
	struct vq_desc *desc;		/* device memory, driver lock */
	volatile uint16_t *avail;	/* flags, idx, ring[size], used_event */
	volatile uint8_t *used;		/* flags, idx, {id, len}[size] */
	uint16_t free_head, nfree;	/* driver lock */
	uint16_t last_used;		/* driver lock */
	uint16_t avail_idx;		/* driver lock: our copy of avail idx */
};

bool vpci_open(struct vpci *v, const struct pci_dev *pci);
uint32_t vpci_features(struct vpci *v);
void vpci_set_features(struct vpci *v, uint32_t f);
void vpci_set_status(struct vpci *v, uint8_t bits);
uint8_t vpci_status(struct vpci *v);
uint8_t vpci_isr(struct vpci *v);
uint8_t vpci_cfg8(struct vpci *v, unsigned off);
uint32_t vpci_cfg32(struct vpci *v, unsigned off);
uint64_t vpci_cfg64(struct vpci *v, unsigned off);

int vq_init(struct vq *q, struct vpci *v, uint16_t index);
int vq_alloc(struct vq *q, int n);
void vq_free_chain(struct vq *q, uint16_t head);
void vq_set(struct vq *q, uint16_t i, uint64_t pa, uint32_t len, uint16_t flags);
uint16_t vq_next(struct vq *q, uint16_t i);
void vq_publish(struct vq *q, uint16_t head);
void vq_kick(struct vq *q);
bool vq_used_next(struct vq *q, uint16_t *head, uint32_t *len);

#endif
