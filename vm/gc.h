/*
 * gc.h: the incremental collector's interface, mark bits and barriers.
 *
 * Every collectable object is created by gc_newobj, which links it into
 * VMGlobal.allgc. Allocation never collects: the collector runs only at
 * explicit safe points, gc_checkstep(vm), where every live value is on a
 * thread stack (below its top) or reachable from the root. The invariant
 * and the phases are described at the top of gc.c.
 *
 * Interface:
 *   gc_newobj(vm, tt, size)   (err) a new white object of type tag tt
 *   gc_fix(vm, o)             make the object just created never collectable
 *   gc_checkstep(vm)          (gc) do a bounded step if allocation debt is due
 *   gc_step(vm)               (gc) one bounded step (what checkstep calls)
 *   gc_fullgc(vm)             (gc) finish the cycle and run a full one
 *   gc_count(vm)              bytes in use (collectgarbage("count") * 1024)
 *   gc_checkheap(vm)          NULL if the heap is sound, else what is wrong
 *   gc_barrier(vm, p, v)      p (any object) now points to value v
 *   gc_barrierback(vm, t, v)  t (table, thread, closure...) now holds value v
 *   gc_objbarrier(vm, p, o)   p now points to object o
 * Writers into an object that may be black must call one of the barriers
 * after the write: tables and builtin closures use gc_barrierback (they are
 * marked again in the atomic phase), protos, upvalues and closures use
 * gc_barrier / gc_objbarrier. Thread stacks need none. Weak tables (__mode)
 * take the same barrier as any table (it does nothing for them while
 * marking: they are never black then); their entries are cleared in the
 * atomic phase (gc.c).
 */
#ifndef AMBER_VM_GC_H
#define AMBER_VM_GC_H

#include <stddef.h>
#include "vm/object.h"
#include "vm/vm.h"
#include "vm/state.h"

/* ---- mark bits (GCObject.marked) --------------------------------------- */
#define WHITE0BIT 0
#define WHITE1BIT 1
#define BLACKBIT  2
#define FIXEDBIT  3              /* never collected (in fixedgc) */

#define bitmask(b)     (1u << (b))
#define WHITEBITS      (bitmask(WHITE0BIT) | bitmask(WHITE1BIT))
#define obj2gco(o)     ((GCObject *)(o))
#define iswhite(o)     (obj2gco(o)->marked & WHITEBITS)
#define isblack(o)     (obj2gco(o)->marked & bitmask(BLACKBIT))
#define isgray(o)      (!(obj2gco(o)->marked & (WHITEBITS | bitmask(BLACKBIT))))
#define gc_white(g)    ((uint8_t)((g)->currentwhite & WHITEBITS))
#define otherwhite(g)  ((g)->currentwhite ^ WHITEBITS)
/* Dead: carries the white of the previous cycle during a sweep. */
#define isdead(g, o)   (obj2gco(o)->marked & otherwhite(g) & WHITEBITS)
#define changewhite(o) (obj2gco(o)->marked ^= WHITEBITS)

/* Is the tri-color invariant in force (no black -> white edges)? */
#define gc_keepinvariant(g) ((g)->gcstate <= GCS_ATOMIC)

/* ---- barriers ------------------------------------------------------------ */
#define gc_barrier(vm, p, v) \
	((iscollectable(v) && isblack(p) && iswhite(gcvalue(v))) ? \
	 gc_barrier_(vm, obj2gco(p), gcvalue(v)) : (void)0)
#define gc_barrierback(vm, p, v) \
	((iscollectable(v) && isblack(p) && iswhite(gcvalue(v))) ? \
	 gc_barrierback_(vm, obj2gco(p)) : (void)0)
#define gc_objbarrier(vm, p, o) \
	((isblack(p) && iswhite(o)) ? \
	 gc_barrier_(vm, obj2gco(p), obj2gco(o)) : (void)0)

void gc_barrier_(VM *vm, GCObject *p, GCObject *o);
void gc_barrierback_(VM *vm, GCObject *p);

/* ---- collection -------------------------------------------------------- */
GCObject *gc_newobj(VM *vm, int tt, size_t size);   /* (err) */
void gc_fix(VM *vm, GCObject *o);
void gc_step(VM *vm);
void gc_fullgc(VM *vm);
size_t gc_count(VM *vm);
const char *gc_checkheap(VM *vm);

#define gc_checkstep(vm) \
	((vm)->g->GCdebt > 0 ? gc_step(vm) : (void)0)

#endif
