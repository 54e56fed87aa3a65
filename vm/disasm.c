/*
 * disasm.c: bytecode listings (see disasm.h).
 *
 * Each function prints a header like luac's
 *     main <prog.lua:0,0> (12 instructions)
 *     0+ params, 4 slots, 1 upvalue, 2 locals, 3 constants, 1 function
 * then one line per instruction: index (1-based), [line], name, operands,
 * and after ';' what the operands denote (constants, jump targets, names).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "vm/disasm.h"
#include "vm/opcodes.h"

typedef struct Out {
	DisasmOut out;
	void *ud;
} Out;

static void outf(Out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void outf(Out *o, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof buf - 1)
		n = (int)sizeof buf - 1;
	o->out(o->ud, buf, (size_t)n);
}

/* A constant as luac shows it, quoted and shortened. */
static void kstr(const Value *k, char *buf, size_t size)
{
	if (ttisinteger(k)) {
		snprintf(buf, size, "%lld", (long long)ivalue(k));
	} else if (ttisfloat(k)) {
		snprintf(buf, size, "%.14g", fltvalue(k));
		if (strspn(buf, "-0123456789") == strlen(buf))
			strncat(buf, ".0", size - strlen(buf) - 1);
	} else if (ttisstring(k)) {
		const String *s = strvalue(k);
		size_t len = tsslen(s), j = 0;
		buf[j++] = '"';
		for (size_t i = 0; i < len && j + 6 < size; i++) {
			unsigned char c = (unsigned char)getstr(s)[i];
			if (c == '"' || c == '\\') {
				buf[j++] = '\\';
				buf[j++] = (char)c;
			} else if (c >= 32 && c < 127) {
				buf[j++] = (char)c;
			} else {
				j += (size_t)snprintf(buf + j, size - j, "\\%d", c);
			}
		}
		buf[j++] = '"';
		buf[j] = '\0';
	} else {
		snprintf(buf, size, "?");
	}
}

static const char *upname(const Proto *p, uint32_t i)
{
	if (i < (uint32_t)p->sizeupvalues && p->upvalues[i].name != NULL)
		return getstr(p->upvalues[i].name);
	return "-";
}

void disasm_instr(const Proto *p, int pc, char *buf, size_t size)
{
	Instruction i = p->code[pc];
	enum OpCode op = GET_OP(i);
	char k[80] = "";
	int n;
	if ((unsigned)op >= NUM_OPCODES) {
		snprintf(buf, size, "<bad opcode %u>", (unsigned)op);
		return;
	}
	switch (vm_opformats[op]) {
	case iA: n = snprintf(buf, size, "%-10s %u", vm_opnames[op], GETARG_A(i)); break;
	case isA: n = snprintf(buf, size, "%-10s %d", vm_opnames[op], GETARG_sA(i)); break;
	case iAB: n = snprintf(buf, size, "%-10s %u %u", vm_opnames[op], GETARG_A8(i), GETARG_B(i)); break;
	default: n = snprintf(buf, size, "%-10s %u %d", vm_opnames[op], GETARG_A8(i), GETARG_sB(i)); break;
	}
	if (n < 0 || (size_t)n >= size)
		return;
	buf += n;
	size -= (size_t)n;
	switch (op) {
	case OP_LOADK: case OP_GETFIELD: case OP_SETFIELD: case OP_SELF: case OP_ADDK:
	case OP_SUBK: case OP_MULK: case OP_MODK: case OP_POWK: case OP_DIVK: case OP_IDIVK:
	case OP_BANDK: case OP_BORK: case OP_BXORK: case OP_SHLK: case OP_SHRK:
		if (GETARG_A(i) < (uint32_t)p->sizek)
			kstr(&p->k[GETARG_A(i)], k, sizeof k);
		snprintf(buf, size, "\t; %s", k);
		break;
	case OP_GETTABUP: case OP_SETTABUP:
		if (GETARG_B(i) < (uint32_t)p->sizek)
			kstr(&p->k[GETARG_B(i)], k, sizeof k);
		snprintf(buf, size, "\t; %s %s", upname(p, GETARG_A8(i)), k);
		break;
	case OP_SETFIELDX: case OP_GETFIELDL: case OP_SETFIELDL: case OP_SELFL:
	case OP_ADDLK: case OP_SUBLK: case OP_MULLK: case OP_MODLK: case OP_POWLK: case OP_DIVLK:
	case OP_IDIVLK: case OP_BANDLK: case OP_BORLK: case OP_BXORLK: case OP_SHLLK: case OP_SHRLK:
	case OP_EQLK: case OP_NELK: case OP_LTLK: case OP_LELK: case OP_GTLK: case OP_GELK:
		if (GETARG_B(i) < (uint32_t)p->sizek)
			kstr(&p->k[GETARG_B(i)], k, sizeof k);
		snprintf(buf, size, "\t; %s", k);
		break;
	case OP_GETUPVAL: case OP_SETUPVAL:
		snprintf(buf, size, "\t; %s", upname(p, GETARG_A(i)));
		break;
	case OP_JMP: case OP_JMPIF: case OP_JMPIFNOT: case OP_ANDJMP: case OP_ORJMP:
		snprintf(buf, size, "\t; to %d", pc + 2 + GETARG_sA(i));
		break;
	case OP_FORPREP: case OP_FORLOOP: case OP_TFORLOOP:
		snprintf(buf, size, "\t; to %d", pc + 2 + GETARG_sB(i));
		break;
	case OP_CLOSURE:
		if (GETARG_A(i) < (uint32_t)p->sizep)
			snprintf(buf, size, "\t; function <%d>", p->p[GETARG_A(i)]->linedefined);
		break;
	default:
		break;
	}
}

static const char *plural(int n)
{
	return n == 1 ? "" : "s";
}

static void chunkname(const Proto *p, char *buf, size_t size)
{
	const char *s = p->source != NULL ? getstr(p->source) : "=?";
	if (*s == '@' || *s == '=')
		s++;
	else if (*s == '\x1b')
		s = "binary string";
	else
		s = "string";
	snprintf(buf, size, "%s", s);
}

static void listfunc(Out *o, const Proto *p, int full, int ismain)
{
	char name[128], line[256];
	chunkname(p, name, sizeof name);
	outf(o, "\n%s <%s:%d,%d> (%d instruction%s)\n", ismain ? "main" : "function",
		name, p->linedefined, p->lastlinedefined, p->sizecode, plural(p->sizecode));
	outf(o, "%d%s param%s, %d slot%s, %d upvalue%s, %d local%s, %d constant%s, %d function%s\n",
		p->numparams, p->is_vararg ? "+" : "", plural(p->numparams),
		p->maxstack, plural(p->maxstack), p->sizeupvalues, plural(p->sizeupvalues),
		p->sizelocvars, plural(p->sizelocvars), p->sizek, plural(p->sizek),
		p->sizep, plural(p->sizep));
	for (int pc = 0; pc < p->sizecode; pc++) {
		disasm_instr(p, pc, line, sizeof line);
		if (p->sizelineinfo > pc)
			outf(o, "\t%d\t[%d]\t%s\n", pc + 1, p->lineinfo[pc], line);
		else
			outf(o, "\t%d\t[-]\t%s\n", pc + 1, line);
	}
	if (!full)
		return;
	outf(o, "constants (%d):\n", p->sizek);
	for (int i = 0; i < p->sizek; i++) {
		char k[80];
		kstr(&p->k[i], k, sizeof k);
		outf(o, "\t%d\t%s\t%s\n", i, ttisstring(&p->k[i]) ? "S" :
			ttisinteger(&p->k[i]) ? "I" : "F", k);
	}
	outf(o, "locals (%d):\n", p->sizelocvars);
	for (int i = 0; i < p->sizelocvars; i++) {
		const LocVar *lv = &p->locvars[i];
		outf(o, "\t%d\t%s\tslot %d\t%d\t%d\n", i,
			lv->varname ? getstr(lv->varname) : "?", lv->slot,
			lv->startpc + 1, lv->endpc + 1);
	}
	outf(o, "upvalues (%d):\n", p->sizeupvalues);
	for (int i = 0; i < p->sizeupvalues; i++)
		outf(o, "\t%d\t%s\t%d\t%d\n", i, upname(p, (uint32_t)i),
			p->upvalues[i].instack, p->upvalues[i].idx);
}

static void listall(Out *o, const Proto *p, int full, int ismain)
{
	listfunc(o, p, full, ismain);
	for (int i = 0; i < p->sizep; i++)
		listall(o, p->p[i], full, 0);
}

void disasm_proto(const Proto *p, int full, DisasmOut out, void *ud)
{
	Out o = {out, ud};
	listall(&o, p, full, 1);
}
