/*
 * strformat.h: the pure parts of string.format, as lua5.4 does them.
 *
 * The format loop itself (argument fetching, tostring, errors) lives in
 * lib_string.c; this module parses and validates one conversion
 * specification and renders one item into a caller-supplied buffer. It
 * knows nothing of the VM and never raises: validation failures come back
 * as an error code, the caller builds lua5.4's message.
 *
 * Interface:
 *   fmt_getspec(s, spec)     parse "flags width .precision conv" after a '%'
 *   fmt_checkspec(spec, flags, precision)   lua5.4's checkformat
 *   fmt_integer / fmt_float / fmt_hexfloat   render one number with spec
 *   fmt_quotefloat / fmt_quoteinteger        %q forms of numbers
 *   fmt_quotechar            %q escape of one byte of a string
 */
#ifndef AMBER_VM_STRFORMAT_H
#define AMBER_VM_STRFORMAT_H

#include <stddef.h>
#include <stdint.h>

/* Flags lua5.4 accepts per conversion. */
#define FMT_FLAGS_F "-+ #0"   /* a A e E f F g G */
#define FMT_FLAGS_X "-#0"     /* o x X */
#define FMT_FLAGS_I "-+ 0"    /* d i */
#define FMT_FLAGS_U "-0"      /* u */
#define FMT_FLAGS_C "-"       /* c p s */

#define FMT_MAXFORM 32        /* longest form, with '%', len modifier, NUL */
#define FMT_MAXITEM 120       /* buffer enough for any item but %f */
#define FMT_MAXITEMF (110 + 308) /* %99.99f of the largest double */

enum {
	FMT_OK = 0,
	FMT_TOOLONG,          /* "invalid format (too long)" */
	FMT_BADSPEC           /* "invalid conversion specification: '%s'" */
};

typedef struct FmtSpec {
	char form[FMT_MAXFORM];   /* "%" + the specification, NUL-terminated */
	char conv;                /* the conversion character (may be '\0') */
	size_t len;               /* bytes consumed after the '%' */
} FmtSpec;

int fmt_getspec(const char *s, FmtSpec *spec);
int fmt_checkspec(const FmtSpec *spec, const char *flags, int precision);

/* Each renders into buf (size at least FMT_MAXITEM, FMT_MAXITEMF for
 * e/f/g) and returns the number of bytes written. */
int fmt_integer(char *buf, size_t size, const FmtSpec *spec, int64_t n);
int fmt_char(char *buf, size_t size, const FmtSpec *spec, int c);
int fmt_float(char *buf, size_t size, const FmtSpec *spec, double x);
int fmt_hexfloat(char *buf, size_t size, const FmtSpec *spec, double x);
int fmt_quotefloat(char *buf, size_t size, double x);
int fmt_quoteinteger(char *buf, size_t size, int64_t n);
/* %q escape of byte c followed by byte next (or -1): writes at most 4 bytes. */
int fmt_quotechar(char *buf, int c, int next);

#endif
