/*
 * test_gc.c: the incremental collector: garbage cycles are reclaimed,
 * everything reachable survives many cycles (tables, strings, protos,
 * closures, upvalues open and closed, builtin closures, internals, thread
 * stacks), and a random mutator interleaved with small collector steps
 * keeps the heap sound (gc_checkheap after every step).
 */
#include "tests/vm/vmtest.h"
#include <stdio.h>
#include <stdlib.h>
#include "vm/gc.h"
#include "vm/table.h"
#include "vm/string.h"
#include "vm/func.h"
#include "vm/omem.h"

static void setglobal(VM *vm, const char *name, GCObject *o)
{
	Value v;
	if (o == NULL)
		setnilvalue(&v);
	else
		setgcovalue(&v, o);
	tab_setstr(vm, vm->g->globals, str_newz(vm, name), &v);
}

static const Value *getglobal(VM *vm, const char *name)
{
	return tab_getstr(vm->g->globals, str_newz(vm, name));
}

static void checkheap(VM *vm)
{
	const char *err = gc_checkheap(vm);
	if (err != NULL)
		fail_msg("heap check (state %d): %s", vm->g->gcstate, err);
}

static void test_cycles_reclaimed(void **state)
{
	VM *vm = *state;
	gc_fullgc(vm);
	size_t base = gc_count(vm);
	for (int i = 0; i < 2000; i++) {
		Table *a = tab_new(vm), *b = tab_new(vm);
		Value va, vb;
		setgcovalue(&va, a);
		setgcovalue(&vb, b);
		tab_setint(vm, a, 1, &vb);
		tab_setint(vm, b, 1, &va);
		tab_setstr(vm, a, str_newz(vm, "self"), &va);
		LClosure *cl = func_newLclosure(vm, 1);
		func_initupvals(vm, cl);
		setgcovalue(cl->upvals[0]->v, cl);   /* closure -> upvalue -> closure */
	}
	assert_true(gc_count(vm) > base + 100000);
	gc_fullgc(vm);
	checkheap(vm);
	assert_true(gc_count(vm) <= base + 1024);
}

/* A structure of every kind of object, reachable from the globals. */
static void build(VM *vm)
{
	Table *t = tab_new(vm);
	setglobal(vm, "t", obj2gco(t));
	char buf[64];
	for (int i = 1; i <= 200; i++) {
		snprintf(buf, sizeof buf, "string number %d, long enough to be long", i);
		Value s;
		setsvalue(&s, str_newz(vm, buf));
		tab_setint(vm, t, i, &s);
		snprintf(buf, sizeof buf, "k%d", i);
		tab_setstr(vm, t, str_newz(vm, buf), &s);
	}
	Proto *p = func_newproto(vm);
	setglobal(vm, "proto_holder", NULL);
	p->source = str_newz(vm, "@test.lua");
	p->k = om_newvector(vm, 2, Value);
	p->sizek = 2;
	setsvalue(&p->k[0], str_newz(vm, "constant zero"));
	setsvalue(&p->k[1], str_newz(vm, "a long constant, more than forty characters long"));
	LClosure *cl = func_newLclosure(vm, 2);
	cl->p = p;
	func_initupvals(vm, cl);
	Table *inner = tab_new(vm);
	setgcovalue(cl->upvals[0]->v, inner);
	setsvalue(cl->upvals[1]->v, str_newz(vm, "upvalue string"));
	setglobal(vm, "cl", obj2gco(cl));
	BClosure *bc = func_newBclosure(vm, 0x0101, 1);
	setsvalue(&bc->upvalue[0], str_newz(vm, "bclosure upvalue"));
	setglobal(vm, "bc", obj2gco(bc));
	Internal *in = internal_new(vm, 7, 1);
	in->metatable = tab_new(vm);
	setgcovalue(&in->uvalue[0], tab_new(vm));
	setglobal(vm, "in", obj2gco(in));
	Thread *th = thread_new(vm);
	setglobal(vm, "th", obj2gco(th));
	setsvalue(&th->stack[0], str_newz(vm, "on the stack"));
	setgcovalue(&th->stack[1], tab_new(vm));
	th->top = 2;
}

static void verify(VM *vm)
{
	char buf[64];
	Table *t = tvalue(getglobal(vm, "t"));
	for (int i = 1; i <= 200; i++) {
		snprintf(buf, sizeof buf, "string number %d, long enough to be long", i);
		assert_string_equal(getstr(strvalue(tab_getint(t, i))), buf);
		snprintf(buf, sizeof buf, "k%d", i);
		assert_true(ttisstring(tab_getstr(t, str_newz(vm, buf))));
	}
	LClosure *cl = clLvalue(getglobal(vm, "cl"));
	assert_string_equal(getstr(cl->p->source), "@test.lua");
	assert_string_equal(getstr(strvalue(&cl->p->k[0])), "constant zero");
	assert_true(ttistable(cl->upvals[0]->v));
	assert_string_equal(getstr(strvalue(cl->upvals[1]->v)), "upvalue string");
	BClosure *bc = clBvalue(getglobal(vm, "bc"));
	assert_string_equal(getstr(strvalue(&bc->upvalue[0])), "bclosure upvalue");
	Internal *in = internalvalue(getglobal(vm, "in"));
	assert_non_null(in->metatable);
	Thread *th = thvalue(getglobal(vm, "th"));
	assert_string_equal(getstr(strvalue(&th->stack[0])), "on the stack");
	assert_true(ttistable(&th->stack[1]));
}

static void test_reachable_survive(void **state)
{
	VM *vm = *state;
	build(vm);
	for (int i = 0; i < 20; i++) {
		gc_fullgc(vm);
		checkheap(vm);
		verify(vm);
		for (int j = 0; j < 30; j++) {   /* and incremental cycles */
			str_newz(vm, "garbage");
			tab_new(vm);
			vm->g->GCdebt = 4096;
			gc_checkstep(vm);
			checkheap(vm);
		}
		verify(vm);
	}
}

/* An open upvalue of an unreachable thread keeps its value alive through a
 * reachable closure; freeing the thread closes the upvalue. */
static void test_open_upvalues(void **state)
{
	VM *vm = *state;
	Thread *th = thread_new(vm);
	Table *val = tab_new(vm);
	Value one;
	setivalue(&one, 42);
	tab_setint(vm, val, 1, &one);
	setgcovalue(&th->stack[3], val);
	th->top = 5;
	UpVal *uv = func_findupval(vm, th, 3);
	assert_ptr_equal(uv, func_findupval(vm, th, 3));
	UpVal *uv1 = func_findupval(vm, th, 1);
	UpVal *uv4 = func_findupval(vm, th, 4);
	assert_ptr_equal(th->openupval, uv4);
	assert_ptr_equal(uv4->u.open.next, uv);
	assert_ptr_equal(uv->u.open.next, uv1);
	LClosure *cl = func_newLclosure(vm, 1);
	cl->upvals[0] = uv;
	setglobal(vm, "cl", obj2gco(cl));
	/* the thread is reachable for a while: incremental steps */
	setglobal(vm, "th", obj2gco(th));
	for (int i = 0; i < 50; i++) {
		vm->g->GCdebt = 1024;
		gc_checkstep(vm);
		checkheap(vm);
	}
	setglobal(vm, "th", NULL);
	gc_fullgc(vm);
	checkheap(vm);
	assert_false(upisopen(uv));
	assert_true(ttistable(uv->v));
	assert_int_equal(ivalue(tab_getint(tvalue(uv->v), 1)), 42);
	/* closing on a live thread */
	Thread *th2 = thread_new(vm);
	setglobal(vm, "th2", obj2gco(th2));
	setivalue(&th2->stack[0], 7);
	th2->top = 1;
	UpVal *u2 = func_findupval(vm, th2, 0);
	func_closeupvals(vm, th2, 0);
	assert_false(upisopen(u2));
	assert_int_equal(ivalue(u2->v), 7);
	assert_null(th2->openupval);
	gc_fullgc(vm);
	checkheap(vm);
}

/* The checker notices a write into a black table without a barrier. */
static void test_checker_catches_missing_barrier(void **state)
{
	VM *vm = *state;
	Table *big = tab_new(vm);
	setglobal(vm, "big", obj2gco(big));
	for (int i = 1; i <= 3000; i++) {
		Value v;
		setgcovalue(&v, tab_new(vm));
		tab_setint(vm, big, i, &v);
	}
	Table *t = tab_new(vm);               /* scanned first of big's children */
	tab_resize(vm, t, 1, 0);
	Value tv;
	setgcovalue(&tv, t);
	tab_setint(vm, big, 3000, &tv);
	gc_fullgc(vm);
	vm->g->gcstepmul = 1;
	int steps = 0;
	while (!(isblack(t) && vm->g->gcstate == GCS_PROPAGATE) && steps++ < 10000) {
		vm->g->GCdebt = 16;
		gc_checkstep(vm);
	}
	assert_true(isblack(t) && vm->g->gcstate == GCS_PROPAGATE);
	checkheap(vm);
	Table *fresh = tab_new(vm);
	Value v;
	setgcovalue(&v, fresh);
	*(Value *)tab_getint(t, 1) = v;       /* bypass the barrier */
	const char *err = gc_checkheap(vm);
	assert_non_null(err);
	assert_string_equal(err, "black object refers to a white one");
	tab_setint(vm, t, 1, &v);             /* with the barrier: sound again */
	checkheap(vm);
}

/* ---- random mutator ---------------------------------------------------- */

#define NROOTS 64

static Value randomvalue(VM *vm, Table *roots, unsigned *seed)
{
	Value v;
	char buf[80];
	switch (rand_r(seed) % 8) {
	case 0:
		setgcovalue(&v, tab_new(vm));
		break;
	case 1: {
		int n = snprintf(buf, sizeof buf, "s%u", (unsigned)rand_r(seed) % 500);
		setsvalue(&v, str_new(vm, buf, (size_t)n));
		break;
	}
	case 2:
		memset(buf, 'a' + rand_r(seed) % 26, 60);
		setsvalue(&v, str_new(vm, buf, 60));
		break;
	case 3: {
		LClosure *cl = func_newLclosure(vm, 2);
		func_initupvals(vm, cl);
		setgcovalue(&v, cl);
		break;
	}
	case 4:
		setgcovalue(&v, func_newBclosure(vm, 1, 2));
		break;
	case 5:                               /* an existing object */
		v = *tab_getint(roots, 1 + rand_r(seed) % NROOTS);
		break;
	default:
		setivalue(&v, rand_r(seed));
	}
	return v;
}

/* Store v into some object reachable from roots, with the right barrier. */
static void storesomewhere(VM *vm, Table *roots, Value v, unsigned *seed)
{
	const Value *slot = tab_getint(roots, 1 + rand_r(seed) % NROOTS);
	if (ttistable(slot)) {
		Value k;
		setivalue(&k, rand_r(seed) % 20);
		if (rand_r(seed) % 3 == 0)
			setsvalue(&k, str_newz(vm, rand_r(seed) % 2 ? "x" : "y"));
		tab_set(vm, tvalue(slot), &k, &v);
	} else if (ttisLclosure(slot)) {
		UpVal *uv = clLvalue(slot)->upvals[rand_r(seed) % 2];
		*uv->v = v;
		gc_barrier(vm, uv, &v);
	} else if (ttisBclosure(slot)) {
		BClosure *bc = clBvalue(slot);
		bc->upvalue[rand_r(seed) % 2] = v;
		gc_barrierback(vm, bc, &v);
	} else {
		tab_setint(vm, roots, 1 + rand_r(seed) % NROOTS, &v);
	}
}

static void test_random_stress(void **state)
{
	VM *vm = *state;
	Thread *L = vm->L;
	Table *roots = tab_new(vm), *ballast = tab_new(vm);
	setglobal(vm, "roots", obj2gco(roots));
	setglobal(vm, "ballast", obj2gco(ballast));
	for (int i = 1; i <= 3000; i++) {     /* long marking phases */
		Value t;
		setgcovalue(&t, tab_new(vm));
		tab_setint(vm, ballast, i, &t);
	}
	vm->g->gcstepmul = 1;                 /* small steps: many interleavings */
	unsigned seed = 4242;
	int cycles = 0;
	uint8_t laststate = vm->g->gcstate;
	for (int step = 0; step < 12000; step++) {
		Value v = randomvalue(vm, roots, &seed);
		int what = rand_r(&seed) % 10;
		if (what < 6) {
			storesomewhere(vm, roots, v, &seed);
		} else if (what < 8) {
			tab_setint(vm, roots, 1 + rand_r(&seed) % NROOTS, &v);
		} else if (L->top < 40) {          /* the stack: no barrier */
			L->stack[L->top++] = v;
		} else {
			L->top -= 20;
		}
		checkheap(vm);
		if (step % 4 == 0) {
			vm->g->GCdebt = 16;
			gc_checkstep(vm);
			checkheap(vm);
			if (vm->g->gcstate == GCS_PAUSE && laststate != GCS_PAUSE)
				cycles++;
			laststate = vm->g->gcstate;
		}
	}
	L->top = 0;
	gc_fullgc(vm);
	checkheap(vm);
	assert_true(cycles >= 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		VT_TEST(test_cycles_reclaimed),
		VT_TEST(test_reachable_survive),
		VT_TEST(test_open_upvalues),
		VT_TEST(test_checker_catches_missing_barrier),
		VT_TEST(test_random_stress),
	};
	return cmocka_run_group_tests_name("gc", tests, NULL, NULL);
}
