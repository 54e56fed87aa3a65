/*
 * number.h: Lua 5.4 number semantics.
 *
 * Conversions exactly as lua5.4 does them: numerals and numeric strings
 * (decimal and hex integers, hex integers wrap around, decimal integers
 * that overflow become floats, decimal and hex floats, surrounding spaces,
 * no "inf"/"nan"), number to text ("%d", "%.14g" plus ".0" for integral
 * floats, "inf", "-inf", "nan", "-nan"), float to integer in three modes,
 * and the integer/float operations whose semantics are Lua's own: floor
 * division, modulo, shifts, comparisons between integers and floats.
 *
 * Interface (no function here allocates except num_tostring):
 *   num_str2number(s, out)      parse the NUL-terminated s as a whole;
 *                               returns strlen(s) + 1 on success, else 0
 *   num_strtonumber(s, len, out) 1 if s[0..len) (with s[len] == '\0') is a
 *                               numeral, the value in *out
 *   num_tostrbuf(v, buf)        text of number v into buf[NUM_MAXSTR]; length
 *   num_fmtfloat(x, buf)        the same for a double
 *   num_tostring(vm, v)         (err) the same as a String
 *   num_flttointns(n, p, mode)  double -> int64 (F2I_EQ exact, F2I_FLOOR,
 *                               F2I_CEIL); 0 if out of range or not integral
 *   num_tointegerns(v, p, mode) a number value -> int64
 *   num_tointeger(v, p, mode)   numbers and numeric strings -> int64
 *   num_tonumber(v, d)          numbers and numeric strings -> double
 *   num_idiv, num_imod          (err) integer // and %, with lua5.4's
 *                               division-by-zero errors
 *   num_fidiv, num_fmod         float // and %
 *   num_shiftl(x, y), num_shiftr(x, y)   logical shifts, |y| >= 64 gives 0
 *   num_lt, num_le, num_eq      comparisons of two number values of any
 *                               variants, exact (no rounding through double)
 *   num_rawarith(vm, op, a, b, res)  (err) the arithmetic or bitwise
 *                               operation op (NUM_ADD.., ORDER TM from
 *                               TM_ADD) on numbers without metamethods;
 *                               bitwise operands may be numeric strings;
 *                               0 when an operand does not qualify
 *   num_hexavalue(c)            value of a hex digit
 *   num_ceillog2(x)             ceil(log2(x)), x >= 1
 */
#ifndef AMBER_VM_NUMBER_H
#define AMBER_VM_NUMBER_H

#include <stddef.h>
#include <stdint.h>
#include "vm/object.h"
#include "vm/vm.h"

#define NUM_MAXSTR 44

enum { F2I_EQ, F2I_FLOOR, F2I_CEIL };

/* ORDER TM: op = event - TM_ADD. */
enum {
	NUM_ADD, NUM_SUB, NUM_MUL, NUM_MOD, NUM_POW, NUM_DIV, NUM_IDIV,
	NUM_BAND, NUM_BOR, NUM_BXOR, NUM_SHL, NUM_SHR, NUM_UNM, NUM_BNOT
};

size_t num_str2number(const char *s, Value *out);
int num_strtonumber(const char *s, size_t len, Value *out);
int num_tostrbuf(const Value *v, char *buf);
int num_fmtfloat(double x, char *buf);
String *num_tostring(VM *vm, const Value *v);

int num_flttointns(double n, int64_t *p, int mode);
int num_tointegerns(const Value *v, int64_t *p, int mode);
int num_tointeger(const Value *v, int64_t *p, int mode);
int num_tonumber(const Value *v, double *d);

int64_t num_idiv(VM *vm, int64_t a, int64_t b);
int64_t num_imod(VM *vm, int64_t a, int64_t b);
double num_fidiv(double a, double b);
double num_fmod(double a, double b);
int64_t num_shiftl(int64_t x, int64_t y);
#define num_shiftr(x, y) num_shiftl((x), (int64_t)(0 - (uint64_t)(y)))

int num_lt(const Value *a, const Value *b);
int num_le(const Value *a, const Value *b);
int num_eq(const Value *a, const Value *b);

int num_rawarith(VM *vm, int op, const Value *a, const Value *b, Value *res);

int num_hexavalue(int c);
int num_ceillog2(uint64_t x);

#endif
