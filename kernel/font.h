/*
 * font.h: the built-in 8x16 console font (kernel/font.c).
 */
#ifndef KERNEL_FONT_H
#define KERNEL_FONT_H

#include <stdint.h>

#define FONT_WIDTH 8
#define FONT_HEIGHT 16

uint8_t font_row(unsigned char c, unsigned y);

#endif
