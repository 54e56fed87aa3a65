/*
 * verify.c: the bytecode verifier (see verify.h for what it proves).
 *
 * One pass of abstract interpretation per function: a worklist over pcs,
 * each holding the stack depth on entry (and whether a variable number of
 * values sits above it, "open"). An instruction's effect is computed from
 * its operands; every successor gets the resulting state, which must equal
 * the state already recorded there. Working memory is malloc'ed per
 * function and freed before returning.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include "vm/verify.h"
#include "vm/opcodes.h"

typedef struct VState {
	int32_t depth;             /* -1: not reached yet */
	int32_t open;              /* more values above depth (CALL/VARARG) */
} VState;

typedef struct Verifier {
	const Proto *p;
	VState *st;
	int32_t *work;
	int nwork;
	int pc;                    /* instruction being checked */
	char *msg;
	size_t size;
} Verifier;

static int fail(Verifier *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(Verifier *v, const char *fmt, ...)
{
	char what[160];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	if (v->pc >= 0)
		snprintf(v->msg, v->size, "function <%d>, pc %d: %s", v->p->linedefined,
			v->pc + 1, what);
	else
		snprintf(v->msg, v->size, "function <%d>: %s", v->p->linedefined, what);
	return 0;
}

static int isstrk(const Proto *p, uint32_t k)
{
	return k < (uint32_t)p->sizek && ttisstring(&p->k[k]);
}

static int isnumk(const Proto *p, uint32_t k)
{
	return k < (uint32_t)p->sizek && ttisnumber(&p->k[k]);
}

/* Record state (depth, open) as the entry of `to`. */
static int flow(Verifier *v, int to, int depth, int open)
{
	const Proto *p = v->p;
	if (to < 0 || to >= p->sizecode)
		return fail(v, to == p->sizecode ? "code runs off the end" :
			"jump target %d outside the code", to + 1);
	if (GET_OP(p->code[to]) == OP_EXTRAARG)
		return fail(v, "jump into an EXTRAARG at %d", to + 1);
	if (depth < 0)
		return fail(v, "stack underflow");
	if (depth > p->maxstack)
		return fail(v, "stack depth %d exceeds maxstack %d", depth, p->maxstack);
	VState *s = &v->st[to];
	if (s->depth < 0) {
		s->depth = depth;
		s->open = open;
		v->work[v->nwork++] = to;
		return 1;
	}
	if (s->depth != depth || s->open != open)
		return fail(v, "stack depth %d%s at %d, %d%s on another path", depth,
			open ? "+" : "", to + 1, s->depth, s->open ? "+" : "");
	return 1;
}

#define NEED(c, ...) do { if (!(c)) return fail(v, __VA_ARGS__); } while (0)
#define POPS(n) NEED(d >= (n), "stack underflow")

/* The upvalues a CLOSURE captures must exist here. */
static int checkclosure(Verifier *v, uint32_t a, int d)
{
	const Proto *p = v->p;
	NEED(a < (uint32_t)p->sizep, "prototype index %u out of range", a);
	const Proto *c = p->p[a];
	for (int i = 0; i < c->sizeupvalues; i++) {
		const Upvaldesc *u = &c->upvalues[i];
		if (u->instack)
			NEED(u->idx < d, "closure captures slot %d above the stack", u->idx);
		else
			NEED(u->idx < p->sizeupvalues, "closure captures missing upvalue %d", u->idx);
	}
	return 1;
}

/* SETLIST: its EXTRAARG words, the depth after it. */
static int setlist(Verifier *v, Instruction i, int d, int open)
{
	const Proto *p = v->p;
	int pc = v->pc, next = pc + 1;
	uint32_t n = GETARG_A8(i);
	if (GETARG_B(i) == B16_MAX) {
		NEED(next < p->sizecode && GET_OP(p->code[next]) == OP_EXTRAARG,
			"SETLIST without its EXTRAARG");
		next++;
	}
	int after;
	if (n == 0) {
		NEED(next < p->sizecode && GET_OP(p->code[next]) == OP_EXTRAARG,
			"SETLIST without its table slot");
		uint32_t slot = GETARG_A(p->code[next]);
		NEED(slot < (uint32_t)d, "SETLIST table slot %u above the stack", slot);
		after = (int)slot + 1;
		next++;
	} else {
		NEED(!open, "SETLIST with a count after a multiple result");
		POPS((int)n + 1);
		after = d - (int)n;
	}
	return flow(v, next, after, 0);
}

static int isnumstrk(const Proto *p, uint32_t k)
{
	return isnumk(p, k) || isstrk(p, k);
}

#define SLOT(x) NEED((x) < (uint32_t)d, "slot %u above the stack", (x))

/* The superinstructions (after SYS in opcodes.h): their local operands lie
 * below the depth (below the popped operand for the LX/XL forms), their
 * constants have the kind the operator expects. */
static int stepsuper(Verifier *v, Instruction i, enum OpCode op, int d)
{
	const Proto *p = v->p;
	uint32_t a = GETARG_A(i), a8 = GETARG_A8(i), b = GETARG_B(i);
	int arithk = op >= OP_ADDLK && op <= OP_SHRLK;
	if ((op >= OP_ADDLL && op <= OP_SHRLL) || (op >= OP_EQLL && op <= OP_GELL)) {
		SLOT(a8);
		SLOT(b);
		d++;
	} else if (arithk || (op >= OP_EQLK && op <= OP_GELK)) {
		SLOT(a8);
		NEED(arithk ? isnumk(p, b) : isnumstrk(p, b),
			"constant %u is not a %s", b, arithk ? "number" : "number or string");
		d++;
	} else if ((op >= OP_ADDLX && op <= OP_SHRLX) || (op >= OP_EQLX && op <= OP_GELX) ||
	           (op >= OP_ADDXL && op <= OP_SHRXL)) {
		POPS(1);
		NEED(a < (uint32_t)d - 1, "slot %u above the stack", a);
	} else if (op >= OP_SUBK && op <= OP_SHRK) {
		NEED(isnumk(p, a), "constant %u is not a number", a);
		POPS(1);
	} else {
		switch (op) {
		case OP_MOVE: SLOT(a8); SLOT(b); break;
		case OP_GETLOCAL2: SLOT(a8); SLOT(b); d += 2; break;
		case OP_GETTABLELL: SLOT(a8); SLOT(b); d++; break;
		case OP_GETFIELDL: case OP_SELFL:
			SLOT(a8);
			NEED(isstrk(p, b), "constant %u is not a string", b);
			d += op == OP_SELFL ? 2 : 1;
			break;
		case OP_SETFIELDL: case OP_SETTABLELL:
			POPS(1);
			d--;
			SLOT(a8);
			if (op == OP_SETTABLELL)
				SLOT(b);
			else
				NEED(isstrk(p, b), "constant %u is not a string", b);
			break;
		default: return fail(v, "bad opcode %u", (unsigned)op);
		}
	}
	return flow(v, v->pc + 1, d, 0);
}

static int step(Verifier *v)
{
	const Proto *p = v->p;
	int pc = v->pc;
	Instruction i = p->code[pc];
	enum OpCode op = GET_OP(i);
	int d = v->st[pc].depth, open = v->st[pc].open;
	uint32_t a = GETARG_A(i), a8 = GETARG_A8(i), b = GETARG_B(i);
	NEED((unsigned)op < NUM_OPCODES, "bad opcode %u", (unsigned)op);
	if (open && op != OP_CALL && op != OP_TAILCALL && op != OP_RETURN && op != OP_RETURNC &&
	    !(op == OP_SETLIST && a8 == 0))
		return fail(v, "%s after a multiple result", vm_opnames[op]);
	switch (op) {
	case OP_NOP: break;
	case OP_LOADNIL: NEED(a >= 1, "LOADNIL of 0 values"); d += (int)a; break;
	case OP_LOADFALSE: case OP_LOADTRUE: case OP_LOADI: case OP_LOADF:
	case OP_NEWTABLE:
		d++;
		break;
	case OP_LOADK: NEED(a < (uint32_t)p->sizek, "constant %u out of range", a); d++; break;
	case OP_GETLOCAL: NEED(a < (uint32_t)d, "slot %u above the stack", a); d++; break;
	case OP_SETLOCAL: POPS(1); d--; NEED(a < (uint32_t)d, "slot %u above the stack", a); break;
	case OP_GETUPVAL:
		NEED(a < (uint32_t)p->sizeupvalues, "upvalue %u out of range", a);
		d++;
		break;
	case OP_SETUPVAL:
		NEED(a < (uint32_t)p->sizeupvalues, "upvalue %u out of range", a);
		POPS(1);
		d--;
		break;
	case OP_POP: POPS((int)a); d -= (int)a; break;
	case OP_DUP: NEED(a < (uint32_t)d, "DUP below the frame"); d++; break;
	case OP_GETTABUP: case OP_SETTABUP:
		NEED(a8 < (uint32_t)p->sizeupvalues, "upvalue %u out of range", a8);
		NEED(isstrk(p, b), "constant %u is not a string", b);
		if (op == OP_SETTABUP) {
			POPS(1);
			d--;
		} else {
			d++;
		}
		break;
	case OP_GETTABLE: POPS(2); d--; break;
	case OP_GETFIELD: NEED(isstrk(p, a), "constant %u is not a string", a); POPS(1); break;
	case OP_GETINT: POPS(1); break;
	case OP_SETTABLE: POPS(3); d -= 3; break;
	case OP_SETFIELD:
		NEED(isstrk(p, a), "constant %u is not a string", a);
		POPS(2);
		d -= 2;
		break;
	case OP_SETTABLEX: POPS((int)a + 3); d--; break;
	case OP_SETFIELDX:
		NEED(isstrk(p, b), "constant %u is not a string", b);
		POPS((int)a8 + 2);
		d--;
		break;
	case OP_SETLIST: return setlist(v, i, d, open);
	case OP_EXTRAARG: return fail(v, "EXTRAARG executed");
	case OP_SELF: NEED(isstrk(p, a), "constant %u is not a string", a); POPS(1); d++; break;
	case OP_ADD: case OP_SUB: case OP_MUL: case OP_MOD: case OP_POW: case OP_DIV:
	case OP_IDIV: case OP_BAND: case OP_BOR: case OP_BXOR: case OP_SHL: case OP_SHR:
	case OP_EQ: case OP_NE: case OP_LT: case OP_LE: case OP_GT: case OP_GE:
		POPS(2);
		d--;
		break;
	case OP_ADDK: NEED(isnumk(p, a), "constant %u is not a number", a); POPS(1); break;
	case OP_ADDI: case OP_UNM: case OP_BNOT: case OP_NOT: case OP_LEN: POPS(1); break;
	case OP_CONCAT:
		NEED(a >= 2, "CONCAT of %u values", a);
		POPS((int)a);
		d -= (int)a - 1;
		break;
	case OP_JMP: return flow(v, pc + 1 + GETARG_sA(i), d, 0);
	case OP_JMPIF: case OP_JMPIFNOT:
		POPS(1);
		return flow(v, pc + 1 + GETARG_sA(i), d - 1, 0) && flow(v, pc + 1, d - 1, 0);
	case OP_ANDJMP: case OP_ORJMP:
		POPS(1);
		return flow(v, pc + 1 + GETARG_sA(i), d, 0) && flow(v, pc + 1, d - 1, 0);
	case OP_CALL:
		NEED(a8 < (uint32_t)d, "called slot %u above the stack", a8);
		if (b == 0)
			return flow(v, pc + 1, (int)a8, 1);
		d = (int)a8 + (int)b - 1;
		break;
	case OP_TAILCALL: NEED(a < (uint32_t)d, "called slot %u above the stack", a); return 1;
	case OP_RETURN: NEED(a <= (uint32_t)d, "returned slot %u above the stack", a); return 1;
	case OP_RETURN0: return 1;
	case OP_RETURN1: POPS(1); return 1;
	case OP_VARARG:
		NEED(p->is_vararg, "VARARG in a function without varargs");
		if (a == 0)
			return flow(v, pc + 1, d, 1);
		d += (int)a - 1;
		break;
	case OP_CLOSURE:
		if (!checkclosure(v, a, d))
			return 0;
		d++;
		break;
	case OP_CLOSE: NEED(a <= (uint32_t)d, "CLOSE above the stack"); break;
	case OP_FORPREP: case OP_FORLOOP: case OP_TFORLOOP:
		NEED(a8 + 4 <= (uint32_t)d, "loop slots above the stack");
		return flow(v, pc + 1 + GETARG_sB(i), d, 0) && flow(v, pc + 1, d, 0);
	case OP_TFORCALL:
		NEED(b >= 1 && a8 + 3 + b <= (uint32_t)d, "loop slots above the stack");
		break;
	case OP_SYS: d++; break;
	case OP_TBC: NEED(a < (uint32_t)d, "to-be-closed slot %u above the stack", a); d++; break;
	case OP_TFORPREP:
		NEED(a + 4 == (uint32_t)d, "TFORPREP without its 4 values on top");
		d++;
		break;
	case OP_CLOSETBC: NEED(a <= (uint32_t)d, "CLOSETBC above the stack"); break;
	case OP_RETURNC: NEED(a <= (uint32_t)d, "returned slot %u above the stack", a); return 1;
	default: return stepsuper(v, i, op, d);
	}
	return flow(v, pc + 1, d, 0);
}

/* Sizes and tables of one function (its parent for upvalue checks). */
static int checkshape(Verifier *v, const Proto *parent)
{
	const Proto *p = v->p;
	NEED(p->sizecode >= 1, "no code");
	NEED(p->maxstack <= MAX_STACK_SLOTS, "maxstack %d too large", p->maxstack);
	NEED(p->numparams <= p->maxstack, "more parameters than slots");
	NEED(p->sizelineinfo == 0 || p->sizelineinfo == p->sizecode, "bad line information");
	NEED(p->sizeupvalues >= 0 && p->sizeupvalues <= MAX_UPVALUES, "too many upvalues");
	NEED(p->sizek >= 0 && p->sizep >= 0 && p->sizelocvars >= 0, "negative size");
	for (int i = 0; i < p->sizek; i++) {
		const Value *k = &p->k[i];
		NEED(ttisnil(k) || ttisboolean(k) || ttisnumber(k) || ttisstring(k),
			"constant %d of a bad type", i);
	}
	for (int i = 0; i < p->sizelocvars; i++) {
		const LocVar *lv = &p->locvars[i];
		NEED(lv->slot >= 0 && lv->slot < p->maxstack, "local %d in a bad slot", i);
		NEED(lv->startpc >= 0 && lv->startpc <= lv->endpc && lv->endpc <= p->sizecode,
			"local %d with a bad range", i);
	}
	for (int i = 0; i < p->sizeupvalues && parent != NULL; i++) {
		const Upvaldesc *u = &p->upvalues[i];
		if (u->instack)
			NEED(u->idx < parent->maxstack, "upvalue %d from a bad slot", i);
		else
			NEED(u->idx < parent->sizeupvalues, "upvalue %d from a bad upvalue", i);
	}
	for (int i = 0; i < p->sizep; i++)
		NEED(p->p[i] != NULL, "missing prototype %d", i);
	return 1;
}

static int verifyfunc(const Proto *p, const Proto *parent, char *msg, size_t size, int level)
{
	Verifier v = {p, NULL, NULL, 0, -1, msg, size};
	if (level > 200)
		return fail(&v, "functions nested too deeply");
	if (!checkshape(&v, parent))
		return 0;
	v.st = malloc(sizeof(VState) * (size_t)p->sizecode);
	v.work = malloc(sizeof(int32_t) * (size_t)p->sizecode);
	int ok = v.st != NULL && v.work != NULL;
	if (!ok)
		fail(&v, "not enough memory");
	for (int pc = 0; ok && pc < p->sizecode; pc++)
		v.st[pc].depth = -1;
	if (ok)
		ok = flow(&v, 0, p->numparams, 0);
	while (ok && v.nwork > 0) {
		v.pc = v.work[--v.nwork];
		ok = step(&v);
	}
	free(v.st);
	free(v.work);
	for (int i = 0; ok && i < p->sizep; i++)
		ok = verifyfunc(p->p[i], p, msg, size, level + 1);
	return ok;
}

int verify_proto(const Proto *p, char *msg, size_t size)
{
	return verifyfunc(p, NULL, msg, size, 0);
}
