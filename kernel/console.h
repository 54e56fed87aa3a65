/*
 * console.h: the console: serial COM1 plus the framebuffer text console,
 * with input from the serial line and the PS/2 keyboard.
 *
 * Interface:
 *   console_init()          serial output and the klog sink (first thing)
 *   console_init_fb(fb)     add the framebuffer console if fb is usable
 *   console_init_input()    interrupt-driven input (needs threads and IRQs)
 *   console_write(s, n)     raw output (guest output: no log prefix)
 *   console_writev(s, n, k) k pieces in one go: no log line (or other
 *                           writer) comes between them
 *   console_getc()          next input byte; sleeps until one arrives
 *   console_trygetc()       next input byte or -1, never sleeps
 *   console_input(byte)     feed one input byte (from interrupt handlers)
 *
 * Locking: console_lock (spinlock) serialises output to the devices;
 * the input ring has its own spinlock and a semaphore counting its bytes.
 */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stddef.h>
#include "kernel/bootinfo.h"

void console_init(void);
void console_init_fb(const struct boot_fb *fb);
void console_init_input(void);
void console_write(const char *s, size_t n);
void console_writev(const char *const *s, const size_t *n, int k);
int console_getc(void);
int console_trygetc(void);
void console_input(int byte);

#endif
