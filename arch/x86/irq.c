/*
 * irq.c: the 8259 PIC pair (see irq.h).
 *
 * Invariant: a line is unmasked only when its handler is registered.
 * Spurious IRQ 7 / 15 (the in-service bit is clear) are dropped; a spurious
 * IRQ 15 still needs an EOI to the master.
 */
#include "arch/x86/irq.h"
#include "arch/x86/cpu.h"
#include "arch/x86/trap.h"

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xa0
#define PIC2_DATA 0xa1

static struct {
	void (*fn)(void *ctx);
	void *ctx;
} lines[16];
static uint16_t mask = 0xffff;

static void write_mask(void)
{
	x86_outb(PIC1_DATA, mask & 0xff);
	x86_outb(PIC2_DATA, mask >> 8);
}

static void pic_vector(struct x86_regs *r, void *ctx)
{
	(void)ctx;
	unsigned irq = r->vector - X86_VEC_PIC_BASE;
	if (lines[irq].fn)
		lines[irq].fn(lines[irq].ctx);
}

void x86_pic_init(void)
{
	x86_outb(PIC1_CMD, 0x11);		/* ICW1: init, ICW4 follows */
	x86_outb(PIC2_CMD, 0x11);
	x86_outb(PIC1_DATA, X86_VEC_PIC_BASE);	/* ICW2: vector offsets */
	x86_outb(PIC2_DATA, X86_VEC_PIC_BASE + 8);
	x86_outb(PIC1_DATA, 4);			/* ICW3: slave on line 2 */
	x86_outb(PIC2_DATA, 2);
	x86_outb(PIC1_DATA, 1);			/* ICW4: 8086 mode */
	x86_outb(PIC2_DATA, 1);
	mask = 0xffff & ~(1u << 2);		/* cascade line stays open */
	write_mask();
	for (unsigned v = X86_VEC_PIC_BASE; v < X86_VEC_PIC_BASE + 16; v++)
		x86_vector_register(v, pic_vector, 0);
}

void x86_irq_register(unsigned irq, void (*fn)(void *ctx), void *ctx)
{
	bool was = x86_irq_save();
	lines[irq].ctx = ctx;
	lines[irq].fn = fn;
	mask &= ~(1u << irq);
	write_mask();
	x86_irq_restore(was);
}

bool x86_pic_is_vector(unsigned long v)
{
	return v >= X86_VEC_PIC_BASE && v < X86_VEC_PIC_BASE + 16;
}

static uint8_t read_isr(uint16_t cmd)
{
	x86_outb(cmd, 0x0b);
	return x86_inb(cmd);
}

void x86_pic_eoi(unsigned long v)
{
	unsigned irq = v - X86_VEC_PIC_BASE;
	if (irq == 7 && !(read_isr(PIC1_CMD) & 0x80))
		return;
	if (irq == 15 && !(read_isr(PIC2_CMD) & 0x80)) {
		x86_outb(PIC1_CMD, 0x20);
		return;
	}
	if (irq >= 8)
		x86_outb(PIC2_CMD, 0x20);
	x86_outb(PIC1_CMD, 0x20);
}
