/*
 * console.c: console output to serial and framebuffer, input from serial
 * and keyboard (see console.h).
 *
 * Output: console_lock serialises writes so bytes of two writers never mix
 * within one call. The serial line gets "\r\n" for "\n".
 * Input: interrupt handlers call console_input(); bytes go to a ring
 * (in_lock) and one sem_up per byte wakes readers. A full ring (64 KiB not yet
 * read) drops input.
 */
#include <stdbool.h>
#include "kernel/console.h"
#include "kernel/fbcon.h"
#include "kernel/klog.h"
#include "kernel/spinlock.h"
#include "kernel/sync.h"
#include "arch/x86/serial.h"
#include "arch/x86/ps2kbd.h"

#define IN_SIZE 65536	/* scripted stdin (tools/amber-run) arrives at once */

static struct spinlock console_lock = SPINLOCK_INIT("console");
static bool fb_on;				/* console_lock */
static struct spinlock in_lock = SPINLOCK_INIT("console input");
static uint8_t in_ring[IN_SIZE];		/* in_lock */
static unsigned in_head, in_tail;		/* in_lock */
static struct sem in_avail = SEM_INIT(0);
static bool input_irqs;				/* I after console_init_input */

static void emit(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			x86_serial_putc('\r');
		x86_serial_putc(s[i]);
	}
	if (fb_on)
		fbcon_write(s, n);
}

void console_write(const char *s, size_t n)
{
	spin_lock(&console_lock);
	emit(s, n);
	spin_unlock(&console_lock);
}

void console_writev(const char *const *s, const size_t *n, int k)
{
	spin_lock(&console_lock);
	for (int i = 0; i < k; i++)
		emit(s[i], n[i]);
	spin_unlock(&console_lock);
}

/* klog sink: klog already serialises lines with its own lock. */
static void log_sink(const char *s, size_t n)
{
	console_write(s, n);
}

void console_init(void)
{
	x86_serial_init();
	klog_add_sink(log_sink);
}

static void fb_replay(const char *s, size_t n)
{
	spin_lock(&console_lock);
	fbcon_write(s, n);
	spin_unlock(&console_lock);
}

void console_init_fb(const struct boot_fb *fb)
{
	if (fb->type != BOOT_FB_RGB)
		return;
	if (!fbcon_init(fb)) {
		klog(KLOG_WARN, "console: framebuffer unusable; serial console only");
		return;
	}
	klog_replay(fb_replay);			/* start-up so far, on screen too */
	spin_lock(&console_lock);
	fb_on = true;
	spin_unlock(&console_lock);
	klog(KLOG_INFO, "console: framebuffer %ux%u, %u bpp, %ux%u characters",
	     fb->width, fb->height, fb->bpp, fbcon_cols(), fbcon_rows());
}

void console_input(int byte)
{
	bool stored = false;
	spin_lock(&in_lock);
	if (in_head - in_tail < IN_SIZE) {
		in_ring[in_head++ % IN_SIZE] = (uint8_t)byte;
		stored = true;
	}
	spin_unlock(&in_lock);
	if (stored)
		sem_up(&in_avail);
}

static int take(void)
{
	int c = -1;
	spin_lock(&in_lock);
	if (in_head != in_tail)
		c = in_ring[in_tail++ % IN_SIZE];
	spin_unlock(&in_lock);
	return c;
}

int console_trygetc(void)
{
	if (!input_irqs) {
		int c = x86_serial_poll_getc();
		return c >= 0 ? c : -1;
	}
	return sem_trydown(&in_avail) ? take() : -1;
}

int console_getc(void)
{
	sem_down(&in_avail);
	return take();
}

void console_init_input(void)
{
	x86_serial_enable_rx_irq(console_input);
	if (x86_ps2kbd_init(console_input))
		klog(KLOG_INFO, "console: PS/2 keyboard ready");
	else
		klog(KLOG_INFO, "console: no PS/2 keyboard");
	input_irqs = true;
}
