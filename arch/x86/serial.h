/*
 * serial.h: the 16550 UART on COM1 (0x3f8, IRQ 4), 115200 8N1.
 *
 * Interface:
 *   x86_serial_init()         program the UART; returns false if no UART answers
 *                             (loopback test fails), and output is then dropped
 *   x86_serial_putc(c)        polled output, usable from any context
 *   x86_serial_enable_rx_irq(cb)  turn on the receive interrupt; cb(byte) is
 *                             called from the IRQ handler for every byte read
 *   x86_serial_poll_getc()    polled input: a byte or -1 (when no IRQs yet)
 */
#ifndef ARCH_X86_SERIAL_H
#define ARCH_X86_SERIAL_H

#include <stdbool.h>

bool x86_serial_init(void);
void x86_serial_putc(char c);
int x86_serial_poll_getc(void);
void x86_serial_enable_rx_irq(void (*cb)(int byte));

#endif
