/*
 * lib_math.c: the math library, lua5.4's (with Debian's compatibility
 * functions atan2, cosh, sinh, tanh, pow, frexp, ldexp, log10).
 *
 * math.random/math.randomseed are BClosures sharing one upvalue: an
 * Internal object (class MATH_RANDCLASS) whose data[0..3] is the
 * xoshiro256** state (vm/xoshiro.c), so the generator lives in object
 * memory and survives snapshot and restore. math.max/math.min compare
 * numbers and strings directly; other values go through __lt with a
 * continuation call (state = the argument being compared).
 *
 * Builtin ids are BUILTIN_ID(BLIB_MATH, index into `regs`): never reorder.
 */
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include "vm/api.h"
#include "vm/do.h"
#include "vm/func.h"
#include "vm/number.h"
#include "vm/platform.h"
#include "vm/state.h"
#include "vm/string.h"
#include "vm/table.h"
#include "vm/tm.h"
#include "vm/xoshiro.h"

/* The class number of the PRNG state object (not a kernel service). */
#define MATH_RANDCLASS 0x04FFu

enum {
	M_ABS, M_CEIL, M_COS, M_DEG, M_EXP, M_TOINTEGER, M_FLOOR, M_FMOD, M_ULT,
	M_LOG, M_MAX, M_MIN, M_MODF, M_RAD, M_SIN, M_SQRT, M_TAN, M_TYPE,
	M_RANDOM, M_RANDOMSEED, M_ASIN, M_ACOS, M_ATAN,
	M_ATAN2, M_COSH, M_SINH, M_TANH, M_POW, M_FREXP, M_LDEXP, M_LOG10,
	M_NBUILTINS
};

/* An error without position, as lua5.4's luaG_ errors raised while a
 * builtin runs (luaL_error's vm_error adds the caller's position). */
/* A float result as an integer when it has an exact integer value. */
static void pushnumint(VM *vm, double d)
{
	int64_t n;
	if (num_flttointns(d, &n, F2I_EQ))
		vm_pushinteger(vm, n);
	else
		vm_pushnumber(vm, d);
}

static int isint(VM *vm, int i) { return ttisinteger(vm_arg(vm, i)); }

static int m_abs(VM *vm, CallInfo *ci)
{
	if (isint(vm, 1)) {
		int64_t n = ivalue(vm_arg(vm, 1));
		vm_pushinteger(vm, n < 0 ? (int64_t)(0u - (uint64_t)n) : n);
	} else {
		vm_pushnumber(vm, fabs(vm_checknumber(vm, 1)));
	}
	return 1;
}

static int rounding(VM *vm, double (*f)(double))
{
	if (isint(vm, 1)) {
		vm_settop(vm, 1);
		return 1;
	}
	pushnumint(vm, f(vm_checknumber(vm, 1)));
	return 1;
}

static int m_ceil(VM *vm, CallInfo *ci) { return rounding(vm, ceil); }
static int m_floor(VM *vm, CallInfo *ci) { return rounding(vm, floor); }

static int m_fmod(VM *vm, CallInfo *ci)
{
	if (isint(vm, 1) && isint(vm, 2)) {
		int64_t d = ivalue(vm_arg(vm, 2));
		if ((uint64_t)d + 1u <= 1u) {  /* 0 or -1: no overflow */
			vm_argcheck(vm, d != 0, 2, "zero");
			vm_pushinteger(vm, 0);
		} else {
			vm_pushinteger(vm, ivalue(vm_arg(vm, 1)) % d);
		}
	} else {
		double a = vm_checknumber(vm, 1);
		vm_pushnumber(vm, fmod(a, vm_checknumber(vm, 2)));
	}
	return 1;
}

static int m_modf(VM *vm, CallInfo *ci)
{
	if (isint(vm, 1)) {
		vm_settop(vm, 1);
		vm_pushnumber(vm, 0.0);
		return 2;
	}
	double n = vm_checknumber(vm, 1);
	double ip = n < 0 ? ceil(n) : floor(n);
	pushnumint(vm, ip);
	vm_pushnumber(vm, n == ip ? 0.0 : n - ip);
	return 2;
}

static int m_tointeger(VM *vm, CallInfo *ci)
{
	int64_t n;
	if (vm_tointeger(vm_arg(vm, 1), &n)) {
		vm_pushinteger(vm, n);
	} else {
		vm_checkany(vm, 1);
		vm_pushnil(vm);
	}
	return 1;
}

static int m_type(VM *vm, CallInfo *ci)
{
	vm_checkany(vm, 1);
	Value *v = vm_arg(vm, 1);
	if (ttisinteger(v))
		vm_pushstring(vm, "integer");
	else if (ttisfloat(v))
		vm_pushstring(vm, "float");
	else
		vm_pushnil(vm);
	return 1;
}

static int m_ult(VM *vm, CallInfo *ci)
{
	uint64_t a = (uint64_t)vm_checkinteger(vm, 1);
	uint64_t b = (uint64_t)vm_checkinteger(vm, 2);
	vm_pushboolean(vm, a < b);
	return 1;
}

static int m_log(VM *vm, CallInfo *ci)
{
	double x = vm_checknumber(vm, 1), r;
	if (ttisnil(vm_arg(vm, 2))) {
		r = log(x);
	} else {
		double base = vm_checknumber(vm, 2);
		if (base == 2.0)
			r = log2(x);
		else if (base == 10.0)
			r = log10(x);
		else
			r = log(x) / log(base);
	}
	vm_pushnumber(vm, r);
	return 1;
}

/* One-argument float functions. */
#define MATHF(name, expr) \
	static int name(VM *vm, CallInfo *ci) \
	{ \
		double x = vm_checknumber(vm, 1); \
		vm_pushnumber(vm, (expr)); \
		return 1; \
	}
MATHF(m_cos, cos(x))
MATHF(m_sin, sin(x))
MATHF(m_tan, tan(x))
MATHF(m_asin, asin(x))
MATHF(m_acos, acos(x))
MATHF(m_exp, exp(x))
MATHF(m_sqrt, sqrt(x))
MATHF(m_deg, x * (180.0 / 3.141592653589793238462643383279502884))
MATHF(m_rad, x * (3.141592653589793238462643383279502884 / 180.0))
MATHF(m_cosh, cosh(x))
MATHF(m_sinh, sinh(x))
MATHF(m_tanh, tanh(x))
MATHF(m_log10, log10(x))

static int m_atan(VM *vm, CallInfo *ci)
{
	double y = vm_checknumber(vm, 1);
	double x = vm_optnumber(vm, 2, 1.0);
	vm_pushnumber(vm, atan2(y, x));
	return 1;
}

static int m_pow(VM *vm, CallInfo *ci)
{
	double x = vm_checknumber(vm, 1);
	vm_pushnumber(vm, pow(x, vm_checknumber(vm, 2)));
	return 1;
}

static int m_frexp(VM *vm, CallInfo *ci)
{
	int e;
	vm_pushnumber(vm, frexp(vm_checknumber(vm, 1), &e));
	vm_pushinteger(vm, e);
	return 2;
}

static int m_ldexp(VM *vm, CallInfo *ci)
{
	double x = vm_checknumber(vm, 1);
	int e = (int)vm_checkinteger(vm, 2);
	vm_pushnumber(vm, ldexp(x, e));
	return 1;
}

/* ---- max and min -------------------------------------------------------- */

/* ci->pc: 0 at entry, else (i << 1 | 1) with the __lt result of comparing
 * argument i on top; the best index so far is in an extra slot past the
 * arguments. */
static int minmax(VM *vm, CallInfo *ci, int max)
{
	int n, best, i;
	if (ci->pc == 0) {
		n = vm_nargs(vm);
		vm_argcheck(vm, n >= 1, 1, "value expected");
		best = 1;
		i = 2;
		vm_pushinteger(vm, n);
		vm_pushinteger(vm, best);
	} else {
		int lt = !l_isfalse(vm_top(vm, 1));
		vm_pop(vm, 1);
		n = (int)ivalue(vm_top(vm, 2));
		best = (int)ivalue(vm_top(vm, 1));
		i = (int)(ci->pc >> 1);
		if (lt)
			best = i;
		i++;
	}
	for (; i <= n; i++) {
		int lt = max ? vm_lessthan(vm, vm_arg(vm, best), vm_arg(vm, i))
		             : vm_lessthan(vm, vm_arg(vm, i), vm_arg(vm, best));
		if (lt < 0) {
			setivalue(vm_top(vm, 4), best);
			return vm_callk(vm, 2, 1, (uint32_t)i << 1 | 1);
		}
		if (lt)
			best = i;
	}
	Value r = *vm_arg(vm, best);
	vm_pushvalue(vm, &r);
	return 1;
}

static int m_max(VM *vm, CallInfo *ci) { return minmax(vm, ci, 1); }
static int m_min(VM *vm, CallInfo *ci) { return minmax(vm, ci, 0); }

/* ---- random ------------------------------------------------------------- */

static uint64_t *randstate(VM *vm, CallInfo *ci)
{
	BClosure *cl = clBvalue(s2v(vm->L, ci->func));
	return internalvalue(&cl->upvalue[0])->data;
}

static int m_random(VM *vm, CallInfo *ci)
{
	uint64_t *s = randstate(vm, ci);
	uint64_t rv = xo_next(s);
	int64_t low, up;
	switch (vm_nargs(vm)) {
	case 0:
		vm_pushnumber(vm, xo_float(rv));
		return 1;
	case 1:
		low = 1;
		up = vm_checkinteger(vm, 1);
		if (up == 0) {  /* the full 64 bits */
			vm_pushinteger(vm, (int64_t)rv);
			return 1;
		}
		break;
	case 2:
		low = vm_checkinteger(vm, 1);
		up = vm_checkinteger(vm, 2);
		break;
	default:
		vm_error(vm, "wrong number of arguments");
	}
	vm_argcheck(vm, low <= up, 1, "interval is empty");
	uint64_t p = xo_project(s, rv, (uint64_t)up - (uint64_t)low);
	vm_pushinteger(vm, (int64_t)(p + (uint64_t)low));
	return 1;
}

static void setseed(VM *vm, uint64_t *s, uint64_t n1, uint64_t n2)
{
	xo_seed(s, n1, n2);
	vm_pushinteger(vm, (int64_t)n1);
	vm_pushinteger(vm, (int64_t)n2);
}

static int m_randomseed(VM *vm, CallInfo *ci)
{
	uint64_t *s = randstate(vm, ci);
	if (vm_argtype(vm, 1) == T_NONE) {
		setseed(vm, s, plat_entropy(), (uint64_t)plat_time());
	} else {
		int64_t n1 = vm_checkinteger(vm, 1);
		int64_t n2 = vm_optinteger(vm, 2, 0);
		setseed(vm, s, (uint64_t)n1, (uint64_t)n2);
	}
	return 2;
}

/* ---- the library -------------------------------------------------------- */

static const BuiltinReg math_regs[M_NBUILTINS] = {
	[M_ABS] = {"abs", m_abs}, [M_CEIL] = {"ceil", m_ceil},
	[M_COS] = {"cos", m_cos}, [M_DEG] = {"deg", m_deg},
	[M_EXP] = {"exp", m_exp}, [M_TOINTEGER] = {"tointeger", m_tointeger},
	[M_FLOOR] = {"floor", m_floor}, [M_FMOD] = {"fmod", m_fmod},
	[M_ULT] = {"ult", m_ult}, [M_LOG] = {"log", m_log},
	[M_MAX] = {"max", m_max}, [M_MIN] = {"min", m_min},
	[M_MODF] = {"modf", m_modf}, [M_RAD] = {"rad", m_rad},
	[M_SIN] = {"sin", m_sin}, [M_SQRT] = {"sqrt", m_sqrt},
	[M_TAN] = {"tan", m_tan}, [M_TYPE] = {"type", m_type},
	[M_RANDOM] = {"random", m_random},
	[M_RANDOMSEED] = {"randomseed", m_randomseed},
	[M_ASIN] = {"asin", m_asin}, [M_ACOS] = {"acos", m_acos},
	[M_ATAN] = {"atan", m_atan}, [M_ATAN2] = {"atan2", m_atan},
	[M_COSH] = {"cosh", m_cosh}, [M_SINH] = {"sinh", m_sinh},
	[M_TANH] = {"tanh", m_tanh}, [M_POW] = {"pow", m_pow},
	[M_FREXP] = {"frexp", m_frexp}, [M_LDEXP] = {"ldexp", m_ldexp},
	[M_LOG10] = {"log10", m_log10},
};

static void setfield(VM *vm, Table *t, const char *k, const Value *v)
{
	tab_setstr(vm, t, str_newz(vm, k), v);
}

static void math_open(VM *vm, Table *lib)
{
	Value v;
	setfltvalue(&v, 3.141592653589793238462643383279502884);
	setfield(vm, lib, "pi", &v);
	setfltvalue(&v, HUGE_VAL);
	setfield(vm, lib, "huge", &v);
	setivalue(&v, INT64_MAX);
	setfield(vm, lib, "maxinteger", &v);
	setivalue(&v, INT64_MIN);
	setfield(vm, lib, "mininteger", &v);
	/* random and randomseed share the generator state */
	Internal *st = internal_new(vm, MATH_RANDCLASS, 0);
	xo_seed(st->data, plat_entropy(), (uint64_t)plat_time());
	static const int ids[] = {M_RANDOM, M_RANDOMSEED};
	for (int i = 0; i < 2; i++) {
		BClosure *cl = func_newBclosure(vm, BUILTIN_ID(BLIB_MATH, ids[i]), 1);
		setgcovalue(&cl->upvalue[0], st);
		setgcovalue(&v, cl);
		setfield(vm, lib, math_regs[ids[i]].name, &v);
	}
}

const BuiltinLib vm_lib_math = {
	BLIB_MATH, "math", math_regs, M_NBUILTINS, math_open
};
