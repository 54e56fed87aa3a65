/*
 * test_compile.c: the Lua compiler. Code shapes of small snippets
 * (globals, fields, folding, ADDI/ADDK, conditions, calls, returns), lua5.4's
 * compile-error messages, chunk names, literals, and the whole Lua corpus:
 * every tests/lua program compiles, verifies, and survives a dump/load
 * round trip unchanged.
 */
#include "tests/vm/vmtest.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include "vm/parse.h"
#include "vm/lex.h"
#include "vm/bytecode.h"
#include "vm/verify.h"
#include "vm/platform.h"

static Proto *compile(VM *vm, const char *src)
{
	String *err = NULL;
	Proto *p = vm_compile(vm, src, strlen(src), src, &err);
	if (p == NULL)
		fail_msg("compile error: %s", getstr(err));
	char msg[200];
	if (!verify_proto(p, msg, sizeof msg))
		fail_msg("%s does not verify: %s", src, msg);
	return p;
}

/* The opcode names of p's code, space separated. */
static const char *shape(const Proto *p)
{
	static char buf[2048];
	buf[0] = '\0';
	for (int i = 0; i < p->sizecode; i++) {
		if (i > 0)
			strcat(buf, " ");
		strcat(buf, vm_opnames[GET_OP(p->code[i])]);
	}
	return buf;
}

static void check_shape(VM *vm, const char *src, const char *expect)
{
	Proto *p = compile(vm, src);
	const char *got = shape(p);
	if (strcmp(got, expect) != 0)
		fail_msg("%s\n  expected: %s\n  got:      %s", src, expect, got);
}

static void check_error(VM *vm, const char *src, const char *expect)
{
	String *err = NULL;
	Proto *p = vm_compile(vm, src, strlen(src), src, &err);
	if (p != NULL)
		fail_msg("%s: compiled, expected %s", src, expect);
	if (strcmp(getstr(err), expect) != 0)
		fail_msg("%s\n  expected: %s\n  got:      %s", src, expect, getstr(err));
}

static void test_hello(void **state)
{
	VM *vm = *state;
	Proto *p = compile(vm, "print('hello')");
	assert_string_equal(shape(p), "GETTABUP LOADK CALL RETURN0");
	assert_int_equal(p->is_vararg, 1);
	assert_int_equal(p->sizeupvalues, 1);
	assert_string_equal(getstr(p->upvalues[0].name), "_ENV");
	assert_int_equal(p->lineinfo[0], 1);
}

static void test_shapes(void **state)
{
	VM *vm = *state;
	check_shape(vm, "return 1 + 2 * 3", "LOADI RETURN1 RETURN0");
	check_shape(vm, "return 1 // 0", "LOADI IDIVK RETURN1 RETURN0");
	check_shape(vm, "return 0/0", "LOADI DIVK RETURN1 RETURN0");
	check_shape(vm, "return -0.0", "LOADF UNM RETURN1 RETURN0");
	check_shape(vm, "return 2^10, 7 % 3, 1 << 4, ~5", "LOADF LOADI LOADI LOADI RETURN RETURN0");
	check_shape(vm, "return 1.5 | 0", "LOADK BORK RETURN1 RETURN0");
	check_shape(vm, "local x = ... return x + 1", "VARARG ADDLK RETURN1 RETURN0");
	check_shape(vm, "local x = ... return x + 1.5", "VARARG ADDLK RETURN1 RETURN0");
	check_shape(vm, "local x = ... return 1 + x", "VARARG LOADI ADDXL RETURN1 RETURN0");
	check_shape(vm, "local x = ... return x - 1", "VARARG SUBLK RETURN1 RETURN0");
	check_shape(vm, "x = y.z", "GETTABUP GETFIELD SETTABUP RETURN0");
	check_shape(vm, "local t = {} t.a = t[1]", "NEWTABLE GETLOCAL GETINT SETFIELDL RETURN0");
	check_shape(vm, "return f()", "GETTABUP TAILCALL RETURN0");
	check_shape(vm, "return (f())", "GETTABUP CALL RETURN1 RETURN0");
	check_shape(vm, "return ...", "VARARG RETURN RETURN0");
	check_shape(vm, "local a <const> = 1 return a", "LOADI GETLOCAL RETURN1 RETURN0");
	check_shape(vm, "return a .. b .. c", "GETTABUP GETTABUP GETTABUP CONCAT RETURN1 RETURN0");
	check_shape(vm, "if not x then y() end", "GETTABUP JMPIF GETTABUP CALL RETURN0");
	check_shape(vm, "if a and b then y() end",
		"GETTABUP JMPIFNOT GETTABUP JMPIFNOT GETTABUP CALL RETURN0");
	check_shape(vm, "while true do end", "JMP RETURN0");
	check_shape(vm, "local t = {1, 2, x = 3}",
		"NEWTABLE LOADI LOADI LOADI SETFIELDX SETLIST RETURN0");
	check_shape(vm, "local t = {f()}", "NEWTABLE GETTABUP CALL SETLIST EXTRAARG RETURN0");
	check_shape(vm, "local a, b = 1 a, b = b, a",
		"LOADI LOADNIL GETLOCAL2 SETLOCAL SETLOCAL RETURN0");
	check_shape(vm, "for i = 1, 10 do end", "LOADI LOADI LOADI LOADNIL FORPREP FORLOOP POP RETURN0");
	check_shape(vm, "local s = 'x' s:upper()", "LOADK SELFL CALL RETURN0");
	check_shape(vm, "return x == nil", "GETTABUP LOADNIL EQ RETURN1 RETURN0");
	check_shape(vm, "local x = ... return (x + 1) * 2", "VARARG ADDLK MULK RETURN1 RETURN0");
}

/* Superinstructions: a local left operand is read by the operator. */
static void test_superinstructions(void **state)
{
	VM *vm = *state;
	check_shape(vm, "local a, b = ... a = b", "VARARG MOVE RETURN0");
	check_shape(vm, "local x, y, z = ... return (x + y) * z, x // (y - 1) - z",
		"VARARG ADDLL MULXL SUBLK IDIVLX SUBXL RETURN RETURN0");
	check_shape(vm, "local a, b = ... a = a + b if a < b then return end",
		"VARARG ADDLL SETLOCAL LTLL JMPIFNOT RETURN0 RETURN0");
	check_shape(vm, "local a, b = ... return a + f(), a == 'x', t[a], a[b], a.x",
		"VARARG GETTABUP CALL ADDLX EQLK GETTABUP GETLOCAL GETTABLE GETTABLELL "
		"GETFIELDL RETURN RETURN0");
	check_shape(vm, "local t, i = ... t[i], t.x = 1, 2",
		"VARARG LOADI LOADI SETFIELDL SETTABLELL RETURN0");
	check_shape(vm, "local t, i = ... t[i], i = 1, 2",   /* copies: i is assigned first */
		"VARARG GETLOCAL2 LOADI LOADI SETLOCAL SETTABLELL POP RETURN0");
	check_shape(vm, "local t, u = ... t, t.x = u, 1",
		"VARARG GETLOCAL LOADI SETFIELDL SETLOCAL RETURN0");
	check_shape(vm, "local t, i = ... t[i] = t[i + 1]",
		"VARARG GETLOCAL ADDLK GETTABLE SETTABLELL RETURN0");
	check_shape(vm, "local t, i = ... return t[i + 1] > 2, i ~= t",
		"VARARG GETLOCAL ADDLK GETTABLE LOADI GT NELL RETURN RETURN0");
}

static void test_and_or_values(void **state)
{
	VM *vm = *state;
	check_shape(vm, "return a and b", "GETTABUP ANDJMP GETTABUP RETURN1 RETURN0");
	check_shape(vm, "return a or b", "GETTABUP ORJMP GETTABUP RETURN1 RETURN0");
	check_shape(vm, "return nil or b", "GETTABUP RETURN1 RETURN0");
	check_shape(vm, "return true and b", "GETTABUP RETURN1 RETURN0");
	compile(vm, "return (a and b or c) and (d or e) or f and g()");
	compile(vm, "if (a or b) and (c or (d and e)) then x() elseif not (f and g) then y() end");
	compile(vm, "while a and (b or c) do local z = 1 if z then break end end");
	compile(vm, "repeat local x = f() local g = function() return x end until x and g");
}

static void test_scopes(void **state)
{
	VM *vm = *state;
	compile(vm, "for i = 1, 3 do if i == 2 then goto continue end local x = i "
		"f = function() return x end ::continue:: end");
	compile(vm, "local i = 1 ::top:: local x = i i = i + 1 "
		"if i < 3 then goto top end return x");
	compile(vm, "for k, v in pairs(t) do local a, b = k, v "
		"while a do if b then break end a = nil end end");
	compile(vm, "do local a = 1 do local b = 2 goto out end end ::out::");
	compile(vm, "local a, b, c = f() local t = {a, b, c, f()} t[a], t.x, c = g()");
	compile(vm, "local function fib(n) if n < 2 then return n end "
		"return fib(n - 1) + fib(n - 2) end return fib(10)");
	compile(vm, "local t = setmetatable({}, {}) function t.a.b:c(x, ...) "
		"return self, x, ... end");
	Proto *p = compile(vm, "local a = 1 local function f() return a end");
	assert_int_equal(p->sizep, 1);
	assert_int_equal(p->p[0]->upvalues[0].instack, 1);
	assert_int_equal(p->p[0]->upvalues[0].idx, 0);
	assert_string_equal(getstr(p->p[0]->upvalues[0].name), "a");
	assert_int_equal(p->sizelocvars, 2);
	assert_string_equal(getstr(p->locvars[1].varname), "f");
	assert_int_equal(p->locvars[1].slot, 1);
}

static void test_errors(void **state)
{
	VM *vm = *state;
	static const char *const cases[][2] = {
		{"x = ", "[string \"x = \"]:1: unexpected symbol near <eof>"},
		{"x = = 1", "[string \"x = = 1\"]:1: unexpected symbol near '='"},
		{"local 1 = 2", "[string \"local 1 = 2\"]:1: <name> expected near '1'"},
		{"f(\n\n", "[string \"f(...\"]:3: unexpected symbol near <eof>"},
		{"function f()\nx = 1\n", "[string \"function f()...\"]:3: 'end' expected (to close 'function' at line 1) near <eof>"},
		{"x = \"abc", "[string \"x = \"abc\"]:1: unfinished string near <eof>"},
		{"x = \"abc\ny", "[string \"x = \"abc...\"]:1: unfinished string near '\"abc'"},
		{"x = 3x", "[string \"x = 3x\"]:1: malformed number near '3x'"},
		{"function (", "[string \"function (\"]:1: <name> expected near '('"},
		{"local x\nlocal y\nbreak", "[string \"local x...\"]:3: break outside loop at line 3"},
		{"goto x", "[string \"goto x\"]:1: no visible label 'x' for <goto> at line 1"},
		{"goto f; local x; ::f:: print(x)", "[string \"goto f; local x; ::f:: print(x)\"]:1: <goto f> at line 1 jumps into the scope of local 'x'"},
		{"::a:: ::a::", "[string \"::a:: ::a::\"]:1: label 'a' already defined on line 1"},
		{"local x <const> = 1; x = 2", "[string \"local x <const> = 1; x = 2\"]:1: attempt to assign to const variable 'x'"},
		{"local x <foo>", "[string \"local x <foo>\"]:1: unknown attribute 'foo'"},
		{"f() = 1", "[string \"f() = 1\"]:1: syntax error near '='"},
		{"x = 'a' 'b'", "[string \"x = 'a' 'b'\"]:1: unexpected symbol near ''b''"},
		{"function f() x = ... end", "[string \"function f() x = ... end\"]:1: cannot use '...' outside a vararg function near '...'"},
		{"x = \"\\q\"", "[string \"x = \"\\q\"\"]:1: invalid escape sequence near '\"\\q'"},
		{"x = \"\\u{110000000}\"", "[string \"x = \"\\u{110000000}\"\"]:1: UTF-8 value too large near '\"\\u{110000000'"},
		{"x = [==[ a ]=]", "[string \"x = [==[ a ]=]\"]:1: unfinished long string (starting at line 1) near <eof>"},
		{"for i = 1 do end", "[string \"for i = 1 do end\"]:1: ',' expected near 'do'"},
		{"x = }", "[string \"x = }\"]:1: unexpected symbol near '}'"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		check_error(vm, cases[i][0], cases[i][1]);
	char big[4000] = "";
	for (int i = 1; i <= 201; i++)
		sprintf(big + strlen(big), "local v%d = %d\n", i, i);
	check_error(vm, big, "[string \"local v1 = 1...\"]:201: too many local variables "
		"(limit is 200) in main function near '='");
}

static void test_chunkid(void **state)
{
	char out[LEX_IDSIZE];
	lex_chunkid(out, "=stdin", 6);
	assert_string_equal(out, "stdin");
	lex_chunkid(out, "@file.lua", 9);
	assert_string_equal(out, "file.lua");
	const char *longfile = "@/a/very/long/path/that/goes/on/and/on/and/on/and/on/for/ever/file.lua";
	lex_chunkid(out, longfile, strlen(longfile));
	assert_string_equal(out + 3, longfile + strlen(longfile) - (LEX_IDSIZE - 4));
	assert_int_equal(strlen(out), LEX_IDSIZE - 1);
	assert_memory_equal(out, "...", 3);
	lex_chunkid(out, "x = 1", 5);
	assert_string_equal(out, "[string \"x = 1\"]");
	lex_chunkid(out, "x = 1\ny = 2", 11);
	assert_string_equal(out, "[string \"x = 1...\"]");
	const char *s = "a = 1 a = 1 a = 1 a = 1 a = 1 a = 1 a = 1 a = 1 a = 1 a = 1";
	lex_chunkid(out, s, strlen(s));
	assert_string_equal(out, "[string \"a = 1 a = 1 a = 1 a = 1 a = 1 a = 1 a = 1 a =...\"]");
}

static void test_literals(void **state)
{
	VM *vm = *state;
	Proto *p = compile(vm, "return 0xffffffffffffffff, 9223372036854775808, "
		"9223372036854775807, 0x1p4, 0x.8, 1e2, \"\\u{7FFFFFFF}\\z   \n x\", "
		"'\\65\\066\\x43\\0'");
	/* values are pushed in order; find them among the constants */
	int sawbigf = 0, sawmax = 0, sawutf = 0, sawesc = 0;
	for (int i = 0; i < p->sizek; i++) {
		Value *k = &p->k[i];
		if (ttisfloat(k) && fltvalue(k) == 9223372036854775808.0)
			sawbigf = 1;
		if (ttisinteger(k) && ivalue(k) == INT64_MAX)
			sawmax = 1;
		if (ttisstring(k) && tsslen(strvalue(k)) == 7 &&
		    memcmp(getstr(strvalue(k)), "\xfd\xbf\xbf\xbf\xbf\xbfx", 7) == 0)
			sawutf = 1;
		if (ttisstring(k) && tsslen(strvalue(k)) == 4 &&
		    memcmp(getstr(strvalue(k)), "ABC\0", 4) == 0)
			sawesc = 1;
	}
	assert_true(sawbigf);
	assert_true(sawmax);
	assert_true(sawutf);
	assert_true(sawesc);
	/* -1 (hex wraps), 16.0, 0.5 and 100.0 fit in LOADI/LOADF */
	assert_int_equal(GET_OP(p->code[0]), OP_LOADI);
	assert_int_equal(GETARG_sA(p->code[0]), -1);
	check_error(vm, "x = 0x", "[string \"x = 0x\"]:1: malformed number near '0x'");
	compile(vm, "--[==[ long\ncomment ]==] x = [==[\nline]]\n]==] -- [[ comment ]]");
}

/* Every corpus program compiles, verifies and round-trips through a file. */
static void test_corpus(void **state)
{
	VM *vm = *state;
	DIR *d = opendir("tests/lua");
	assert_non_null(d);
	struct dirent *e;
	int n = 0;
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);
		if (l < 5 || strcmp(e->d_name + l - 4, ".lua") != 0 ||
		    strncmp(e->d_name, "compile_err_", 12) == 0)
			continue;
		char path[600], err[200];
		snprintf(path, sizeof path, "tests/lua/%s", e->d_name);
		size_t len;
		char *src = plat_readfile(path, &len, err, sizeof err);
		assert_non_null(src);
		size_t skip = 0;
		if (len > 0 && src[0] == '#')
			while (skip < len && src[skip] != '\n')
				skip++;
		String *cerr = NULL;
		Proto *p = vm_compile(vm, src + skip, len - skip, path, &cerr);
		plat_freefile(src);
		if (p == NULL)
			fail_msg("%s: %s", path, getstr(cerr));
		if (!verify_proto(p, err, sizeof err))
			fail_msg("%s: %s", path, err);
		size_t n1, n2;
		char *b1 = bc_dump(p, 0, &n1);
		Proto *q = bc_load(vm, b1, n1, path, &cerr);
		if (q == NULL)
			fail_msg("%s: reload: %s", path, getstr(cerr));
		char *b2 = bc_dump(q, 0, &n2);
		assert_int_equal(n1, n2);
		assert_memory_equal(b1, b2, n1);
		free(b1);
		free(b2);
		n++;
	}
	closedir(d);
	assert_true(n > 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		VT_TEST(test_hello),
		VT_TEST(test_shapes),
		VT_TEST(test_superinstructions),
		VT_TEST(test_and_or_values),
		VT_TEST(test_scopes),
		VT_TEST(test_errors),
		cmocka_unit_test(test_chunkid),
		VT_TEST(test_literals),
		VT_TEST(test_corpus),
	};
	return cmocka_run_group_tests_name("compile", tests, NULL, NULL);
}
