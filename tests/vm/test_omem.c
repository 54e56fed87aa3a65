/*
 * test_omem.c: the object-memory allocator: random stress with content
 * checks and list verification, coalescing, exhaustion.
 */
#include "tests/vm/vmtest.h"
#include <stdlib.h>
#include "vm/omem.h"

#define NSLOTS 2000

typedef struct Slot {
	unsigned char *p;
	size_t size;
	unsigned char tag;
} Slot;

static size_t randsize(unsigned *seed)
{
	unsigned r = (unsigned)rand_r(seed);
	switch (r % 4) {
	case 0:  return 1 + r % 64;
	case 1:  return 1 + r % OM_SMALLMAX;
	case 2:  return OM_SMALLMAX + 1 + r % 8192;
	default: return 1 + r % 200000;
	}
}

static void fill(Slot *s)
{
	memset(s->p, s->tag, s->size);
}

static void verify(const Slot *s)
{
	for (size_t i = 0; i < s->size; i++)
		if (s->p[i] != s->tag)
			fail_msg("block %p of %zu bytes corrupted at %zu", (void *)s->p,
			         s->size, i);
}

static void test_stress(void **state)
{
	VM *vm = *state;
	OMem *h = &vm->g->heap;
	static Slot slots[NSLOTS];
	unsigned seed = 12345;
	size_t base = h->totalbytes, held = 0;
	memset(slots, 0, sizeof slots);
	for (int step = 0; step < 60000; step++) {
		Slot *s = &slots[rand_r(&seed) % NSLOTS];
		if (s->p != NULL)
			verify(s);
		size_t nsize = (rand_r(&seed) % 3 == 0) ? 0 : randsize(&seed);
		s->p = om_realloc(vm, s->p, s->size, nsize);
		held = held - s->size + nsize;
		s->size = nsize;
		s->tag = (unsigned char)rand_r(&seed);
		if (s->p != NULL) {
			assert_true(((uintptr_t)s->p & (OM_ALIGN - 1)) == 0);
			assert_true(om_contains(h, s->p));
			fill(s);
		}
		if (step % 5000 == 0) {
			const char *err = om_check(h);
			if (err != NULL)
				fail_msg("om_check at step %d: %s", step, err);
		}
	}
	assert_int_equal(h->totalbytes, base + held);
	for (int i = 0; i < NSLOTS; i++) {
		if (slots[i].p != NULL)
			verify(&slots[i]);
		om_free(vm, slots[i].p, slots[i].size);
	}
	assert_int_equal(h->totalbytes, base);
	assert_null(om_check(h));
}

static void test_coalesce(void **state)
{
	VM *vm = *state;
	OMem *h = &vm->g->heap;
	uintptr_t top0 = h->top;
	void *a = om_alloc(vm, 5000), *b = om_alloc(vm, 7000), *c = om_alloc(vm, 9000);
	void *guard = om_alloc(vm, 3000);
	om_free(vm, a, 5000);
	om_free(vm, c, 9000);
	assert_null(om_check(h));
	om_free(vm, b, 7000);          /* a, b, c merge into one free block */
	assert_null(om_check(h));
	void *big = om_alloc(vm, 20000);
	assert_ptr_equal(big, a);      /* first fit reuses the merged block */
	om_free(vm, big, 20000);
	om_free(vm, guard, 3000);      /* everything returns to the wilderness */
	assert_null(om_check(h));
	assert_true(h->top == top0);
}

static void test_realloc_keeps_contents(void **state)
{
	VM *vm = *state;
	size_t size = 8;
	unsigned char *p = om_alloc(vm, size);
	for (size_t i = 0; i < size; i++)
		p[i] = (unsigned char)i;
	while (size < 1000000) {
		size_t nsize = size * 3;
		p = om_realloc(vm, p, size, nsize);
		for (size_t i = 0; i < size; i++)
			assert_int_equal(p[i], (unsigned char)i);
		for (size_t i = size; i < nsize; i++)
			p[i] = (unsigned char)i;
		size = nsize;
	}
	p = om_realloc(vm, p, size, 10);
	for (size_t i = 0; i < 10; i++)
		assert_int_equal(p[i], (unsigned char)i);
	om_free(vm, p, 10);
	assert_null(om_check(&vm->g->heap));
}

static void test_exhaustion(void **state)
{
	VM *vm = vt_open(4 << 20);
	OMem *h = &vm->g->heap;
	void *blocks[100];
	int n = 0;
	while (n < 100 && (blocks[n] = om_tryrealloc(vm, NULL, 0, 64 * 1024)) != NULL)
		n++;
	assert_true(n > 10 && n < 100);
	assert_null(om_tryrealloc(vm, NULL, 0, 64 * 1024));
	size_t before = h->totalbytes;
	assert_true(VT_TRY(vm, om_alloc(vm, 64 * 1024)));
	assert_string_equal(vt_errmsg(vm), "not enough memory");
	assert_int_equal(h->totalbytes, before);
	/* small blocks run out as well, and raise the same way */
	int small = 0;
	while (om_tryrealloc(vm, NULL, 0, 48) != NULL)
		small++;
	assert_true(VT_TRY(vm, om_alloc(vm, 48)));
	for (int i = 0; i < n; i++)
		om_free(vm, blocks[i], 64 * 1024);
	assert_null(om_check(h));
	/* after freeing, one block of nearly everything fits again */
	void *big = om_tryrealloc(vm, NULL, 0, (size_t)(n - 2) * 64 * 1024);
	assert_non_null(big);
	om_free(vm, big, (size_t)(n - 2) * 64 * 1024);
	assert_null(om_check(h));
	vm_close(vm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		VT_TEST(test_stress),
		VT_TEST(test_coalesce),
		VT_TEST(test_realloc_keeps_contents),
		cmocka_unit_test(test_exhaustion),
	};
	return cmocka_run_group_tests_name("omem", tests, NULL, NULL);
}
