/*
 * test_interp.c: what the Lua corpus cannot reach of the interpreter:
 * stack-overflow limits and recovery, out-of-memory recovery, the SYS
 * restart protocol (blocking, re-running from scratch, completion),
 * stop requests and budgets (a thread stopped at a check point continues
 * from object memory alone), builtin continuations across BI_CALL inside
 * coroutines, and an error thrown in a metamethod in a coroutine in pcall.
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
#include "vm/omem.h"

static int setup(void **state)
{
	(void)vt_setup;
	VM *vm = vt_open(0);
	tm_init(vm);
	vm_openlibs(vm);
	*state = vm;
	return 0;
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, vt_teardown)

/* Push a closure of src (with _ENV = _G). */
static void pushchunk(VM *vm, const char *src)
{
	String *err = NULL;
	Proto *p = vm_compile(vm, src, strlen(src), "=test", &err);
	if (p == NULL)
		fail_msg("compile: %s", getstr(err));
	LClosure *cl = func_newLclosure(vm, p->sizeupvalues);
	cl->p = p;
	Thread *L = vm->L;
	setgcovalue(&L->stack[L->top], cl);
	L->top++;
	func_initupvals(vm, cl);
	setgcovalue(cl->upvals[0]->v, vm->g->globals);
}

/* Run src; its first result must be the string `expect`. */
static void expect(VM *vm, const char *src, const char *expect)
{
	uint32_t top = vm->L->top;
	pushchunk(vm, src);
	int st = vm_call(vm, 0, 1, NULL);
	if (st != VMS_DONE)
		fail_msg("%s: status %d: %s", src, st, vt_errmsg(vm));
	Value *r = &vm->L->stack[vm->L->top - 1];
	if (!ttisstring(r))
		fail_msg("%s: result is not a string", src);
	assert_string_equal(getstr(strvalue(r)), expect);
	vm->L->top = top;
}

static void test_stack_overflow_recovers(void **state)
{
	VM *vm = *state;
	for (int i = 0; i < 3; i++) {
		expect(vm, "local function f(n) return 1 + f(n + 1) end "
		           "local ok, e = pcall(f, 1) "
		           "return tostring(ok) .. ' ' .. tostring(e:find('stack overflow') ~= nil)",
		       "false true");
		expect(vm, "local t = setmetatable({}, {}) "
		           "getmetatable(t).__index = function(s, k) return s[k] end "
		           "local ok, e = pcall(function() return t.x end) "
		           "return tostring(ok) .. ' ' .. tostring(e:find('stack overflow') ~= nil)",
		       "false true");
	}
	/* frames and stack came back: deep but finite recursion still works */
	expect(vm, "local function d(n) if n == 0 then return 0 end return 1 + d(n - 1) end "
	           "return tostring(d(50000))", "50000");
	assert_true(vm->L->nci <= 2);
}

static void test_uncaught_error_unwinds(void **state)
{
	VM *vm = *state;
	uint32_t nci = vm->L->nci, top = vm->L->top;
	pushchunk(vm, "local t = nil; return t.x");
	String *tb = NULL;
	assert_int_equal(vm_call(vm, 0, 0, &tb), VMS_ERROR);
	assert_string_equal(vt_errmsg(vm), "test:1: attempt to index a nil value (local 't')");
	assert_non_null(tb);
	assert_non_null(strstr(getstr(tb), "stack traceback:"));
	assert_int_equal(vm->L->nci, nci);
	assert_int_equal(vm->L->top, top + 1);
	vm->L->top = top;
}

static void test_out_of_memory_recovers(void **state)
{
	VM *vm = vt_open(16u << 20);
	tm_init(vm);
	vm_openlibs(vm);
	expect(vm, "local t = {} "
	           "local ok, e = pcall(function() for i = 1, 1e9 do t[i] = {i} end end) "
	           "t = nil; collectgarbage() "
	           "return tostring(ok) .. ' ' .. tostring(e)",
	       "false not enough memory");
	expect(vm, "local s = 0 for i = 1, 100 do s = s + #tostring(i) end return tostring(s)", "192");
	vm_close(vm);
}

static void test_continuation_across_yield(void **state)
{
	VM *vm = *state;
	/* pcall's continuation survives a yield through it */
	expect(vm, "local co = coroutine.wrap(function() "
	           "  return pcall(function() local x = coroutine.yield(1) return x * 2 end) end) "
	           "co() local ok, v = co(21) return tostring(ok) .. ' ' .. v", "true 42");
	/* print's and tostring's __tostring continuation, inside a coroutine */
	expect(vm, "local T = setmetatable({}, {__tostring = function() return 'T!' end}) "
	           "local co = coroutine.wrap(function() return tostring(T) .. tostring(T) end) "
	           "return co()", "T!T!");
	/* yield across a builtin without a continuation is refused */
	expect(vm, "local co = coroutine.create(function() "
	           "  table.sort({3, 2, 1}, function(a, b) coroutine.yield() return a < b end) end) "
	           "local ok, e = coroutine.resume(co) return e", "attempt to yield across a C-call boundary");
}

static void test_error_in_mm_in_coroutine_in_pcall(void **state)
{
	VM *vm = *state;
	expect(vm, "local ok, e = pcall(function() "
	           "  local co = coroutine.wrap(function() "
	           "    local t = setmetatable({}, {__add = function() error('mm failed') end}) "
	           "    return t + 1 end) "
	           "  return co() end) "
	           "return tostring(ok) .. ' ' .. e", "false test:1: test:1: mm failed");
	/* an xpcall handler runs on the erroring stack inside the coroutine */
	expect(vm, "local co = coroutine.wrap(function() "
	           "  return select(2, xpcall(function() return {} < {} end, "
	           "    function(m) return 'H:' .. m end)) end) "
	           "return co()", "H:test:1: attempt to compare two table values");
}

/* ---- SYS -------------------------------------------------------------------------------- */

static int syscalls;

/* Service 7: add its two arguments; blocks on the first call. */
static int testsys(VM *vm, uint32_t service, const Value *args, int nargs, Value *result)
{
	syscalls++;
	if (service != 7 || nargs != 2)
		return VM_SYS_ERROR;
	if (syscalls == 1)
		return VM_SYS_BLOCK;
	setivalue(result, ivalue(&args[0]) + ivalue(&args[1]));
	return VM_SYS_DONE;
}

/* A function(a, b) whose body is `sys 7; return1`. */
static void pushsysfunc(VM *vm)
{
	Proto *p = func_newproto(vm);
	p->code = om_newvector(vm, 2, Instruction);
	p->sizecode = 2;
	p->code[0] = CREATE_A(OP_SYS, 7);
	p->code[1] = CREATE_A(OP_RETURN1, 0);
	p->numparams = 2;
	p->maxstack = 4;
	LClosure *cl = func_newLclosure(vm, 0);
	cl->p = p;
	Thread *L = vm->L;
	setgcovalue(&L->stack[L->top], cl);
	L->top++;
}

static void test_sys_restart_protocol(void **state)
{
	VM *vm = *state;
	Thread *L = vm->L;
	vm->syshook = testsys;
	syscalls = 0;
	uint32_t top = L->top;
	pushsysfunc(vm);
	setivalue(&L->stack[L->top], 40); L->top++;
	setivalue(&L->stack[L->top], 2); L->top++;
	assert_int_equal(vm_call(vm, 2, 1, NULL), VMS_BLOCKED);
	/* standing before SYS, the stack as it was */
	CallInfo *ci = topci(L);
	assert_int_equal(ci->pc, 0);
	assert_int_equal(L->top - ci->base, 2);
	assert_int_equal(ivalue(&L->stack[ci->base]), 40);
	/* continued: the SYS runs again from scratch and completes */
	assert_int_equal(vm_execute(vm), VMS_DONE);
	assert_int_equal(syscalls, 2);
	assert_int_equal(ivalue(&L->stack[L->top - 1]), 42);
	L->top = top;
}

/* ---- stop requests and budgets ---------------------------------------------------- */

static void test_budget_and_stop(void **state)
{
	VM *vm = *state;
	Thread *L = vm->L;
	uint32_t top = L->top;
	pushchunk(vm, "local s = 0 for i = 1, 100000 do s = s + i end return tostring(s)");
	do_precall(vm, L->top - 1, 1, CIST_FRESH);
	int st, stops = 0;
	while ((st = vm_run(vm, L, 1000)) == VMS_BUDGET)
		stops++;
	assert_int_equal(st, VMS_DONE);
	assert_true(stops >= 50);
	assert_string_equal(getstr(strvalue(&L->stack[L->top - 1])), "5000050000");
	L->top = top;
	/* a stop request leaves the thread at a check point; it continues */
	pushchunk(vm, "local n = 0 while n < 1000 do n = n + 1 end return tostring(n)");
	do_precall(vm, L->top - 1, 1, CIST_FRESH);
	vm->requests |= VMREQ_STOP;
	assert_int_equal(vm_execute(vm), VMS_STOPPED);
	vm->requests &= ~VMREQ_STOP;
	assert_int_equal(vm_execute(vm), VMS_DONE);
	assert_string_equal(getstr(strvalue(&L->stack[L->top - 1])), "1000");
	L->top = top;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_stack_overflow_recovers),
		TEST(test_uncaught_error_unwinds),
		cmocka_unit_test(test_out_of_memory_recovers),
		TEST(test_continuation_across_yield),
		TEST(test_error_in_mm_in_coroutine_in_pcall),
		TEST(test_sys_restart_protocol),
		TEST(test_budget_and_stop),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
