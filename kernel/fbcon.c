/*
 * fbcon.c: the framebuffer text console (see fbcon.h).
 *
 * Draws 8x16 cells straight into the framebuffer (mapped uncached would be
 * slow under emulation, so it is mapped write-back through the direct map;
 * the firmware's MTRRs make it write-combining or uncached as appropriate).
 * Scrolling moves the pixel rows up by one text line with memmove. Supports
 * 32, 24 and 16 bits per pixel using the colour positions from the boot info.
 * Caller serialises (console_lock).
 */
#include <string.h>
#include "kernel/fbcon.h"
#include "kernel/font.h"
#include "arch/x86/vmm.h"

static uint8_t *fb;			/* console_lock */
static struct boot_fb geo;		/* I */
static unsigned cols, rows, cx, cy;	/* console_lock */
static uint32_t fg, bg;			/* I */
static unsigned bytespp;		/* I */

static uint32_t colour(uint8_t r, uint8_t g, uint8_t b)
{
	return ((uint32_t)(r >> (8 - geo.red_size)) << geo.red_pos) |
	       ((uint32_t)(g >> (8 - geo.green_size)) << geo.green_pos) |
	       ((uint32_t)(b >> (8 - geo.blue_size)) << geo.blue_pos);
}

static void put_pixel(uint8_t *p, uint32_t v)
{
	if (bytespp == 4)
		*(uint32_t *)p = v;
	else if (bytespp == 3) {
		p[0] = v & 0xff;
		p[1] = (v >> 8) & 0xff;
		p[2] = (v >> 16) & 0xff;
	} else
		*(uint16_t *)p = (uint16_t)v;
}

static void draw(unsigned col, unsigned row, unsigned char c)
{
	for (unsigned y = 0; y < FONT_HEIGHT; y++) {
		uint8_t bits = font_row(c, y);
		uint8_t *p = fb + (uint64_t)(row * FONT_HEIGHT + y) * geo.pitch + col * FONT_WIDTH * bytespp;
		for (unsigned x = 0; x < FONT_WIDTH; x++, p += bytespp)
			put_pixel(p, (bits & (0x80 >> x)) ? fg : bg);
	}
}

static void clear_rows(unsigned from, unsigned to)
{
	for (unsigned y = from * FONT_HEIGHT; y < to * FONT_HEIGHT; y++) {
		uint8_t *p = fb + (uint64_t)y * geo.pitch;
		for (unsigned x = 0; x < geo.width; x++, p += bytespp)
			put_pixel(p, bg);
	}
}

static void scroll(void)
{
	uint64_t line = (uint64_t)geo.pitch * FONT_HEIGHT;
	memmove(fb, fb + line, line * (rows - 1));
	clear_rows(rows - 1, rows);
}

bool fbcon_init(const struct boot_fb *f)
{
	if (f->type != BOOT_FB_RGB || (f->bpp != 32 && f->bpp != 24 && f->bpp != 16))
		return false;
	geo = *f;
	if (!geo.red_size || geo.red_size > 8 || !geo.green_size || geo.green_size > 8 ||
	    !geo.blue_size || geo.blue_size > 8)
		return false;
	bytespp = geo.bpp / 8;
	cols = geo.width / FONT_WIDTH;
	rows = geo.height / FONT_HEIGHT;
	if (!cols || !rows)
		return false;
	fb = vmm_map_phys(geo.addr, (uint64_t)geo.pitch * geo.height, false);
	if (!fb)
		return false;
	fg = colour(0xe0, 0xc0, 0x60);		/* amber on black */
	bg = colour(0, 0, 0);
	clear_rows(0, rows);
	cx = cy = 0;
	return true;
}

void fbcon_write(const char *s, size_t n)
{
	if (!fb)
		return;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n') {
			cx = 0;
			cy++;
		} else if (c == '\r') {
			cx = 0;
		} else if (c == '\b') {
			if (cx)
				cx--;
		} else if (c == '\t') {
			cx = (cx + 8) & ~7u;
		} else {
			draw(cx, cy, c);
			cx++;
		}
		if (cx >= cols) {
			cx = 0;
			cy++;
		}
		if (cy >= rows) {
			scroll();
			cy = rows - 1;
		}
	}
}

unsigned fbcon_cols(void)
{
	return cols;
}

unsigned fbcon_rows(void)
{
	return rows;
}
