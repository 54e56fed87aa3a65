/*
 * fuzz_compile.c: libFuzzer target for the Lua compiler. Any input either
 * fails with a "chunk:line: message" error or compiles into code that the
 * verifier accepts (a compiler bug otherwise: abort) and that survives a
 * dump/load round trip byte for byte.
 */
#include "tests/fuzz/fuzz_common.h"
#include "vm/parse.h"
#include "vm/bytecode.h"
#include "vm/verify.h"
#include "vm/disasm.h"

static void one(VM *vm, const char *src, size_t size)
{
	String *err = NULL;
	Proto *p = vm_compile(vm, src, size, "=fuzz", &err);
	if (p == NULL) {
		if (err == NULL || (strncmp(getstr(err), "fuzz:", 5) != 0 &&
		    strcmp(getstr(err), "C stack overflow") != 0 &&
		    strcmp(getstr(err), "not enough memory") != 0)) {
			fprintf(stderr, "bad message: %s\n", err ? getstr(err) : "(null)");
			abort();
		}
		return;
	}
	char msg[256];
	if (!verify_proto(p, msg, sizeof msg)) {
		fprintf(stderr, "compiler output does not verify: %s\n", msg);
		abort();
	}
	disasm_proto(p, 1, fuzz_sink, NULL);
	size_t n1, n2;
	char *b1 = bc_dump(p, 0, &n1);
	Proto *q = bc_load(vm, b1, n1, "=fuzz", &err);
	if (q == NULL) {
		fprintf(stderr, "reload failed: %s\n", getstr(err));
		abort();
	}
	char *b2 = bc_dump(q, 0, &n2);
	if (n1 != n2 || memcmp(b1, b2, n1) != 0)
		abort();
	free(b1);
	free(b2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	VM *vm = fuzz_vm();
	char *copy = malloc(size ? size : 1);
	memcpy(copy, data, size);
	FUZZ_RUN(vm, one(vm, copy, size));
	free(copy);
	return 0;
}
