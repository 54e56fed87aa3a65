/*
 * fbcon.h: a text console drawn on a linear framebuffer with the built-in
 * 8x16 font (kernel/font.c).
 *
 * Interface:
 *   fbcon_init(fb)       map the framebuffer, clear it; false if unusable
 *   fbcon_write(s, n)    draw text: \n, \r, \b, \t handled; scrolls; other
 *                        control bytes and bytes >= 0x80 show as '?'
 *   fbcon_cols(), fbcon_rows()
 * Not locked itself: console.c calls it under console_lock.
 */
#ifndef KERNEL_FBCON_H
#define KERNEL_FBCON_H

#include <stdbool.h>
#include <stddef.h>
#include "kernel/bootinfo.h"

bool fbcon_init(const struct boot_fb *fb);
void fbcon_write(const char *s, size_t n);
unsigned fbcon_cols(void);
unsigned fbcon_rows(void);

#endif
