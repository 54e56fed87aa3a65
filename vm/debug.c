/*
 * debug.c: positions, variable names and tracebacks.
 *
 * Variable names come from symbolic execution of the stack-machine code:
 * a forward pass computes the operand depth before every instruction (the
 * same rules as the verifier: a slot's index is its depth), then a backward
 * scan from the faulting instruction finds the instruction that produced
 * the value at a given depth and names it: GETLOCAL -> local, GETUPVAL ->
 * upvalue, LOADK of a string -> constant, GETTABUP of _ENV -> global,
 * GETFIELD/GETTABUP -> field, SELF -> method; the superinstructions alike
 * (GETLOCAL2 -> local, GETFIELDL -> field or global, SELFL -> method; the
 * local operands of xxxLL/LK/LX are named directly as locals). A slot that holds an active
 * local variable is named by the local itself.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "vm/debug.h"
#include "vm/do.h"
#include "vm/state.h"
#include "vm/func.h"
#include "vm/omem.h"
#include "vm/string.h"
#include "vm/table.h"
#include "vm/tm.h"
#include "vm/builtin.h"
#include "vm/number.h"

#define X_POPS(n, f, pops, pushes) pops,
#define X_PUSHES(n, f, pops, pushes) pushes,
static const int8_t oppops[NUM_OPCODES] = { OPCODES(X_POPS) };
static const int8_t oppushes[NUM_OPCODES] = { OPCODES(X_PUSHES) };

/* ---- positions ------------------------------------------------------------------ */

void dbg_chunkid(char *out, const char *source, size_t srclen)
{
	size_t room = VM_IDSIZE;
	if (*source == '=' || *source == '@') {
		if (srclen <= room) {
			memcpy(out, source + 1, srclen - 1);
			out[srclen - 1] = '\0';
		} else if (*source == '=') {
			memcpy(out, source + 1, room - 1);
			out[room - 1] = '\0';
		} else {   /* keep the end of a long file name */
			memcpy(out, "...", 3);
			room -= 3;
			memcpy(out + 3, source + 1 + srclen - room, room - 1);
			out[3 + room - 1] = '\0';
		}
		return;
	}
	const char *nl = memchr(source, '\n', srclen);
	size_t pos = 0;
	memcpy(out, "[string \"", 9);
	pos = 9;
	room -= 9 + 3 + 2 + 1;
	if (srclen < room && nl == NULL) {
		memcpy(out + pos, source, srclen);
		pos += srclen;
	} else {
		if (nl != NULL)
			srclen = (size_t)(nl - source);
		if (srclen > room)
			srclen = room;
		memcpy(out + pos, source, srclen);
		pos += srclen;
		memcpy(out + pos, "...", 3);
		pos += 3;
	}
	memcpy(out + pos, "\"]", 3);
}

static Proto *ciproto(Thread *L, CallInfo *ci)
{
	return clLvalue(s2v(L, ci->func))->p;
}

static int currentpc(CallInfo *ci)
{
	return (int)ci->pc - 1;
}

int dbg_currentline(Thread *L, CallInfo *ci)
{
	if (!(ci->callstatus & CIST_LUA))
		return -1;
	Proto *p = ciproto(L, ci);
	int pc = currentpc(ci);
	if (p->sizelineinfo == 0 || pc < 0)
		return -1;
	if (pc >= p->sizelineinfo)
		pc = p->sizelineinfo - 1;
	return p->lineinfo[pc];
}

static void addwhereci(VMBuffer *b, Thread *L, CallInfo *ci)
{
	if (ci == NULL || !(ci->callstatus & CIST_LUA))
		return;
	char id[VM_IDSIZE + 1];
	String *src = ciproto(L, ci)->source;
	if (src == NULL)
		strcpy(id, "?");
	else
		dbg_chunkid(id, getstr(src), tsslen(src));
	char line[32];
	snprintf(line, sizeof line, ":%d: ", dbg_currentline(L, ci));
	vm_addstring(b, id);
	vm_addstring(b, line);
}

void dbg_addwhere(VM *vm, VMBuffer *b, int level)
{
	Thread *L = vm->L;
	if (level < 0 || (uint32_t)level >= L->nci)
		return;
	addwhereci(b, L, &L->ci[L->nci - 1 - (uint32_t)level]);
}

/* ---- symbolic execution ------------------------------------------------------ */

/* Depth (slots in use) before each instruction, -1 where unreached. */
static void computedepths(const Proto *p, int *depth)
{
	int n = p->sizecode;
	for (int pc = 0; pc < n; pc++)
		depth[pc] = -1;
	int *work = depth + n, nwork = 0;
	depth[0] = p->numparams;
	work[nwork++] = 0;
	while (nwork > 0) {
		int pc = work[--nwork];
		int d = depth[pc];
		Instruction i = p->code[pc];
		enum OpCode op = GET_OP(i);
		int next = pc + 1, target = -1, after = d, fall = 1;
		switch (op) {
		case OP_LOADNIL: after = d + (int)GETARG_A(i); break;
		case OP_POP: after = d - (int)GETARG_A(i); break;
		case OP_CONCAT: after = d - (int)GETARG_A(i) + 1; break;
		case OP_SETLIST: {
			int a = (int)GETARG_A8(i);
			if (GETARG_B(i) == B16_MAX)
				next++;
			if (a == 0) {
				after = (int)GETARG_A(p->code[next]) + 1;
				next++;
			} else {
				after = d - a;
			}
			break;
		}
		case OP_CALL: {
			int b = (int)GETARG_B(i);
			after = (int)GETARG_A8(i) + (b > 0 ? b - 1 : 0);
			break;
		}
		case OP_VARARG:
			after = d + (GETARG_A(i) > 0 ? (int)GETARG_A(i) - 1 : 0);
			break;
		case OP_TAILCALL: case OP_RETURN: case OP_RETURN0: case OP_RETURN1:
		case OP_RETURNC:
			fall = 0;
			break;
		case OP_SYS: after = 1; break;
		case OP_JMP:
			fall = 0;
			target = pc + 1 + GETARG_sA(i);
			break;
		case OP_JMPIF: case OP_JMPIFNOT:
			after = d - 1;
			target = pc + 1 + GETARG_sA(i);
			break;
		case OP_ANDJMP: case OP_ORJMP:
			target = pc + 1 + GETARG_sA(i);
			if (target >= 0 && target < n && depth[target] < 0) {
				depth[target] = d;
				work[nwork++] = target;
			}
			target = -1;
			after = d - 1;
			break;
		case OP_FORPREP: case OP_FORLOOP: case OP_TFORLOOP:
			target = pc + 1 + GETARG_sB(i);
			break;
		default:
			after = d - oppops[op] + oppushes[op];
		}
		if (target >= 0 && target < n && depth[target] < 0) {
			depth[target] = after;
			work[nwork++] = target;
		}
		if (fall && next < n && depth[next] < 0) {
			depth[next] = after;
			work[nwork++] = next;
		}
	}
}

static const char *upvalname(const Proto *p, int uv)
{
	if (uv < p->sizeupvalues && p->upvalues[uv].name != NULL)
		return getstr(p->upvalues[uv].name);
	return "?";
}

static const char *kstr(const Proto *p, int k)
{
	if (k < p->sizek && ttisstring(&p->k[k]))
		return getstr(strvalue(&p->k[k]));
	return "?";
}

static const char *slotname(const Proto *p, const int *depth, int pc, int slot,
                            const char **name, int level);

/* If instruction i (depth d before it) writes `slot`, the first slot it
 * writes; else -1. */
static int writes(Instruction i, int d, int slot)
{
	enum OpCode op = GET_OP(i);
	int lo, hi;
	switch (op) {
	case OP_LOADNIL: lo = d; hi = d + (int)GETARG_A(i); break;
	case OP_CALL:
		lo = (int)GETARG_A8(i);
		hi = GETARG_B(i) ? lo + (int)GETARG_B(i) - 1 : 1 << 30;
		break;
	case OP_VARARG:
		lo = d;
		hi = GETARG_A(i) ? d + (int)GETARG_A(i) - 1 : 1 << 30;
		break;
	case OP_CONCAT: lo = d - (int)GETARG_A(i); hi = lo + 1; break;
	case OP_TFORCALL:
		lo = (int)GETARG_A8(i) + 3;
		hi = lo + (int)GETARG_B(i);
		break;
	case OP_SETLOCAL: lo = (int)GETARG_A(i); hi = lo + 1; break;
	case OP_MOVE: lo = (int)GETARG_A8(i); hi = lo + 1; break;
	case OP_FORPREP: case OP_FORLOOP: case OP_TFORLOOP:
		lo = (int)GETARG_A8(i); hi = lo + 4; break;
	case OP_SYS: lo = 0; hi = 1; break;
	case OP_TFORPREP: lo = (int)GETARG_A(i); hi = lo + 5; break;
	default:
		if (oppushes[op] <= 0 || oppops[op] < 0)
			return -1;
		lo = d - oppops[op];
		hi = lo + oppushes[op];
	}
	return (slot >= lo && slot < hi) ? lo : -1;
}

/* Is the table operand of the GETFIELD at pc the variable _ENV? */
static int isenv(const Proto *p, const int *depth, int pc, int slot, int level)
{
	const char *n = NULL;
	const char *kind = level < 2 ? slotname(p, depth, pc, slot, &n, level + 1) : NULL;
	return kind != NULL && (kind[0] == 'l' || kind[0] == 'u') && n && strcmp(n, "_ENV") == 0;
}

/* Name of the value in `slot` just before instruction pc. */
static const char *slotname(const Proto *p, const int *depth, int pc, int slot,
                            const char **name, int level)
{
	*name = func_getlocalname(p, slot, pc);
	if (*name != NULL)
		return "local";
	for (int j = pc - 1; j >= 0; j--) {
		if (depth[j] < 0)
			continue;
		Instruction i = p->code[j];
		enum OpCode op = GET_OP(i);
		int d = depth[j];
		int lo = writes(i, d, slot);
		if (lo < 0)
			continue;
		switch (op) {
		case OP_GETLOCAL:
			*name = func_getlocalname(p, (int)GETARG_A(i), j);
			return *name ? "local" : NULL;
		case OP_GETLOCAL2:
			*name = func_getlocalname(p, (int)(slot == lo ? GETARG_A8(i) : GETARG_B(i)), j);
			return *name ? "local" : NULL;
		case OP_GETUPVAL:
			*name = upvalname(p, (int)GETARG_A(i));
			return "upvalue";
		case OP_LOADK:
			if (ttisstring(&p->k[GETARG_A(i)])) {
				*name = kstr(p, (int)GETARG_A(i));
				return "constant";
			}
			return NULL;
		case OP_GETTABUP:
			*name = kstr(p, (int)GETARG_B(i));
			return strcmp(upvalname(p, (int)GETARG_A8(i)), "_ENV") == 0 ? "global" : "field";
		case OP_GETFIELD:
			*name = kstr(p, (int)GETARG_A(i));
			return isenv(p, depth, j, d - 1, level) ? "global" : "field";
		case OP_GETFIELDL: {
			const char *tn = func_getlocalname(p, (int)GETARG_A8(i), j);
			*name = kstr(p, (int)GETARG_B(i));
			return tn != NULL && strcmp(tn, "_ENV") == 0 ? "global" : "field";
		}
		case OP_GETTABLELL:   /* the key is a local, not a constant */
			*name = "?";
			return "field";
		case OP_GETINT:
			*name = "integer index";
			return "field";
		case OP_GETTABLE: {
			const char *kn;
			const char *kk = level < 2 ? slotname(p, depth, j, d - 1, &kn, level + 1) : NULL;
			*name = (kk && kk[0] == 'c') ? kn : "?";
			return "field";
		}
		case OP_SELF: case OP_SELFL:
			if (slot == lo) {
				*name = kstr(p, (int)(op == OP_SELF ? GETARG_A(i) : GETARG_B(i)));
				return "method";
			}
			return NULL;
		default:
			return NULL;
		}
	}
	return NULL;
}

/* Kind and name of the value at stack slot `slot` of Lua frame ci. */
static const char *getobjname(VM *vm, Thread *L, CallInfo *ci, int slot, const char **name)
{
	Proto *p = ciproto(L, ci);
	int pc = currentpc(ci);
	if (pc < 0 || pc >= p->sizecode)
		return NULL;
	int *depth = om_newvector(vm, 2 * p->sizecode + 1, int);
	computedepths(p, depth);
	const char *kind = slotname(p, depth, pc, slot, name, 0);
	om_freevector(vm, depth, 2 * p->sizecode + 1, int);
	return kind;
}

/* " (global 'x')" for a value of the running Lua frame, or "". */
static void varinfo(VM *vm, const Value *o, char *out, size_t outsize)
{
	Thread *L = vm->L;
	out[0] = '\0';
	if (L->nci == 0)
		return;
	CallInfo *ci = topci(L);
	if (!(ci->callstatus & CIST_LUA))
		return;
	LClosure *cl = clLvalue(s2v(L, ci->func));
	const char *kind = NULL, *name = NULL;
	for (int i = 0; i < cl->nupvalues; i++) {
		if (cl->upvals[i] != NULL && cl->upvals[i]->v == o) {
			kind = "upvalue";
			name = upvalname(cl->p, i);
		}
	}
	if (kind == NULL && o >= L->stack + ci->base && o < L->stack + L->top)
		kind = getobjname(vm, L, ci, (int)(o - (L->stack + ci->base)), &name);
	if (kind != NULL)
		snprintf(out, outsize, " (%s '%s')", kind, name);
}

/* ---- errors ------------------------------------------------------------------------- */

_Noreturn void dbg_runerror(VM *vm, const char *fmt, ...)
{
	va_list ap;
	VMBuffer b;
	char msg[512];
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	vm_buffinit(vm, &b);
	Thread *L = vm->L;
	if (L->nci > 0)
		addwhereci(&b, L, topci(L));
	vm_addstring(&b, msg);
	String *s = str_new(vm, b.b, b.n);
	vm_bufffree(&b);
	Value v;
	setsvalue(&v, s);
	vm_errorvalue(vm, &v);
}

static const char *typename_(VM *vm, const Value *o)
{
	return vm_typename(vm, o);
}

_Noreturn void dbg_typeerror(VM *vm, const Value *o, const char *op)
{
	char info[256];
	varinfo(vm, o, info, sizeof info);
	dbg_runerror(vm, "attempt to %s a %s value%s", op, typename_(vm, o), info);
}

_Noreturn void dbg_callerror(VM *vm, const Value *o)
{
	Thread *L = vm->L;
	CallInfo *ci = L->nci ? topci(L) : NULL;
	if (ci && (ci->callstatus & CIST_LUA) && ci->pc > 0 &&
	    GET_OP(ciproto(L, ci)->code[ci->pc - 1]) == OP_TFORCALL)
		dbg_runerror(vm, "attempt to call a %s value (for iterator 'for iterator')",
		             typename_(vm, o));
	dbg_typeerror(vm, o, "call");
}

_Noreturn void dbg_concaterror(VM *vm, const Value *p1, const Value *p2)
{
	if (ttisstring(p1) || ttisnumber(p1))
		p1 = p2;
	dbg_typeerror(vm, p1, "concatenate");
}

_Noreturn void dbg_opinterror(VM *vm, const Value *p1, const Value *p2, const char *msg)
{
	if (!ttisnumber(p1))
		p2 = p1;
	dbg_typeerror(vm, p2, msg);
}

_Noreturn void dbg_tointerror(VM *vm, const Value *p1, const Value *p2)
{
	int64_t tmp;
	if (num_tointegerns(p1, &tmp, F2I_EQ))
		p1 = p2;
	char info[256];
	varinfo(vm, p1, info, sizeof info);
	dbg_runerror(vm, "number%s has no integer representation", info);
}

_Noreturn void dbg_ordererror(VM *vm, const Value *p1, const Value *p2)
{
	const char *t1 = typename_(vm, p1), *t2 = typename_(vm, p2);
	if (strcmp(t1, t2) == 0)
		dbg_runerror(vm, "attempt to compare two %s values", t1);
	dbg_runerror(vm, "attempt to compare %s with %s", t1, t2);
}

_Noreturn void dbg_forerror(VM *vm, const Value *o, const char *what)
{
	dbg_runerror(vm, "bad 'for' %s (number expected, got %s)", what, typename_(vm, o));
}

/* ---- function names ------------------------------------------------------------- */

/* The plain operator a superinstruction stands for (its group in
 * opcodes.h), or op itself. */
static enum OpCode baseop(enum OpCode op)
{
	if (op >= OP_ADDLL && op <= OP_SHRLL)
		return (enum OpCode)(OP_ADD + (op - OP_ADDLL));
	if (op >= OP_ADDLK && op <= OP_SHRLK)
		return (enum OpCode)(OP_ADD + (op - OP_ADDLK));
	if (op >= OP_ADDLX && op <= OP_SHRLX)
		return (enum OpCode)(OP_ADD + (op - OP_ADDLX));
	if (op >= OP_ADDXL && op <= OP_SHRXL)
		return (enum OpCode)(OP_ADD + (op - OP_ADDXL));
	if (op >= OP_SUBK && op <= OP_SHRK)
		return (enum OpCode)(OP_SUB + (op - OP_SUBK));
	if (op >= OP_EQLL && op <= OP_GELL)
		return (enum OpCode)(OP_EQ + (op - OP_EQLL));
	if (op >= OP_EQLK && op <= OP_GELK)
		return (enum OpCode)(OP_EQ + (op - OP_EQLK));
	if (op >= OP_EQLX && op <= OP_GELX)
		return (enum OpCode)(OP_EQ + (op - OP_EQLX));
	if (op == OP_GETFIELDL || op == OP_GETTABLELL || op == OP_SELFL)
		return OP_GETFIELD;
	if (op == OP_SETFIELDL || op == OP_SETTABLELL)
		return OP_SETFIELD;
	return op;
}

static const char *mmname(enum OpCode op)
{
	switch (baseop(op)) {
	case OP_GETTABUP: case OP_GETTABLE: case OP_GETFIELD: case OP_GETINT: case OP_SELF:
		return "index";
	case OP_SETTABUP: case OP_SETTABLE: case OP_SETFIELD: case OP_SETTABLEX: case OP_SETFIELDX:
		return "newindex";
	case OP_ADD: case OP_ADDK: case OP_ADDI: return "add";
	case OP_SUB: return "sub";
	case OP_MUL: return "mul";
	case OP_MOD: return "mod";
	case OP_POW: return "pow";
	case OP_DIV: return "div";
	case OP_IDIV: return "idiv";
	case OP_BAND: return "band";
	case OP_BOR: return "bor";
	case OP_BXOR: return "bxor";
	case OP_SHL: return "shl";
	case OP_SHR: return "shr";
	case OP_UNM: return "unm";
	case OP_BNOT: return "bnot";
	case OP_LEN: return "len";
	case OP_CONCAT: return "concat";
	case OP_EQ: case OP_NE: return "eq";
	case OP_LT: case OP_GT: return "lt";
	case OP_LE: case OP_GE: return "le";
	default: return "?";
	}
}

const char *dbg_funcname(VM *vm, Thread *L, CallInfo *ci, char *name, size_t namesize)
{
	uint32_t idx = (uint32_t)(ci - L->ci);
	if (idx == 0 || (ci->callstatus & CIST_TAIL))
		return NULL;
	CallInfo *caller = ci - 1;
	if (!(caller->callstatus & CIST_LUA))
		return NULL;
	Proto *p = ciproto(L, caller);
	int pc = currentpc(caller);
	if (pc < 0 || pc >= p->sizecode)
		return NULL;
	Instruction i = p->code[pc];
	enum OpCode op = GET_OP(i);
	const char *kind = NULL, *n = NULL;
	if (ci->callstatus & CIST_MM) {
		snprintf(name, namesize, "%s", mmname(op));
		return "metamethod";
	}
	switch (op) {
	case OP_CALL: case OP_TAILCALL:
		kind = getobjname(vm, L, caller, (int)(ci->func - caller->base), &n);
		break;
	case OP_TFORCALL:
		n = "for iterator";
		kind = "for iterator";
		break;
	default:
		return NULL;
	}
	if (kind == NULL)
		return NULL;
	snprintf(name, namesize, "%s", n ? n : "?");
	return kind;
}

/* ---- tracebacks ------------------------------------------------------------------ */

void dbg_traceback(VM *vm, Thread *L, VMBuffer *b, const char *msg, int level)
{
	if (msg != NULL) {
		vm_addstring(b, msg);
		vm_addchar(b, '\n');
	}
	vm_addstring(b, "stack traceback:");
	int shown = 0;
	for (uint32_t k = L->nci; k-- > 0;) {
		if ((int)(L->nci - 1 - k) < level)
			continue;
		CallInfo *ci = &L->ci[k];
		if (++shown > 22 && k > 11) {
			if (shown == 23)
				vm_addstring(b, "\n\t...\t(skipping)");
			continue;
		}
		char name[128], line[160];
		const char *kind = dbg_funcname(vm, L, ci, name, sizeof name);
		vm_addstring(b, "\n\t");
		if (ci->callstatus & CIST_LUA) {
			addwhereci(b, L, ci);
			b->n -= 1;   /* drop the space of ": " */
		} else {
			vm_addstring(b, "[C]:");
		}
		if (kind != NULL) {
			if (strcmp(kind, "global") == 0)
				snprintf(line, sizeof line, " in function '%s'", name);
			else
				snprintf(line, sizeof line, " in %s '%s'", kind, name);
		} else if ((ci->callstatus & CIST_LUA) && ciproto(L, ci)->linedefined == 0) {
			snprintf(line, sizeof line, " in main chunk");
		} else if (ci->callstatus & CIST_LUA) {
			Proto *p = ciproto(L, ci);
			char id[VM_IDSIZE + 1];
			dbg_chunkid(id, p->source ? getstr(p->source) : "=?",
			            p->source ? tsslen(p->source) : 2);
			snprintf(line, sizeof line, " in function <%s:%d>", id, (int)p->linedefined);
		} else {
			snprintf(line, sizeof line, " in ?");
		}
		vm_addstring(b, line);
	}
}
