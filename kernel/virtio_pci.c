/*
 * virtio_pci.c: legacy virtio-pci registers and split virtqueues (see
 * virtio_pci.h).
 *
 * Invariants: the descriptor free list is threaded through desc[].next and
 * holds exactly `nfree` entries; a descriptor is either on it or in exactly
 * one chain the device owns or the driver is filling. avail_idx and
 * last_used count without wrapping modulo the queue size (16-bit counters,
 * as the device's).
 */
#include <string.h>
#include "kernel/virtio_pci.h"
#include "kernel/klog.h"
#include "kernel/pmm.h"
#include "arch/x86/vmm.h"

/* legacy register offsets in BAR0 */
#define R_HOST_FEATURES  0x00
#define R_GUEST_FEATURES 0x04
#define R_QUEUE_PFN      0x08
#define R_QUEUE_NUM      0x0c
#define R_QUEUE_SEL      0x0e
#define R_QUEUE_NOTIFY   0x10
#define R_STATUS         0x12
#define R_ISR            0x13
#define R_CONFIG         0x14		/* device config while MSI-X is off */

bool vpci_open(struct vpci *v, const struct pci_dev *pci)
{
	if (!pci->bar[0].io || !pci->bar[0].base)
		return false;
	v->pci = pci;
	v->io = pci->bar[0].base;
	pci_enable(pci, PCI_CMD_IO | PCI_CMD_MASTER);
	pci_io_out8(v->io + R_STATUS, 0);		/* reset */
	vpci_set_status(v, VIRTIO_STATUS_ACK);
	vpci_set_status(v, VIRTIO_STATUS_DRIVER);
	return true;
}

uint32_t vpci_features(struct vpci *v) { return pci_io_in32(v->io + R_HOST_FEATURES); }
void vpci_set_features(struct vpci *v, uint32_t f) { pci_io_out32(v->io + R_GUEST_FEATURES, f); }
uint8_t vpci_status(struct vpci *v) { return pci_io_in8(v->io + R_STATUS); }
uint8_t vpci_isr(struct vpci *v) { return pci_io_in8(v->io + R_ISR); }
uint8_t vpci_cfg8(struct vpci *v, unsigned off) { return pci_io_in8(v->io + R_CONFIG + off); }
uint32_t vpci_cfg32(struct vpci *v, unsigned off) { return pci_io_in32(v->io + R_CONFIG + off); }

void vpci_set_status(struct vpci *v, uint8_t bits)
{
	pci_io_out8(v->io + R_STATUS, vpci_status(v) | bits);
}

uint64_t vpci_cfg64(struct vpci *v, unsigned off)
{
	uint32_t lo, hi;
	do {				/* a torn read cannot be excluded otherwise */
		hi = vpci_cfg32(v, off + 4);
		lo = vpci_cfg32(v, off);
	} while (hi != vpci_cfg32(v, off + 4));
	return (uint64_t)hi << 32 | lo;
}

/* ---- virtqueues ---------------------------------------------------------- */

#define ALIGN_UP(x, a) (((x) + (a) - 1) & ~((uint64_t)(a) - 1))

int vq_init(struct vq *q, struct vpci *v, uint16_t index)
{
	pci_io_out16(v->io + R_QUEUE_SEL, index);
	uint16_t size = pci_io_in16(v->io + R_QUEUE_NUM);
	if (size == 0 || (size & (size - 1)))
		return -1;
	uint64_t used_off = ALIGN_UP(16ull * size + 6 + 2ull * size, PAGE_SIZE);
	uint64_t bytes = ALIGN_UP(used_off + 6 + 8ull * size, PAGE_SIZE);
	unsigned pages = bytes / PAGE_SIZE;
	uint64_t pa = pages <= 64 ? pmm_alloc_contig(pages, 4ull << 30) : 0;
	if (!pa)
		return -1;
	uint8_t *mem = vmm_phys_to_virt(pa);
	memset(mem, 0, bytes);
	q->dev = v;
	q->index = index;
	q->size = size;
	q->desc = (struct vq_desc *)mem;
	q->avail = (volatile uint16_t *)(mem + 16ull * size);
	q->used = mem + used_off;
	for (uint16_t i = 0; i < size; i++)
		q->desc[i].next = i + 1;
	q->free_head = 0;
	q->nfree = size;
	q->last_used = 0;
	q->avail_idx = 0;
	pci_io_out32(v->io + R_QUEUE_PFN, pa >> 12);
	return 0;
}

/* Take n linked descriptors off the free list: the chain's head, or -1. */
int vq_alloc(struct vq *q, int n)
{
	if (n <= 0 || n > q->nfree)
		return -1;
	uint16_t head = q->free_head, i = head;
	for (int k = 0; k < n; k++) {
		q->desc[i].flags = k < n - 1 ? VQ_DESC_NEXT : 0;
		if (k < n - 1)
			i = q->desc[i].next;
	}
	q->free_head = q->desc[i].next;
	q->nfree -= n;
	return head;
}

void vq_free_chain(struct vq *q, uint16_t head)
{
	uint16_t i = head;
	q->nfree++;
	while (q->desc[i].flags & VQ_DESC_NEXT) {
		i = q->desc[i].next;
		q->nfree++;
	}
	q->desc[i].next = q->free_head;
	q->free_head = head;
}

void vq_set(struct vq *q, uint16_t i, uint64_t pa, uint32_t len, uint16_t flags)
{
	q->desc[i].addr = pa;
	q->desc[i].len = len;
	q->desc[i].flags = (q->desc[i].flags & VQ_DESC_NEXT) | flags;
}

uint16_t vq_next(struct vq *q, uint16_t i)
{
	return q->desc[i].next;
}

void vq_publish(struct vq *q, uint16_t head)
{
	q->avail[2 + q->avail_idx % q->size] = head;
	__atomic_thread_fence(__ATOMIC_RELEASE);	/* ring entry before idx */
	q->avail[1] = ++q->avail_idx;
}

void vq_kick(struct vq *q)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);	/* idx before the notify */
	pci_io_out16(q->dev->io + R_QUEUE_NOTIFY, q->index);
}

bool vq_used_next(struct vq *q, uint16_t *head, uint32_t *len)
{
	uint16_t idx = *(volatile uint16_t *)(q->used + 2);
	if (idx == q->last_used)
		return false;
	__atomic_thread_fence(__ATOMIC_ACQUIRE);	/* idx before the entry */
	volatile uint32_t *e = (volatile uint32_t *)(q->used + 4 + 8 * (q->last_used % q->size));
	*head = e[0];
	*len = e[1];
	q->last_used++;
	return true;
}
