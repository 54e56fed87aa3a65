/*
 * gc.c: the incremental collector (tri-color mark & sweep, non-moving).
 *
 * THE INVARIANT. Every collectable object is white, gray or black:
 *   white  not (yet) reached in this cycle: a candidate for collection;
 *   gray   reached, its references not yet scanned (on the gray or grayagain
 *          list; open upvalues are kept gray without being listed);
 *   black  reached and scanned.
 * While marking (GCS_PROPAGATE), no black object points to a white one.
 * Mutators keep that true with barriers (gc.h): a write into a black table,
 * builtin closure or .internal turns it gray again (it is rescanned in the
 * atomic phase: "barrier back"); a write into a black proto, closure or
 * upvalue marks the white value ("barrier forward"). Thread stacks are the
 * one exception: they are written without barriers, so a thread is never
 * black during propagation; every reached thread sits on grayagain and is
 * scanned again in the atomic phase, with the world (all VM threads)
 * stopped at an instruction boundary. Roots are VMGlobal's fields.
 *
 * A cycle: PAUSE -> PROPAGATE (roots grayed, then gray objects scanned a
 * bounded amount per step) -> ATOMIC (one step: remark roots, open upvalues
 * of unmarked threads, everything on grayagain; flip the current white) ->
 * SWEEP (allgc walked a bounded number of objects per step: objects with the
 * old white are freed, survivors get the new white) -> SWEEPEND (shrink the
 * string table) -> PAUSE. Objects created during a sweep have the new white
 * and survive it. Empty table entries get dead keys when their table is
 * scanned, so dead keys never keep objects alive. A key of an empty entry
 * that is not dead yet is never freed under its table: the table was
 * scanned with the entry full (the key was marked), or the key came after
 * the scan (barrier back: rescanned in the atomic phase); the heap checker
 * checks it (such a key is never white in a black table while marking, never
 * dead in a sweep). Dead keys are compared by identity only (next).
 *
 * WEAK TABLES. A table is weak when its metatable's __mode is a string
 * holding 'k' (weak keys) and/or 'v' (weak values); the mode is read every
 * time the table is traversed, so a change takes effect at the next
 * traversal. Traversal marks only the strong half of a weak table:
 *   "v"   the keys (the values are weak);
 *   "k"   an ephemeron table: the array part, and each hash value whose key
 *         is already marked or is no object (numbers, booleans, builtins);
 *   "kv"  nothing but the metatable.
 * Strings count as values, not objects: a string key or value is always
 * marked and never removed. While marking, a weak table is not blackened:
 * it goes to grayagain and stays gray, so writes into it need no barrier
 * (it is traversed again, entirely, in the atomic phase). In the atomic
 * phase its traversal puts it on VMGlobal.weak, .ephemeron or .allweak
 * (through its gclist). After everything else is marked, the ephemeron
 * tables are traversed again and again until a round marks nothing: a key
 * may be reachable only through the value of another ephemeron entry, in
 * the same table or another. Then, still in the atomic phase and before the
 * white flips, entries whose weak key or weak value is a white object are
 * removed (value emptied, key made dead), so no live object refers to
 * anything the sweep frees; the three lists are emptied again (outside the
 * atomic step they are always NULL, and the heap checker says so). Only
 * weak tables pay for any of this: a strong table costs one test (no
 * metatable, or no __mode: absence is cached in the metatable's flags as
 * tm_gettm does). There are no finalizers (__gc is not implemented), so no
 * object is ever resurrected and weak values need no special treatment for
 * them.
 *
 * Pacing, like Lua 5.4: allocation raises GCdebt (bytes); gc_checkstep runs
 * gc_step when it is positive; a step does (debt / 16) * gcstepmul work
 * units, at least a stepsize; after a cycle the next one waits until the
 * heap grows to gcpause % of what survived.
 *
 * Stopping the world: the collector touches object memory only inside
 * gc_step / gc_fullgc, called at safe points; with several VM threads, the
 * caller stops them all first (their state is then entirely in object
 * memory, reachable from VMGlobal.mainthread and VMGlobal.vmthreads).
 */
#include <stdlib.h>
#include <string.h>
#include "vm/gc.h"
#include "vm/state.h"
#include "vm/omem.h"
#include "vm/string.h"
#include "vm/table.h"
#include "vm/func.h"
#include "vm/platform.h"
#include "vm/tm.h"

#define WORK2MEM    16              /* bytes per unit of work */
#define GCSTEPSIZE  (8 * 1024)      /* bytes of allocation per step */
#define GCSWEEPMAX  100             /* objects swept per sweep step */
#define GCSWEEPCOST 10              /* work units per swept object */

#define maskcolors  (WHITEBITS | bitmask(BLACKBIT))
#define set2gray(o)  (obj2gco(o)->marked &= (uint8_t)~maskcolors)
#define set2black(o) (obj2gco(o)->marked = \
	(uint8_t)((obj2gco(o)->marked & ~WHITEBITS) | bitmask(BLACKBIT)))
#define makewhite(g, o) (obj2gco(o)->marked = \
	(uint8_t)((obj2gco(o)->marked & ~maskcolors) | gc_white(g)))

#define markvalue(g, v) \
	((iscollectable(v) && iswhite(gcvalue(v))) ? reallymark(g, gcvalue(v)) : (void)0)
#define markobject(g, o) \
	(((o) != NULL && iswhite(o)) ? reallymark(g, obj2gco(o)) : (void)0)

/* The gclist field of objects that can be gray on a list. */
static GCObject **getgclist(GCObject *o)
{
	switch (o->tt) {
	case VTABLE:    return &((Table *)o)->gclist;
	case VLCL:      return &((LClosure *)o)->gclist;
	case VBCL:      return &((BClosure *)o)->gclist;
	case VPROTO:    return &((Proto *)o)->gclist;
	case VTHREAD:   return &((Thread *)o)->gclist;
	case VINTERNAL: return &((Internal *)o)->gclist;
	default:        return NULL;
	}
}

static void linkgclist(GCObject *o, GCObject **list)
{
	*getgclist(o) = *list;
	*list = o;
	set2gray(o);
}

static void reallymark(VMGlobal *g, GCObject *o)
{
	switch (o->tt) {
	case VSHRSTR: case VLNGSTR:
		set2black(o);
		break;
	case VUPVAL: {
		UpVal *uv = (UpVal *)o;
		if (upisopen(uv))
			set2gray(uv);            /* its thread marks its value */
		else
			set2black(uv);
		markvalue(g, uv->v);
		break;
	}
	default:
		linkgclist(o, &g->gray);
	}
}

/* ---- objects ----------------------------------------------------------- */

GCObject *gc_newobj(VM *vm, int tt, size_t size)
{
	VMGlobal *g = G(vm);
	GCObject *o = om_alloc(vm, size);
	o->tt = (uint8_t)tt;
	o->marked = gc_white(g);
	o->next = g->allgc;
	g->allgc = o;
	return o;
}

void gc_fix(VM *vm, GCObject *o)
{
	VMGlobal *g = G(vm);
	if (g->allgc != o)
		plat_panic("gc_fix: object is not the newest");
	set2gray(o);
	o->marked |= bitmask(FIXEDBIT);
	g->allgc = o->next;
	o->next = g->fixedgc;
	g->fixedgc = o;
}

static void freeobj(VM *vm, GCObject *o)
{
	switch (o->tt) {
	case VSHRSTR: {
		String *s = (String *)o;
		str_remove(vm, s);
		om_free(vm, s, sizestring(s->shrlen));
		break;
	}
	case VLNGSTR:
		om_free(vm, o, sizestring(((String *)o)->u.lnglen));
		break;
	case VTABLE:  tab_free(vm, (Table *)o); break;
	case VPROTO:  func_freeproto(vm, (Proto *)o); break;
	case VTHREAD: thread_free(vm, (Thread *)o); break;
	case VLCL:
		om_free(vm, o, sizeLclosure(((LClosure *)o)->nupvalues));
		break;
	case VBCL:
		om_free(vm, o, sizeBclosure(((BClosure *)o)->nupvalues));
		break;
	case VINTERNAL:
		om_free(vm, o, sizeInternal(((Internal *)o)->nuvalue));
		break;
	case VUPVAL: {
		UpVal *uv = (UpVal *)o;
		if (upisopen(uv))
			func_unlinkupval(uv);
		om_free(vm, uv, sizeof(UpVal));
		break;
	}
	default:
		plat_panic("freeobj: bad object tag %d at %p", o->tt, (void *)o);
	}
}

/* ---- barriers ---------------------------------------------------------- */

void gc_barrier_(VM *vm, GCObject *p, GCObject *o)
{
	VMGlobal *g = G(vm);
	if (gc_keepinvariant(g))
		reallymark(g, o);
	else                             /* sweeping: p need not stay black */
		makewhite(g, p);
}

void gc_barrierback_(VM *vm, GCObject *p)
{
	VMGlobal *g = G(vm);
	linkgclist(p, &g->grayagain);
}

/* ---- traversal --------------------------------------------------------- */

static size_t propagateall(VMGlobal *g);

/* ---- weak tables ------------------------------------------------------- */

#define WEAKKEYS   1
#define WEAKVALUES 2

/* How weak table t is now: its metatable's __mode ('k' and/or 'v' in a
 * string), read at every traversal. Absence is cached in the metatable's
 * flags as tm_gettm does (any write to the metatable clears the cache). */
static int weakmode(VMGlobal *g, Table *t)
{
	Table *mt = t->metatable;
	String *name = g->tmname[TM_MODE];
	if (mt == NULL || (mt->flags & (1u << TM_MODE)) || name == NULL)
		return 0;
	const Value *m = tab_getshortstr(mt, name);
	if (!ttisstring(m)) {
		if (ttisnil(m))
			mt->flags |= (uint8_t)(1u << TM_MODE);
		return 0;
	}
	const char *s = getstr(strvalue(m));   /* up to a '\0', as strchr */
	return (strchr(s, 'k') ? WEAKKEYS : 0) | (strchr(s, 'v') ? WEAKVALUES : 0);
}

/* Is the weakly held object o to be removed from its table? Strings are
 * values, not objects, here: never removed, they are marked instead. */
static int iscleared(VMGlobal *g, GCObject *o)
{
	if (o->tt == VSHRSTR || o->tt == VLNGSTR) {
		markobject(g, o);
		return 0;
	}
	return iswhite(o);
}

/* While marking, a weak table stays gray on grayagain (writes into it need
 * no barrier: it is traversed again in the atomic phase); in the atomic
 * phase it goes on the list of its kind, to be cleared. */
static void linkweak(VMGlobal *g, Table *t, GCObject **atomiclist)
{
	linkgclist(obj2gco(t), g->gcstate == GCS_ATOMIC ? atomiclist : &g->grayagain);
}

/* Weak keys, strong values (an ephemeron table): a value is marked only
 * once its key is marked (or is not a collectable object, or is a
 * string). Returns 1 if it marked a white value. */
static int traverseephemeron(VMGlobal *g, Table *t)
{
	int marked = 0;
	for (uint32_t i = 0; i < t->asize; i++) {   /* integer keys: strong */
		Value *v = &t->array[i];
		if (iscollectable(v) && iswhite(gcvalue(v))) {
			reallymark(g, gcvalue(v));
			marked = 1;
		}
	}
	if (!isdummy(t))
		for (uint32_t i = 0; i < sizenode(t); i++) {
			Node *n = gnode(t, i);
			Value *v = gval(n);
			if (isempty(v)) {
				if (keyiscollectable(n))
					n->key_tt = DEADKEY;
			} else if (!(keyiscollectable(n) && iscleared(g, gckey(n))) &&
			           iscollectable(v) && iswhite(gcvalue(v))) {
				reallymark(g, gcvalue(v));
				marked = 1;
			}
		}
	linkweak(g, t, &g->ephemeron);
	return marked;
}

/* A weak table's traversal: the strong half of its entries only. */
static size_t traverseweak(VMGlobal *g, Table *t, int mode)
{
	size_t work = 1 + t->asize + (isdummy(t) ? 0 : 2 * sizenode(t));
	if (mode == WEAKKEYS) {
		traverseephemeron(g, t);
		return work;
	}
	if (!isdummy(t))
		for (uint32_t i = 0; i < sizenode(t); i++) {
			Node *n = gnode(t, i);
			if (isempty(gval(n))) {
				if (keyiscollectable(n))
					n->key_tt = DEADKEY;
			} else if (mode == WEAKVALUES && keyiscollectable(n)) {
				markobject(g, gckey(n));
			}
		}
	linkweak(g, t, mode == WEAKVALUES ? &g->weak : &g->allweak);
	return work;
}

/* Atomic phase: traverse the ephemeron tables again until no value gets
 * marked (a key may be reachable only through another entry's value). */
static size_t convergeephemerons(VMGlobal *g)
{
	size_t work = 0;
	int marked;
	do {
		GCObject *next = g->ephemeron;
		g->ephemeron = NULL;
		marked = 0;
		while (next != NULL) {
			Table *t = (Table *)next;
			next = t->gclist;
			work += 1 + t->asize + (isdummy(t) ? 0 : sizenode(t));
			if (traverseephemeron(g, t)) {
				work += propagateall(g);
				marked = 1;
			}
		}
	} while (marked);
	return work;
}

/* Remove the entries of the tables of list l whose key is a dead object
 * (the value becomes empty, the key dead). */
static void clearbykeys(VMGlobal *g, GCObject *l)
{
	for (; l != NULL; l = ((Table *)l)->gclist) {
		Table *t = (Table *)l;
		if (isdummy(t))
			continue;
		for (uint32_t i = 0; i < sizenode(t); i++) {
			Node *n = gnode(t, i);
			if (!keyiscollectable(n))
				continue;
			if (!isempty(gval(n)) && iscleared(g, gckey(n)))
				setempty(gval(n));
			if (isempty(gval(n)))
				n->key_tt = DEADKEY;
		}
	}
}

/* Remove the entries of the tables of list l whose value is a dead object. */
static void clearbyvalues(VMGlobal *g, GCObject *l)
{
	for (; l != NULL; l = ((Table *)l)->gclist) {
		Table *t = (Table *)l;
		for (uint32_t i = 0; i < t->asize; i++) {
			Value *v = &t->array[i];
			if (iscollectable(v) && iscleared(g, gcvalue(v)))
				setempty(v);
		}
		if (isdummy(t))
			continue;
		for (uint32_t i = 0; i < sizenode(t); i++) {
			Node *n = gnode(t, i);
			Value *v = gval(n);
			if (iscollectable(v) && iscleared(g, gcvalue(v)))
				setempty(v);
			if (isempty(v) && keyiscollectable(n))
				n->key_tt = DEADKEY;
		}
	}
}

static size_t traversetable(VMGlobal *g, Table *t)
{
	markobject(g, t->metatable);
	if (t->metatable != NULL) {
		int mode = weakmode(g, t);
		if (mode != 0)
			return traverseweak(g, t, mode);
	}
	for (uint32_t i = 0; i < t->asize; i++)
		markvalue(g, &t->array[i]);
	if (!isdummy(t))
		for (uint32_t i = 0; i < sizenode(t); i++) {
			Node *n = gnode(t, i);
			if (isempty(gval(n))) {
				if (keyiscollectable(n))
					n->key_tt = DEADKEY;
			} else {
				if (keyiscollectable(n))
					markobject(g, gckey(n));
				markvalue(g, gval(n));
			}
		}
	return 1 + t->asize + (isdummy(t) ? 0 : 2 * sizenode(t));
}

static size_t traverseproto(VMGlobal *g, Proto *p)
{
	markobject(g, p->source);
	for (int i = 0; i < p->sizek; i++)
		markvalue(g, &p->k[i]);
	for (int i = 0; i < p->sizeupvalues; i++)
		markobject(g, p->upvalues[i].name);
	for (int i = 0; i < p->sizep; i++)
		markobject(g, p->p[i]);
	for (int i = 0; i < p->sizelocvars; i++)
		markobject(g, p->locvars[i].varname);
	return 1 + (size_t)(p->sizek + p->sizeupvalues + p->sizep + p->sizelocvars);
}

static size_t traversethread(VMGlobal *g, Thread *th)
{
	if (g->gcstate == GCS_PROPAGATE)
		linkgclist(obj2gco(th), &g->grayagain);   /* stays gray */
	markvalue(g, &th->errobj);
	markobject(g, th->resumer);
	for (uint32_t i = 0; i < th->top && i < th->stacksize; i++)
		markvalue(g, &th->stack[i]);
	for (UpVal *uv = th->openupval; uv != NULL; uv = uv->u.open.next)
		markobject(g, uv);
	if (g->gcstate == GCS_ATOMIC) {
		for (uint32_t i = th->top; i < th->stacksize; i++)
			setnilvalue(&th->stack[i]);       /* dead part of the stack */
		if (th->twups == th && th->openupval != NULL) {
			th->twups = g->twups;             /* back on the twups list */
			g->twups = th;
		}
	}
	return 1 + th->stacksize;
}

/* Scan one gray object; returns the work done. */
static size_t propagatemark(VMGlobal *g)
{
	GCObject *o = g->gray;
	g->gray = *getgclist(o);
	set2black(o);
	switch (o->tt) {
	case VTABLE:
		return traversetable(g, (Table *)o);
	case VLCL: {
		LClosure *cl = (LClosure *)o;
		markobject(g, cl->p);
		for (int i = 0; i < cl->nupvalues; i++)
			markobject(g, cl->upvals[i]);
		return 1 + cl->nupvalues;
	}
	case VBCL: {
		BClosure *cl = (BClosure *)o;
		for (int i = 0; i < cl->nupvalues; i++)
			markvalue(g, &cl->upvalue[i]);
		return 1 + cl->nupvalues;
	}
	case VINTERNAL: {
		Internal *in = (Internal *)o;
		markobject(g, in->metatable);
		for (int i = 0; i < in->nuvalue; i++)
			markvalue(g, &in->uvalue[i]);
		return 1 + in->nuvalue;
	}
	case VPROTO:
		return traverseproto(g, (Proto *)o);
	case VTHREAD:                    /* relinked gray while propagating */
		return traversethread(g, (Thread *)o);
	default:
		plat_panic("propagatemark: bad gray object tag %d", o->tt);
	}
}

static size_t propagateall(VMGlobal *g)
{
	size_t work = 0;
	while (g->gray != NULL)
		work += propagatemark(g);
	return work;
}

static void markroots(VM *vm)
{
	VMGlobal *g = G(vm);
	markobject(g, g->mainthread);
	markobject(g, vm->L);
	markobject(g, g->globals);
	markobject(g, g->loaded);
	markobject(g, g->vmthreads);
	for (int i = 0; i < T_NUMTYPES; i++)
		markobject(g, g->mt[i]);
	for (int i = 0; i < TM_N; i++)
		markobject(g, g->tmname[i]);
}

/* Open upvalues of threads that were not marked are not reached through
 * their stacks: mark the values of those upvalues that are alive. */
static size_t remarkupvals(VMGlobal *g)
{
	Thread **p = &g->twups, *th;
	size_t work = 0;
	while ((th = *p) != NULL) {
		work++;
		if (!iswhite(th) && th->openupval != NULL) {
			p = &th->twups;
			continue;
		}
		*p = th->twups;
		th->twups = th;
		for (UpVal *uv = th->openupval; uv != NULL; uv = uv->u.open.next) {
			work++;
			if (!iswhite(uv))
				markvalue(g, uv->v);
		}
	}
	return work;
}

static size_t atomic(VM *vm)
{
	VMGlobal *g = G(vm);
	size_t work = 0;
	g->gcstate = GCS_ATOMIC;
	markroots(vm);
	work += propagateall(g);
	work += remarkupvals(g);
	work += propagateall(g);
	g->gray = g->grayagain;
	g->grayagain = NULL;
	work += propagateall(g);
	work += convergeephemerons(g);    /* everything reachable is marked */
	clearbykeys(g, g->ephemeron);
	clearbykeys(g, g->allweak);
	clearbyvalues(g, g->weak);
	clearbyvalues(g, g->allweak);
	g->weak = g->ephemeron = g->allweak = NULL;
	g->currentwhite = (uint8_t)otherwhite(g);
	return work;
}

/* ---- sweeping ---------------------------------------------------------- */

/* Sweep at most `count` objects from *p; returns where to go on, or NULL
 * at the end of the list. */
static GCObject **sweeplist(VM *vm, GCObject **p, int count)
{
	VMGlobal *g = G(vm);
	int ow = otherwhite(g) & WHITEBITS;
	uint8_t white = gc_white(g);
	while (*p != NULL && count-- > 0) {
		GCObject *o = *p;
		if (o->marked & ow) {
			*p = o->next;
			freeobj(vm, o);
		} else {
			o->marked = (uint8_t)((o->marked & ~maskcolors) | white);
			p = &o->next;
		}
	}
	return *p == NULL ? NULL : p;
}

static void entersweep(VM *vm)
{
	G(vm)->gcstate = GCS_SWEEP;
	G(vm)->sweepgc = &G(vm)->allgc;
}

static void restartcollection(VM *vm)
{
	VMGlobal *g = G(vm);
	g->gray = g->grayagain = NULL;
	g->weak = g->ephemeron = g->allweak = NULL;
	markroots(vm);
	g->gcstate = GCS_PROPAGATE;
}

static void setpause(VMGlobal *g)
{
	size_t estimate = g->GCestimate / 100;
	int64_t threshold = (int64_t)(estimate * g->gcpause);
	int64_t debt = (int64_t)g->heap.totalbytes - threshold;
	g->GCdebt = debt > 0 ? 0 : debt;
}

/* Do one indivisible piece of the cycle; returns its work. */
static size_t singlestep(VM *vm)
{
	VMGlobal *g = G(vm);
	switch (g->gcstate) {
	case GCS_PAUSE:
		restartcollection(vm);
		return 1;
	case GCS_PROPAGATE:
		if (g->gray == NULL) {
			size_t work = atomic(vm);
			entersweep(vm);
			return work;
		}
		return propagatemark(g);
	case GCS_SWEEP:
		g->sweepgc = sweeplist(vm, g->sweepgc, GCSWEEPMAX);
		if (g->sweepgc == NULL)
			g->gcstate = GCS_SWEEPEND;
		return GCSWEEPMAX * GCSWEEPCOST;
	case GCS_SWEEPEND:
		if (g->strt.nuse < g->strt.size / 4 && g->strt.size > STRT_MINSIZE)
			str_resize(vm, g->strt.size / 2);
		g->GCestimate = g->heap.totalbytes;
		g->gcstate = GCS_PAUSE;
		return 1;
	default:
		plat_panic("singlestep: bad collector state %d", g->gcstate);
	}
}

/* Debugging mode (VMGlobal.gcstress): collect at every safe point. */
static void stressstep(VM *vm)
{
	VMGlobal *g = G(vm);
	if (g->gcstress == 1) {
		gc_fullgc(vm);
	} else {
		g->gcrunning = 1;
		singlestep(vm);
		g->gcrunning = 0;
		const char *err = gc_checkheap(vm);
		if (err != NULL)
			plat_panic("gc stress: heap check in state %d: %s", g->gcstate, err);
	}
	g->GCdebt = 1;
}

void gc_step(VM *vm)
{
	VMGlobal *g = G(vm);
	if (g->gcstress && !g->gcstopped && !g->gcrunning) {
		stressstep(vm);
		return;
	}
	if (g->gcstopped || g->gcrunning) {
		g->GCdebt = -GCSTEPSIZE;
		return;
	}
	g->gcrunning = 1;
	int64_t stepmul = g->gcstepmul | 1;
	int64_t debt = (g->GCdebt / WORK2MEM) * stepmul;
	int64_t stepsize = (GCSTEPSIZE / WORK2MEM) * stepmul;
	do {
		debt -= (int64_t)singlestep(vm);
	} while (debt > -stepsize && g->gcstate != GCS_PAUSE);
	if (g->gcstate == GCS_PAUSE)
		setpause(g);
	else
		g->GCdebt = (debt / stepmul) * WORK2MEM;
	g->gcrunning = 0;
}

void gc_fullgc(VM *vm)
{
	VMGlobal *g = G(vm);
	if (g->gcrunning)
		return;
	g->gcrunning = 1;
	if (gc_keepinvariant(g))         /* whiten everything: drop this cycle */
		entersweep(vm);
	while (g->gcstate != GCS_PAUSE)  /* finish the sweep */
		singlestep(vm);
	do                               /* run a whole cycle */
		singlestep(vm);
	while (g->gcstate != GCS_PAUSE);
	setpause(g);
	g->gcrunning = 0;
}

size_t gc_count(VM *vm)
{
	return G(vm)->heap.totalbytes;
}

/* ---- heap checker ------------------------------------------------------ */

/* The checker's view: every object's address, sorted, in C memory. */
typedef struct HeapCheck {
	VMGlobal *g;
	uintptr_t *objs;
	size_t n;
	const char *err;
} HeapCheck;

static int cmpaddr(const void *a, const void *b)
{
	uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;
	return x < y ? -1 : x > y;
}

static int isobject(HeapCheck *hc, const void *p)
{
	uintptr_t key = (uintptr_t)p;
	return bsearch(&key, hc->objs, hc->n, sizeof key, cmpaddr) != NULL;
}

static int isdeadobj(VMGlobal *g, const GCObject *o)
{
	return g->gcstate == GCS_SWEEP && isdead(g, o);
}

/* Check one reference from live object `from` to `to`. */
static void checkref(HeapCheck *hc, const GCObject *from, const GCObject *to)
{
	VMGlobal *g = hc->g;
	if (to == NULL || hc->err != NULL)
		return;
	if (!isobject(hc, to))
		hc->err = "reference to something that is not a live object";
	else if (isdeadobj(g, to))
		hc->err = "live object refers to a dead one";
	else if (g->gcstate == GCS_PROPAGATE && from != NULL &&
	         isblack(from) && iswhite(to))
		hc->err = "black object refers to a white one";
}

static void checkvalue(HeapCheck *hc, const GCObject *from, const Value *v)
{
	if (iscollectable(v))
		checkref(hc, from, gcvalue(v));
}

static void checktable(HeapCheck *hc, const Table *t)
{
	const GCObject *o = obj2gco(t);
	checkref(hc, o, obj2gco(t->metatable));
	for (uint32_t i = 0; i < t->asize; i++)
		checkvalue(hc, o, &t->array[i]);
	if (isdummy(t)) {
		if (t->node != &hc->g->dummynode || t->lsizenode != 0)
			hc->err = "table without hash part not on the dummy node";
		return;
	}
	for (uint32_t i = 0; i < sizenode(t); i++) {
		const Node *n = &t->node[i];
		if (isempty(gval(n))) {
			/* An empty entry keeps its key (for next) until the table's
			 * next traversal makes it dead. Until then the key is a live
			 * object, and not white in a black table while marking: that
			 * table is not traversed again in this cycle, so a white key
			 * would be freed by the sweep under it. */
			if (keyiscollectable(n))
				checkref(hc, o, gckey(n));
			continue;
		}
		if (keyisnil(n) || keytt(n) == DEADKEY)
			hc->err = "table entry with a value but no key";
		else if (keyiscollectable(n))
			checkref(hc, o, gckey(n));
		checkvalue(hc, o, gval(n));
	}
}

static void checkproto(HeapCheck *hc, const Proto *p)
{
	const GCObject *o = obj2gco(p);
	checkref(hc, o, obj2gco(p->source));
	for (int i = 0; i < p->sizek; i++)
		checkvalue(hc, o, &p->k[i]);
	for (int i = 0; i < p->sizeupvalues; i++)
		checkref(hc, o, obj2gco(p->upvalues[i].name));
	for (int i = 0; i < p->sizep; i++)
		checkref(hc, o, obj2gco(p->p[i]));
	for (int i = 0; i < p->sizelocvars; i++)
		checkref(hc, o, obj2gco(p->locvars[i].varname));
}

static void checkthread(HeapCheck *hc, const Thread *th)
{
	const GCObject *o = obj2gco(th);
	if (th->top > th->stacksize || th->nci > th->cisize)
		hc->err = "thread top or frame count beyond its arrays";
	checkvalue(hc, o, &th->errobj);
	checkref(hc, o, obj2gco(th->resumer));
	for (uint32_t i = 0; i < th->top && i < th->stacksize; i++)
		checkvalue(hc, NULL, &th->stack[i]);
	uint32_t level = th->stacksize;
	for (const UpVal *uv = th->openupval; uv != NULL; uv = uv->u.open.next) {
		checkref(hc, NULL, obj2gco(uv));
		if (hc->err != NULL)
			return;
		if (!upisopen(uv) || uplevel(th, uv) >= level)
			hc->err = "open upvalue list not sorted or not open";
		level = uplevel(th, uv);
	}
}

static void checkobject(HeapCheck *hc, const GCObject *o)
{
	switch (o->tt) {
	case VSHRSTR: case VLNGSTR:
		break;
	case VTABLE:  checktable(hc, (const Table *)o); break;
	case VPROTO:  checkproto(hc, (const Proto *)o); break;
	case VTHREAD: checkthread(hc, (const Thread *)o); break;
	case VLCL: {
		const LClosure *cl = (const LClosure *)o;
		checkref(hc, o, obj2gco(cl->p));
		for (int i = 0; i < cl->nupvalues; i++)
			checkref(hc, o, obj2gco(cl->upvals[i]));
		break;
	}
	case VBCL: {
		const BClosure *cl = (const BClosure *)o;
		for (int i = 0; i < cl->nupvalues; i++)
			checkvalue(hc, o, &cl->upvalue[i]);
		break;
	}
	case VINTERNAL: {
		const Internal *in = (const Internal *)o;
		checkref(hc, o, obj2gco(in->metatable));
		for (int i = 0; i < in->nuvalue; i++)
			checkvalue(hc, o, &in->uvalue[i]);
		break;
	}
	case VUPVAL: {
		const UpVal *uv = (const UpVal *)o;
		if (!upisopen(uv))
			checkvalue(hc, o, uv->v);
		break;
	}
	default:
		hc->err = "object with a bad type tag";
	}
}

/* Collect every object address of a list into hc->objs (grown as needed). */
static const char *collectlist(HeapCheck *hc, GCObject *list, size_t *cap,
                               int fixed)
{
	size_t limit = (hc->g->heap.top - hc->g->heap.start) / OM_ALIGN;
	for (GCObject *o = list; o != NULL; o = o->next) {
		if (!om_contains(&hc->g->heap, o) || ((uintptr_t)o & (OM_ALIGN - 1)))
			return "object list points outside the heap";
		if (!!(o->marked & bitmask(FIXEDBIT)) != fixed)
			return "fixed bit disagrees with the object's list";
		if (hc->n == limit)
			return "object list has a cycle";
		if (hc->n == *cap) {
			uintptr_t *no = realloc(hc->objs, (*cap = *cap * 2 + 1024) * sizeof *no);
			if (no == NULL)
				return "checker out of C memory";
			hc->objs = no;
		}
		hc->objs[hc->n++] = (uintptr_t)o;
	}
	return NULL;
}

static const char *checkstrings(HeapCheck *hc)
{
	const StringTable *tb = &hc->g->strt;
	int32_t n = 0;
	for (int32_t i = 0; i < tb->size; i++)
		for (const String *s = tb->hash[i]; s != NULL; s = s->u.hnext) {
			if (!isobject(hc, s) || s->tt != VSHRSTR)
				return "string table holds a non-string";
			if ((int32_t)(s->hash & (uint32_t)(tb->size - 1)) != i)
				return "string in the wrong bucket";
			if (++n > tb->nuse)
				return "string table count too small";
		}
	return n == tb->nuse ? NULL : "string table count too large";
}

static void checkroots(HeapCheck *hc)
{
	VMGlobal *g = hc->g;
	checkref(hc, NULL, obj2gco(g->mainthread));
	checkref(hc, NULL, obj2gco(g->globals));
	checkref(hc, NULL, obj2gco(g->loaded));
	checkref(hc, NULL, obj2gco(g->vmthreads));
	checkref(hc, NULL, obj2gco(g->memerrmsg));
	for (int i = 0; i < T_NUMTYPES; i++)
		checkref(hc, NULL, obj2gco(g->mt[i]));
	for (int i = 0; i < TM_N; i++)
		checkref(hc, NULL, obj2gco(g->tmname[i]));
	for (const Thread *th = g->twups; th != NULL && hc->err == NULL;
	     th = th->twups) {
		checkref(hc, NULL, obj2gco(th));
		if (th->twups == th)
			hc->err = "twups list has a thread marked as unlisted";
	}
	if (g->weak != NULL || g->ephemeron != NULL || g->allweak != NULL)
		hc->err = "weak-table list not empty outside the atomic phase";
	if (g->gcstate == GCS_PROPAGATE)
		for (GCObject *o = g->gray; o != NULL && hc->err == NULL;
		     o = *getgclist(o))
			if (!isobject(hc, o) || !isgray(o))
				hc->err = "gray list holds a non-gray object";
}

const char *gc_checkheap(VM *vm)
{
	HeapCheck hc = { G(vm), NULL, 0, NULL };
	size_t cap = 0;
	const char *err = om_check(&hc.g->heap);
	if (err == NULL)
		err = collectlist(&hc, hc.g->allgc, &cap, 0);
	if (err == NULL)
		err = collectlist(&hc, hc.g->fixedgc, &cap, 1);
	if (err == NULL) {
		qsort(hc.objs, hc.n, sizeof *hc.objs, cmpaddr);
		err = checkstrings(&hc);
	}
	if (err == NULL) {
		checkroots(&hc);
		for (size_t i = 0; i < hc.n && hc.err == NULL; i++) {
			const GCObject *o = (const GCObject *)hc.objs[i];
			if (!isdeadobj(hc.g, o))
				checkobject(&hc, o);
		}
		err = hc.err;
	}
	free(hc.objs);
	return err;
}
