/*
 * strformat.c: conversion specifications and item rendering for
 * string.format (see strformat.h).
 *
 * Decimal conversions go through the C library's snprintf (glibc hosted,
 * newlib in the kernel), with the specification lua5.4 would pass it. The
 * hexadecimal float forms (%a, %A and %q of floats) are rendered here, bit
 * by bit, the way glibc prints them (leading digit 1 for normal numbers, 0
 * and exponent -1022 for subnormals, rounding half to even, no
 * renormalisation after a carry), so both builds print the same text.
 */
#include "vm/strformat.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int isdig(int c) { return c >= '0' && c <= '9'; }

/* ---- specifications ----------------------------------------------------- */

int fmt_getspec(const char *s, FmtSpec *spec)
{
	/* flags, width and precision ('0' counts as a flag), then the
	 * conversion character */
	size_t len = strspn(s, FMT_FLAGS_F "123456789.") + 1;
	if (len >= FMT_MAXFORM - 10)
		return FMT_TOOLONG;
	spec->form[0] = '%';
	memcpy(spec->form + 1, s, len);
	spec->form[len + 1] = '\0';
	spec->conv = s[len - 1];
	spec->len = len;
	return FMT_OK;
}

static const char *skip2digits(const char *s)
{
	if (isdig(*s)) {
		s++;
		if (isdig(*s))
			s++;
	}
	return s;
}

int fmt_checkspec(const FmtSpec *spec, const char *flags, int precision)
{
	const char *p = spec->form + 1;
	p += strspn(p, flags);
	if (*p != '0') {  /* a width cannot start with '0' */
		p = skip2digits(p);
		if (*p == '.' && precision)
			p = skip2digits(p + 1);
	}
	int c = (unsigned char)*p;
	if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
		return FMT_BADSPEC;
	return FMT_OK;
}

/* ---- decimal items ------------------------------------------------------ */

int fmt_integer(char *buf, size_t size, const FmtSpec *spec, int64_t n)
{
	char form[FMT_MAXFORM + 2];
	size_t l = strlen(spec->form);
	memcpy(form, spec->form, l - 1);  /* insert the length modifier */
	form[l - 1] = 'l';
	form[l] = 'l';
	form[l + 1] = spec->form[l - 1];
	form[l + 2] = '\0';
	return snprintf(buf, size, form, (long long)n);
}

int fmt_char(char *buf, size_t size, const FmtSpec *spec, int c)
{
	return snprintf(buf, size, spec->form, c);
}

int fmt_float(char *buf, size_t size, const FmtSpec *spec, double x)
{
	return snprintf(buf, size, spec->form, x);
}

/* ---- hexadecimal floats ------------------------------------------------- */

typedef struct HexFlags {
	int left, plus, space, alt, zero, width, prec, upper;
} HexFlags;

static void parse_hexflags(const FmtSpec *spec, HexFlags *f)
{
	const char *p = spec->form + 1;
	memset(f, 0, sizeof *f);
	f->prec = -1;
	for (;; p++) {
		if (*p == '-') f->left = 1;
		else if (*p == '+') f->plus = 1;
		else if (*p == ' ') f->space = 1;
		else if (*p == '#') f->alt = 1;
		else if (*p == '0') f->zero = 1;
		else break;
	}
	while (isdig(*p))
		f->width = f->width * 10 + (*p++ - '0');
	if (*p == '.') {
		f->prec = 0;
		for (p++; isdig(*p); p++)
			f->prec = f->prec * 10 + (*p - '0');
	}
	f->upper = (spec->conv == 'A');
}

/* The digits of |x| as "h.hhhp+d" (no sign, no "0x") into out; returns its
 * length. */
static int hex_body(char *out, double x, const HexFlags *f)
{
	const char *digs = f->upper ? "0123456789ABCDEF" : "0123456789abcdef";
	uint64_t bits;
	memcpy(&bits, &x, sizeof bits);
	uint64_t mant = bits & ((1ULL << 52) - 1);
	int bexp = (int)((bits >> 52) & 0x7ff);
	int lead = (bexp != 0);
	int exp = bexp != 0 ? bexp - 1023 : (mant != 0 ? -1022 : 0);
	int ndig = 13;
	if (f->prec < 0) {
		while (ndig > 0 && ((mant >> (4 * (13 - ndig))) & 0xf) == 0)
			ndig--;
	} else if (f->prec < 13) {  /* round to prec digits, half to even */
		int drop = 4 * (13 - f->prec);
		uint64_t rest = mant & ((1ULL << drop) - 1);
		uint64_t half = 1ULL << (drop - 1);
		mant >>= drop;
		uint64_t lsb = f->prec > 0 ? (mant & 1) : (uint64_t)(lead & 1);
		if (rest > half || (rest == half && lsb)) {
			mant++;
			if (f->prec == 0 || mant >> (4 * f->prec)) {
				lead++;  /* carry into the leading digit */
				mant &= (1ULL << (4 * f->prec)) - 1;
			}
		}
		mant <<= drop;
		ndig = f->prec;
	}
	int n = 0;
	out[n++] = digs[lead];
	if (ndig > 0 || f->prec > 0 || f->alt)
		out[n++] = '.';
	for (int i = 0; i < ndig; i++)
		out[n++] = digs[(mant >> (4 * (12 - i))) & 0xf];
	for (int i = 13; i < f->prec; i++)
		out[n++] = '0';
	n += sprintf(out + n, "%c%+d", f->upper ? 'P' : 'p', exp);
	return n;
}

int fmt_hexfloat(char *buf, size_t size, const FmtSpec *spec, double x)
{
	HexFlags f;
	char body[FMT_MAXITEM + 8];
	char sign[2] = {0, 0};
	parse_hexflags(spec, &f);
	if (f.prec > 99)
		f.prec = 99;
	if (signbit(x))
		sign[0] = '-';
	else if (f.plus)
		sign[0] = '+';
	else if (f.space)
		sign[0] = ' ';
	const char *prefix = f.upper ? "0X" : "0x";
	int blen;
	if (isinf(x) || isnan(x)) {
		strcpy(body, isinf(x) ? (f.upper ? "INF" : "inf") : (f.upper ? "NAN" : "nan"));
		blen = 3;
		prefix = "";
		f.zero = 0;
	} else {
		blen = hex_body(body, x, &f);
	}
	int len = (int)strlen(sign) + (int)strlen(prefix) + blen;
	int pad = f.width > len ? f.width - len : 0;
	size_t o = 0;
	char tmp[FMT_MAXITEM + 140];
	if (!f.left && !f.zero)
		for (int i = 0; i < pad; i++) tmp[o++] = ' ';
	memcpy(tmp + o, sign, strlen(sign)); o += strlen(sign);
	memcpy(tmp + o, prefix, strlen(prefix)); o += strlen(prefix);
	if (!f.left && f.zero)
		for (int i = 0; i < pad; i++) tmp[o++] = '0';
	memcpy(tmp + o, body, (size_t)blen); o += (size_t)blen;
	if (f.left)
		for (int i = 0; i < pad; i++) tmp[o++] = ' ';
	if (o >= size)
		o = size - 1;
	memcpy(buf, tmp, o);
	buf[o] = '\0';
	return (int)o;
}

/* ---- %q ----------------------------------------------------------------- */

int fmt_quotefloat(char *buf, size_t size, double x)
{
	if (x == HUGE_VAL)
		return snprintf(buf, size, "1e9999");
	if (x == -HUGE_VAL)
		return snprintf(buf, size, "-1e9999");
	if (x != x)
		return snprintf(buf, size, "(0/0)");
	FmtSpec spec;
	fmt_getspec("a", &spec);
	return fmt_hexfloat(buf, size, &spec, x);
}

int fmt_quoteinteger(char *buf, size_t size, int64_t n)
{
	if (n == INT64_MIN)  /* its decimal form would read back as a float */
		return snprintf(buf, size, "0x%llx", (unsigned long long)n);
	return snprintf(buf, size, "%lld", (long long)n);
}

int fmt_quotechar(char *buf, int c, int next)
{
	if (c == '"' || c == '\\' || c == '\n') {
		buf[0] = '\\';
		buf[1] = (char)c;
		return 2;
	}
	if (c < 32 || c == 127) {
		if (isdig(next))
			return sprintf(buf, "\\%03d", c);
		return sprintf(buf, "\\%d", c);
	}
	buf[0] = (char)c;
	return 1;
}
