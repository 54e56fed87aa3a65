/*
 * test_number.c: number conversions and arithmetic helpers against results
 * taken from lua5.4 (5.4.4).
 */
#include "tests/vm/vmtest.h"
#include <math.h>
#include <stdio.h>
#include "vm/number.h"

/* "in" -> "i <int>", "f <text>" or "nil", as tonumber(s) in lua5.4. */
static const struct { const char *in, *out; } str2num[] = {
	{"10", "i 10"}, {"  10  ", "i 10"}, {"-10", "i -10"}, {"+10", "i 10"},
	{"0x10", "i 16"}, {"0XfF", "i 255"}, {"-0x10", "i -16"}, {"0x", "nil"},
	{"1e", "nil"}, {"1e5", "f 100000.0"}, {"1E+5", "f 100000.0"},
	{".5", "f 0.5"}, {"5.", "f 5.0"}, {".", "nil"}, {"-.5", "f -0.5"},
	{"0x.8", "f 0.5"}, {"0x8.", "f 8.0"}, {"0x1p4", "f 16.0"},
	{"0x1P-1", "f 0.5"}, {"0x1p", "nil"}, {"0xA.8p1", "f 21.0"},
	{"9223372036854775807", "i 9223372036854775807"},
	{"9223372036854775808", "f 9.2233720368548e+18"},
	{"-9223372036854775808", "i -9223372036854775808"},
	{"-9223372036854775809", "f -9.2233720368548e+18"},
	{"0xffffffffffffffff", "i -1"}, {"0x10000000000000000", "i 0"},
	{"1 2", "nil"}, {"", "nil"}, {" ", "nil"}, {"inf", "nil"}, {"nan", "nil"},
	{"1e400", "f inf"}, {"-1e400", "f -inf"}, {"0x1.8", "f 1.5"},
	{"1.5e-3", "f 0.0015"}, {"  0x10  ", "i 16"}, {"\t5\n", "i 5"},
	{"5x", "nil"}, {"0x1g", "nil"}, {"1..2", "nil"}, {"1e+", "nil"},
	{"00012", "i 12"}, {"3.0", "f 3.0"}, {"1e2", "f 100.0"}, {"-0", "i 0"},
	{"-0.0", "f -0.0"}, {"0x7fffffffffffffff", "i 9223372036854775807"},
	{"123456789012345678901234567890", "f 1.2345678901235e+29"},
	{"0xffffffffffffffff1", "i -15"},
};

static void test_str2number(void **state)
{
	for (size_t i = 0; i < sizeof str2num / sizeof str2num[0]; i++) {
		Value v;
		char got[64], buf[NUM_MAXSTR];
		const char *s = str2num[i].in;
		if (!num_strtonumber(s, strlen(s), &v))
			snprintf(got, sizeof got, "nil");
		else {
			num_tostrbuf(&v, buf);
			snprintf(got, sizeof got, "%s %s", ttisinteger(&v) ? "i" : "f", buf);
		}
		if (strcmp(got, str2num[i].out) != 0)
			fail_msg("tonumber(\"%s\"): got %s, lua5.4 gives %s", s, got,
			         str2num[i].out);
	}
}

static void test_embedded_nul(void **state)
{
	Value v;
	assert_false(num_strtonumber("1\0" "2", 3, &v));
	assert_true(num_strtonumber("12", 2, &v));
}

static const struct { double x; const char *out; } fmt[] = {
	{1.0, "1.0"}, {-1.0, "-1.0"}, {0.0, "0.0"}, {-0.0, "-0.0"},
	{1e15, "1e+15"}, {1e16, "1e+16"}, {1e100, "1e+100"}, {0.1, "0.1"},
	{1.0 / 3, "0.33333333333333"}, {9007199254740992.0, "9.007199254741e+15"},
	{9223372036854775808.0, "9.2233720368548e+18"},
	{123456789012.0, "123456789012.0"}, {1e-5, "1e-05"},
	{3.14159265358979, "3.1415926535898"}, {100.0, "100.0"}, {1e14, "1e+14"},
	{12345678901234.0, "12345678901234.0"},
	{123456789012345.0, "1.2345678901234e+14"},
	{5e-324, "4.9406564584125e-324"},
	{1.7976931348623157e308, "1.7976931348623e+308"},
	{16777216.0, "16777216.0"}, {-1.5, "-1.5"},
	{INFINITY, "inf"}, {-INFINITY, "-inf"},
};

static void test_fmtfloat(void **state)
{
	char buf[NUM_MAXSTR];
	for (size_t i = 0; i < sizeof fmt / sizeof fmt[0]; i++) {
		num_fmtfloat(fmt[i].x, buf);
		assert_string_equal(buf, fmt[i].out);
	}
	num_fmtfloat(-NAN, buf);           /* 0/0 on x86 is a negative NaN */
	assert_string_equal(buf, "-nan");
	num_fmtfloat(NAN, buf);
	assert_string_equal(buf, "nan");
	Value v;
	setivalue(&v, INT64_MIN);
	num_tostrbuf(&v, buf);
	assert_string_equal(buf, "-9223372036854775808");
}

static void test_flttoint(void **state)
{
	int64_t i;
	assert_true(num_flttointns(3.0, &i, F2I_EQ) && i == 3);
	assert_false(num_flttointns(3.5, &i, F2I_EQ));
	assert_true(num_flttointns(3.5, &i, F2I_FLOOR) && i == 3);
	assert_true(num_flttointns(3.5, &i, F2I_CEIL) && i == 4);
	assert_true(num_flttointns(-3.5, &i, F2I_FLOOR) && i == -4);
	assert_true(num_flttointns(-3.5, &i, F2I_CEIL) && i == -3);
	assert_false(num_flttointns(9223372036854775808.0, &i, F2I_FLOOR));
	assert_true(num_flttointns(-9223372036854775808.0, &i, F2I_EQ) && i == INT64_MIN);
	assert_false(num_flttointns(NAN, &i, F2I_FLOOR));
	assert_false(num_flttointns(INFINITY, &i, F2I_FLOOR));
}

static void test_intarith(void **state)
{
	VM *vm = *state;
	assert_int_equal(num_idiv(vm, 7, 2), 3);
	assert_int_equal(num_idiv(vm, -7, 2), -4);
	assert_int_equal(num_imod(vm, 7, -3), -2);
	assert_int_equal(num_imod(vm, -7, 3), 2);
	assert_true(num_idiv(vm, INT64_MIN, -1) == INT64_MIN);
	assert_int_equal(num_imod(vm, INT64_MIN, -1), 0);
	assert_true(VT_TRY(vm, num_idiv(vm, 1, 0)));
	assert_non_null(strstr(vt_errmsg(vm), "attempt to divide by zero"));
	assert_true(VT_TRY(vm, num_imod(vm, 1, 0)));
	assert_non_null(strstr(vt_errmsg(vm), "attempt to perform 'n%0'"));
	assert_true(num_shiftl(1, 64) == 0);
	assert_true(num_shiftl(1, 63) == INT64_MIN);
	assert_true(num_shiftr(-1, 1) == INT64_MAX);
	assert_true(num_shiftr(3, -1) == 6);
	assert_true(num_shiftl(1, -1) == 0);
}

static void test_fltarith(void **state)
{
	char buf[NUM_MAXSTR];
	num_fmtfloat(num_fmod(5.3, 2), buf);
	assert_string_equal(buf, "1.3");
	num_fmtfloat(num_fmod(-5.3, 2), buf);
	assert_string_equal(buf, "0.7");
	num_fmtfloat(num_fmod(5.3, -2), buf);
	assert_string_equal(buf, "-0.7");
	assert_true(num_fmod(5, INFINITY) == 5.0);
	assert_true(num_fmod(-5, INFINITY) == INFINITY);
	assert_true(num_fidiv(7, -2.0) == -4.0);
	assert_true(isinf(num_fidiv(3, 0.0)));
}

static void test_compare(void **state)
{
	Value a, b;
	setivalue(&a, INT64_MAX);
	setfltvalue(&b, 9223372036854775808.0);
	assert_true(num_lt(&a, &b));
	assert_true(num_le(&a, &b));
	assert_false(num_eq(&a, &b));
	assert_false(num_lt(&b, &a));
	setivalue(&a, 1);
	setfltvalue(&b, 1.5);
	assert_true(num_lt(&a, &b));
	setfltvalue(&b, 1.0);
	assert_true(num_eq(&a, &b));
	assert_true(num_le(&b, &a));
	setivalue(&a, (1LL << 53) + 1);
	setfltvalue(&b, 9007199254740992.0);
	assert_false(num_eq(&a, &b));
	assert_true(num_lt(&b, &a));
	setfltvalue(&b, NAN);
	assert_false(num_lt(&a, &b));
	assert_false(num_le(&b, &a));
	setivalue(&a, INT64_MIN);
	setfltvalue(&b, -INFINITY);
	assert_true(num_lt(&b, &a));
}

static void test_rawarith(void **state)
{
	VM *vm = *state;
	Value a, b, r;
	setivalue(&a, 7);
	setfltvalue(&b, 2.0);
	assert_true(num_rawarith(vm, NUM_IDIV, &a, &b, &r));
	assert_true(ttisfloat(&r) && fltvalue(&r) == 3.0);
	setivalue(&b, 2);
	assert_true(num_rawarith(vm, NUM_DIV, &a, &b, &r));
	assert_true(ttisfloat(&r) && fltvalue(&r) == 3.5);
	assert_true(num_rawarith(vm, NUM_POW, &a, &b, &r));
	assert_true(ttisfloat(&r) && fltvalue(&r) == 49.0);
	setfltvalue(&b, 2.5);
	assert_false(num_rawarith(vm, NUM_BAND, &a, &b, &r));
	setfltvalue(&b, 3.0);
	assert_true(num_rawarith(vm, NUM_BAND, &a, &b, &r));
	assert_true(ttisinteger(&r) && ivalue(&r) == 3);
	setivalue(&a, INT64_MAX);
	setivalue(&b, 1);
	assert_true(num_rawarith(vm, NUM_ADD, &a, &b, &r));
	assert_true(ivalue(&r) == INT64_MIN);
	setnilvalue(&b);
	assert_false(num_rawarith(vm, NUM_ADD, &a, &b, &r));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_str2number),
		cmocka_unit_test(test_embedded_nul),
		cmocka_unit_test(test_fmtfloat),
		cmocka_unit_test(test_flttoint),
		VT_TEST(test_intarith),
		cmocka_unit_test(test_fltarith),
		cmocka_unit_test(test_compare),
		VT_TEST(test_rawarith),
	};
	return cmocka_run_group_tests_name("number", tests, NULL, NULL);
}
