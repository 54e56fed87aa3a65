/*
 * ps2kbd.h: PS/2 keyboard (i8042 port 1, IRQ 1, scan code set 1).
 *
 * Interface:
 *   x86_ps2kbd_init(cb)   check the controller answers, enable the keyboard
 *                         interrupt; cb(byte) gets one ASCII byte per key
 *                         press (shift and ctrl applied; arrows and other
 *                         keys without ASCII are dropped). False if no
 *                         controller (then nothing is registered).
 *   x86_ps2kbd_translate(state, scancode)  the scan-code decoder (testable)
 */
#ifndef ARCH_X86_PS2KBD_H
#define ARCH_X86_PS2KBD_H

#include <stdbool.h>
#include <stdint.h>

struct x86_kbd_state {
	bool shift, ctrl, caps, extended;
};

bool x86_ps2kbd_init(void (*cb)(int byte));
int x86_ps2kbd_translate(struct x86_kbd_state *st, uint8_t sc);

#endif
