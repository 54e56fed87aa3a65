/*
 * test_verify.c: the verifier and the bytecode loader reject malformed
 * input with a message and never read out of bounds: hand-corrupted
 * prototypes, every header field, every truncation and byte flip of a file.
 */
#include "tests/vm/vmtest.h"
#include <stdio.h>
#include <stdlib.h>
#include "vm/parse.h"
#include "vm/bytecode.h"
#include "vm/gc.h"
#include "vm/verify.h"

static const char *SRC =
	"local t = {1, 2, 3, n = 'x'}\n"
	"local function f(a, ...) if a then return a + 1, ... end return t[1] end\n"
	"for i = 1, 3 do t[i] = f(i) end\n"
	"for k, v in pairs(t) do print(k, v) end\n"
	"return f(1, 2)\n";

static Proto *compile(VM *vm, const char *src)
{
	String *err = NULL;
	Proto *p = vm_compile(vm, src, strlen(src), "=test", &err);
	if (p == NULL)
		fail_msg("compile error: %s", getstr(err));
	return p;
}

/* Replace instruction pc of p (temporarily) and expect a rejection that
 * mentions `what`. */
static void expect_bad(Proto *p, int pc, Instruction i, const char *what)
{
	char msg[256];
	Instruction old = p->code[pc];
	p->code[pc] = i;
	int ok = verify_proto(p, msg, sizeof msg);
	p->code[pc] = old;
	if (ok)
		fail_msg("accepted a bad instruction at %d (expected: %s)", pc, what);
	if (strstr(msg, what) == NULL)
		fail_msg("message '%s' lacks '%s'", msg, what);
}

static void test_accepts(void **state)
{
	char msg[256];
	Proto *p = compile(*state, SRC);
	assert_true(verify_proto(p, msg, sizeof msg));
}

static void test_instructions(void **state)
{
	Proto *p = compile(*state, "local a, b = ... if a then b = 1 end return b");
	/* code: VARARG LOADNIL? ... find a harmless spot: pc 0 (VARARG 3) */
	int last = p->sizecode - 1;
	expect_bad(p, 0, CREATE_A(0xFF, 0), "bad opcode");
	expect_bad(p, 0, CREATE_sA(OP_JMP, 1000), "outside the code");
	expect_bad(p, 0, CREATE_sA(OP_JMP, -5), "outside the code");
	expect_bad(p, 0, CREATE_A(OP_POP, 3), "underflow");
	expect_bad(p, 0, CREATE_A(OP_LOADK, 999), "constant 999");
	expect_bad(p, 0, CREATE_A(OP_GETUPVAL, 7), "upvalue 7");
	expect_bad(p, 0, CREATE_A(OP_CLOSURE, 3), "prototype index 3");
	expect_bad(p, 0, CREATE_A(OP_GETLOCAL, 5), "slot 5");
	expect_bad(p, 0, CREATE_A(OP_LOADNIL, 300), "exceeds maxstack");
	expect_bad(p, 0, CREATE_A(OP_EXTRAARG, 0), "EXTRAARG");
	Instruction ret = p->code[last - 1];      /* RETURN1, then RETURN0 */
	p->code[last - 1] = CREATE_A(OP_NOP, 0);
	expect_bad(p, last, CREATE_A(OP_POP, 1), "runs off the end");
	p->code[last - 1] = ret;
	expect_bad(p, 0, CREATE_AB(OP_CALL, 0, 0), "above the stack");   /* nothing to call */
	/* a multiple result must be consumed by the next instruction */
	expect_bad(p, 0, CREATE_A(OP_VARARG, 0), "after a multiple result");
	/* depth mismatch where two paths meet: drop the assignment's push */
	Proto *q = compile(*state, "local a = ... local b if a then b = 1 else b = 2 end return b");
	int found = 0;
	for (int pc = 0; pc < q->sizecode; pc++)
		if (GET_OP(q->code[pc]) == OP_SETLOCAL) {
			expect_bad(q, pc, CREATE_A(OP_NOP, 0), "stack depth");
			found = 1;
			break;
		}
	assert_true(found);
	/* constants of the wrong type */
	Proto *r = compile(*state, "local t = {} return t.x, 1.5 + #t");
	for (int pc = 0; pc < r->sizecode; pc++)
		if (GET_OP(r->code[pc]) == OP_GETFIELD) {
			int numk = -1;
			for (int k = 0; k < r->sizek; k++)
				if (ttisnumber(&r->k[k]))
					numk = k;
			if (numk >= 0)
				expect_bad(r, pc, CREATE_A(OP_GETFIELD, numk), "not a string");
		}
	/* VARARG outside a vararg function */
	Proto *s = compile(*state, "local function f(a) return a end");
	expect_bad(s->p[0], 0, CREATE_A(OP_VARARG, 2), "without varargs");
}

/* To-be-closed instructions: what the compiler makes verifies; malformed
 * operands do not. */
static void test_tbc(void **state)
{
	char msg[256];
	Proto *p = compile(*state,
		"local x <close> = nil\n"
		"for k in next, {} do if k then return k end end\n"
		"do local y <close> = nil; if y then return y, 1 end end\n"
		"return ...");
	assert_true(verify_proto(p, msg, sizeof msg));
	int tbc = -1, prep = -1, ctbc = -1;
	for (int pc = 0; pc < p->sizecode; pc++) {
		enum OpCode op = GET_OP(p->code[pc]);
		if (op == OP_TBC && tbc < 0) tbc = pc;
		if (op == OP_TFORPREP) prep = pc;
		if (op == OP_CLOSETBC && ctbc < 0) ctbc = pc;
	}
	assert_true(tbc >= 0 && prep >= 0 && ctbc >= 0);
	expect_bad(p, tbc, CREATE_A(OP_TBC, 5), "above the stack");
	expect_bad(p, prep, CREATE_A(OP_TFORPREP, GETARG_A(p->code[prep]) + 1), "TFORPREP");
	expect_bad(p, ctbc, CREATE_A(OP_CLOSETBC, 200), "CLOSETBC above");
	expect_bad(p, 0, CREATE_A(OP_RETURNC, 5), "returned slot 5");
}

static void test_shape(void **state)
{
	char msg[256];
	Proto *p = compile(*state, SRC);
	uint8_t ms = p->maxstack;
	p->maxstack = 1;
	assert_false(verify_proto(p, msg, sizeof msg));
	p->maxstack = 251;
	assert_false(verify_proto(p, msg, sizeof msg));
	assert_non_null(strstr(msg, "maxstack"));
	p->maxstack = ms;
	Proto *c = p->p[0];
	uint8_t idx = c->upvalues[0].idx;
	c->upvalues[0].idx = 250;
	assert_false(verify_proto(p, msg, sizeof msg));
	c->upvalues[0].idx = idx;
	int32_t sl = p->sizelineinfo;
	p->sizelineinfo = 3;
	assert_false(verify_proto(p, msg, sizeof msg));
	p->sizelineinfo = sl;
	assert_true(verify_proto(p, msg, sizeof msg));
}

static char *dump(VM *vm, size_t *n)
{
	char *b = bc_dump(compile(vm, SRC), 0, n);
	assert_non_null(b);
	return b;
}

static void expect_load_error(VM *vm, const char *b, size_t n, const char *what)
{
	String *err = NULL;
	Proto *p = bc_load(vm, b, n, "=f", &err);
	if (p != NULL)
		fail_msg("loaded a bad file (expected: %s)", what);
	if (strstr(getstr(err), what) == NULL)
		fail_msg("message '%s' lacks '%s'", getstr(err), what);
}

/* Fix the header's CRC after changing the payload. */
static void recrc(char *b, size_t n)
{
	uint32_t c = bc_crc32(b + BC_HEADERSIZE, n - BC_HEADERSIZE);
	for (int i = 0; i < 4; i++)
		b[28 + i] = (char)(c >> (8 * i));
}

static void test_header(void **state)
{
	VM *vm = *state;
	size_t n;
	char *b = dump(vm, &n);
	String *err = NULL;
	assert_non_null(bc_load(vm, b, n, "=f", &err));
	static const struct { int off; const char *what; } fields[] = {
		{0, "not a binary chunk"}, {3, "not a binary chunk"},
		{4, "version mismatch"}, {5, "Instruction size mismatch"},
		{6, "integer size mismatch"}, {7, "float size mismatch"},
		{8, "integer format mismatch"}, {15, "integer format mismatch"},
		{16, "float format mismatch"}, {23, "float format mismatch"},
		{27, "truncated chunk"}, {28, "checksum mismatch"},
		{40, "checksum mismatch"},
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		b[fields[i].off] ^= 0x40;
		expect_load_error(vm, b, n, fields[i].what);
		b[fields[i].off] ^= 0x40;
	}
	b[24]--;              /* payload size one less than present */
	expect_load_error(vm, b, n, "payload size mismatch");
	b[24]++;
	expect_load_error(vm, b, n - 1, "truncated chunk");
	expect_load_error(vm, b, 10, "truncated chunk");
	expect_load_error(vm, "x", 1, "not a binary chunk");
	free(b);
}

/* Every prefix and every single-byte change fails cleanly (or, for a
 * change the checksum cannot see, loads something that verifies). */
static void test_truncate_flip(void **state)
{
	VM *vm = *state;
	size_t n;
	char *b = dump(vm, &n);
	for (size_t len = 0; len < n; len++) {
		String *err = NULL;
		char *copy = malloc(len + 1);
		memcpy(copy, b, len);
		assert_null(bc_load(vm, copy, len, "=f", &err));
		free(copy);
	}
	/* flips inside the payload with a fixed-up checksum reach the loader's
	 * and the verifier's checks */
	for (size_t off = BC_HEADERSIZE; off < n; off++) {
		for (int bit = 0; bit < 8; bit += 3) {
			String *err = NULL;
			b[off] ^= (char)(1 << bit);
			recrc(b, n);
			Proto *p = bc_load(vm, b, n, "=f", &err);
			char msg[200];
			if (p != NULL)
				assert_true(verify_proto(p, msg, sizeof msg));
			else
				assert_non_null(strstr(getstr(err), "f: bad "));
			b[off] ^= (char)(1 << bit);
		}
		if (off % 64 == 0)
			gc_checkstep(vm);
	}
	recrc(b, n);
	free(b);
}

static void test_strip(void **state)
{
	VM *vm = *state;
	size_t n, m;
	Proto *p = compile(vm, SRC);
	char *full = bc_dump(p, 0, &n);
	char *stripped = bc_dump(p, 1, &m);
	assert_true(m < n);
	String *err = NULL;
	Proto *q = bc_load(vm, stripped, m, "=f", &err);
	assert_non_null(q);
	assert_int_equal(q->sizelineinfo, 0);
	assert_int_equal(q->sizelocvars, 0);
	assert_int_equal(q->sizecode, p->sizecode);
	free(full);
	free(stripped);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		VT_TEST(test_accepts),
		VT_TEST(test_instructions),
		VT_TEST(test_tbc),
		VT_TEST(test_shape),
		VT_TEST(test_header),
		VT_TEST(test_truncate_flip),
		VT_TEST(test_strip),
	};
	return cmocka_run_group_tests_name("verify", tests, NULL, NULL);
}
