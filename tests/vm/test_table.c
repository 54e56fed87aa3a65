/*
 * test_table.c: tables: get/set of every key kind, float-key normalisation,
 * errors, resize, border (#), next (order against lua5.4, clearing fields
 * during a traversal, dead keys), and a random comparison with a model.
 */
#include "tests/vm/vmtest.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "vm/table.h"
#include "vm/string.h"
#include "vm/number.h"
#include "vm/gc.h"

static Value ival(int64_t i) { Value v; setivalue(&v, i); return v; }
static Value fval(double d) { Value v; setfltvalue(&v, d); return v; }
static Value bval(int b) { Value v; setbool(&v, b); return v; }
static Value sval(VM *vm, const char *s) { Value v; setsvalue(&v, str_newz(vm, s)); return v; }

static void seti(VM *vm, Table *t, Value k, int64_t v)
{
	Value val = ival(v);
	tab_set(vm, t, &k, &val);
}

/* The keys of t in traversal order, as lua5.4's tostring writes them. */
static const char *keys(VM *vm, Table *t, char *buf, size_t size)
{
	Value k, v;
	size_t n = 0;
	setnilvalue(&k);
	buf[0] = '\0';
	while (tab_next(vm, t, &k, &v)) {
		char one[NUM_MAXSTR];
		if (ttisnumber(&k))
			num_tostrbuf(&k, one);
		else if (ttisboolean(&k))
			strcpy(one, bvalue(&k) ? "true" : "false");
		else
			snprintf(one, sizeof one, "%s", ttisstring(&k) ? getstr(strvalue(&k)) : "?");
		n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? " " : "", one);
	}
	return buf;
}

static void test_getset(void **state)
{
	VM *vm = *state;
	Table *t = tab_new(vm);
	Value k = sval(vm, "name");
	seti(vm, t, k, 1);
	seti(vm, t, ival(10), 2);
	seti(vm, t, fval(2.5), 3);
	seti(vm, t, bval(1), 4);
	Value lk = sval(vm, "a long string key that is longer than forty bytes");
	seti(vm, t, lk, 5);
	Value tk;
	setgcovalue(&tk, t);
	seti(vm, t, tk, 6);
	assert_int_equal(ivalue(tab_get(t, &k)), 1);
	assert_int_equal(ivalue(tab_getstr(t, strvalue(&k))), 1);
	assert_int_equal(ivalue(tab_getshortstr(t, strvalue(&k))), 1);
	assert_int_equal(ivalue(tab_getint(t, 10)), 2);
	Value f = fval(2.5), b = bval(1), lk2 = sval(vm, "a long string key that is longer than forty bytes");
	assert_int_equal(ivalue(tab_get(t, &f)), 3);
	assert_int_equal(ivalue(tab_get(t, &b)), 4);
	assert_int_equal(ivalue(tab_get(t, &lk2)), 5);    /* equal, not same */
	assert_int_equal(ivalue(tab_getstr(t, strvalue(&lk2))), 5);
	assert_int_equal(ivalue(tab_get(t, &tk)), 6);
	Value missing = sval(vm, "missing"), nil;
	setnilvalue(&nil);
	assert_true(isabstkey(tab_get(t, &missing)));
	assert_true(isabstkey(tab_get(t, &nil)));
	assert_true(ttisnil(tab_getint(t, 11)));
	assert_null(gc_checkheap(vm));
}

static void test_floatkeys(void **state)
{
	VM *vm = *state;
	Table *t = tab_new(vm);
	seti(vm, t, fval(3.0), 1);
	assert_int_equal(ivalue(tab_getint(t, 3)), 1);
	seti(vm, t, ival(3), 2);
	Value f = fval(3.0);
	assert_int_equal(ivalue(tab_get(t, &f)), 2);
	seti(vm, t, fval(-0.0), 3);
	assert_int_equal(ivalue(tab_getint(t, 0)), 3);
	seti(vm, t, fval(1e100), 4);
	Value big = fval(1e100);
	assert_int_equal(ivalue(tab_get(t, &big)), 4);
	seti(vm, t, fval(INFINITY), 5);
	Value inf = fval(INFINITY);
	assert_int_equal(ivalue(tab_get(t, &inf)), 5);
	char buf[200];
	/* every key came back as an integer where it has an integral value */
	Value k, v;
	setnilvalue(&k);
	while (tab_next(vm, t, &k, &v))
		if (ttisfloat(&k))
			assert_true(fltvalue(&k) != floor(fltvalue(&k)) ||
			            isinf(fltvalue(&k)) || fabs(fltvalue(&k)) >= 9.3e18);
	(void)keys(vm, t, buf, sizeof buf);
}

static void test_errors(void **state)
{
	VM *vm = *state;
	Table *t = tab_new(vm);
	Value nil, v = ival(1), nan = fval(NAN);
	setnilvalue(&nil);
	assert_true(VT_TRY(vm, tab_set(vm, t, &nil, &v)));
	assert_string_equal(vt_errmsg(vm), "table index is nil");
	assert_true(VT_TRY(vm, tab_set(vm, t, &nil, &nil)));
	assert_string_equal(vt_errmsg(vm), "table index is nil");
	assert_true(VT_TRY(vm, tab_set(vm, t, &nan, &v)));
	assert_string_equal(vt_errmsg(vm), "table index is NaN");
	Value k = sval(vm, "nope"), out;
	assert_true(VT_TRY(vm, tab_next(vm, t, &k, &out)));
	assert_string_equal(vt_errmsg(vm), "invalid key to 'next'");
	/* assigning nil to an absent key inserts nothing */
	assert_false(VT_TRY(vm, tab_set(vm, t, &k, &nil)));
	setnilvalue(&k);
	assert_false(tab_next(vm, t, &k, &out));
}

/* Traversal orders and borders, as printed by lua5.4 (tests/t3.lua). */
static void test_order_border(void **state)
{
	VM *vm = *state;
	char buf[1000];
	Table *t = tab_new(vm);
	for (int i = 1; i <= 20; i++)
		seti(vm, t, ival(i * 7), i);
	assert_string_equal(keys(vm, t, buf, sizeof buf),
		"63 126 35 98 7 70 133 42 105 14 77 140 49 112 21 84 56 119 28 91");
	t = tab_new(vm);
	for (int i = 1; i <= 20; i++)
		seti(vm, t, fval(i * 1.5), i);
	assert_string_equal(keys(vm, t, buf, sizeof buf),
		"28.5 7.5 3 6 16.5 4.5 9 12 19.5 15 18 22.5 21 24 25.5 13.5 10.5 27 30 1.5");
	t = tab_new(vm);                   /* {[-1]=1,[0]=2,[2^40]=3,...} */
	tab_resize(vm, t, 0, 7);
	seti(vm, t, ival(-1), 1);
	seti(vm, t, ival(0), 2);
	seti(vm, t, fval(1099511627776.0), 3);
	seti(vm, t, ival(INT64_MIN), 4);
	seti(vm, t, bval(1), 5);
	seti(vm, t, bval(0), 6);
	seti(vm, t, ival(3), 7);
	assert_string_equal(keys(vm, t, buf, sizeof buf),
		"0 -1 1099511627776 3 false true -9223372036854775808");
	t = tab_new(vm);
	for (int i = 10; i >= 1; i--)
		seti(vm, t, ival(i), i);
	assert_string_equal(keys(vm, t, buf, sizeof buf), "1 2 3 4 5 6 7 8 9 10");
	assert_int_equal(tab_getn(t), 10);
	Value nil;
	setnilvalue(&nil);
	t = tab_new(vm);
	for (int i = 1; i <= 10; i++)
		seti(vm, t, ival(i), i);
	tab_setint(vm, t, 5, &nil);
	assert_int_equal(tab_getn(t), 10);
	tab_setint(vm, t, 10, &nil);
	assert_int_equal(tab_getn(t), 9);
	t = tab_new(vm);
	seti(vm, t, ival(1), 1);
	seti(vm, t, ival(2), 2);
	seti(vm, t, ival(4), 4);
	assert_int_equal(tab_getn(t), 4);
	t = tab_new(vm);                   /* {1,2,3}; t[5] = 5 */
	tab_resize(vm, t, 3, 0);
	for (int i = 1; i <= 3; i++)
		seti(vm, t, ival(i), i);
	seti(vm, t, ival(5), 5);
	assert_int_equal(tab_getn(t), 3);
	t = tab_new(vm);
	for (int i = 1; i <= 100; i++)
		seti(vm, t, ival(i), i);
	for (int i = 3; i <= 100; i += 3)
		tab_setint(vm, t, i, &nil);
	assert_int_equal(tab_getn(t), 95);
	t = tab_new(vm);
	for (int i = 0; i <= 30; i++)
		seti(vm, t, fval(ldexp(1, i)), i);
	assert_string_equal(keys(vm, t, buf, sizeof buf),
		"1 2 4 1024 65536 131072 1073741824 262144 536870912 268435456 "
		"134217728 67108864 33554432 16777216 8388608 16 4194304 2097152 "
		"1048576 524288 64 32 256 8 2048 4096 8192 128 16384 32768 512");
	t = tab_new(vm);
	for (int i = -5; i <= 5; i++)
		seti(vm, t, ival(i), i);
	assert_string_equal(keys(vm, t, buf, sizeof buf), "1 2 3 4 -2 -1 5 -5 -4 -3 0");
	assert_int_equal(tab_getn(t), 5);
	t = tab_new(vm);                   /* border found in the hash part */
	tab_resize(vm, t, 0, 64);
	for (int i = 1; i <= 40; i++)
		seti(vm, t, ival(i), i);
	assert_int_equal(tab_getn(t), 40);
}

static void test_resize(void **state)
{
	VM *vm = *state;
	Table *t = tab_new(vm);
	for (int i = 1; i <= 100; i++)
		seti(vm, t, ival(i), i * 10);
	Value s = sval(vm, "x");
	seti(vm, t, s, -1);
	tab_resize(vm, t, 10, 200);              /* shrink the array part */
	for (int i = 1; i <= 100; i++)
		assert_int_equal(ivalue(tab_getint(t, i)), i * 10);
	assert_int_equal(ivalue(tab_get(t, &s)), -1);
	tab_resize(vm, t, 128, 1);               /* grow it back */
	for (int i = 1; i <= 100; i++)
		assert_int_equal(ivalue(tab_getint(t, i)), i * 10);
	assert_int_equal(ivalue(tab_get(t, &s)), -1);
	assert_int_equal(t->asize, 128);
	assert_null(gc_checkheap(vm));
}

/* Clearing every field during a traversal, with collections in between
 * (which turn the cleared entries' keys into dead keys), visits each key
 * exactly once. */
static void test_next_clearing(void **state)
{
	VM *vm = *state;
	Table *t = tab_new(vm), *anchor = tab_new(vm);
	Value tv, av;
	setgcovalue(&tv, t);
	setgcovalue(&av, anchor);
	tab_setstr(vm, vm->g->globals, str_newz(vm, "t"), &tv);
	tab_setstr(vm, vm->g->globals, str_newz(vm, "anchor"), &av);
	char buf[32];
	enum { N = 300 };
	for (int i = 0; i < N; i++) {
		snprintf(buf, sizeof buf, "key%d", i);
		Value k = sval(vm, buf);
		tab_setint(vm, anchor, i + 1, &k);   /* keys stay alive */
		seti(vm, t, k, i);
		seti(vm, t, ival(i * 3 + 1), i);
	}
	Value k, v, nil;
	setnilvalue(&k);
	setnilvalue(&nil);
	int visits = 0;
	while (tab_next(vm, t, &k, &v)) {
		visits++;
		tab_set(vm, t, &k, &nil);
		if (visits % 50 == 0) {
			gc_fullgc(vm);
			assert_null(gc_checkheap(vm));
		}
	}
	assert_int_equal(visits, 2 * N);
	setnilvalue(&k);
	assert_false(tab_next(vm, t, &k, &v));
}

/* Random sets and gets against a simple model of integer keys. */
static void test_random_model(void **state)
{
	VM *vm = *state;
	enum { RANGE = 600 };
	static int64_t model[RANGE];
	Table *t = tab_new(vm);
	unsigned seed = 99;
	memset(model, 0, sizeof model);
	for (int step = 0; step < 100000; step++) {
		int k = rand_r(&seed) % RANGE - 100;
		int64_t v = rand_r(&seed) % 4 == 0 ? 0 : rand_r(&seed) + 1;
		Value key = (rand_r(&seed) & 1) ? ival(k) : fval(k), val;
		if (v == 0)
			setnilvalue(&val);
		else
			setivalue(&val, v);
		tab_set(vm, t, &key, &val);
		model[k + 100] = v;
		int q = rand_r(&seed) % RANGE - 100;
		const Value *got = tab_getint(t, q);
		assert_true(model[q + 100] == 0 ? ttisnil(got) : ivalue(got) == model[q + 100]);
	}
	int count = 0, inmodel = 0;
	Value k, v;
	setnilvalue(&k);
	while (tab_next(vm, t, &k, &v)) {
		assert_true(ttisinteger(&k));
		assert_true(ivalue(&v) == model[ivalue(&k) + 100]);
		count++;
	}
	for (int i = 0; i < RANGE; i++)
		inmodel += model[i] != 0;
	assert_int_equal(count, inmodel);
	uint64_t n = tab_getn(t);          /* a border: t[n] ~= nil, t[n+1] == nil */
	assert_true(n == 0 || !ttisnil(tab_getint(t, (int64_t)n)));
	assert_true(ttisnil(tab_getint(t, (int64_t)n + 1)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		VT_TEST(test_getset),
		VT_TEST(test_floatkeys),
		VT_TEST(test_errors),
		VT_TEST(test_order_border),
		VT_TEST(test_resize),
		VT_TEST(test_next_clearing),
		VT_TEST(test_random_model),
	};
	return cmocka_run_group_tests_name("table", tests, NULL, NULL);
}
