/*
 * vmtest.h: helpers shared by the VM unit tests (cmocka).
 *
 *   vt_open(size)          a fresh VM (object memory of `size` bytes, 0 for
 *                          the default); fails the test if it cannot open
 *   vt_setup / vt_teardown cmocka fixtures: *state is a fresh default VM,
 *                          closed even when the test fails
 *   VT_TEST(f)             cmocka_unit_test with those fixtures
 *   VT_TRY(vm, stmt)       run stmt with an error catcher installed; true if
 *                          it raised a Lua error
 *   vt_errmsg(vm)          the raised error value as text ("" if not a string)
 */
#ifndef AMBER_TESTS_VMTEST_H
#define AMBER_TESTS_VMTEST_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "vm/vm.h"
#include "vm/do.h"
#include "vm/state.h"

static inline VM *vt_open(size_t size)
{
	char err[200];
	VM *vm = vm_open(size, err, sizeof err);
	if (vm == NULL)
		fail_msg("vm_open: %s", err);
	return vm;
}

static int vt_setup(void **state)
{
	*state = vt_open(0);
	return 0;
}

static int vt_teardown(void **state)
{
	vm_close(*state);
	return 0;
}

#define VT_TEST(f) cmocka_unit_test_setup_teardown(f, vt_setup, vt_teardown)

/* Run `stmt` under a fresh error catcher; evaluates to 1 if it raised. */
#define VT_TRY(vm, stmt) __extension__ ({                     \
	struct VMErrorJmp vt_ej_;                              \
	volatile int vt_raised_ = 0;                           \
	vt_ej_.prev = (vm)->errorjmp;                          \
	(vm)->errorjmp = &vt_ej_;                              \
	if (setjmp(vt_ej_.b) == 0) {                           \
		stmt;                                          \
	} else {                                               \
		vt_raised_ = 1;                                \
	}                                                      \
	(vm)->errorjmp = vt_ej_.prev;                          \
	vt_raised_;                                            \
})

static inline const char *vt_errmsg(VM *vm)
{
	Thread *L = vm->L;
	if (L->top == 0 || !ttisstring(&L->stack[L->top - 1]))
		return "";
	return getstr(strvalue(&L->stack[L->top - 1]));
}

#endif
