/*
 * test_string.c: interning of short strings, long strings, the intern
 * table's growth, hashing.
 */
#include "tests/vm/vmtest.h"
#include <stdio.h>
#include "vm/string.h"
#include "vm/gc.h"

static void test_intern(void **state)
{
	VM *vm = *state;
	String *a = str_new(vm, "hello", 5);
	String *b = str_newz(vm, "hello");
	char buf[] = "xhellox";
	String *c = str_new(vm, buf + 1, 5);
	assert_ptr_equal(a, b);
	assert_ptr_equal(a, c);
	assert_int_equal(a->tt, VSHRSTR);
	assert_int_equal(tsslen(a), 5);
	assert_string_equal(getstr(a), "hello");
	assert_ptr_not_equal(a, str_new(vm, "hellp", 5));
	String *e = str_new(vm, "", 0);
	assert_ptr_equal(e, str_new(vm, "", 0));
	assert_int_equal(tsslen(e), 0);
	String *z = str_new(vm, "a\0b", 3);     /* embedded NUL */
	assert_ptr_not_equal(z, str_new(vm, "a", 1));
	assert_ptr_equal(z, str_new(vm, "a\0b", 3));
}

static void test_long(void **state)
{
	VM *vm = *state;
	char s[VM_MAXSHORTLEN + 10];
	memset(s, 'x', sizeof s);
	String *shortest = str_new(vm, s, VM_MAXSHORTLEN);
	assert_int_equal(shortest->tt, VSHRSTR);
	String *a = str_new(vm, s, sizeof s);
	String *b = str_new(vm, s, sizeof s);
	assert_int_equal(a->tt, VLNGSTR);
	assert_ptr_not_equal(a, b);               /* long strings: not interned */
	assert_true(str_eqlngstr(a, b));
	assert_true(str_eq(a, b));
	assert_int_equal(str_hashlng(a), str_hashlng(b));
	s[3] = 'y';
	String *c = str_new(vm, s, sizeof s);
	assert_false(str_eqlngstr(a, c));
	assert_int_equal(tsslen(c), sizeof s);
	assert_int_equal(getstr(c)[sizeof s], '\0');
	String *d = str_newlng(vm, 100);
	assert_int_equal(tsslen(d), 100);
	assert_int_equal(getstr(d)[100], '\0');
}

static void test_growth(void **state)
{
	VM *vm = *state;
	enum { N = 20000 };
	static String *strs[N];
	char buf[32];
	int32_t size0 = vm->g->strt.size, nuse0 = vm->g->strt.nuse;
	for (int i = 0; i < N; i++) {
		int n = snprintf(buf, sizeof buf, "s%d", i);
		strs[i] = str_new(vm, buf, (size_t)n);
	}
	assert_int_equal(vm->g->strt.nuse, nuse0 + N);
	assert_true(vm->g->strt.size > size0);
	assert_true(vm->g->strt.size >= vm->g->strt.nuse);
	for (int i = 0; i < N; i++) {
		int n = snprintf(buf, sizeof buf, "s%d", i);
		assert_ptr_equal(strs[i], str_new(vm, buf, (size_t)n));
	}
	assert_null(gc_checkheap(vm));
}

static void test_hash_seed(void **state)
{
	assert_int_not_equal(str_hash("abc", 3, 1), str_hash("abc", 3, 2));
	assert_int_equal(str_hash("abc", 3, 7), str_hash("abc", 3, 7));
	assert_int_not_equal(str_hash("abc", 3, 7), str_hash("abd", 3, 7));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		VT_TEST(test_intern),
		VT_TEST(test_long),
		VT_TEST(test_growth),
		cmocka_unit_test(test_hash_seed),
	};
	return cmocka_run_group_tests_name("string", tests, NULL, NULL);
}
