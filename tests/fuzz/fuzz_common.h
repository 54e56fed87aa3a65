/*
 * fuzz_common.h: shared by the libFuzzer targets. One VM per process,
 * opened on first use; each input runs under an error catcher (an object
 * memory exhaustion raises a Lua error, which is fine); garbage left by an
 * input is collected between inputs.
 */
#ifndef AMBER_TESTS_FUZZ_COMMON_H
#define AMBER_TESTS_FUZZ_COMMON_H

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vm/vm.h"
#include "vm/do.h"
#include "vm/gc.h"
#include "vm/state.h"

static VM *fuzz_vm(void)
{
	static VM *vm;
	if (vm == NULL) {
		char err[200];
		vm = vm_open(64u << 20, err, sizeof err);
		if (vm == NULL) {
			fprintf(stderr, "vm_open: %s\n", err);
			abort();
		}
	}
	return vm;
}

/* Run stmt with a catcher; then collect whatever it left behind. */
#define FUZZ_RUN(vm, stmt) do {                                \
	struct VMErrorJmp ej_;                                  \
	ej_.prev = (vm)->errorjmp;                              \
	(vm)->errorjmp = &ej_;                                  \
	if (setjmp(ej_.b) == 0) {                               \
		stmt;                                           \
	}                                                       \
	(vm)->errorjmp = ej_.prev;                              \
	(vm)->L->top = 0;                                       \
	gc_checkstep(vm);                                       \
} while (0)

static void fuzz_sink(void *ud, const char *s, size_t len)
{
	(void)ud;
	(void)s;
	(void)len;
}

#endif
