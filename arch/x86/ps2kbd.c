/*
 * ps2kbd.c: PS/2 keyboard driver (see ps2kbd.h).
 * The controller's status port (0x64) reads 0xff when there is none (UEFI
 * machines without legacy emulation); that is how absence is detected.
 */
#include "arch/x86/ps2kbd.h"
#include "arch/x86/cpu.h"
#include "arch/x86/irq.h"

static void (*key_cb)(int byte);
static struct x86_kbd_state state;	/* only the IRQ handler touches it */

/* Set 1 make codes 0x00-0x39 to ASCII: normal and shifted. */
static const char normal[0x3a] =
	"\0\0331234567890-=\b\tqwertyuiop[]\n\0asdfghjkl;'`\0\\zxcvbnm,./\0*\0 ";
static const char shifted[0x3a] =
	"\0\033!@#$%^&*()_+\b\tQWERTYUIOP{}\n\0ASDFGHJKL:\"~\0|ZXCVBNM<>?\0*\0 ";

int x86_ps2kbd_translate(struct x86_kbd_state *st, uint8_t sc)
{
	if (sc == 0xe0) {
		st->extended = true;
		return -1;
	}
	bool ext = st->extended;
	st->extended = false;
	bool release = sc & 0x80;
	uint8_t code = sc & 0x7f;
	if (code == 0x2a || code == 0x36) {
		st->shift = !release;
		return -1;
	}
	if (code == 0x1d) {
		st->ctrl = !release;
		return -1;
	}
	if (code == 0x3a && !release) {
		st->caps = !st->caps;
		return -1;
	}
	if (release || ext || code >= sizeof normal)
		return -1;
	char c = st->shift ? shifted[code] : normal[code];
	if (st->caps && c >= 'a' && c <= 'z' && !st->shift)
		c -= 32;
	else if (st->caps && c >= 'A' && c <= 'Z' && st->shift)
		c += 32;
	if (!c)
		return -1;
	if (st->ctrl && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
		return (c & 0x1f);
	return (uint8_t)c;
}

static void kbd_irq(void *ctx)
{
	(void)ctx;
	while (x86_inb(0x64) & 1) {
		uint8_t sc = x86_inb(0x60);
		int c = x86_ps2kbd_translate(&state, sc);
		if (c >= 0 && key_cb)
			key_cb(c);
	}
}

bool x86_ps2kbd_init(void (*cb)(int byte))
{
	if (x86_inb(0x64) == 0xff)
		return false;
	for (int i = 0; i < 16 && (x86_inb(0x64) & 1); i++)
		(void)x86_inb(0x60);		/* drain stale bytes */
	key_cb = cb;
	x86_irq_register(X86_IRQ_KBD, kbd_irq, 0);
	return true;
}
