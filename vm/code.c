/*
 * code.c: instruction emission, expression discharge, operators and jumps
 * for Amber's Lua compiler. See code.h for the model (stack depth, jump
 * lists); parse.c drives it.
 *
 * Constant folding follows lua5.4: numeric operations on numeric constants
 * are folded unless the operation could raise an error or yields NaN or a
 * float zero (whose sign would be lost); division and modulo by zero and
 * bitwise operations on non-integral floats are left to run time.
 */
#include <math.h>
#include <string.h>
#include "vm/code.h"
#include "vm/object.h"

/* ---- emission --------------------------------------------------------------- */

static void growcode(FuncState *fs)
{
	CProto *f = fs->f;
	if (f->ncode < f->sizecode)
		return;
	int ns = f->sizecode < 64 ? 64 : f->sizecode * 2;
	if (ns > (1 << 25))
		lex_syntaxerror(fs->ls, "function or expression too complex");
	f->code = arena_grow(fs->ls->arena, f->code, sizeof(Instruction) * (size_t)f->sizecode,
		sizeof(Instruction) * (size_t)ns);
	f->lineinfo = arena_grow(fs->ls->arena, f->lineinfo,
		sizeof(int32_t) * (size_t)f->sizecode, sizeof(int32_t) * (size_t)ns);
	f->sizecode = ns;
}

void code_checkstack(FuncState *fs, int n)
{
	int need = fs->depth + n;
	if (need > fs->f->maxstack) {
		if (need > MAX_STACK_SLOTS)
			lex_syntaxerror(fs->ls, "function or expression needs too many registers");
		fs->f->maxstack = need;
	}
}

void code_setdepth(FuncState *fs, int depth)
{
	fs->depth = depth;
	code_checkstack(fs, 0);
}

/* Emit `i` changing the depth by `delta`. Returns its pc. */
int code_emitd(FuncState *fs, Instruction i, int delta)
{
	growcode(fs);
	if (delta > 0)
		code_checkstack(fs, delta);
	fs->depth += delta;
	fs->f->code[fs->pc] = i;
	fs->f->lineinfo[fs->pc] = fs->ls->lastline;
	fs->f->ncode = fs->pc + 1;
	return fs->pc++;
}

/* Emit an instruction whose effect on the depth the tables (or its operand)
 * determine. */
int code_opdelta(Instruction i)
{
	enum OpCode op = GET_OP(i);
	switch (op) {
	case OP_LOADNIL: return (int)GETARG_A(i);
	case OP_POP: return -(int)GETARG_A(i);
	case OP_CONCAT: return 1 - (int)GETARG_A(i);
	case OP_ANDJMP: case OP_ORJMP: return -1;
	default: return vm_oppushes[op] - vm_oppops[op];
	}
}

int code_emit(FuncState *fs, Instruction i)
{
	return code_emitd(fs, i, code_opdelta(i));
}

void code_fixline(FuncState *fs, int line)
{
	fs->f->lineinfo[fs->pc - 1] = line;
}

/* The last instruction, if it may be rewritten (no jump lands after it). */
static Instruction *lastinstr(FuncState *fs)
{
	if (fs->pc == 0 || fs->lasttarget >= fs->pc)
		return NULL;
	return &fs->f->code[fs->pc - 1];
}

static void removelast(FuncState *fs, int delta)
{
	fs->pc--;
	fs->f->ncode--;
	fs->depth -= delta;
}

/* Remove the instruction at pc if it is the last one and no jump lands
 * after it (it must not have consumed values). */
int code_removelast(FuncState *fs, int pc)
{
	if (pc != fs->pc - 1 || lastinstr(fs) == NULL)
		return 0;
	removelast(fs, code_opdelta(fs->f->code[pc]));
	return 1;
}

void code_nil(FuncState *fs, int n)
{
	Instruction *p = lastinstr(fs);
	if (p != NULL && GET_OP(*p) == OP_LOADNIL && GETARG_A(*p) + (unsigned)n <= A24_MAX) {
		*p = CREATE_A(OP_LOADNIL, GETARG_A(*p) + (unsigned)n);
		code_checkstack(fs, n);
		fs->depth += n;
		return;
	}
	code_emit(fs, CREATE_A(OP_LOADNIL, n));
}

void code_pop(FuncState *fs, int n)
{
	if (n <= 0)
		return;
	Instruction *p = lastinstr(fs);
	if (p != NULL && GET_OP(*p) == OP_POP) {
		*p = CREATE_A(OP_POP, GETARG_A(*p) + (unsigned)n);
		fs->depth -= n;
		return;
	}
	code_emit(fs, CREATE_A(OP_POP, n));
}

/* ---- constants ----------------------------------------------------------------- */

typedef struct KCache {
	uint8_t used, tt;
	uint64_t key;
	int idx;
} KCache;

static uint64_t kkey(const CConst *c)
{
	uint64_t k;
	if (c->tt == VSHRSTR)
		k = (uint64_t)(uintptr_t)c->u.s;
	else
		memcpy(&k, &c->u, sizeof k);
	return k;
}

static void kcache_put(FuncState *fs, uint8_t tt, uint64_t key, int idx);

static void kcache_grow(FuncState *fs)
{
	KCache *old = fs->kcache;
	int oldsize = fs->kcachesize;
	fs->kcachesize = oldsize ? oldsize * 2 : 64;
	fs->kcache = arena_alloc(fs->ls->arena, sizeof(KCache) * (size_t)fs->kcachesize);
	for (int i = 0; i < oldsize; i++)
		if (old[i].used)
			kcache_put(fs, old[i].tt, old[i].key, old[i].idx);
}

static void kcache_put(FuncState *fs, uint8_t tt, uint64_t key, int idx)
{
	unsigned m = (unsigned)fs->kcachesize - 1;
	unsigned h = (unsigned)((key * 0x9E3779B97F4A7C15ull) >> 40) & m;
	while (fs->kcache[h].used)
		h = (h + 1) & m;
	fs->kcache[h] = (KCache){1, tt, key, idx};
}

static int addk(FuncState *fs, CConst *c)
{
	CProto *f = fs->f;
	uint64_t key = kkey(c);
	if (fs->kcachesize) {
		unsigned m = (unsigned)fs->kcachesize - 1;
		unsigned h = (unsigned)((key * 0x9E3779B97F4A7C15ull) >> 40) & m;
		for (; fs->kcache[h].used; h = (h + 1) & m)
			if (fs->kcache[h].tt == c->tt && fs->kcache[h].key == key)
				return fs->kcache[h].idx;
	}
	if (f->nk >= f->sizek) {
		int ns = f->sizek < 16 ? 16 : f->sizek * 2;
		if (ns > (int)A24_MAX)
			lex_syntaxerror(fs->ls, "too many constants");
		f->k = arena_grow(fs->ls->arena, f->k, sizeof(CConst) * (size_t)f->sizek,
			sizeof(CConst) * (size_t)ns);
		f->sizek = ns;
	}
	f->k[f->nk] = *c;
	if (2 * (f->nk + 1) > fs->kcachesize)
		kcache_grow(fs);
	kcache_put(fs, c->tt, key, f->nk);
	return f->nk++;
}

int code_kstr(FuncState *fs, CStr *s)
{
	CConst c = {.tt = VSHRSTR, .u.s = s};
	return addk(fs, &c);
}

int code_kint(FuncState *fs, int64_t i)
{
	CConst c = {.tt = VNUMINT, .u.i = i};
	return addk(fs, &c);
}

int code_kflt(FuncState *fs, double n)
{
	CConst c = {.tt = VNUMFLT, .u.n = n};
	return addk(fs, &c);
}

static int fitsA(int64_t i)
{
	return i >= SA24_MIN && i <= SA24_MAX;
}

/* ---- jumps ------------------------------------------------------------------------- */

static int getjump(FuncState *fs, int pc)
{
	int off = GETARG_sA(fs->f->code[pc]);
	return off == NO_JUMP ? NO_JUMP : pc + 1 + off;
}

static void fixjump(FuncState *fs, int pc, int dest)
{
	Instruction *j = &fs->f->code[pc];
	int off = dest - (pc + 1);
	if (off < SA24_MIN || off > SA24_MAX)
		lex_syntaxerror(fs->ls, "control structure too long");
	*j = CREATE_sA(GET_OP(*j), off);
}

int code_jump(FuncState *fs)
{
	return code_emit(fs, CREATE_sA(OP_JMP, NO_JUMP));
}

int code_getlabel(FuncState *fs)
{
	fs->lasttarget = fs->pc;
	return fs->pc;
}

void code_concatjl(FuncState *fs, int *l1, int l2)
{
	if (l2 == NO_JUMP)
		return;
	if (*l1 == NO_JUMP) {
		*l1 = l2;
		return;
	}
	int list = *l1, next;
	while ((next = getjump(fs, list)) != NO_JUMP)
		list = next;
	fixjump(fs, list, l2);
}

void code_patchlist(FuncState *fs, int list, int target)
{
	while (list != NO_JUMP) {
		int next = getjump(fs, list);
		fixjump(fs, list, target);
		list = next;
	}
}

void code_patchtohere(FuncState *fs, int list)
{
	if (list == NO_JUMP)
		return;
	code_patchlist(fs, list, code_getlabel(fs));
}

/* Change every `from` jump of a list into a `to` jump. */
void code_retargetlist(FuncState *fs, int list, enum OpCode from, enum OpCode to)
{
	for (; list != NO_JUMP; list = getjump(fs, list)) {
		Instruction *j = &fs->f->code[list];
		if (GET_OP(*j) == from)
			*j = (*j & ~0xFFu) | (Instruction)to;
	}
}

/* ---- expressions --------------------------------------------------------------------- */

void code_init(ExpDesc *e, ExpKind k, int info)
{
	e->k = k;
	e->u.info = info;
	e->t = e->f = NO_JUMP;
	e->kpc = -1;
	e->concatpc = -1;
}

int code_hasjumps(const ExpDesc *e)
{
	return e->t != e->f;
}

void code_setreturns(FuncState *fs, ExpDesc *e, int n)
{
	Instruction *pi = &fs->f->code[e->u.info];
	int start;
	if (e->k == ECALL) {
		start = (int)GETARG_A8(*pi);
		*pi = CREATE_AB(OP_CALL, start, n + 1);
	} else {
		int a = (int)GETARG_A(*pi);
		start = fs->depth - (a == 0 ? 0 : a - 1);
		*pi = CREATE_A(OP_VARARG, n + 1);
	}
	fs->depth = start;
	if (n > 0) {
		code_checkstack(fs, n);
		fs->depth += n;
	}
	if (n == 1)
		e->k = EPUSHED;
}

/* All results: the depth stays below them ("open"). */
void code_setmulret(FuncState *fs, ExpDesc *e)
{
	code_setreturns(fs, e, -1);
}

/* GETLOCAL slot; right after another GETLOCAL it becomes GETLOCAL2. */
static void getlocal(FuncState *fs, int slot)
{
	Instruction *p = lastinstr(fs);
	if (p != NULL && GET_OP(*p) == OP_GETLOCAL) {
		*p = CREATE_AB(OP_GETLOCAL2, GETARG_A(*p), (unsigned)slot);
		code_checkstack(fs, 1);
		fs->depth++;
		return;
	}
	code_emit(fs, CREATE_A(OP_GETLOCAL, slot));
}

/* Emit the push of a value that is not yet on the stack (no jumps). */
static void discharge(FuncState *fs, ExpDesc *e)
{
	switch (e->k) {
	case EVOID: case ENIL:
		code_nil(fs, 1);
		break;
	case ETRUE: code_emit(fs, CREATE_A(OP_LOADTRUE, 0)); break;
	case EFALSE: code_emit(fs, CREATE_A(OP_LOADFALSE, 0)); break;
	case EKINT:
		if (e->kpc >= 0)
			break;          /* already pushed (see code_infix) */
		if (fitsA(e->u.ival))
			code_emit(fs, CREATE_sA(OP_LOADI, (int32_t)e->u.ival));
		else
			code_emit(fs, CREATE_A(OP_LOADK, code_kint(fs, e->u.ival)));
		break;
	case EKFLT: {
		double n = e->u.nval;
		if (e->kpc >= 0)
			break;
		if (n == floor(n) && n >= SA24_MIN && n <= SA24_MAX && !(n == 0 && signbit(n)))
			code_emit(fs, CREATE_sA(OP_LOADF, (int32_t)n));
		else
			code_emit(fs, CREATE_A(OP_LOADK, code_kflt(fs, n)));
		break;
	}
	case EKSTR: code_emit(fs, CREATE_A(OP_LOADK, code_kstr(fs, e->u.strval))); break;
	case ELOCAL: getlocal(fs, e->u.var.slot); break;
	case EUPVAL: code_emit(fs, CREATE_A(OP_GETUPVAL, e->u.info)); break;
	case EINDEXUP:
		code_emit(fs, CREATE_AB(OP_GETTABUP, e->u.ind.t, e->u.ind.k));
		break;
	case EINDEXED: code_emit(fs, CREATE_A(OP_GETTABLE, 0)); break;
	case EINDEXSTR: code_emit(fs, CREATE_A(OP_GETFIELD, e->u.ind.k)); break;
	case EINDEXINT: code_emit(fs, CREATE_sA(OP_GETINT, (int32_t)e->u.ival)); break;
	case ELINDEXSTR: code_emit(fs, CREATE_AB(OP_GETFIELDL, e->u.ind.t, e->u.ind.k)); break;
	case ELINDEXLL: code_emit(fs, CREATE_AB(OP_GETTABLELL, e->u.ind.t, e->u.ind.k)); break;
	case ECALL: case EVARARG:
		code_setreturns(fs, e, 1);
		break;
	case EPUSHED:
		break;
	}
	e->k = EPUSHED;
	e->kpc = -1;
}

/* Push e as exactly one value; its jump lists land after it. */
void code_push(FuncState *fs, ExpDesc *e)
{
	int concatpc = e->k == EPUSHED ? e->concatpc : -1;
	discharge(fs, e);
	if (code_hasjumps(e)) {
		code_patchtohere(fs, e->t);
		code_patchtohere(fs, e->f);
		e->t = e->f = NO_JUMP;
		concatpc = -1;
	}
	e->concatpc = concatpc;
}

/* The last expression of a list: calls and varargs leave all values. */
void code_pushmulti(FuncState *fs, ExpDesc *e)
{
	if (e->k == ECALL || e->k == EVARARG)
		code_setmulret(fs, e);
	else
		code_push(fs, e);
}

/* Resolve jumps (pushing the value), keep constants and variables. */
void code_exp2val(FuncState *fs, ExpDesc *e)
{
	if (code_hasjumps(e) || e->k == ECALL || e->k == EVARARG)
		code_push(fs, e);
}

/* ---- conditions ------------------------------------------------------------------------ */

static int isfalsek(ExpKind k)
{
	return k == ENIL || k == EFALSE;
}

static int istruek(ExpKind k)
{
	return k == ETRUE || k == EKINT || k == EKFLT || k == EKSTR;
}

/* Push e's final value (not its jumps) and emit a popping test that jumps
 * when the value's truth is `jumpif`. `not x` becomes a test of x. */
static int condjump(FuncState *fs, ExpDesc *e, int jumpif)
{
	discharge(fs, e);
	Instruction *p = lastinstr(fs);
	if (p != NULL && GET_OP(*p) == OP_NOT) {
		removelast(fs, 0);
		jumpif = !jumpif;
	}
	return code_emit(fs, CREATE_sA(jumpif ? OP_JMPIF : OP_JMPIFNOT, NO_JUMP));
}

/* Fall through when e is true; returns the jumps taken when it is false.
 * The value is consumed on both paths. */
int code_goiftrue(FuncState *fs, ExpDesc *e)
{
	int f = NO_JUMP;
	if (!code_hasjumps(e) && istruek(e->k) && e->kpc < 0)
		f = NO_JUMP;
	else if (!code_hasjumps(e) && isfalsek(e->k))
		f = code_jump(fs);
	else
		f = condjump(fs, e, 0);
	code_retargetlist(fs, e->f, OP_ANDJMP, OP_JMPIFNOT);
	code_concatjl(fs, &f, e->f);
	code_retargetlist(fs, e->t, OP_ORJMP, OP_JMPIF);
	code_patchtohere(fs, e->t);
	e->t = e->f = NO_JUMP;
	e->k = EVOID;
	return f;
}

/* Fall through when e is false; returns the jumps taken when it is true. */
int code_goiffalse(FuncState *fs, ExpDesc *e)
{
	int t = NO_JUMP;
	if (!code_hasjumps(e) && isfalsek(e->k))
		t = NO_JUMP;
	else if (!code_hasjumps(e) && istruek(e->k) && e->kpc < 0)
		t = code_jump(fs);
	else
		t = condjump(fs, e, 1);
	code_retargetlist(fs, e->t, OP_ORJMP, OP_JMPIF);
	code_concatjl(fs, &t, e->t);
	code_retargetlist(fs, e->f, OP_ANDJMP, OP_JMPIFNOT);
	code_patchtohere(fs, e->f);
	e->t = e->f = NO_JUMP;
	e->k = EVOID;
	return t;
}

/* ---- tables and variables ----------------------------------------------------------------- */

/* t[k]: t is an upvalue (only with a constant string key), a local (with
 * a string constant or a local key, when the parser left it unpushed: the
 * key's parse emitted nothing) or is pushed here; k is kept as a constant
 * when it can be. */
void code_indexed(FuncState *fs, ExpDesc *t, ExpDesc *k)
{
	if (t->k == ELOCAL && !code_hasjumps(t) && !code_hasjumps(k)) {
		int slot = t->u.var.slot, ki = -1;
		if (k->k == EKSTR && (unsigned)(ki = code_kstr(fs, k->u.strval)) <= B16_MAX) {
			code_init(t, ELINDEXSTR, 0);
		} else if (k->k == ELOCAL) {
			code_init(t, ELINDEXLL, 0);
			ki = k->u.var.slot;
		}
		if (t->k != ELOCAL) {
			t->u.ind.t = slot;
			t->u.ind.k = ki;
			return;
		}
	}
	if (t->k == EUPVAL && !code_hasjumps(t) && k->k == EKSTR) {
		int ki = code_kstr(fs, k->u.strval);
		if ((unsigned)ki <= B16_MAX) {
			int up = t->u.info;
			code_init(t, EINDEXUP, 0);
			t->u.ind.t = up;
			t->u.ind.k = ki;
			return;
		}
	}
	code_push(fs, t);
	if (k->k == EKSTR && !code_hasjumps(k)) {
		code_init(t, EINDEXSTR, 0);
		t->u.ind.k = code_kstr(fs, k->u.strval);
	} else if (k->k == EKINT && !code_hasjumps(k) && k->kpc < 0 && fitsA(k->u.ival)) {
		code_init(t, EINDEXINT, 0);
		t->u.ival = k->u.ival;
	} else {
		code_push(fs, k);
		code_init(t, EINDEXED, 0);
	}
}

/* obj:name -> method and object pushed (a call follows). */
void code_self(FuncState *fs, ExpDesc *e, ExpDesc *key)
{
	int ki = code_kstr(fs, key->u.strval);
	if (e->k == ELOCAL && !code_hasjumps(e) && (unsigned)ki <= B16_MAX) {
		code_emit(fs, CREATE_AB(OP_SELFL, e->u.var.slot, ki));
		code_init(e, EPUSHED, 0);
		return;
	}
	code_push(fs, e);
	code_emit(fs, CREATE_A(OP_SELF, ki));
	code_init(e, EPUSHED, 0);
}

/* A local-table target (ELINDEXSTR/ELINDEXLL) of a multiple assignment
 * whose table or key local a later target assigns: push copies of them now
 * and make the target read the copies (lua5.4's check_conflict). Returns
 * the number of slots pushed (popped with the targets' stack parts). */
int code_copyoperands(FuncState *fs, ExpDesc *var)
{
	getlocal(fs, var->u.ind.t);
	var->u.ind.t = fs->depth - 1;
	if (var->k == ELINDEXSTR)
		return 1;
	getlocal(fs, var->u.ind.k);
	var->u.ind.k = fs->depth - 1;
	return 2;
}

/* Before the value of an assignment target is computed: make the target's
 * stack part complete (integer keys pushed; keys SETFIELDX cannot name). */
void code_prepstore(FuncState *fs, ExpDesc *var)
{
	if (var->k == EINDEXINT) {
		ExpDesc k;
		code_init(&k, EKINT, 0);
		k.u.ival = var->u.ival;
		code_push(fs, &k);
		code_init(var, EINDEXED, 0);
	} else if (var->k == EINDEXSTR && (unsigned)var->u.ind.k > B16_MAX) {
		code_emit(fs, CREATE_A(OP_LOADK, var->u.ind.k));
		code_init(var, EINDEXED, 0);
	}
}

int code_storewidth(const ExpDesc *var)
{
	return var->k == EINDEXED ? 2 : var->k == EINDEXSTR ? 1 : 0;
}

/* var = pop, the target's table/key just below the value. */
void code_store(FuncState *fs, ExpDesc *var)
{
	switch (var->k) {
	case ELOCAL: {
		Instruction *p = lastinstr(fs);
		if (p != NULL && GET_OP(*p) == OP_GETLOCAL) {   /* a = b: MOVE */
			*p = CREATE_AB(OP_MOVE, var->u.var.slot, GETARG_A(*p));
			fs->depth--;
		} else {
			code_emit(fs, CREATE_A(OP_SETLOCAL, var->u.var.slot));
		}
		break;
	}
	case EUPVAL: code_emit(fs, CREATE_A(OP_SETUPVAL, var->u.info)); break;
	case EINDEXUP:
		code_emit(fs, CREATE_AB(OP_SETTABUP, var->u.ind.t, var->u.ind.k));
		break;
	case EINDEXED: code_emit(fs, CREATE_A(OP_SETTABLE, 0)); break;
	case EINDEXSTR: code_emit(fs, CREATE_A(OP_SETFIELD, var->u.ind.k)); break;
	case ELINDEXSTR: code_emit(fs, CREATE_AB(OP_SETFIELDL, var->u.ind.t, var->u.ind.k)); break;
	case ELINDEXLL: code_emit(fs, CREATE_AB(OP_SETTABLELL, var->u.ind.t, var->u.ind.k)); break;
	default: break;     /* the parser only passes variables */
	}
}

/* var = pop in a multiple assignment: the target's table (and key) sit at
 * stack slot tslot and stay there. */
void code_storex(FuncState *fs, ExpDesc *var, int tslot)
{
	int top = fs->depth - 1;      /* after the value is popped */
	switch (var->k) {
	case EINDEXED:
		code_emit(fs, CREATE_A(OP_SETTABLEX, top - 2 - tslot));
		break;
	case EINDEXSTR:
		code_emit(fs, CREATE_AB(OP_SETFIELDX, top - 1 - tslot, var->u.ind.k));
		break;
	default:
		code_store(fs, var);
	}
}

/* ---- operators -------------------------------------------------------------------------------- */

static int tointeger(const ExpDesc *e, int64_t *out)
{
	if (e->k == EKINT) {
		*out = e->u.ival;
		return 1;
	}
	if (e->k == EKFLT) {
		double n = e->u.nval;
		if (n == floor(n) && n >= -9223372036854775808.0 && n < 9223372036854775808.0) {
			*out = (int64_t)n;
			return 1;
		}
	}
	return 0;
}

static double tonum(const ExpDesc *e)
{
	return e->k == EKINT ? (double)e->u.ival : e->u.nval;
}

static int64_t shiftl(int64_t x, int64_t y)
{
	if (y <= -64 || y >= 64)
		return 0;
	if (y >= 0)
		return (int64_t)((uint64_t)x << y);
	return (int64_t)((uint64_t)x >> -y);
}

static double fltmod(double a, double b)
{
	double m = fmod(a, b);
	if ((m > 0) ? b < 0 : (m < 0 && b != m))
		m += b;
	return m;
}

/* Fold a binary numeric operation (op <= OPR_SHR) into r; 0 if it must be
 * left to run time. */
static int constfold(BinOpr op, const ExpDesc *a, const ExpDesc *b, ExpDesc *r)
{
	int64_t i1, i2;
	if ((a->k != EKINT && a->k != EKFLT) || (b->k != EKINT && b->k != EKFLT))
		return 0;
	if (op >= OPR_BAND && op <= OPR_SHR) {
		if (!tointeger(a, &i1) || !tointeger(b, &i2))
			return 0;
		uint64_t u1 = (uint64_t)i1, u2 = (uint64_t)i2;
		int64_t v;
		switch (op) {
		case OPR_BAND: v = (int64_t)(u1 & u2); break;
		case OPR_BOR: v = (int64_t)(u1 | u2); break;
		case OPR_BXOR: v = (int64_t)(u1 ^ u2); break;
		case OPR_SHL: v = shiftl(i1, i2); break;
		default: v = shiftl(i1, i2 == INT64_MIN ? 64 : -i2); break;
		}
		r->k = EKINT;
		r->u.ival = v;
		return 1;
	}
	if ((op == OPR_DIV || op == OPR_IDIV || op == OPR_MOD) && tonum(b) == 0)
		return 0;
	if (a->k == EKINT && b->k == EKINT && op != OPR_DIV && op != OPR_POW) {
		uint64_t x = (uint64_t)a->u.ival, y = (uint64_t)b->u.ival;
		int64_t v;
		switch (op) {
		case OPR_ADD: v = (int64_t)(x + y); break;
		case OPR_SUB: v = (int64_t)(x - y); break;
		case OPR_MUL: v = (int64_t)(x * y); break;
		case OPR_MOD: {
			int64_t m = b->u.ival == -1 ? 0 : a->u.ival % b->u.ival;
			if (m != 0 && (m ^ b->u.ival) < 0)
				m += b->u.ival;
			v = m;
			break;
		}
		default: {                  /* IDIV */
			int64_t p = a->u.ival, q = b->u.ival;
			if (q == -1) {
				v = (int64_t)(0 - (uint64_t)p);
			} else {
				v = p / q;
				if ((p % q != 0) && ((p ^ q) < 0))
					v--;
			}
			break;
		}
		}
		r->k = EKINT;
		r->u.ival = v;
		return 1;
	}
	double x = tonum(a), y = tonum(b), v;
	switch (op) {
	case OPR_ADD: v = x + y; break;
	case OPR_SUB: v = x - y; break;
	case OPR_MUL: v = x * y; break;
	case OPR_DIV: v = x / y; break;
	case OPR_POW: v = y == 2 ? x * x : pow(x, y); break;
	case OPR_IDIV: v = floor(x / y); break;
	default: v = fltmod(x, y); break;
	}
	if (isnan(v) || v == 0)
		return 0;
	r->k = EKFLT;
	r->u.nval = v;
	return 1;
}

void code_prefix(FuncState *fs, UnOpr op, ExpDesc *e, int line)
{
	static const enum OpCode ops[] = {OP_UNM, OP_BNOT, OP_NOT, OP_LEN};
	if (!code_hasjumps(e) && e->kpc < 0) {
		ExpDesc zero;
		code_init(&zero, EKINT, 0);
		zero.u.ival = 0;
		if (op == OPR_MINUS && (e->k == EKINT || e->k == EKFLT)) {
			if (constfold(OPR_SUB, &zero, e, e))
				return;
		} else if (op == OPR_BNOT && (e->k == EKINT || e->k == EKFLT)) {
			ExpDesc m1;
			code_init(&m1, EKINT, 0);
			m1.u.ival = -1;
			if (constfold(OPR_BXOR, e, &m1, e))
				return;
		} else if (op == OPR_NOT && (isfalsek(e->k) || istruek(e->k))) {
			e->k = isfalsek(e->k) ? ETRUE : EFALSE;
			return;
		}
	}
	code_push(fs, e);
	code_emit(fs, CREATE_A(ops[op], 0));
	code_fixline(fs, line);
	code_init(e, EPUSHED, 0);
}

void code_infix(FuncState *fs, BinOpr op, ExpDesc *e)
{
	switch (op) {
	case OPR_AND:
		if (e->t != NO_JUMP)
			code_push(fs, e);
		if (!code_hasjumps(e) && istruek(e->k) && e->kpc < 0) {
			e->k = EVOID;       /* `k and x` is x */
			break;
		}
		discharge(fs, e);
		code_concatjl(fs, &e->f, code_emit(fs, CREATE_sA(OP_ANDJMP, NO_JUMP)));
		break;
	case OPR_OR:
		if (e->f != NO_JUMP)
			code_push(fs, e);
		if (!code_hasjumps(e) && isfalsek(e->k)) {
			e->k = EVOID;       /* `nil or x` is x */
			break;
		}
		discharge(fs, e);
		code_concatjl(fs, &e->t, code_emit(fs, CREATE_sA(OP_ORJMP, NO_JUMP)));
		break;
	default:
		if (e->k == ELOCAL && !code_hasjumps(e) && op != OPR_CONCAT) {
			/* read by the operator itself (xxxLL/LK/LX) */
		} else if (op <= OPR_SHR && !code_hasjumps(e) && (e->k == EKINT || e->k == EKFLT)) {
			ExpKind k = e->k;   /* push, but stay a constant for folding */
			discharge(fs, e);
			e->k = k;
			e->kpc = fs->pc - 1;
		} else {
			code_push(fs, e);
		}
	}
}

static const enum OpCode binops[] = {
	OP_ADD, OP_SUB, OP_MUL, OP_MOD, OP_POW, OP_DIV, OP_IDIV,
	OP_BAND, OP_BOR, OP_BXOR, OP_SHL, OP_SHR, OP_CONCAT,
	OP_EQ, OP_LT, OP_LE, OP_NE, OP_GT, OP_GE
};

/* e as a constant operand: its index, or -1 (not a constant of the kind
 * wanted, or an index an iAB/iA operand cannot hold). */
static int operandk(FuncState *fs, const ExpDesc *e, int strings, unsigned max)
{
	int ki;
	if (code_hasjumps(e) || e->kpc >= 0)
		return -1;
	if (e->k == EKINT)
		ki = code_kint(fs, e->u.ival);
	else if (e->k == EKFLT)
		ki = code_kflt(fs, e->u.nval);
	else if (e->k == EKSTR && strings)
		ki = code_kstr(fs, e->u.strval);
	else
		return -1;
	return (unsigned)ki <= max ? ki : -1;
}

/* L[a] op e2, op an arithmetic (base ADD) or comparison (base EQ) operator
 * at offset `off` of its group: the LL, LK or LX form. */
static void localop(FuncState *fs, int a, ExpDesc *e2, int off, int cmp)
{
	int ki;
	if (e2->k == ELOCAL && !code_hasjumps(e2)) {
		code_emit(fs, CREATE_AB((cmp ? OP_EQLL : OP_ADDLL) + off, a, e2->u.var.slot));
	} else if ((ki = operandk(fs, e2, cmp, B16_MAX)) >= 0) {
		code_emit(fs, CREATE_AB((cmp ? OP_EQLK : OP_ADDLK) + off, a, ki));
	} else {
		code_push(fs, e2);
		code_emit(fs, CREATE_A((cmp ? OP_EQLX : OP_ADDLX) + off, a));
	}
}

static void arith(FuncState *fs, BinOpr op, ExpDesc *e1, ExpDesc *e2, int line)
{
	int ki;
	if (e1->kpc >= 0 && !code_hasjumps(e2) && e2->kpc < 0 &&
	    e1->kpc == fs->pc - 1 && fs->lasttarget < fs->pc) {
		ExpDesc r = *e1;
		if (constfold(op, e1, e2, &r)) {
			removelast(fs, 1);
			*e1 = r;
			e1->kpc = -1;
			return;
		}
	}
	if (e1->k == ELOCAL) {
		localop(fs, e1->u.var.slot, e2, (int)op - OPR_ADD, 0);
	} else if (e2->k == ELOCAL && !code_hasjumps(e2)) {
		code_emit(fs, CREATE_A(OP_ADDXL + ((int)op - OPR_ADD), e2->u.var.slot));
	} else if (op != OPR_ADD && (ki = operandk(fs, e2, 0, A24_MAX)) >= 0) {
		code_emit(fs, CREATE_A(OP_SUBK + ((int)op - OPR_SUB), ki));
	} else if (op == OPR_ADD && !code_hasjumps(e2) && e2->kpc < 0 &&
	    (e2->k == EKINT || e2->k == EKFLT)) {
		if (e2->k == EKINT && fitsA(e2->u.ival))
			code_emit(fs, CREATE_sA(OP_ADDI, (int32_t)e2->u.ival));
		else if (e2->k == EKINT)
			code_emit(fs, CREATE_A(OP_ADDK, code_kint(fs, e2->u.ival)));
		else
			code_emit(fs, CREATE_A(OP_ADDK, code_kflt(fs, e2->u.nval)));
	} else {
		code_push(fs, e2);
		code_emit(fs, CREATE_A(binops[op], 0));
	}
	code_fixline(fs, line);
	code_init(e1, EPUSHED, 0);
}

void code_posfix(FuncState *fs, BinOpr op, ExpDesc *e1, ExpDesc *e2, int line)
{
	switch (op) {
	case OPR_AND: case OPR_OR: {
		if (e2->k == ECALL || e2->k == EVARARG)
			code_setreturns(fs, e2, 1);
		int t = e1->t, f = e1->f;
		*e1 = *e2;
		code_concatjl(fs, &e1->t, t);
		code_concatjl(fs, &e1->f, f);
		break;
	}
	case OPR_CONCAT: {
		int merge = e2->k == EPUSHED && !code_hasjumps(e2) &&
			e2->concatpc == fs->pc - 1 && fs->lasttarget < fs->pc;
		if (merge) {
			Instruction *p = &fs->f->code[fs->pc - 1];
			*p = CREATE_A(OP_CONCAT, GETARG_A(*p) + 1);
			fs->depth--;
		} else {
			code_push(fs, e2);
			code_emit(fs, CREATE_A(OP_CONCAT, 2));
		}
		code_fixline(fs, line);
		code_init(e1, EPUSHED, 0);
		e1->concatpc = fs->pc - 1;
		break;
	}
	case OPR_EQ: case OPR_LT: case OPR_LE: case OPR_NE: case OPR_GT: case OPR_GE:
		if (e1->k == ELOCAL) {
			localop(fs, e1->u.var.slot, e2, (int)binops[op] - OP_EQ, 1);
		} else {
			code_push(fs, e2);
			code_emit(fs, CREATE_A(binops[op], 0));
		}
		code_fixline(fs, line);
		code_init(e1, EPUSHED, 0);
		break;
	default:
		arith(fs, op, e1, e2, line);
	}
}

/* ---- returns and lists ------------------------------------------------------------------------ */

/* Return the values from slot `first` (nret < 0: up to top). */
void code_ret(FuncState *fs, int first, int nret)
{
	if (nret == 0)
		code_emitd(fs, CREATE_A(OP_RETURN0, 0), 0);
	else if (nret == 1)
		code_emitd(fs, CREATE_A(OP_RETURN1, 0), -1);
	else
		code_emitd(fs, CREATE_A(OP_RETURN, first), first - fs->depth);
	fs->depth = first;
}

/* Store the values above the table at stack slot `tpos` (nelems < 0: up to
 * top) at indices base+1, base+2, ... A big base goes into an EXTRAARG; an
 * open list also names the table's slot in an EXTRAARG. */
void code_setlist(FuncState *fs, int tpos, int base, int nelems)
{
	int a = nelems < 0 ? 0 : nelems;
	int delta = (tpos + 1) - fs->depth;
	int big = base > (int)B16_MAX - 1;
	code_emitd(fs, CREATE_AB(OP_SETLIST, a, big ? B16_MAX : (unsigned)base), delta);
	if (big)
		code_emitd(fs, CREATE_A(OP_EXTRAARG, base), 0);
	if (nelems < 0)
		code_emitd(fs, CREATE_A(OP_EXTRAARG, tpos), 0);
}
