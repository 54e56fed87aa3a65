/*
 * fuzz_load.c: libFuzzer target for the bytecode loader and verifier.
 * Any input must be rejected with a message or load into a tree that
 * verifies (checked again here) and can be listed and dumped again.
 */
#include "tests/fuzz/fuzz_common.h"
#include "vm/bytecode.h"
#include "vm/verify.h"
#include "vm/disasm.h"

static void one(VM *vm, const char *data, size_t size)
{
	String *err = NULL;
	Proto *p = bc_load(vm, data, size, "=fuzz", &err);
	if (p == NULL) {
		if (err == NULL || strncmp(getstr(err), "fuzz: bad ", 10) != 0)
			abort();
		return;
	}
	char msg[256];
	if (!verify_proto(p, msg, sizeof msg))
		abort();
	disasm_proto(p, 1, fuzz_sink, NULL);
	size_t n;
	char *again = bc_dump(p, 0, &n);
	free(again);
}

/* Make the header's payload size and checksum match, so that mutations
 * reach the loader's and the verifier's deeper checks. */
static void fixheader(char *b, size_t size)
{
	uint32_t n = (uint32_t)(size - BC_HEADERSIZE);
	uint32_t c = bc_crc32(b + BC_HEADERSIZE, n);
	for (int i = 0; i < 4; i++) {
		b[24 + i] = (char)(n >> (8 * i));
		b[28 + i] = (char)(c >> (8 * i));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	VM *vm = fuzz_vm();
	char *copy = malloc(size ? size : 1);   /* exact bounds for ASan */
	memcpy(copy, data, size);
	FUZZ_RUN(vm, one(vm, copy, size));
	if (size >= BC_HEADERSIZE) {
		fixheader(copy, size);
		FUZZ_RUN(vm, one(vm, copy, size));
	}
	free(copy);
	return 0;
}
