/*
 * tm.c: metamethod lookup.
 *
 * tm_init interns the event names (ORDER TM) into VMGlobal.tmname and fixes
 * them. tm_gettm looks an event up in a metatable and, for the fast events
 * (up to TM_EQ), records its absence in the table's flags so the next
 * lookup costs one bit test (tab_set clears the flags on every write).
 */
#include "vm/tm.h"
#include "vm/state.h"
#include "vm/string.h"
#include "vm/table.h"
#include "vm/gc.h"

static const char *const tmnames[TM_N] = {
	"__index", "__newindex", "__mode", "__len", "__eq",
	"__add", "__sub", "__mul", "__mod", "__pow", "__div", "__idiv",
	"__band", "__bor", "__bxor", "__shl", "__shr",
	"__unm", "__bnot", "__lt", "__le", "__concat", "__call", "__close",
	"__tostring", "__name", "__metatable", "__pairs"
};

void tm_init(VM *vm)
{
	for (int i = 0; i < TM_N; i++) {
		String *s = str_newz(vm, tmnames[i]);
		gc_fix(vm, obj2gco(s));
		vm->g->tmname[i] = s;
	}
}

const Value *tm_gettm(VM *vm, Table *events, TMS event, String *ename)
{
	const Value *tm = tab_getshortstr(events, ename);
	if (ttisnil(tm)) {
		if (event <= TM_EQ)
			events->flags |= (uint8_t)(1u << event);
		return NULL;
	}
	return tm;
}

static const Value nilvalue = {{0}, VNIL};

/* The metamethod of any value, or a nil value when it has none. */
const Value *tm_gettmbyobj(VM *vm, const Value *o, TMS event)
{
	Table *mt;
	switch (ttype(o)) {
	case T_TABLE:
		mt = tvalue(o)->metatable;
		break;
	case T_INTERNAL:
		mt = internalvalue(o)->metatable;
		break;
	default:
		mt = vm->g->mt[ttype(o)];
	}
	if (mt == NULL)
		return &nilvalue;
	const Value *tm = tab_getshortstr(mt, vm->g->tmname[event]);
	return tm;
}
