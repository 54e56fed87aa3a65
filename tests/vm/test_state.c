/*
 * test_state.c: opening a VM, the root, and re-attaching to an object
 * memory that stayed mapped (what the kernel does after a restore).
 */
#include "tests/vm/vmtest.h"
#include <stdio.h>
#include "vm/gc.h"
#include "vm/string.h"
#include "vm/table.h"

static void test_open_root(void **state)
{
	VM *vm = *state;
	VMGlobal *g = vm->g;
	assert_ptr_equal(g, (void *)VM_OMEM_BASE);
	assert_true(g->magic == VMGLOBAL_MAGIC);
	assert_non_null(g->mainthread);
	assert_ptr_equal(vm->L, g->mainthread);
	assert_non_null(g->globals);
	assert_non_null(g->loaded);
	assert_string_equal(getstr(g->memerrmsg), "not enough memory");
	assert_true(g->mainthread->stacksize >= THREAD_INITSTACK);
	assert_null(gc_checkheap(vm));
}

static void test_second_open_fails(void **state)
{
	char err[200];
	assert_null(vm_open(0, err, sizeof err));   /* the region is taken */
	assert_non_null(strstr(err, "cannot map object memory"));
}

static void test_detach_attach(void **state)
{
	VM *vm = *state;
	char err[200], buf[32];
	Table *t = tab_new(vm);
	Value tv;
	setgcovalue(&tv, t);
	tab_setstr(vm, vm->g->globals, str_newz(vm, "saved"), &tv);
	for (int i = 1; i <= 1000; i++) {
		Value v;
		snprintf(buf, sizeof buf, "value %d", i);
		setsvalue(&v, str_newz(vm, buf));
		tab_setint(vm, t, i, &v);
	}
	vm_detach(vm);
	*state = NULL;
	vm = vm_attach(err, sizeof err);
	if (vm == NULL)
		fail_msg("vm_attach: %s", err);
	*state = vm;
	const Value *sv = tab_getstr(vm->g->globals, str_newz(vm, "saved"));
	assert_true(ttistable(sv));
	for (int i = 1; i <= 1000; i++) {
		snprintf(buf, sizeof buf, "value %d", i);
		assert_ptr_equal(strvalue(tab_getint(tvalue(sv), i)), str_newz(vm, buf));
	}
	gc_fullgc(vm);
	assert_null(gc_checkheap(vm));
}

static void test_attach_checks_root(void **state)
{
	VM *vm = *state;
	char err[200];
	vm->g->magic ^= 1;
	assert_null(vm_attach(err, sizeof err));
	assert_non_null(strstr(err, "bad magic"));
	vm->g->magic ^= 1;
	vm->g->version++;
	assert_null(vm_attach(err, sizeof err));
	assert_non_null(strstr(err, "version"));
	vm->g->version--;
	uintptr_t top = vm->g->heap.top;
	vm->g->heap.top = vm->g->heap.end + 16;
	assert_null(vm_attach(err, sizeof err));
	assert_non_null(strstr(err, "allocator bounds"));
	vm->g->heap.top = top;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		VT_TEST(test_open_root),
		VT_TEST(test_second_open_fails),
		VT_TEST(test_detach_attach),
		VT_TEST(test_attach_checks_root),
	};
	return cmocka_run_group_tests_name("state", tests, NULL, NULL);
}
