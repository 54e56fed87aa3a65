/*
 * number.c: Lua 5.4 number semantics (see number.h).
 *
 * Integers are int64_t with wrap-around arithmetic (done on uint64_t, so C
 * never sees a signed overflow); floats are doubles. Text conversion does
 * not depend on the C library's locale or its treatment of inf/nan, so the
 * hosted build and the kernel (newlib) print the same.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vm/number.h"
#include "vm/string.h"
#include "vm/api.h"

#define MAXINTFITSF ((uint64_t)1 << 53)
/* Is integer i exactly representable as a double? */
#define intfitsf(i) ((MAXINTFITSF + (uint64_t)(i)) <= 2 * MAXINTFITSF)

static int isspacec(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static int isdigitc(int c)
{
	return c >= '0' && c <= '9';
}

static int isxdigitc(int c)
{
	return isdigitc(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

int num_hexavalue(int c)
{
	return isdigitc(c) ? c - '0' : (c | 0x20) - 'a' + 10;
}

int num_ceillog2(uint64_t x)
{
	return x <= 1 ? 0 : 64 - __builtin_clzll(x - 1);
}

/* ---- text to number ---------------------------------------------------- */

static int isneg(const char **s)
{
	if (**s == '-') {
		(*s)++;
		return 1;
	}
	if (**s == '+')
		(*s)++;
	return 0;
}

/* An integer numeral: decimal (fails on overflow) or hex (wraps). */
static const char *str2int(const char *s, int64_t *result)
{
	const uint64_t maxby10 = (uint64_t)INT64_MAX / 10;
	const int maxlastd = (int)((uint64_t)INT64_MAX % 10);
	uint64_t a = 0;
	int empty = 1, neg;
	while (isspacec((unsigned char)*s))
		s++;
	neg = isneg(&s);
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		for (s += 2; isxdigitc((unsigned char)*s); s++, empty = 0)
			a = a * 16 + (uint64_t)num_hexavalue(*s);
	} else {
		for (; isdigitc((unsigned char)*s); s++, empty = 0) {
			int d = *s - '0';
			if (a >= maxby10 && (a > maxby10 || d > maxlastd + neg))
				return NULL;
			a = a * 10 + (uint64_t)d;
		}
	}
	while (isspacec((unsigned char)*s))
		s++;
	if (empty || *s != '\0')
		return NULL;
	*result = (int64_t)(neg ? 0u - a : a);
	return s;
}

/* A hex float "0x<hex digits>[.<hex digits>][p[+-]<decimal>]", with sign and
 * leading spaces; keeps the first 30 significant digits, like lua5.4. */
static double strx2number(const char *s, const char **endptr)
{
	double r = 0.0;
	int sigdig = 0, e = 0, hasdot = 0, any = 0, neg;
	*endptr = s;
	while (isspacec((unsigned char)*s))
		s++;
	neg = isneg(&s);
	if (!(s[0] == '0' && (s[1] == 'x' || s[1] == 'X')))
		return 0.0;
	for (s += 2;; s++) {
		if (*s == '.') {
			if (hasdot)
				break;
			hasdot = 1;
		} else if (isxdigitc((unsigned char)*s)) {
			any = 1;
			if (sigdig > 0 || *s != '0') {   /* significant digit */
				if (++sigdig <= 30)
					r = r * 16.0 + num_hexavalue(*s);
				else
					e++;             /* too many digits: count, ignore */
			}
			if (hasdot)
				e--;
		} else {
			break;
		}
	}
	if (!any)
		return 0.0;
	e *= 4;
	*endptr = s;
	if (*s == 'p' || *s == 'P') {
		int exp1 = 0, neg1;
		s++;
		neg1 = isneg(&s);
		if (!isdigitc((unsigned char)*s))
			return neg ? -ldexp(r, e) : ldexp(r, e);   /* "p" not part of it */
		for (; isdigitc((unsigned char)*s); s++)
			if (exp1 < 100000)
				exp1 = exp1 * 10 + (*s - '0');
		e += neg1 ? -exp1 : exp1;
		*endptr = s;
	}
	return neg ? -ldexp(r, e) : ldexp(r, e);
}

static const char *str2d(const char *s, double *result)
{
	const char *endptr;
	const char *pmode = strpbrk(s, ".xXnN");
	int mode = pmode ? (*pmode | 0x20) : 0;
	if (mode == 'n')                 /* reject "inf" and "nan" */
		return NULL;
	*result = mode == 'x' ? strx2number(s, &endptr) : strtod(s, (char **)&endptr);
	if (endptr == s)
		return NULL;
	while (isspacec((unsigned char)*endptr))
		endptr++;
	return *endptr == '\0' ? endptr : NULL;
}

size_t num_str2number(const char *s, Value *out)
{
	int64_t i;
	double n;
	const char *e;
	if ((e = str2int(s, &i)) != NULL)
		setivalue(out, i);
	else if ((e = str2d(s, &n)) != NULL)
		setfltvalue(out, n);
	else
		return 0;
	return (size_t)(e - s) + 1;
}

int num_strtonumber(const char *s, size_t len, Value *out)
{
	return num_str2number(s, out) == len + 1;
}

/* ---- number to text ---------------------------------------------------- */

int num_fmtfloat(double x, char *buf)
{
	int len;
	if (isinf(x))
		return (int)strlen(strcpy(buf, x > 0 ? "inf" : "-inf"));
	if (isnan(x))
		return (int)strlen(strcpy(buf, signbit(x) ? "-nan" : "nan"));
	len = snprintf(buf, NUM_MAXSTR, "%.14g", x);
	if (buf[strspn(buf, "-0123456789")] == '\0') {   /* looks like an int */
		buf[len++] = '.';
		buf[len++] = '0';
		buf[len] = '\0';
	}
	return len;
}

int num_tostrbuf(const Value *v, char *buf)
{
	if (ttisinteger(v))
		return snprintf(buf, NUM_MAXSTR, "%lld", (long long)ivalue(v));
	return num_fmtfloat(fltvalue(v), buf);
}

String *num_tostring(VM *vm, const Value *v)
{
	char buf[NUM_MAXSTR];
	int len = num_tostrbuf(v, buf);
	return str_new(vm, buf, (size_t)len);
}

/* ---- conversions between variants -------------------------------------- */

int num_flttointns(double n, int64_t *p, int mode)
{
	double f = floor(n);
	if (n != f) {
		if (mode == F2I_EQ)
			return 0;
		if (mode == F2I_CEIL)
			f += 1;
	}
	if (f >= -9223372036854775808.0 && f < 9223372036854775808.0) {
		*p = (int64_t)f;
		return 1;
	}
	return 0;
}

int num_tointegerns(const Value *v, int64_t *p, int mode)
{
	if (ttisinteger(v)) {
		*p = ivalue(v);
		return 1;
	}
	return ttisfloat(v) && num_flttointns(fltvalue(v), p, mode);
}

/* A string that is a numeral becomes that number in *tmp. */
static const Value *strtonum(const Value *v, Value *tmp)
{
	if (ttisstring(v) && num_strtonumber(getstr(strvalue(v)),
	                                     tsslen(strvalue(v)), tmp))
		return tmp;
	return v;
}

int num_tointeger(const Value *v, int64_t *p, int mode)
{
	Value tmp;
	return num_tointegerns(strtonum(v, &tmp), p, mode);
}

int num_tonumber(const Value *v, double *d)
{
	Value tmp;
	v = strtonum(v, &tmp);
	if (ttisfloat(v))
		*d = fltvalue(v);
	else if (ttisinteger(v))
		*d = (double)ivalue(v);
	else
		return 0;
	return 1;
}

/* ---- arithmetic -------------------------------------------------------- */

int64_t num_idiv(VM *vm, int64_t a, int64_t b)
{
	if ((uint64_t)b + 1u <= 1u) {            /* b is 0 or -1 */
		if (b == 0)
			vm_error(vm, "attempt to divide by zero");
		return (int64_t)(0u - (uint64_t)a);
	}
	int64_t q = a / b;
	if ((a ^ b) < 0 && a % b != 0)
		q -= 1;
	return q;
}

int64_t num_imod(VM *vm, int64_t a, int64_t b)
{
	if ((uint64_t)b + 1u <= 1u) {
		if (b == 0)
			vm_error(vm, "attempt to perform 'n%%0'");
		return 0;
	}
	int64_t r = a % b;
	if (r != 0 && (r ^ b) < 0)
		r += b;
	return r;
}

double num_fidiv(double a, double b)
{
	return floor(a / b);
}

double num_fmod(double a, double b)
{
	double m = fmod(a, b);
	if (m > 0 ? b < 0 : (m < 0 && b > 0))
		m += b;
	return m;
}

int64_t num_shiftl(int64_t x, int64_t y)
{
	if (y < 0)
		return y <= -64 ? 0 : (int64_t)((uint64_t)x >> (uint64_t)(-y));
	return y >= 64 ? 0 : (int64_t)((uint64_t)x << y);
}

/* ---- comparisons ------------------------------------------------------- */

static int ltintfloat(int64_t i, double f)
{
	int64_t fi;
	if (intfitsf(i))
		return (double)i < f;
	if (num_flttointns(f, &fi, F2I_CEIL))    /* i < f <=> i < ceil(f) */
		return i < fi;
	return f > 0;
}

static int leintfloat(int64_t i, double f)
{
	int64_t fi;
	if (intfitsf(i))
		return (double)i <= f;
	if (num_flttointns(f, &fi, F2I_FLOOR))   /* i <= f <=> i <= floor(f) */
		return i <= fi;
	return f > 0;
}

static int ltfloatint(double f, int64_t i)
{
	int64_t fi;
	if (intfitsf(i))
		return f < (double)i;
	if (num_flttointns(f, &fi, F2I_FLOOR))   /* f < i <=> floor(f) < i */
		return fi < i;
	return f < 0;
}

static int lefloatint(double f, int64_t i)
{
	int64_t fi;
	if (intfitsf(i))
		return f <= (double)i;
	if (num_flttointns(f, &fi, F2I_CEIL))    /* f <= i <=> ceil(f) <= i */
		return fi <= i;
	return f < 0;
}

int num_lt(const Value *a, const Value *b)
{
	if (ttisinteger(a))
		return ttisinteger(b) ? ivalue(a) < ivalue(b)
		                      : ltintfloat(ivalue(a), fltvalue(b));
	return ttisfloat(b) ? fltvalue(a) < fltvalue(b)
	                    : ltfloatint(fltvalue(a), ivalue(b));
}

int num_le(const Value *a, const Value *b)
{
	if (ttisinteger(a))
		return ttisinteger(b) ? ivalue(a) <= ivalue(b)
		                      : leintfloat(ivalue(a), fltvalue(b));
	return ttisfloat(b) ? fltvalue(a) <= fltvalue(b)
	                    : lefloatint(fltvalue(a), ivalue(b));
}

int num_eq(const Value *a, const Value *b)
{
	int64_t i1, i2;
	if (rawtt(a) == rawtt(b))
		return ttisinteger(a) ? ivalue(a) == ivalue(b)
		                      : fltvalue(a) == fltvalue(b);
	return num_tointegerns(a, &i1, F2I_EQ) &&
	       num_tointegerns(b, &i2, F2I_EQ) && i1 == i2;
}

/* ---- raw arithmetic ---------------------------------------------------- */

static int64_t intarith(VM *vm, int op, int64_t a, int64_t b)
{
	uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
	switch (op) {
	case NUM_ADD:  return (int64_t)(ua + ub);
	case NUM_SUB:  return (int64_t)(ua - ub);
	case NUM_MUL:  return (int64_t)(ua * ub);
	case NUM_MOD:  return num_imod(vm, a, b);
	case NUM_IDIV: return num_idiv(vm, a, b);
	case NUM_BAND: return (int64_t)(ua & ub);
	case NUM_BOR:  return (int64_t)(ua | ub);
	case NUM_BXOR: return (int64_t)(ua ^ ub);
	case NUM_SHL:  return num_shiftl(a, b);
	case NUM_SHR:  return num_shiftr(a, b);
	case NUM_UNM:  return (int64_t)(0u - ua);
	default:       return (int64_t)(~ua);        /* NUM_BNOT */
	}
}

static double fltarith(int op, double a, double b)
{
	switch (op) {
	case NUM_ADD:  return a + b;
	case NUM_SUB:  return a - b;
	case NUM_MUL:  return a * b;
	case NUM_DIV:  return a / b;
	case NUM_POW:  return b == 2 ? a * a : pow(a, b);
	case NUM_IDIV: return num_fidiv(a, b);
	case NUM_UNM:  return -a;
	default:       return num_fmod(a, b);        /* NUM_MOD */
	}
}

static int tonumberns(const Value *v, double *d)
{
	if (ttisfloat(v))
		*d = fltvalue(v);
	else if (ttisinteger(v))
		*d = (double)ivalue(v);
	else
		return 0;
	return 1;
}

int num_rawarith(VM *vm, int op, const Value *a, const Value *b, Value *res)
{
	int64_t i1, i2;
	double n1, n2;
	switch (op) {
	case NUM_BAND: case NUM_BOR: case NUM_BXOR:
	case NUM_SHL: case NUM_SHR: case NUM_BNOT:
		if (!num_tointeger(a, &i1, F2I_EQ) || !num_tointeger(b, &i2, F2I_EQ))
			return 0;
		setivalue(res, intarith(vm, op, i1, i2));
		return 1;
	case NUM_DIV: case NUM_POW:
		if (!tonumberns(a, &n1) || !tonumberns(b, &n2))
			return 0;
		setfltvalue(res, fltarith(op, n1, n2));
		return 1;
	default:
		if (ttisinteger(a) && ttisinteger(b)) {
			setivalue(res, intarith(vm, op, ivalue(a), ivalue(b)));
			return 1;
		}
		if (!tonumberns(a, &n1) || !tonumberns(b, &n2))
			return 0;
		setfltvalue(res, fltarith(op, n1, n2));
		return 1;
	}
}
