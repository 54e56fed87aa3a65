/*
 * serial.c: COM1 16550 UART driver. See serial.h for the interface.
 *
 * Output is polled (wait for THR empty, bounded) so that it works before
 * interrupts, inside exception handlers and with interrupts off. Input is
 * interrupt driven once x86_serial_enable_rx_irq() has run: the handler drains
 * the receive FIFO into the callback (the console's input ring).
 */
#include "arch/x86/serial.h"
#include "arch/x86/cpu.h"
#include "arch/x86/irq.h"

#define COM1 0x3f8
#define REG_DATA 0
#define REG_IER 1
#define REG_FCR 2
#define REG_LCR 3
#define REG_MCR 4
#define REG_LSR 5

static bool present;
static void (*rx_cb)(int byte);

bool x86_serial_init(void)
{
	x86_outb(COM1 + REG_IER, 0x00);
	x86_outb(COM1 + REG_LCR, 0x80);		/* DLAB */
	x86_outb(COM1 + 0, 1);			/* divisor 1: 115200 */
	x86_outb(COM1 + 1, 0);
	x86_outb(COM1 + REG_LCR, 0x03);		/* 8N1 */
	x86_outb(COM1 + REG_FCR, 0xc7);		/* FIFO on, cleared, 14 bytes */
	x86_outb(COM1 + REG_MCR, 0x1e);		/* loopback test */
	x86_outb(COM1 + REG_DATA, 0xae);
	if (x86_inb(COM1 + REG_DATA) != 0xae) {
		present = false;
		return false;
	}
	x86_outb(COM1 + REG_MCR, 0x0b);		/* DTR, RTS, OUT2 (IRQ gate) */
	present = true;
	return true;
}

void x86_serial_putc(char c)
{
	if (!present)
		return;
	for (int i = 0; i < 100000; i++)
		if (x86_inb(COM1 + REG_LSR) & 0x20)
			break;
	x86_outb(COM1 + REG_DATA, (uint8_t)c);
}

int x86_serial_poll_getc(void)
{
	if (!present || !(x86_inb(COM1 + REG_LSR) & 0x01))
		return -1;
	return x86_inb(COM1 + REG_DATA);
}

static void serial_irq(void *ctx)
{
	(void)ctx;
	while (x86_inb(COM1 + REG_LSR) & 0x01) {
		int b = x86_inb(COM1 + REG_DATA);
		if (rx_cb)
			rx_cb(b);
	}
}

void x86_serial_enable_rx_irq(void (*cb)(int byte))
{
	if (!present)
		return;
	rx_cb = cb;
	x86_irq_register(X86_IRQ_COM1, serial_irq, 0);
	x86_outb(COM1 + REG_IER, 0x01);		/* data available */
}
