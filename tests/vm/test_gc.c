/*
 * test_gc.c: the incremental collector: garbage cycles are reclaimed,
 * everything reachable survives many cycles (tables, strings, protos,
 * closures, upvalues open and closed, builtin closures, internals, thread
 * stacks), and a random mutator interleaved with small collector steps
 * keeps the heap sound (gc_checkheap after every step).
 * Weak tables (__mode "k", "v", "kv"): entries with dead keys or values are
 * removed in the atomic phase, ephemeron chains within and across tables,
 * cycles through weak tables, weak tables held by weak tables, strings never
 * removed, mutation of weak tables between incremental steps, and a random
 * mutator over weak tables; the heap checker runs after every step.
 * Dead keys: entries of a scanned (black) table emptied while marking keep
 * keys that survive the cycle and become dead before a sweep frees them;
 * next() from the start and from keys around (and at) dead nodes, lookups
 * through chains with dead nodes, a dead node reused, a resize; the checker
 * catches a live key of an empty entry that a sweep could free.
 */
#include "tests/vm/vmtest.h"
#include <stdio.h>
#include <stdlib.h>
#include "vm/gc.h"
#include "vm/table.h"
#include "vm/string.h"
#include "vm/func.h"
#include "vm/omem.h"
#include "vm/tm.h"

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

/* ---- weak tables ------------------------------------------------------- */

static Value objval(void *o)
{
	Value v;
	setgcovalue(&v, o);
	return v;
}

/* A fresh table whose metatable has __mode = mode, held by global `name`. */
static Table *newweak(VM *vm, const char *name, const char *mode)
{
	if (vm->g->tmname[TM_MODE] == NULL)
		tm_init(vm);
	Table *t = tab_new(vm);
	setglobal(vm, name, obj2gco(t));
	Table *mt = tab_new(vm);
	Value m;
	setsvalue(&m, str_newz(vm, mode));
	tab_setstr(vm, mt, str_newz(vm, "__mode"), &m);
	t->metatable = mt;
	gc_objbarrier(vm, t, mt);
	return t;
}

static void setkv(VM *vm, Table *t, Value k, Value v)
{
	tab_set(vm, t, &k, &v);
}

static const Value *getk(Table *t, void *key)
{
	Value k = objval(key);
	return tab_get(t, &k);
}

/* Entries with a value (array and hash parts). */
static int countentries(Table *t)
{
	int n = 0;
	for (uint32_t i = 0; i < t->asize; i++)
		n += !ttisnil(&t->array[i]);
	if (!isdummy(t))
		for (uint32_t i = 0; i < sizenode(t); i++)
			n += !ttisnil(gval(gnode(t, i)));
	return n;
}

/* A full collection with the heap checked after every small step (with a
 * ballast of 1500 tables, so that marking takes many steps). */
static void checkedcycle(VM *vm)
{
	VMGlobal *g = vm->g;
	if (ttisnil(getglobal(vm, "ballast"))) {
		Table *b = tab_new(vm);
		setglobal(vm, "ballast", obj2gco(b));
		for (int i = 1; i <= 1500; i++) {
			Value v = objval(tab_new(vm));
			tab_setint(vm, b, i, &v);
		}
	}
	gc_fullgc(vm);                     /* start from a pause */
	uint32_t oldmul = g->gcstepmul;
	g->gcstepmul = 1;
	int seen[GCS_PAUSE + 1] = {0};
	do {
		g->GCdebt = 16;
		gc_checkstep(vm);
		seen[g->gcstate] = 1;
		checkheap(vm);
	} while (g->gcstate != GCS_PAUSE);
	g->gcstepmul = oldmul;
	assert_true(seen[GCS_PROPAGATE] && seen[GCS_SWEEP]);
}

static void test_weak_keys(void **state)
{
	VM *vm = *state;
	Table *t = newweak(vm, "wk", "k");
	Table *held = tab_new(vm);
	setglobal(vm, "held", obj2gco(held));
	for (int i = 0; i < 100; i++) {
		Table *k = tab_new(vm), *v = tab_new(vm);
		Value one;
		setivalue(&one, i);
		tab_setint(vm, v, 1, &one);
		setkv(vm, t, objval(k), objval(v));
		if (i % 10 == 0) {
			Value kv = objval(k);
			tab_setint(vm, held, i / 10 + 1, &kv);
		}
	}
	Value sv;
	setsvalue(&sv, str_newz(vm, "a string key is a value"));
	Value tv = objval(tab_new(vm));    /* its value: no other reference */
	setkv(vm, t, sv, tv);
	Value iv;
	setivalue(&iv, 7);
	setkv(vm, t, iv, objval(tab_new(vm)));
	LClosure *cl = func_newLclosure(vm, 0);   /* a function key, unheld */
	setkv(vm, t, objval(cl), iv);
	assert_int_equal(countentries(t), 103);
	checkedcycle(vm);
	assert_int_equal(countentries(t), 12);
	for (int i = 1; i <= 10; i++) {
		Table *k = tvalue(tab_getint(held, i));
		const Value *v = getk(t, k);
		assert_true(ttistable(v));
		assert_int_equal(ivalue(tab_getint(tvalue(v), 1)), (i - 1) * 10);
	}
	assert_true(ttistable(tab_get(t, &sv)));
	assert_true(ttistable(tab_get(t, &iv)));
	setglobal(vm, "held", NULL);
	gc_fullgc(vm);
	checkheap(vm);
	assert_int_equal(countentries(t), 2);
}

static void test_weak_values(void **state)
{
	VM *vm = *state;
	Table *t = newweak(vm, "wv", "v");
	Table *held = tab_new(vm);
	setglobal(vm, "held", obj2gco(held));
	for (int i = 1; i <= 64; i++) {         /* array part */
		Value v = objval(tab_new(vm));
		tab_setint(vm, t, i, &v);
		if (i % 8 == 0)
			tab_setint(vm, held, i, &v);
	}
	Table *key = tab_new(vm);               /* a key with a dead value: the key */
	setkv(vm, t, objval(key), objval(tab_new(vm)));   /* may die too */
	Value s;
	setsvalue(&s, str_newz(vm, "a long string value, more than forty characters"));
	tab_setstr(vm, t, str_newz(vm, "s"), &s);
	Value f;
	setbuiltin(&f, 3);
	tab_setstr(vm, t, str_newz(vm, "f"), &f);
	Value keyheld = objval(tab_new(vm));    /* strong key, held value */
	tab_setint(vm, held, 100, &keyheld);
	setkv(vm, t, keyheld, keyheld);
	checkedcycle(vm);
	assert_int_equal(countentries(t), 8 + 3);
	for (int i = 1; i <= 64; i++)
		assert_int_equal(ttisnil(tab_getint(t, i)), i % 8 != 0);
	assert_string_equal(getstr(strvalue(tab_getstr(t, str_newz(vm, "s")))),
	                    "a long string value, more than forty characters");
	assert_true(ttisbuiltin(tab_getstr(t, str_newz(vm, "f"))));
	assert_true(ttistable(tab_get(t, &keyheld)));
}

static void test_weak_kv(void **state)
{
	VM *vm = *state;
	Table *t = newweak(vm, "wkv", "kv");
	Table *hk = tab_new(vm), *hv = tab_new(vm);
	setglobal(vm, "hk", obj2gco(hk));
	setglobal(vm, "hv", obj2gco(hv));
	Value s;
	setsvalue(&s, str_newz(vm, "str"));
	setkv(vm, t, objval(hk), objval(tab_new(vm)));   /* dead value: gone */
	setkv(vm, t, objval(tab_new(vm)), objval(hv));   /* dead key: gone */
	setkv(vm, t, objval(hk), objval(hv));            /* replaces the first */
	setkv(vm, t, s, objval(hv));                     /* stays */
	setkv(vm, t, objval(hv), s);                     /* stays */
	setkv(vm, t, objval(tab_new(vm)), s);            /* gone */
	checkedcycle(vm);
	assert_int_equal(countentries(t), 3);
	assert_ptr_equal(tvalue(getk(t, hk)), hv);
	assert_ptr_equal(tvalue(tab_get(t, &s)), hv);
}

/* Key k(i+1) is reachable only through the value of k(i); the chain is
 * inserted so that a single pass in table order cannot find it all, and
 * half of it runs through a second table. */
static void test_ephemeron_chains(void **state)
{
	VM *vm = *state;
	Table *a = newweak(vm, "ea", "k"), *b = newweak(vm, "eb", "k");
	enum { N = 40 };
	Table *keys[N];
	for (int i = 0; i < N; i++)
		keys[i] = tab_new(vm);
	setglobal(vm, "head", obj2gco(keys[0]));
	for (int i = N - 2; i >= 0; i--) {
		Table *v = tab_new(vm);          /* value -> next key */
		Value nk = objval(keys[i + 1]);
		tab_setint(vm, v, 1, &nk);
		setkv(vm, i % 2 ? b : a, objval(keys[i]), objval(v));
	}
	setkv(vm, a, objval(keys[N - 1]), objval(keys[0]));   /* a cycle back */
	checkedcycle(vm);
	assert_int_equal(countentries(a) + countentries(b), N);
	for (int i = 0; i < N - 1; i++) {
		const Value *v = getk(i % 2 ? b : a, keys[i]);
		assert_true(ttistable(v));
		assert_ptr_equal(tvalue(tab_getint(tvalue(v), 1)), keys[i + 1]);
	}
	setglobal(vm, "head", NULL);             /* the whole ring is garbage */
	checkedcycle(vm);
	assert_int_equal(countentries(a) + countentries(b), 0);
}

/* Cycles through weak tables, weak tables held by weak tables. */
static void test_weak_cycles(void **state)
{
	VM *vm = *state;
	Table *wk = newweak(vm, "wk", "k");
	Table *wv = newweak(vm, "wv", "v");
	Table *x = tab_new(vm), *y = tab_new(vm);
	setkv(vm, wk, objval(x), objval(y));     /* x -> y -> x: garbage */
	setkv(vm, wk, objval(y), objval(x));
	setkv(vm, wk, objval(wk), objval(wv));   /* wk is held: wv stays */
	setkv(vm, wv, objval(wv), objval(wk));   /* values are held */
	Table *inner = newweak(vm, "inner", "v");  /* a weak table only in */
	setglobal(vm, "inner", NULL);              /* a weak table's value */
	Value iv = objval(inner);
	tab_setstr(vm, wv, str_newz(vm, "inner"), &iv);
	setkv(vm, inner, objval(tab_new(vm)), objval(tab_new(vm)));
	Table *inner2 = newweak(vm, "inner2", "kv");   /* a weak table held by */
	setkv(vm, wk, objval(wv), objval(inner2));      /* wk through a live key */
	Value one;
	setivalue(&one, 1);
	setkv(vm, inner2, objval(tab_new(vm)), one);
	tab_setint(vm, inner2, 1, &iv);
	setglobal(vm, "inner2", NULL);
	checkedcycle(vm);
	assert_int_equal(countentries(wk), 2);
	assert_ptr_equal(tvalue(getk(wk, wk)), wv);
	assert_ptr_equal(tvalue(getk(wk, wv)), inner2);
	assert_int_equal(countentries(inner2), 0);   /* inner died: cleared */
	assert_int_equal(countentries(wv), 1);
	assert_ptr_equal(tvalue(getk(wv, wv)), wk);
}

/* Mutation between incremental steps: a weak table that was traversed while
 * marking gets new entries without a barrier firing (it stays gray); keys
 * move from the stack into other entries; the table's mode changes. */
static void test_weak_incremental(void **state)
{
	VM *vm = *state;
	VMGlobal *g = vm->g;
	Thread *L = vm->L;
	Table *big = tab_new(vm);                /* long marking phases */
	setglobal(vm, "big", obj2gco(big));
	for (int i = 1; i <= 2000; i++) {
		Value v = objval(tab_new(vm));
		tab_setint(vm, big, i, &v);
	}
	Table *wk = newweak(vm, "wk", "k");
	Table *wv = newweak(vm, "wv", "v");
	g->gcstepmul = 1;
	gc_fullgc(vm);
	int cycles = 0, traversedgray = 0, kept = 0;
	uint8_t last = g->gcstate;
	unsigned seed = 99;
	for (int step = 0; step < 20000 && cycles < 6; step++) {
		if (step % 7 == 0) {
			Table *k = tab_new(vm), *v = tab_new(vm);
			Value n;
			setivalue(&n, step);
			tab_setint(vm, v, 1, &n);
			setkv(vm, wk, objval(k), objval(v));
			setkv(vm, wv, n, objval(v));
			if (rand_r(&seed) % 3 == 0 && L->top < 30)
				L->stack[L->top++] = objval(k);   /* held by the stack */
		}
		if (step % 13 == 0 && L->top > 0) {   /* stack -> another entry's value */
			Value k = L->stack[--L->top];
			const Value *old = tab_get(wk, &k);
			if (ttistable(old) && L->top > 0) {
				Value holder = L->stack[L->top - 1];
				tab_setint(vm, tvalue(old), 2, &k);   /* harmless self-ref */
				const Value *hv = tab_get(wk, &holder);
				if (ttistable(hv))
					tab_setint(vm, tvalue(hv), 3, &k);   /* k through holder's value */
			}
		}
		if (g->gcstate == GCS_PROPAGATE && !iswhite(wk)) {
			assert_false(isblack(wk));          /* weak tables stay gray */
			traversedgray = 1;
		}
		g->GCdebt = 16;
		gc_checkstep(vm);
		checkheap(vm);
		if (g->gcstate == GCS_PAUSE && last != GCS_PAUSE)
			cycles++;
		last = g->gcstate;
	}
	assert_true(cycles >= 3);
	assert_true(traversedgray);
	/* every key on the stack still has its entry, value intact */
	for (uint32_t i = 0; i < L->top; i++) {
		const Value *v = tab_get(wk, &L->stack[i]);
		assert_true(ttistable(v));
		assert_true(ttisinteger(tab_getint(tvalue(v), 1)));
		kept++;
	}
	L->top = 0;
	checkedcycle(vm);
	checkedcycle(vm);          /* a chain through values may take a cycle */
	assert_int_equal(countentries(wk), 0);
	assert_int_equal(countentries(wv), 0);
	(void)kept;
	/* a mode that changes: strong for a cycle, then weak */
	Table *mt = wk->metatable;
	Value nil;
	setnilvalue(&nil);
	tab_setstr(vm, mt, str_newz(vm, "__mode"), &nil);
	setkv(vm, wk, objval(tab_new(vm)), objval(tab_new(vm)));
	checkedcycle(vm);
	assert_int_equal(countentries(wk), 1);
	Value m;
	setsvalue(&m, str_newz(vm, "k"));
	tab_setstr(vm, mt, str_newz(vm, "__mode"), &m);
	checkedcycle(vm);
	assert_int_equal(countentries(wk), 0);
}

/* The random mutator of test_random_stress over weak tables of every mode
 * (and strong ones), stored into each other: the heap stays sound. */
static void test_weak_random_stress(void **state)
{
	VM *vm = *state;
	Thread *L = vm->L;
	static const char *const modes[] = {"k", "v", "kv"};
	Table *roots = tab_new(vm), *ballast = tab_new(vm);
	setglobal(vm, "roots", obj2gco(roots));
	setglobal(vm, "ballast", obj2gco(ballast));
	for (int i = 1; i <= 2000; i++) {
		Value t = objval(tab_new(vm));
		tab_setint(vm, ballast, i, &t);
	}
	for (int i = 1; i <= NROOTS; i += 2) {
		Value w = objval(newweak(vm, "tmp", modes[i % 3]));
		tab_setint(vm, roots, i, &w);
	}
	setglobal(vm, "tmp", NULL);
	vm->g->gcstepmul = 1;
	unsigned seed = 777;
	int cycles = 0;
	uint8_t laststate = vm->g->gcstate;
	for (int step = 0; step < 12000; step++) {
		Value v = randomvalue(vm, roots, &seed);
		int what = rand_r(&seed) % 10;
		if (what < 7) {
			storesomewhere(vm, roots, v, &seed);
		} else if (what < 8) {
			tab_setint(vm, roots, 1 + rand_r(&seed) % NROOTS, &v);
		} else if (L->top < 40) {
			L->stack[L->top++] = v;
		} else {
			L->top -= 20;
		}
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
	checkedcycle(vm);
	assert_true(cycles >= 5);
}

/* ---- dead keys ----------------------------------------------------------
 * An entry assigned nil keeps its key (next goes on from it). The key must
 * never be freed while the table holds it as a live (not dead) key: a table
 * scanned while the entry had a value marked the key, so the key survives
 * the cycle; the table's next traversal (or its rescan in the atomic phase,
 * for a key added after it was scanned: barrier back) turns the key of the
 * empty entry dead before any sweep can free the object. Dead keys are
 * only compared by identity (next) and skipped by lookups and rehash. */

/* Is p an object on allgc (not freed)? */
static int inallgc(VM *vm, const void *p)
{
	for (GCObject *o = vm->g->allgc; o != NULL; o = o->next)
		if (o == p)
			return 1;
	return 0;
}

/* The node of t whose key payload is object p, dead or not (NULL: none). */
static Node *nodeofkey(Table *t, const void *p)
{
	if (isdummy(t))
		return NULL;
	for (uint32_t i = 0; i < sizenode(t); i++) {
		Node *n = gnode(t, i);
		if ((keyiscollectable(n) || keytt(n) == DEADKEY) && gckey(n) == p)
			return n;
	}
	return NULL;
}

static int countdeadkeys(Table *t)
{
	int n = 0;
	if (!isdummy(t))
		for (uint32_t i = 0; i < sizenode(t); i++)
			n += keytt(gnode(t, i)) == DEADKEY;
	return n;
}

/* Main-position index of a table key in t (table.c's hashmod). */
static uint32_t mpindex(Table *t, const void *p)
{
	return (uint32_t)(uintptr_t)p % ((sizenode(t) - 1) | 1);
}

/* A fresh table whose main position in t is node `mp`. */
static Table *collidingkey(VM *vm, Table *t, uint32_t mp)
{
	for (;;) {
		Table *k = tab_new(vm);
		if (mpindex(t, k) == mp)
			return k;
	}
}

static void smallstep(VM *vm)
{
	vm->g->GCdebt = 16;
	gc_checkstep(vm);
	checkheap(vm);
}

/* A table reachable only as the last element of a global ballast of 2000
 * tables: it is the first of them scanned, long before marking ends. */
static Table *scannedearly(VM *vm, const char *name)
{
	Table *big = tab_new(vm);
	setglobal(vm, name, obj2gco(big));
	for (int i = 1; i <= 2000; i++) {
		Value v = objval(tab_new(vm));
		tab_setint(vm, big, i, &v);
	}
	Table *t = tab_new(vm);
	Value tv = objval(t);
	tab_setint(vm, big, 2000, &tv);
	return t;
}

/* From a pause, small checked steps until t is black while marking goes on. */
static void stepuntilblack(VM *vm, Table *t)
{
	gc_fullgc(vm);
	vm->g->gcstepmul = 1;
	int steps = 0;
	while (!(isblack(t) && vm->g->gcstate == GCS_PROPAGATE) && steps++ < 10000)
		smallstep(vm);
	assert_true(isblack(t) && vm->g->gcstate == GCS_PROPAGATE);
	assert_non_null(vm->g->gray);          /* marking goes on */
}

/* next() from nil: the keys in order into keys[] (at most max). */
static int traverse(VM *vm, Table *t, Value *keys, int max)
{
	Value k, v;
	int n = 0;
	setnilvalue(&k);
	while (tab_next(vm, t, &k, &v)) {
		assert_true(n < max);
		assert_false(ttisnil(&v));
		keys[n++] = k;
	}
	return n;
}

/* A key added to a table after it was scanned (the barrier makes it gray
 * again), then set to nil: the rescan in the atomic phase makes it dead,
 * and the key is freed in that same cycle. */
static void test_deadkeys_added_after_scan(void **state)
{
	VM *vm = *state;
	VMGlobal *g = vm->g;
	Table *t = scannedearly(vm, "big");
	tab_resize(vm, t, 0, 8);
	Value n;
	setivalue(&n, 1);
	Table *k0 = collidingkey(vm, t, 2);
	setkv(vm, t, objval(k0), n);
	stepuntilblack(vm, t);
	Table *kn = collidingkey(vm, t, 2), *kl = tab_new(vm);
	assert_true(iswhite(kn));
	setkv(vm, t, objval(kn), n);
	assert_false(isblack(t));              /* barrier back */
	setkv(vm, t, objval(kl), n);
	checkheap(vm);
	Value nil;
	setnilvalue(&nil);
	setkv(vm, t, objval(kn), nil);
	setkv(vm, t, objval(kl), nil);
	Node *nn = nodeofkey(t, kn), *nl = nodeofkey(t, kl);
	int gonen = 0, gonel = 0;
	do {
		smallstep(vm);
		if (!gonen && !inallgc(vm, kn)) {
			gonen = 1;
			assert_int_equal(keytt(nn), DEADKEY);
		}
		if (!gonel && !inallgc(vm, kl)) {
			gonel = 1;
			assert_int_equal(keytt(nl), DEADKEY);
		}
	} while (g->gcstate != GCS_PAUSE);
	assert_true(gonen && gonel);           /* freed in the same cycle */
	assert_int_equal(ivalue(getk(t, k0)), 1);
	Value keys[8];
	assert_int_equal(traverse(vm, t, keys, 8), 1);
	checkedcycle(vm);
}

/* pairs() emptying every entry as it goes, with collector steps between
 * next() calls: the current key is on the stack (alive), the others die;
 * next() finds the current key's node by identity once it is dead. Keys
 * are tables and long strings; every key is visited exactly once. */
static void test_deadkeys_traversal(void **state)
{
	VM *vm = *state;
	VMGlobal *g = vm->g;
	Thread *L = vm->L;
	Table *t = scannedearly(vm, "big");
	setglobal(vm, "t", obj2gco(t));
	enum { NK = 300 };
	static void *orig[NK];
	char buf[80];
	for (int i = 0; i < NK; i++) {
		Value k, v;
		if (i % 3 == 0) {
			snprintf(buf, sizeof buf, "long string key number %d, past forty characters", i);
			setsvalue(&k, str_newz(vm, buf));
		} else {
			setgcovalue(&k, tab_new(vm));
		}
		orig[i] = gcvalue(&k);
		setivalue(&v, i);
		tab_set(vm, t, &k, &v);
	}
	gc_fullgc(vm);
	g->gcstepmul = 1;
	static char seen[NK];
	memset(seen, 0, sizeof seen);
	Value val, nil;
	setnilvalue(&nil);
	setnilvalue(&L->stack[0]);
	L->top = 1;
	int visited = 0, fromdead = 0, cycles = 0;
	uint8_t last = g->gcstate;
	while (tab_next(vm, t, &L->stack[0], &val)) {
		int i = (int)ivalue(&val);
		assert_true(i >= 0 && i < NK && !seen[i]);
		assert_ptr_equal(gcvalue(&L->stack[0]), orig[i]);
		seen[i] = 1;
		visited++;
		tab_set(vm, t, &L->stack[0], &nil);
		for (int s = 0; s < 6; s++) {
			smallstep(vm);
			if (g->gcstate == GCS_PAUSE && last != GCS_PAUSE)
				cycles++;
			last = g->gcstate;
		}
		Node *cur = nodeofkey(t, gcvalue(&L->stack[0]));
		assert_non_null(cur);
		fromdead += keytt(cur) == DEADKEY;
	}
	L->top = 0;
	assert_int_equal(visited, NK);
	assert_true(cycles >= 10);
	assert_true(fromdead >= 10);           /* next() went on from dead keys */
	assert_int_equal(countentries(t), 0);
	checkedcycle(vm);
	for (uint32_t i = 0; i < sizenode(t); i++)   /* every key dead now */
		assert_false(keyiscollectable(gnode(t, i)));
	assert_true(countdeadkeys(t) >= NK);
	Value keys[4];
	assert_int_equal(traverse(vm, t, keys, 4), 0);
}

/* The checker catches a key of an empty entry that the sweep could free:
 * white in a black table while marking, or dead (old white) in a sweep. */
static void test_checker_catches_live_deadkey(void **state)
{
	VM *vm = *state;
	VMGlobal *g = vm->g;
	Table *t = scannedearly(vm, "big");
	tab_resize(vm, t, 0, 4);
	Table *k = tab_new(vm);
	Value n, nil;
	setivalue(&n, 1);
	setnilvalue(&nil);
	setkv(vm, t, objval(k), n);
	stepuntilblack(vm, t);
	setkv(vm, t, objval(k), nil);
	checkheap(vm);
	Node *e = nodeofkey(t, k);
	Table *fresh = tab_new(vm);            /* white, into a black table's */
	e->key_val.gc = obj2gco(fresh);        /* empty entry, no barrier */
	const char *err = gc_checkheap(vm);
	assert_non_null(err);
	assert_string_equal(err, "black object refers to a white one");
	gc_barrierback_(vm, obj2gco(t));       /* rescanned: sound again */
	checkheap(vm);
	Table *garbage = tab_new(vm);          /* unreachable, and behind */
	Table *front = tab_new(vm);            /* 1000 live objects in allgc */
	setglobal(vm, "front", obj2gco(front));
	for (int i = 1; i <= 1000; i++) {
		Value v = objval(tab_new(vm));
		tab_setint(vm, front, i, &v);
	}
	int steps = 0;
	while (g->gcstate != GCS_SWEEP && steps++ < 10000)
		smallstep(vm);
	assert_true(g->gcstate == GCS_SWEEP && inallgc(vm, garbage));
	assert_true(isdead(g, garbage));       /* to be freed by this sweep */
	e->key_tt = CTAG(VTABLE);              /* a live key that is dead */
	e->key_val.gc = obj2gco(garbage);
	err = gc_checkheap(vm);
	assert_non_null(err);
	assert_string_equal(err, "live object refers to a dead one");
	e->key_tt = DEADKEY;                   /* a dead key: not checked */
	checkheap(vm);
	do
		smallstep(vm);
	while (g->gcstate != GCS_PAUSE);
	assert_false(inallgc(vm, garbage));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		VT_TEST(test_cycles_reclaimed),
		VT_TEST(test_reachable_survive),
		VT_TEST(test_open_upvalues),
		VT_TEST(test_checker_catches_missing_barrier),
		VT_TEST(test_random_stress),
		VT_TEST(test_weak_keys),
		VT_TEST(test_weak_values),
		VT_TEST(test_weak_kv),
		VT_TEST(test_ephemeron_chains),
		VT_TEST(test_weak_cycles),
		VT_TEST(test_weak_incremental),
		VT_TEST(test_weak_random_stress),
		VT_TEST(test_deadkeys_added_after_scan),
		VT_TEST(test_deadkeys_traversal),
		VT_TEST(test_checker_catches_live_deadkey),
	};
	return cmocka_run_group_tests_name("gc", tests, NULL, NULL);
}
