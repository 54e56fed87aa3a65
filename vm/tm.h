/*
 * tm.h: metamethods ("tag methods").
 *
 * The event names are interned once per object memory (VMGlobal.tmname, in
 * ORDER TM). Table.flags caches absence: bit e set means the table has no
 * field for event e (e <= TM_EQ), cleared whenever the table is written to.
 * Interface: tm_init() fills tmname; tm_gettm() looks up a cached-absent
 * event in a metatable; tm_gettmbyobj() finds the metamethod of any value.
 */
#ifndef AMBER_VM_TM_H
#define AMBER_VM_TM_H

#include "vm/object.h"

typedef struct VM VM;

/* ORDER TM: the fast events (cached in Table.flags) come first. */
typedef enum {
	TM_INDEX, TM_NEWINDEX, TM_MODE, TM_LEN, TM_EQ,
	TM_ADD, TM_SUB, TM_MUL, TM_MOD, TM_POW, TM_DIV, TM_IDIV,
	TM_BAND, TM_BOR, TM_BXOR, TM_SHL, TM_SHR,
	TM_UNM, TM_BNOT, TM_LT, TM_LE, TM_CONCAT, TM_CALL, TM_CLOSE,
	TM_TOSTRING, TM_NAME, TM_METATABLE, TM_PAIRS,
	TM_N
} TMS;

#define maskflags ((uint8_t)(~(~0u << (TM_EQ + 1))))
#define invalidateTMcache(t) ((t)->flags &= (uint8_t)~maskflags)

void tm_init(VM *vm);
const Value *tm_gettm(VM *vm, Table *events, TMS event, String *ename);
const Value *tm_gettmbyobj(VM *vm, const Value *o, TMS event);

/* Fast lookup in a metatable that may cache absence; NULL when absent. */
#define tm_fasttm(vm, et, e) \
	((et) == NULL ? NULL : \
	 ((et)->flags & (1u << (e))) ? NULL : tm_gettm(vm, et, e, (vm)->g->tmname[e]))

#endif
