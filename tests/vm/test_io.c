/*
 * test_io.c: io.read when the input has not arrived yet (BI_BLOCK).
 *
 * In the kernel plat_readline never sleeps: with no line there it says
 * PLAT_WOULDBLOCK, the read call undoes itself and the thread waits
 * outside the interpreter (VMS_BLOCKED, vm->wait == VMWAIT_INPUT), then
 * runs the call again. Here plat_readline_hook plays that console: the
 * input is released a few bytes at a time, only when the VM says it waits,
 * and every program must give exactly what it gives when all the input is
 * there from the start, which is what lua5.4 gives (the expected strings
 * were printed by lua5.4 with the same program and input). At every wait
 * the heap is collected and checked, and the waiting frame must be the io
 * builtin's, standing as it was entered.
 */
#include "tests/vm/vmtest.h"
#include <stdio.h>
#include "vm/interp.h"
#include "vm/parse.h"
#include "vm/func.h"
#include "vm/gc.h"
#include "vm/string.h"
#include "vm/table.h"
#include "vm/tm.h"
#include "vm/builtin.h"
#include "vm/api.h"
#include "vm/platform.h"

/* ---- the scripted console ------------------------------------------------------ */

static const char *in_text;	/* all the input */
static size_t in_len;
static size_t in_released;	/* bytes the "console" has received so far */
static size_t in_pos;		/* bytes handed out */
static int in_ended;		/* end of input received */

/* Like the kernel: what has arrived, up to and with a newline (or the
 * buffer full), never waiting. Bytes released in the middle of a line are
 * handed out as a piece, which the io library must join with the rest. */
static long script_readline(char *buf, size_t size)
{
	if (in_pos == in_released)
		return in_ended ? 0 : PLAT_WOULDBLOCK;
	size_t n = 0;
	while (n < size - 1 && in_pos < in_released) {
		char c = in_text[in_pos++];
		buf[n++] = c;
		if (c == '\n')
			break;
	}
	buf[n] = '\0';
	return (long)n;
}

static int setup(void **state)
{
	(void)vt_setup;
	VM *vm = vt_open(0);
	tm_init(vm);
	vm_openlibs(vm);
	*state = vm;
	plat_readline_hook = script_readline;
	return 0;
}

static int teardown(void **state)
{
	plat_readline_hook = NULL;
	return vt_teardown(state);
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

static void pushchunk(VM *vm, const char *src)
{
	String *err = NULL;
	Proto *p = vm_compile(vm, src, strlen(src), "=test", &err);
	if (p == NULL)
		fail_msg("compile: %s", getstr(err));
	Thread *L = vm->L;
	setgcovalue(&L->stack[L->top], func_newmain(vm, p, NULL));
	L->top++;
}

/* The io builtin waiting on top of the running thread: its frame as it
 * was entered (pc 0: not a continuation), nothing pushed by it. */
static void check_waiting_frame(VM *vm)
{
	Thread *L = vm->L;
	CallInfo *ci = topci(L);
	assert_false(ci->callstatus & CIST_LUA);
	Value *f = &L->stack[ci->func];
	uint32_t id = ttisbuiltin(f) ? builtinid(f) : clBvalue(f)->id;
	assert_int_equal(id >> 8, BLIB_IO);
	assert_int_equal(ci->pc, 0);
	assert_true(L->top >= ci->base);
	assert_true(L->top - ci->base <= 8);	/* only its arguments */
}

/* Run src with the input `text`, released `step` bytes per wait (0: all of
 * it, and its end, at once). Returns the program's string result (static
 * buffer); *waits counts the waits. */
static const char *run(VM *vm, const char *src, const char *text, size_t step, int *waits)
{
	static char result[8192];
	in_text = text;
	in_len = strlen(text);
	in_pos = 0;
	in_released = step == 0 ? in_len : 0;
	in_ended = step == 0;
	*waits = 0;
	Thread *L = vm->L;
	uint32_t top = L->top;
	pushchunk(vm, src);
	int st = vm_call(vm, 0, 1, NULL);
	while (st == VMS_BLOCKED) {
		assert_int_equal(vm->wait, VMWAIT_INPUT);
		vm->wait = VMWAIT_NONE;
		check_waiting_frame(vm);
		gc_fullgc(vm);
		const char *bad = gc_checkheap(vm);
		if (bad != NULL)
			fail_msg("heap check at wait %d: %s", *waits, bad);
		(*waits)++;
		if (*waits > 100000)
			fail_msg("endless waits");
		if (in_released == in_len)
			in_ended = 1;
		else
			in_released = in_released + step > in_len ? in_len : in_released + step;
		st = vm_run(vm, L, 0);	/* as the kernel goes on: from the thread,
					   following the coroutines it resumes */
	}
	if (st != VMS_DONE)
		fail_msg("status %d: %s", st, vt_errmsg(vm));
	assert_ptr_equal(vm->L, L);
	Value *r = &L->stack[L->top - 1];
	if (!ttisstring(r))
		fail_msg("result is not a string");
	snprintf(result, sizeof result, "%s", getstr(strvalue(r)));
	L->top = top;
	assert_int_equal(in_pos, in_len);	/* everything was read */
	return result;
}

/* The same program must give the same with the input all there and with
 * it trickling in 1, 2, 3, 7 and 64 bytes at a time. */
static void same_when_trickled(VM *vm, const char *src, const char *text, const char *want)
{
	int waits;
	char ref[8192];
	snprintf(ref, sizeof ref, "%s", run(vm, src, text, 0, &waits));
	assert_int_equal(waits, 0);
	if (want != NULL)
		assert_string_equal(ref, want);
	static const size_t steps[] = {1, 2, 3, 7, 64};
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		const char *got = run(vm, src, text, steps[i], &waits);
		if (strcmp(got, ref) != 0)
			fail_msg("released %zu bytes at a time:\n got  %s\n want %s", steps[i], got, ref);
		assert_true(waits > 0);
		if (steps[i] == 1)	/* a wait for (nearly) every byte, and the end */
			assert_true((size_t)waits >= strlen(text) / 2);
	}
}

#define PUT "local out = {} " \
	"local function put(...) " \
	"  for i = 1, select('#', ...) do local v = select(i, ...) " \
	"    out[#out + 1] = type(v) == 'string' and string.format('%q', v) or tostring(v) end " \
	"  out[#out + 1] = '|' end "

static void test_formats_wait_for_input(void **state)
{
	VM *vm = *state;
	same_when_trickled(vm, PUT
		"put(io.read('l')) put(io.read('L')) put(io.read('n', 'n')) put(io.read(4)) "
		"put(io.read('l', 'l')) put(io.read(0)) put(io.read('a')) put(io.read('l')) "
		"return table.concat(out, ' ')",
		"first line\nsecond\n 12\n\n  0x1F abcdefg\nnext\n\nrest\nof it",
		"\"first line\" | \"second\\\n\" | 12 31 | \" abc\" | \"defg\" \"next\" | "
		"\"\" | \"\\\nrest\\\nof it\" | nil |");
}

/* lua5.4's stdlib_io sequence (tests/lua/stdlib_io.lua), the reads only. */
static void test_stdlib_io_sequence(void **state)
{
	VM *vm = *state;
	same_when_trickled(vm, PUT
		"put(io.read('n', 'n', 'l')) put(io.read('L')) "
		"put(io.read(3), io.read(0), io.read('n')) put(io.read('n')) put(io.read('l')) "
		"for i = 1, 5 do put(io.read('n'), io.read('l')) end "
		"put(pcall(io.read, 'x')) "
		"for l in io.lines() do put(l) if l == 'stop' then break end end "
		"for a, b in io.stdin:lines(1, 'l') do put(a, b) if a == 'z' then break end end "
		"put(io.read('a')) "
		"put(io.read('a'), io.read('l'), io.read(0), io.read('n'), io.read(5)) "
		"return table.concat(out, ' ')",
		"12 0x1F rest of line\nsecond line\nabcdef -3.5e2x\n.5\n1e\n0x\n--1\n  +7\n"
		"line1\nline2\nstop\nz\nw\nq\nremaining\nall\n",
		/* what lua5.4 gives with this input */
		"12 31 \" rest of line\" | \"second line\\\n\" | \"abc\" \"\" nil | "
		"nil | \"def -3.5e2x\" | 0.5 \"\" | nil \"\" | nil \"\" | nil \"-1\" | "
		"7 \"\" | "
		"false \"bad argument #1 to 'io.read' (invalid format)\" | "
		"\"line1\" | \"line2\" | \"stop\" | \"z\" \"\" | "
		"\"w\\\nq\\\nremaining\\\nall\\\n\" | \"\" nil nil nil nil |");
}

/* Waiting reads reached other ways than a plain call: pcall, a tail call,
 * a coroutine, a lines iterator in a generic for, a method call, and a
 * bad format after a good one (raises with nothing read). */
static void test_calls_that_wait(void **state)
{
	VM *vm = *state;
	same_when_trickled(vm, PUT
		"put(pcall(io.read, 'l', 'n')) "
		"local function tail() return io.read('L') end put(tail()) "
		"local co = coroutine.wrap(function(a) local x = io.read('n') "
		"  local y = coroutine.yield(x + a) return io.read(y) end) "
		"put(co(1)) put(co(3)) "
		"put(io.stdin:read('l')) "
		"put(pcall(io.read, 'l', 'x')) put(pcall(io.read, 2.5)) "
		"for a, b in io.lines(nil, 2, 'l') do put(a, b) if b == 'end' then break end end "
		"put(io.read('a')) "
		"return table.concat(out, ' ')",
		"one\n 42 two\n 7 xyz\nmore\nab\ncdend\nefend\ntail\n",
		"true \"one\" 42 | \" two\\\n\" | 8 | \" xy\" | \"z\" | "
		"false \"bad argument #2 to 'io.read' (invalid format)\" | "
		"false \"bad argument #1 to 'io.read' (number has no integer representation)\" | "
		"\"ab\" \"\" | \"cd\" \"end\" | \"efend\\\ntail\\\n\" |");
}

/* A long line comes in pieces; "a" over many lines. */
static void test_long_input(void **state)
{
	VM *vm = *state;
	static char text[12000];
	size_t n = 0;
	for (int i = 0; i < 5000; i++)
		text[n++] = (char)('a' + i % 26);
	text[n++] = '\n';
	for (int i = 0; i < 300; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "%d\n", i);
	text[n] = '\0';
	int waits;
	const char *src = "local l = io.read('l') local s = 0 "
		"for x in io.lines(nil, 'n') do s = s + x end "
		"return #l .. ' ' .. l:sub(4990) .. ' ' .. s";
	const char *want = "5000 xyzabcdefgh 44850";
	assert_string_equal(run(vm, src, text, 0, &waits), want);
	assert_string_equal(run(vm, src, text, 97, &waits), want);
	assert_true(waits > 50);
	src = "local a = io.read('a') return #a .. ' ' .. a:sub(-8)";
	want = "6091 298\n299\n";
	assert_string_equal(run(vm, src, text, 0, &waits), want);
	assert_string_equal(run(vm, src, text, 501, &waits), want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_formats_wait_for_input),
		TEST(test_stdlib_io_sequence),
		TEST(test_calls_that_wait),
		TEST(test_long_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
